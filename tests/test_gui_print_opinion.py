"""The window's 文件 menu exports and prints (print preview of the 复核意见 and the 复核表 with the PDF's page
count; no real printer), the 批注版报告 export, and the opinion editor's round trip: edit a section → save
the review → open it again → the export carries the edit; 恢复草稿 goes back to the draft; undo takes it back."""

from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog

import gui.printing
from core.exports.writing import render, snapshot
from gui_window_helpers import copy_sample, open_and_wait

pytestmark = pytest.mark.gui

EDIT = "复核认为该单位自评工作总体规范。本段为复核人改写。"


def _file_menu_texts(window) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_file_menu_has_exports_and_printing(qtbot, window, tmp_path):
    texts = _file_menu_texts(window)
    for text in ("导出复核表（Excel）…", "导出复核意见（Word）…", "导出批注版报告（PDF）…", "打印预览…", "打印…"):
        assert text in texts
    assert window.print_action.shortcut().toString() == "Ctrl+P"
    assert not window.print_action.isEnabled()
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    assert window.print_action.isEnabled() and window.export_actions["annotated_pdf"].isEnabled()


@pytest.mark.parametrize("what, kind", [("复核意见", "pdf"), ("复核表", "sheet_pdf")])
def test_print_preview_shows_every_page(qtbot, window, tmp_path, monkeypatch, what, kind):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    expected = len(PdfReader(BytesIO(render(kind, snapshot(window.session)))).pages)
    seen = []

    def look(dialog) -> bool:
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()
        seen.append((dialog.windowTitle(), preview.pageCount(), preview.orientation()))
        return False

    monkeypatch.setattr(gui.printing, "choose", lambda *_args: what)
    monkeypatch.setattr(window, "run_print_dialog", look)
    window.print_preview_action.trigger()  # the pages render on the job thread
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    title, pages, orientation = seen[0]
    assert title == f"打印预览 — {what}" and pages == expected >= 1
    landscape = orientation.name == "Landscape"
    assert landscape == (kind == "sheet_pdf")


def test_print_puts_the_pdf_pages_on_paper(qtbot, window, tmp_path, monkeypatch):
    """Printed to Qt's PDF printer (no real printer): as many pages as the 复核意见 PDF, on its paper size."""
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    expected = PdfReader(BytesIO(render("pdf", snapshot(window.session))))
    printed = tmp_path / "printed.pdf"

    def accept(dialog) -> bool:
        dialog.printer().setOutputFormat(dialog.printer().OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(gui.printing, "choose", lambda *_args: "复核意见")
    monkeypatch.setattr(window, "run_print_dialog", accept)
    window.print_action.trigger()
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 0, timeout=30000)
    qtbot.waitUntil(lambda: window.jobs.current is None, timeout=30000)
    paper = PdfReader(printed)
    assert len(paper.pages) == len(expected.pages)
    size = [float(v) for v in paper.pages[0].mediabox[2:]]
    assert size == pytest.approx([float(v) for v in expected.pages[0].mediabox[2:]], abs=1.5)


def test_print_cancelled_when_nothing_chosen(qtbot, window, tmp_path, monkeypatch):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    monkeypatch.setattr(gui.printing, "choose", lambda *_args: "取消")
    window.print_action.trigger()
    assert window.jobs.current is None


def test_annotated_export_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    target = tmp_path / "批注版"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.export_actions["annotated_pdf"].trigger()
    written = target.with_suffix(".pdf")
    qtbot.waitUntil(written.exists, timeout=30000)
    reader = PdfReader(written)
    assert "自评报告复核批注" in reader.pages[0].extract_text()
    assert any(a.get_object()["/Subtype"] == "/Highlight" for p in reader.pages for a in p.get("/Annots") or ())


def _edit_opinion(window, monkeypatch, fill) -> None:
    def run(dialog) -> bool:
        fill(dialog)
        return True

    monkeypatch.setattr(window, "run_opinion_editor", run)
    window.opinion_action.trigger()


def test_opinion_editor_round_trip(qtbot, window, tmp_path, monkeypatch):
    report = copy_sample(tmp_path, "txt")
    open_and_wait(qtbot, window, report)
    headings = []

    def fill(dialog):
        headings.extend(dialog.tabs.tabText(i) for i in range(dialog.tabs.count()))
        dialog.editors["basics"].edit.setPlainText(EDIT)

    _edit_opinion(window, monkeypatch, fill)
    assert headings[:2] == ["一、基本情况", "二、复核依据"]
    assert window.session.opinion_edits == {"basics": EDIT}
    assert window.session.undo_label == "修改 复核意见"
    assert window.save()
    review = window.session.review_path
    window.close_review()
    assert window.session is None
    open_and_wait(qtbot, window, review)
    assert window.session.opinion_edits == {"basics": EDIT}
    from docx import Document

    from core.exports.writing import export_all

    export_all(window.session, {"docx": tmp_path / "意见.docx", "pdf": tmp_path / "意见.pdf"})
    paragraphs = [p.text for p in Document(tmp_path / "意见.docx").paragraphs]
    assert paragraphs[paragraphs.index("一、基本情况") + 1] == EDIT
    assert EDIT in "".join(page.extract_text() for page in PdfReader(tmp_path / "意见.pdf").pages).replace("\n", "")

    marks = []

    def restore(dialog):
        marks.append(dialog.tabs.tabText(0))
        dialog.editors["basics"].restore_button.click()
        marks.append(dialog.tabs.tabText(0))

    _edit_opinion(window, monkeypatch, restore)
    assert marks == ["一、基本情况（已修改）", "一、基本情况"] and window.session.opinion_edits == {}
    window.undo_action.trigger()
    assert window.session.opinion_edits == {"basics": EDIT}


def test_unchanged_sections_are_not_stored(qtbot, window, tmp_path, monkeypatch):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    _edit_opinion(window, monkeypatch, lambda dialog: None)
    assert window.session.opinion_edits == {} and not window.session.can_undo
