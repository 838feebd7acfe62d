"""打印预览 and 打印 of the 复核意见 and the 复核表: core renders the PDF (core.exports.writing.render), the job
thread draws its pages with pypdfium2 at the printer's resolution, and the pages go to QPrinter full-page at
the PDF's paper size, so what prints is the PDF. Used by MainWindow (mixin)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

from gui.dialogs import choose
from gui.pdf_view import page_image

# What can be printed: the reviewer's word for it → the writing kind whose PDF is printed.
PRINTABLES = {"复核意见": "pdf", "复核表": "sheet_pdf"}
CANCEL = "取消"
MAX_DPI = 300  # enough for text on paper; a 1200 dpi printer would otherwise need 140 MB per page
# The 复核意见 and 复核表 are black on white: grey pages take a third of the memory of colour ones.


@dataclass(frozen=True)
class PrintPages:
    """A PDF's pages as images at one resolution, and the paper size in points."""

    title: str
    images: tuple[QImage, ...]
    paper: tuple[float, float]


def render_pages(data: bytes, dpi: int, title: str, report) -> PrintPages:
    """On the job thread (it holds the pdfium lock): every page at `dpi`, with progress."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        paper = tuple(pdf.get_page_size(0))  # core's PDFs have pages, all of one size
        images = []
        for index in range(len(pdf)):
            report(index, len(pdf), f"正在准备打印第 {index + 1} 页…")
            images.append(page_image(pdf, index, dpi / 72, grayscale=True))
        return PrintPages(title, tuple(images), paper)
    finally:
        pdf.close()


class Printing:
    """Mixin of MainWindow: needs `session`, `jobs`, `_action` and `_export_failed` (ReviewOutputs)."""

    def _build_print_actions(self) -> None:
        self.print_preview_action = self._action("打印预览…", lambda: self.ask_print(preview=True), None,
                                                 "预览打印的复核意见或复核表")
        self.print_action = self._action("打印…", lambda: self.ask_print(preview=False), "Ctrl+P",
                                         "打印复核意见或复核表")

    def print_actions(self) -> list:
        return [self.print_preview_action, self.print_action]

    def _update_print_actions(self) -> None:
        for action in self.print_actions():
            action.setEnabled(self.session is not None)

    def ask_print(self, preview: bool) -> None:
        if self.session is None:
            return
        what = choose(self, "打印预览" if preview else "打印", "要打印哪一份？", (*PRINTABLES, CANCEL))
        if what in PRINTABLES:
            self.print_output(what, preview)

    def print_output(self, what: str, preview: bool) -> None:
        from core.exports.writing import render, snapshot

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dpi = min(printer.resolution(), MAX_DPI)
        snap = snapshot(self.session)  # taken now; the job renders it while editing goes on
        kind = PRINTABLES[what]
        self.jobs.start(f"正在准备打印{what}…", lambda report: render_pages(render(kind, snap), dpi, what, report),
                        lambda pages: self._show_print(printer, pages, preview), self._export_failed,
                        reports_progress=True)

    def _show_print(self, printer: QPrinter, pages: PrintPages, preview: bool) -> None:
        width, height = pages.paper
        printer.setDocName(pages.title)
        printer.setFullPage(True)
        printer.setPageLayout(QPageLayout(
            QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point, pages.title),
            QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0)))
        if preview:
            dialog = QPrintPreviewDialog(printer, self)
            dialog.setWindowTitle(f"打印预览 — {pages.title}")
            dialog.paintRequested.connect(lambda target: paint_pages(target, pages))
            self.run_print_dialog(dialog)
        else:
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(f"打印 — {pages.title}")
            if self.run_print_dialog(dialog):
                paint_pages(printer, pages)

    def run_print_dialog(self, dialog) -> bool:
        """Modal; one place for the tests to look at the dialog instead of waiting on it."""
        return bool(dialog.exec())


def paint_pages(printer: QPrinter, pages: PrintPages) -> None:
    """Each image fills the paper (full-page mode: the painter's viewport is the paper)."""
    painter = QPainter(printer)
    try:
        for index, image in enumerate(pages.images):
            if index:
                printer.newPage()
            painter.drawImage(painter.viewport(), image)
    finally:
        painter.end()
