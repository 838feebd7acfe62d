"""What a reviewer expects beyond the basics: changed or missing reports, frameworks in Excel, open findings
in the status bar, progress when a review opens, every action in a menu with the usual keys."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog
from gui_window_helpers import copy_sample, first_digit_after, open_and_wait

from core.documents import load
from core.extraction.model import Loc
from gui.dialogs import choose, problems_box
from gui.open_flow import CANCEL, LOCATE, REANCHOR
from core.review.files import review_path_for

pytestmark = pytest.mark.gui


def write_utf8(path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.jobs.current is None, timeout=20000)


def saved_review_with_a_quoted_value(qtbot, window, tmp_path):
    """A UTF-8 report whose review holds 在职人数 = 9 read from a distinctive quote; returns (report, quote)."""
    text = load(copy_sample(tmp_path, "txt")).text
    report = tmp_path / "changed.txt"
    write_utf8(report, text)
    open_and_wait(qtbot, window, report)
    session = window.session
    start = first_digit_after(session.document.text, "编制数")
    quote = session.document.text[start - 12:start + 1]
    assert session.document.text.count(quote) == 1
    session.set_value("staff_actual", Decimal(9), loc=Loc(start - 12, start + 1, 1, quote))
    assert window.save()
    window.close_review()
    return report, text, quote


def test_a_changed_report_asks_before_reanchoring_and_lists_what_was_lost(qtbot, window, tmp_path, answers,
                                                                         monkeypatch):
    import core.documents

    report, text, quote = saved_review_with_a_quoted_value(qtbot, window, tmp_path)
    write_utf8(report, "（修订稿）\n" + text.replace(quote, ""))
    review = review_path_for(report)
    loads = []
    monkeypatch.setattr(core.documents, "load", lambda path, **kw: (loads.append(path), load(path, **kw))[1])

    answers["choice"] = CANCEL
    window.open_path(str(review))
    qtbot.waitUntil(lambda: any(c[0] == "choose" for c in answers["calls"]), timeout=20000)
    _kind, title, asked = answers["calls"][-1]
    assert title == "报告内容已变化" and "是否在新内容中重新定位保存的数值" in asked and "changed.txt" in asked
    wait_idle(qtbot, window)
    assert window.session is None and window.stack.currentWidget() is window.start_page

    answers["choice"] = REANCHOR
    open_and_wait(qtbot, window, review)
    session = window.session
    assert session.value("staff_actual").value == Decimal(9) and session.value("staff_actual").loc is None
    assert session.document.text.startswith("（修订稿）") and session.dirty
    assert loads == [report, report]  # once per open: re-anchoring after the question reuses the document
    notes = [text for kind, _title, text in answers["calls"] if kind == "information"]
    assert "以下 1 个未能定位" in notes[-1] and f"· {session.variable_label('staff_actual')}" in notes[-1]


def test_a_missing_report_can_be_located_with_a_file_dialog(qtbot, window, tmp_path, answers, monkeypatch):
    report, _text, _quote = saved_review_with_a_quoted_value(qtbot, window, tmp_path)
    moved = tmp_path / "elsewhere" / "moved.txt"
    moved.parent.mkdir()
    report.rename(moved)
    offered = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (offered.append(args[1]), (str(moved), ""))[1])
    answers["choice"] = LOCATE
    open_and_wait(qtbot, window, review_path_for(report))
    _kind, title, asked = next(c for c in answers["calls"] if c[0] == "choose")
    assert title == "找不到报告" and "changed.txt" in asked and f"原位置：{report}" in asked
    assert offered == ["查找报告 changed.txt"]
    assert window.session.document.path == str(moved)
    assert window.session.value("staff_actual").value == Decimal(9)


def test_choose_returns_the_clicked_choice(qtbot):
    def click(text):
        box = QApplication.activeModalWidget()
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(0, lambda: click(CANCEL))
    assert choose(None, "报告内容已变化", "是否重新定位？", (REANCHOR, CANCEL)) == CANCEL
    QTimer.singleShot(0, lambda: click(REANCHOR))
    assert choose(None, "报告内容已变化", "是否重新定位？", (REANCHOR, CANCEL)) == REANCHOR


def test_framework_round_trips_through_excel_and_import_switches_undoably(qtbot, window, tmp_path, monkeypatch):
    import openpyxl

    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    session, pane = window.session, window.review_pane
    original = session.framework
    workbook = tmp_path / "体系.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "体系"), ""))
    window.export_framework_action.trigger()
    wait_idle(qtbot, window)
    assert workbook.is_file()

    book = openpyxl.load_workbook(workbook)
    info = book["说明"]
    name_row = next(row for row in info.iter_rows() if row[0].value == "名称")
    name_row[1].value = "本局修订体系"
    book.save(workbook)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(workbook), ""))
    window.import_framework_action.trigger()
    qtbot.waitUntil(lambda: session.framework is not original, timeout=20000)
    assert session.framework.name == "本局修订体系"
    assert [i.id for i in session.framework.indicators()] == [i.id for i in original.indicators()]
    assert pane.framework_combo.currentText() == "本局修订体系（导入自 体系.xlsx）"
    assert set(session.result.by_id) == {i.id for i in session.framework.indicators()}  # scored with it
    window.undo_action.trigger()
    assert session.framework is original and pane.framework_combo.currentData() == original.id
    pane.framework_combo.activated.emit(pane.framework_combo.findText("本局修订体系（导入自 体系.xlsx）"))
    assert session.framework.name == "本局修订体系"


def test_importing_a_broken_workbook_lists_its_problems_by_row(qtbot, window, tmp_path, monkeypatch):
    import openpyxl

    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    original = window.session.framework
    workbook = tmp_path / "broken.xlsx"
    from core.frameworks.xlsx import export_xlsx

    export_xlsx(original, workbook)
    book = openpyxl.load_workbook(workbook)
    book["指标"].cell(row=3, column=4).value = "十分"  # 分值
    book.save(workbook)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(workbook), ""))
    window.import_framework_action.trigger()
    qtbot.waitUntil(lambda: window.problems_box is not None, timeout=20000)
    box = window.problems_box
    assert box.windowTitle() == "导入指标体系失败"
    assert "broken.xlsx" in box.text() and "1. 指标表第3行：分值“十分”不是数字" in box.text()
    assert window.session.framework is original
    box.close()


def test_problem_boxes_list_the_first_problems_and_keep_all_in_the_details(qtbot):
    problems = [f"指标表第{n}行：缺少规则类型" for n in range(2, 32)]
    box = problems_box(None, "导入指标体系失败", "有问题", problems)
    qtbot.addWidget(box)
    assert "12. 指标表第13行" in box.text() and "13. " not in box.text() and "另有 18 处" in box.text()
    assert box.detailedText().splitlines()[-1] == "30. 指标表第31行：缺少规则类型"


def test_status_bar_counts_open_findings(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    session = window.session
    keys = session.finding_keys
    assert len(keys) >= 1
    assert window.findings_label.text() == f"待处理问题 {len(keys)}"
    session.set_finding_state(keys[0], status="dismissed")
    assert window.findings_label.text() == f"待处理问题 {len(keys) - 1}"
    window.undo_action.trigger()
    assert window.findings_label.text() == f"待处理问题 {len(keys)}"


def test_opening_a_saved_review_shows_pages_and_stages_and_can_be_cancelled(qtbot, window, tmp_path):
    report = copy_sample(tmp_path, "pdf")
    open_and_wait(qtbot, window, report)
    pages = len(window.session.document.pages)
    assert window.save()
    window.close_review()
    shown = []
    window.jobs.progressChanged.connect(lambda done, total, text: shown.append((done, total, text)))
    open_and_wait(qtbot, window, review_path_for(report))
    assert (1, pages, f"正在读取 {report.name}：第 1/{pages} 页") in shown
    assert (0, 3, f"正在分析 {report.name}：提取指标与数据…") in shown
    assert (2, 3, f"正在分析 {report.name}：评分与检查…") in shown

    window.close_review()
    window.jobs.progressChanged.connect(lambda done, total, text: text.startswith("正在分析") and window.jobs.cancel())
    window.open_path(str(review_path_for(report)))
    qtbot.waitUntil(lambda: window.jobs.current is None, timeout=20000)
    assert window.jobs.wait(20000)
    qtbot.wait(50)
    assert window.session is None and window.stack.currentWidget() is window.start_page


def menu_actions(menu) -> list:
    actions = []
    for action in menu.actions():
        if action.menu():
            actions += [action] + menu_actions(action.menu())
        elif not action.isSeparator():
            actions.append(action)
    return actions


EXPECTED_KEYS = {"打开…": "Ctrl+O", "保存复核": "Ctrl+S", "复核另存为…": "Ctrl+Shift+S", "关闭": "Ctrl+W",
                 "撤销": "Ctrl+Z", "重做": "Ctrl+Y", "查找…": "Ctrl+F", "查找下一个": "F3", "查找上一个": "Shift+F3",
                 "下一个待处理项": "F8", "上一个待处理项": "Shift+F8", "放大": "Ctrl+=", "缩小": "Ctrl+-",
                 "退出": "Ctrl+Q"}


def test_every_action_is_in_a_menu_with_text_and_the_usual_keys(window):
    in_menus = [a for menu in window.menuBar().actions() for a in [menu] + menu_actions(menu.menu())]
    assert all(a.text().strip() for a in in_menus)
    assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "编辑(&E)", "复核(&R)", "视图(&V)", "帮助(&H)"]
    assert set(window.actions()) <= set(in_menus)  # nothing only reachable by a key
    by_text = {a.text(): a for a in in_menus}
    for text, key in EXPECTED_KEYS.items():
        assert QKeySequence(key) in by_text[text].shortcuts(), text
    assert {"导出指标体系到 Excel…", "导入指标体系…"} <= set(by_text)
    keys = [k.toString() for a in window.actions() for k in a.shortcuts()]
    assert len(keys) == len(set(keys))  # no key bound twice


def test_toolbar_buttons_have_chinese_tooltips_with_their_keys(qtbot, window, tmp_path):
    tips = {a.text(): a.toolTip() for a in window.toolbar.actions() if not a.isSeparator()}
    assert tips["打开…"] == "打开（Ctrl+O）" and tips["下一个待处理项"] == "下一个待处理项（F8）"
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    window.session.set_value("staff_actual", Decimal(9))
    assert window.undo_action.toolTip().startswith("撤销 修改 在职人数") and window.undo_action.toolTip().endswith("（Ctrl+Z）")


def test_f3_finds_the_next_match_of_the_search_text(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    pane, text = window.document_pane, window.session.document.text
    pane.search_bar.edit.setText("项目")
    first = text.find("项目")
    assert pane.find_again(True) == (first, first + 2)
    window.find_next_action.trigger()
    assert pane.selected_span() == (text.find("项目", first + 2), text.find("项目", first + 2) + 2)
    window.find_previous_action.trigger()
    assert pane.selected_span() == (first, first + 2)


@pytest.mark.parametrize("form", ["txt", "pdf"])  # the text view and the PDF view
def test_search_bar_says_which_match_is_current(qtbot, window, tmp_path, form):
    open_and_wait(qtbot, window, copy_sample(tmp_path, form))
    pane, text = window.document_pane, window.session.document.text
    total = text.count("项目")
    assert total >= 3
    window.find_action.trigger()
    pane.search_bar.edit.insert("项目")  # keyClicks knows ASCII keys only
    qtbot.keyClick(pane.search_bar.edit, Qt.Key.Key_Return)
    status = pane.search_bar.status
    assert status.text() == f"第 1 / {total} 处"
    qtbot.keyClick(pane.search_bar.edit, Qt.Key.Key_Return)
    assert status.text() == f"第 2 / {total} 处"
    window.find_next_action.trigger()
    third = text.find("项目", text.find("项目", text.find("项目") + 2) + 2)
    assert status.text() == f"第 3 / {total} 处" and pane.selected_span() == (third, third + 2)
    window.find_previous_action.trigger()
    assert status.text() == f"第 2 / {total} 处"
    window.find_previous_action.trigger()
    window.find_previous_action.trigger()  # before the first: wraps to the last
    last = text.rfind("项目")
    assert status.text() == f"第 {total} / {total} 处" and pane.selected_span() == (last, last + 2)


def test_zoom_keys_scale_text_reports_too(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    view = window.document_pane.text_view
    size = view.font().pointSizeF()
    window.zoom_in_action.trigger()
    assert view.font().pointSizeF() == size + 1
    window.zoom_out_action.trigger()
    window.zoom_out_action.trigger()
    assert view.font().pointSizeF() == size - 1
