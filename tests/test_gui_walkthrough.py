"""What a reviewer ran into driving the window by hand: Qt's own buttons in English, typing over a figure
appending to it, keys 1–4 doing nothing without a word, undo labels pushing the toolbar off screen, a
double-click selecting a whole sentence or half a decimal, a scan or misnamed file opening without a word."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest
from conftest import SAMPLES
from gui_window_helpers import copy_sample, open_and_wait
from scan_pdfs import one_scanned_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from core.decimals import fmt
from gui.app import create_application
from gui.figures_model import COL_VALUE as FIG_VALUE
from gui.main_window import UNDO_TEXT_CHARS
from gui.number_spans import number_at, widen_to_numbers

pytestmark = pytest.mark.gui


def test_standard_buttons_speak_chinese(qapp):
    create_application([])
    box = QMessageBox()
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Yes | buttons.No | buttons.Cancel)
    assert box.button(buttons.Yes).text() == "是(&Y)"
    assert box.button(buttons.No).text() == "否(&N)"
    assert box.button(buttons.Cancel).text() == "取消"


def test_typing_over_a_figure_replaces_it(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session, pane = window.session, window.review_pane
    var = next(v for v in session.variable_ids() if session.value(v) and session.value(v).value is not None)
    pane.select_variable(var)
    view = pane.figures_view
    view.edit(view.currentIndex().siblingAtColumn(FIG_VALUE))
    editor = QApplication.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, "12345")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=2000)  # commits queued
    assert session.value(var).value == Decimal(12345)


def test_a_level_key_on_a_checklist_indicator_says_how_to_judge_it(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session, pane = window.session, window.review_pane
    checklist = next(i for i in pane.indicators.indicator_ids() if pane.indicators.checklist(i))
    pane.select_indicator(checklist)
    pane.indicator_view.setFocus()
    qtbot.keyClick(pane.indicator_view, Qt.Key.Key_2)
    assert session.decision(checklist).level is None
    name = session.indicator(checklist).name
    assert window.statusBar().currentMessage() == f"“{name}”按评分要点评定：双击“输入”列逐项勾选"


def test_a_long_undo_label_is_elided_on_the_toolbar_and_whole_in_its_tooltip(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session, combo = window.session, window.review_pane.framework_combo
    other = next(combo.itemData(i) for i in range(combo.count())
                 if combo.itemData(i) != window.framework_key(session.framework))
    window.switch_framework(other)
    whole = f"撤销 {session.undo_label}"
    assert len(whole) > UNDO_TEXT_CHARS
    assert window.undo_action.text() == whole[:UNDO_TEXT_CHARS - 1] + "…"
    assert window.undo_action.toolTip() == f"{whole}（Ctrl+Z）"


def test_a_selection_inside_a_decimal_figure_assigns_the_whole_figure(qtbot, window, tmp_path):
    """Double-clicking 280.48 in the text view selects only "48" (the point breaks the word)."""
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    session = window.session
    text = session.document.text
    figure = re.search(r"(?<![\d.])\d+\.\d+(?![\d.])", text)
    point = figure.start() + figure.group().index(".")
    window.document_pane.text_view.set_selection(point + 1, figure.end())
    menu = QMenu()
    window.extend_document_menu(menu)
    assert menu.actions()[-1].text() == f"设为…的值（{fmt(Decimal(figure.group()))}）"
    window.assign_selection("budget_initial")  # an amount, so no question about its unit
    value = session.value("budget_initial")
    assert value.value == Decimal(figure.group())
    assert (value.loc.start, value.loc.end) == figure.span()


@pytest.mark.parametrize(("text", "selected", "widened"), [
    ("预算280.48万元", (6, 8), (2, 8)),
    ("预算280.48万元", (2, 5), (2, 8)),
    ("编制数18人", (3, 6), (3, 6)),
    ("共１２人", (2, 3), (1, 3)),
])
def test_widening_a_selection_to_whole_numbers(text, selected, widened):
    assert widen_to_numbers(text, *selected) == widened


def information_shown(answers) -> list[str]:
    return [text for kind, _title, text in answers["calls"] if kind == "information"]


def test_a_scanned_pdf_says_why_its_table_is_empty_as_it_opens(qtbot, window, tmp_path, answers, monkeypatch):
    monkeypatch.setattr("core.documents.ocr.available", lambda: False)  # as on a Python without the OCR wheel
    scan = tmp_path / "scan.pdf"
    shutil.copy(SAMPLES / "scanned" / "baojing-2019-dept-scanned.pdf", scan)
    open_and_wait(qtbot, window, scan)
    assert information_shown(answers) == [
        "该PDF没有文字层（扫描件），无法自动提取指标、得分和数据，请人工录入后复核。"]


def test_a_scanned_page_is_recognised_with_its_own_progress_and_a_note_to_check_it(qtbot, window, tmp_path, answers):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(one_scanned_page())
    shown = []
    window.jobs.progressChanged.connect(lambda done, total, text: shown.append(text))
    open_and_wait(qtbot, window, scan)
    assert "正在识别 scan.pdf：第 1/1 页（扫描件）" in shown
    assert [text for text in information_shown(answers) if "OCR" in text] == [
        "第1页为扫描页，文字由OCR自动识别后参与提取和检查；识别可能有误，所引数字和得分请对照原件核对。"]
    assert "在职人员控制率" in window.session.document.text


def test_a_misnamed_file_is_explained_in_a_sentence_without_the_code(qtbot, window, tmp_path, answers):
    misnamed = tmp_path / "misnamed.pdf"
    shutil.copy(SAMPLES / "bad" / "docx-named.pdf", misnamed)
    open_and_wait(qtbot, window, misnamed)
    assert information_shown(answers)[0] == "文件扩展名与实际内容不符（内容为 docx，扩展名为 .pdf），已按实际内容读取。"


def test_the_number_menu_offers_the_current_figure_first(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    session, pane = window.session, window.review_pane
    pane.select_variable("staff_actual")
    figure = re.search(r"\d+", session.document.text)
    window.document_pane.text_view.set_selection(*figure.span())
    menu = QMenu()
    window.extend_document_menu(menu)
    first, separator, *rest = menu.actions()[-1].menu().actions()
    assert first.text() == f"{session.variable_label('staff_actual')}（当前行）"
    assert separator.isSeparator()
    assert [a.text() for a in rest] == [session.variable_label(v) for v in session.variable_ids()]
    first.trigger()
    assert session.value("staff_actual").value == Decimal(figure.group())


@pytest.mark.parametrize(("text", "offset", "figure"), [
    ("现有编制18人，在职", 4, (4, 6)),  # caret before the 1
    ("现有编制18人，在职", 6, (4, 6)),  # caret after the 8
    ("预算280.48万元", 5, (2, 8)),
    ("共计8.", 3, (2, 3)),  # the sentence's point is not part of the figure
    ("现有编制18人", 2, None),
])
def test_the_figure_at_a_caret_position(text, offset, figure):
    assert number_at(text, offset) == figure


def test_double_clicking_a_figure_in_chinese_prose_selects_just_the_figure(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    text, view = window.session.document.text, window.document_pane.text_view
    figure = re.search(r"(?<=[\u4e00-\u9fff])\d+(?:\.\d+)?(?=[\u4e00-\u9fff])", text)
    view.scroll_to_span(*figure.span())
    cursor = view._cursor_for(figure.start(), figure.start() + 1)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())
    assert window.document_pane.selected_span() == figure.span()


def test_double_clicking_a_figure_on_a_pdf_page_selects_it(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    document, view = window.session.document, window.document_pane.pdf_view
    figure = re.search(r"\d+\.\d+", document.text)
    qtbot.waitUntil(lambda: view.is_rendered(document.page_of(figure.start())), timeout=10000)
    view.scroll_to_span(*figure.span())
    (page, box), = document.locate(figure.end() - 1, figure.end())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      pos=view.points_to_view(page - 1, box).center().toPoint())
    assert window.document_pane.selected_span() == figure.span()
