"""The left pane: the report as pages (PDF), sheets (xlsx) or formatted text (txt, docx), navigation and search."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.documents.model import SHEET_FORMATS, Document
from gui.number_spans import widen_to_numbers
from gui.pdf_view import PdfPageView
from gui.sheet_view import SheetView
from gui.text_view import TextDocumentView

ZOOM_STEP = 1.2  # one press of 放大/缩小, from the toolbar here or the 视图 menu


def match_position_text(text: str, needle: str, start: int) -> str:
    """第 i / N 处 for the match at `start`; matches are counted without overlap, as forward search steps."""
    return f"第 {text.count(needle, 0, start) + 1} / {text.count(needle)} 处"


class SearchBar(QWidget):
    """Ctrl+F bar: finds text in Document.text, forwards or backwards from the current match."""

    find = Signal(str, bool)  # text, forward

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.edit = QLineEdit(placeholderText="在文档中查找…")
        self.status = QLabel()
        previous, following, close = QToolButton(text="上一个"), QToolButton(text="下一个"), QToolButton(text="×")
        for widget in (QLabel("查找："), self.edit, previous, following, self.status, close):
            layout.addWidget(widget)
        self.edit.returnPressed.connect(lambda: self.find.emit(self.edit.text(), True))
        following.clicked.connect(lambda: self.find.emit(self.edit.text(), True))
        previous.clicked.connect(lambda: self.find.emit(self.edit.text(), False))
        close.clicked.connect(self.hide)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
        else:
            super().keyPressEvent(event)


class DocumentPane(QWidget):
    """Shows one Document; highlights, selection and search are spans of Document.text for both views."""

    selectionChanged = Signal(int, int)
    contextMenuRequested = Signal(QMenu)  # the owner adds its actions (设为…的值) before it is shown

    def __init__(self, parent=None):
        super().__init__(parent)
        self.document: Document | None = None
        self.pdf_view = PdfPageView()
        self.text_view = TextDocumentView()
        self.sheet_view = SheetView()
        self.stack = QStackedWidget()
        self.stack.addWidget(QLabel("未打开报告", alignment=Qt.AlignmentFlag.AlignCenter))
        self.stack.addWidget(self.text_view)
        self.stack.addWidget(self.pdf_view)
        self.stack.addWidget(self.sheet_view)
        self.search_bar = SearchBar()
        self.search_bar.hide()
        self.search_bar.find.connect(self.find_text)
        self.page_bar = self._build_page_bar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.page_bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.search_bar)
        self._search_from = 0
        for view in (self.pdf_view, self.text_view, self.sheet_view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.pdf_view.customContextMenuRequested.connect(lambda pos: self._context_menu(self.pdf_view, pos))
        self.text_view.customContextMenuRequested.connect(lambda pos: self._context_menu(self.text_view, pos))
        self.sheet_view.customContextMenuRequested.connect(lambda pos: self._context_menu(self.sheet_view, pos))
        self.pdf_view.selectionChanged.connect(self.selectionChanged)
        self.text_view.selectionSpanChanged.connect(self.selectionChanged)
        self.sheet_view.selectionChanged.connect(self.selectionChanged)
        self.pdf_view.currentPageChanged.connect(self._on_page_changed)
        self.pdf_view.zoomChanged.connect(lambda zoom: self.zoom_label.setText(f"{round(zoom * 100)}%"))

    def _build_page_bar(self) -> QWidget:
        """Page and zoom controls (PDF only) and the outline of the report's headings (when it has any)."""
        bar = QWidget()
        outer = QHBoxLayout(bar)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page_controls = QWidget()
        layout = QHBoxLayout(self.page_controls)
        layout.setContentsMargins(4, 2, 4, 2)
        self.page_spin = QSpinBox(minimum=1, maximum=1)
        self.page_spin.valueChanged.connect(lambda n: self.pdf_view.go_to_page(n))
        self.page_total = QLabel("/ 1")
        zoom_out, zoom_in, fit = QToolButton(text="－"), QToolButton(text="＋"), QToolButton(text="适合宽度")
        fit.setToolTip("页面宽度适合窗口（Ctrl+0）")
        zoom_out.setToolTip("缩小（Ctrl+-）")
        zoom_in.setToolTip("放大（Ctrl+=）")
        zoom_out.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        zoom_in.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        fit.clicked.connect(self.pdf_view.fit_width)
        self.zoom_label = QLabel("100%")
        for widget in (QLabel("页："), self.page_spin, self.page_total, zoom_out, self.zoom_label, zoom_in, fit):
            layout.addWidget(widget)
        self.outline_combo = QComboBox(minimumContentsLength=16, toolTip="跳到报告中的标题",
                                       placeholderText="选择标题以跳转")
        self.outline_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outline_combo.activated.connect(self._go_to_heading)
        self.outline = QWidget()
        outline_layout = QHBoxLayout(self.outline)
        outline_layout.setContentsMargins(4, 2, 4, 2)
        outline_layout.addWidget(QLabel("标题导航："))
        outline_layout.addWidget(self.outline_combo, 1)
        outer.addWidget(self.page_controls)
        outer.addWidget(self.outline, 1)
        outer.addStretch(0)
        bar.hide()
        return bar

    def _fill_outline(self, document: Document) -> None:
        self.outline_combo.clear()
        for start, end, level in document.headings:
            title = " ".join(document.text[start:end].split())
            self.outline_combo.addItem("　" * (level - 1) + title, (start, end))
        self.outline_combo.setCurrentIndex(-1)  # the placeholder: the combo navigates, it holds no state
        self.outline.setVisible(bool(document.headings))

    def _go_to_heading(self, number: int) -> None:
        span = self.outline_combo.itemData(number)
        if span and self.document:
            view = self.view()
            view.set_selection(*span)
            view.scroll_to_span(*span)

    # -- showing a document ---------------------------------------------------------------------------
    def set_document(self, document: Document) -> None:
        self.document = document
        self._search_from = 0
        pdf = document.format == "pdf"
        if pdf:
            self.pdf_view.set_document(document)
            self.page_spin.setMaximum(max(1, len(document.pages)))
            self.page_total.setText(f"/ {len(document.pages)}")
            self.stack.setCurrentWidget(self.pdf_view)
            self.pdf_view.fit_width()
        else:
            view = self.view()
            view.set_document(document)
            self.stack.setCurrentWidget(view)
        self.page_controls.setVisible(pdf)
        self._fill_outline(document)
        self.page_bar.setVisible(pdf or bool(document.headings))

    def clear(self) -> None:
        self.document = None
        self.pdf_view.shutdown()
        self.stack.setCurrentIndex(0)
        self.page_bar.hide()

    def view(self):
        if not self.document:
            return self.text_view
        if self.document.format in SHEET_FORMATS:
            return self.sheet_view
        return self.pdf_view if self.document.format == "pdf" else self.text_view

    def zoom_by(self, factor: float) -> None:
        """Scale the PDF pages by `factor`; text (txt, docx) and sheets grow or shrink a point at a time."""
        view = self.view()
        if view is self.pdf_view:
            self.pdf_view.set_zoom(self.pdf_view.zoom * factor)
        else:
            view.zoomIn(1 if factor > 1 else -1)

    def _on_page_changed(self, number: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(number)
        self.page_spin.blockSignals(False)

    # -- highlights, selection, search -----------------------------------------------------------------
    def show_spans(self, spans: list[tuple[int, int]]) -> None:
        """Highlight the spans and scroll to the first one."""
        if not self.document:
            return
        view = self.view()
        view.set_highlights(spans)
        if spans:
            view.scroll_to_span(*spans[0])

    def selected_span(self) -> tuple[int, int] | None:
        return self.view().selected_span() if self.document else None

    def selected_text(self) -> str:
        span = self.selected_span()
        return self.document.text[span[0]:span[1]] if span else ""

    def number_span(self) -> tuple[int, int] | None:
        """The selection widened to the whole numbers it cuts into: a double-click on 280.48 selects
        only "48" (the point breaks the word), and assigning 48 would be wrong."""
        span = self.selected_span()
        return widen_to_numbers(self.document.text, *span) if span else None

    def open_search(self) -> None:
        self.search_bar.show()
        self.search_bar.edit.setFocus()
        self.search_bar.edit.selectAll()

    def find_again(self, forward: bool) -> tuple[int, int] | None:
        """F3 / Shift+F3: the next or previous match of the search text (opens the bar if there is none)."""
        needle = self.search_bar.edit.text()
        if not needle:
            self.open_search()
            return None
        self.search_bar.show()
        return self.find_text(needle, forward)

    def find_text(self, needle: str, forward: bool = True) -> tuple[int, int] | None:
        """Select the next (or previous) occurrence, wrapping around; None when there is none."""
        if not self.document or not needle:
            return None
        text = self.document.text
        if forward:
            start = text.find(needle, self._search_from)
            if start < 0:
                start = text.find(needle)
        else:
            start = text.rfind(needle, 0, max(0, self._search_from - 1))
            if start < 0:
                start = text.rfind(needle)
        if start < 0:
            self.search_bar.status.setText("未找到")
            return None
        end = start + len(needle)
        self._search_from = end if forward else start + 1
        self.search_bar.status.setText(match_position_text(text, needle, start))
        view = self.view()
        view.set_selection(start, end)
        view.scroll_to_span(start, end)
        return start, end

    def _context_menu(self, view, pos) -> None:
        menu = QMenu(self)
        copy = QAction("复制", menu, shortcut=QKeySequence.StandardKey.Copy)
        copy.triggered.connect(self._copy_selection)
        copy.setEnabled(bool(self.selected_span()))
        menu.addAction(copy)
        self.contextMenuRequested.emit(menu)
        menu.exec(view.mapToGlobal(pos))

    def _copy_selection(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.clipboard().setText(self.selected_text())
