"""The review window end to end (offscreen): opening, editing, undo, highlights, saving, recovery, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SAMPLES, sample
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from core.decimals import fmt
from core.documents import DocumentError, load
from core.review.files import review_path_for
from core.review.progress import UNRESOLVED, WorkItem, work_queue
from gui.figures_model import COL_VALUE as FIG_VALUE
from gui.indicator_model import COL_COMMENT, COL_INPUT, COL_REVIEWED, COL_STATUS
from gui.main_window import CANCEL_CLOSE, DONT_SAVE, SAVE, MainWindow
from gui_window_helpers import (
    REPORT,
    copy_sample,
    errors_shown,
    first_digit_after,
    first_finding_with_locs,
    open_and_wait,
)

pytestmark = pytest.mark.gui


def row_text(window, indicator_id: str, column: int) -> str:
    return window.review_pane.indicators.index_of(indicator_id, column).data()


@pytest.mark.parametrize("form", ["txt", "docx", "pdf"])
def test_opens_each_form_into_a_filled_window(qtbot, window, tmp_path, form):
    open_and_wait(qtbot, window, copy_sample(tmp_path, form))
    session = window.session
    assert window.stack.currentWidget() is window.splitter
    model = window.review_pane.indicators
    assert model.rowCount() == len(session.framework.roots)
    assert model.indicator_ids() == [ind.id for ind in session.framework.indicators()]
    totals = session.result.totals
    total_text, progress_text = window.status_texts()
    assert f"复核 {fmt(totals.reviewed)}（{totals.grade_reviewed}）" in total_text
    assert window.total_label.text() == total_text
    # baojing leaves 履职效果 without figures or a claim: the status bar shows the provisional ceiling
    assert f"补全待录入项后最高 {fmt(totals.provisional_max)}" in total_text and totals.provisional_max > totals.reviewed
    assert progress_text.startswith("已复核 ") and progress_text.endswith(f"/{len(session.result.indicators)}")
    pane = window.document_pane
    if form == "pdf":
        assert pane.stack.currentWidget() is pane.pdf_view
        assert pane.page_total.text() == f"/ {len(session.document.pages)}"
        qtbot.waitUntil(lambda: pane.pdf_view.is_rendered(1), timeout=10000)
    else:
        assert pane.stack.currentWidget() is pane.text_view
        shown = pane.text_view.toPlainText()
        assert session.document.text.replace("\r", "")[:200].split("\n")[0] in shown


def test_editing_a_figure_updates_scores_subtotals_total_and_status_bar(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session = window.session
    assert session.value("staff_actual").value == Decimal(7)
    assert row_text(window, "staff_control_rate", COL_REVIEWED) == "3"
    repainted, changes = [], []
    window.review_pane.indicators.dataChanged.connect(
        lambda top, bottom, roles: repainted.append(tuple(top.internalPointer().path)))
    session.subscribe(changes.append)
    figures = window.review_pane.figures
    row = figures.row_of("staff_actual")
    assert figures.setData(figures.index(row, FIG_VALUE), "9")
    result = session.result.by_id["staff_control_rate"]
    assert result.value == Decimal("112.5")
    assert row_text(window, "staff_control_rate", COL_REVIEWED) == fmt(result.score)
    assert result.score < 3
    parent_path = tuple(result.path[:-1])
    level = next(lv for lv in session.result.totals.levels if tuple(lv.path) == parent_path)
    parent_index = window.review_pane.indicators.index_of_path(parent_path, COL_REVIEWED)
    assert parent_index.data() == fmt(level.reviewed)
    assert f"复核 {fmt(session.result.totals.reviewed)}" in window.total_label.text()
    assert figures.index(row, 3).data() == "更正"
    # Exactly the rows the session reported as changed were repainted, each once.
    (change,) = changes
    model = window.review_pane.indicators
    expected = {tuple(model.index_of(i).internalPointer().path) for i in change.indicators | change.decisions}
    expected |= {tuple(path) for path in change.levels}
    assert tuple(result.path) in expected and parent_path in expected
    assert sorted(repainted) == sorted(expected)


def test_undo_and_redo_through_the_edit_menu(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    session = window.session
    figures = window.review_pane.figures
    figures.setData(figures.index(figures.row_of("staff_actual"), FIG_VALUE), "9")
    assert window.undo_action.text() == "撤销 修改 在职人数: 7 → 9"
    assert window.isWindowModified()
    assert window.undo_action in window.edit_menu.actions()
    window.undo_action.trigger()
    assert session.value("staff_actual").value == Decimal(7)
    assert row_text(window, "staff_control_rate", COL_REVIEWED) == "3"
    assert window.redo_action.text() == "重做 修改 在职人数: 7 → 9"
    window.redo_action.trigger()
    assert session.value("staff_actual").value == Decimal(9)
    assert row_text(window, "staff_control_rate", COL_REVIEWED) == fmt(session.result.by_id["staff_control_rate"].score)


def test_selecting_a_finding_highlights_its_rectangles_on_the_pdf_page(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    index, finding = first_finding_with_locs(window)
    window.review_pane.findings_view.setCurrentIndex(index)
    document = window.session.document
    expected = [r for loc in finding.locs for r in document.locate(loc.start, loc.end)]
    assert expected
    assert window.document_pane.pdf_view.highlight_rects() == expected
    assert window.document_pane.pdf_view.current_page() == expected[0][0]


def test_the_selected_finding_is_shown_whole_under_the_list(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    pane = window.review_pane
    details = pane.finding_details
    assert details.toPlainText() == ""
    index, finding = first_finding_with_locs(window)
    pane.select_finding(finding.id)
    assert details.isVisible() and details.height() >= 4 * details.fontMetrics().lineSpacing()
    lines = details.toPlainText().split("\n")
    assert lines[1] == finding.message
    page, quote = finding.locs[0].page, " ".join(finding.locs[0].quote.split())
    assert lines[-2].startswith(f"原文位置：第 {page} 页“{quote}”") and lines[-1] == "处理：待处理"
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(finding.message)  # the tooltip stays
    window.session.set_finding_state(pane.findings.key_at(index), status="accepted", note="已核实")
    assert details.toPlainText().split("\n")[-1] == "处理：已采纳　备注：已核实"
    pane.findings_view.setCurrentIndex(index.parent())  # a severity group: nothing to detail
    assert details.toPlainText() == ""


def test_selecting_a_finding_highlights_its_quote_in_docx_text(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx", "wugang-2020-dept"))
    index, finding = first_finding_with_locs(window)
    window.review_pane.findings_view.setCurrentIndex(index)
    text = window.session.document.text
    view = window.document_pane.text_view
    assert view.highlighted_spans() == [(loc.start, loc.end) for loc in finding.locs]
    assert view.highlighted_texts() == [text[loc.start:loc.end].replace("\n", "\u2029") for loc in finding.locs]


def test_selecting_an_indicator_highlights_its_claim_and_figures(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    session = window.session
    window.review_pane.select_indicator("staff_control_rate")
    spans = window.document_pane.text_view.highlighted_spans()
    quotes = [session.document.text[s:e] for s, e in spans]
    assert any("在职人员控制率" in q for q in quotes)
    assert session.value("staff_actual").loc.quote in quotes


def test_assigning_selected_pdf_text_to_a_figure(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session, view = window.session, window.document_pane.pdf_view
    text = session.document.text
    start = first_digit_after(text, "编制数")
    qtbot.waitUntil(lambda: view.is_rendered(1), timeout=10000)
    view.scroll_to_span(start, start + 1)
    (page, box), = session.document.locate(start, start + 1)
    target = view.points_to_view(page - 1, box)
    drag(view.viewport(), QPointF(target.left() + 0.5, target.center().y()),
         QPointF(target.right() + 0.5, target.center().y()))
    assert view.selected_span() == (start, start + 1)
    window.assign_selection("staff_actual")
    assert session.value("staff_actual").value == Decimal(text[start])
    assert session.value("staff_actual").origin == "corrected"
    assert window.undo_action.text().startswith("撤销 修改 在职人数")


def drag(widget, begin: QPointF, end: QPointF) -> None:
    """A left-button drag (QTest cannot hold a button while moving)."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, pos, button, buttons in ((QEvent.Type.MouseButtonPress, begin, left, left),
                                       (QEvent.Type.MouseMove, end, none, left),
                                       (QEvent.Type.MouseButtonRelease, end, left, none)):
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)


def test_assigning_selected_docx_text_to_a_figure(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    session = window.session
    text = session.document.text
    start = first_digit_after(text, "编制数")
    window.document_pane.text_view.set_selection(start, start + 1)
    assert window.document_pane.selected_span() == (start, start + 1)
    window.review_pane.select_variable("staff_actual")
    window.assign_action.trigger()
    assert session.value("staff_actual").value == Decimal(text[start])


def test_keys_choose_a_qualitative_level_and_f8_visits_unresolved_rows(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session, pane = window.session, window.review_pane
    qualitative = next(i for i in pane.indicators.indicator_ids()
                       if session.indicator(i).rule.type == "qualitative")
    pane.select_indicator(qualitative)
    pane.indicator_view.setFocus()
    qtbot.keyClick(pane.indicator_view, Qt.Key.Key_2)
    assert session.decision(qualitative).level == 2
    assert row_text(window, qualitative, COL_INPUT) == "较好"
    assert row_text(window, qualitative, COL_REVIEWED) == fmt(session.indicator(qualitative).weight * Decimal("0.8"))
    unresolved = [item.key for item in work_queue(session) if item.kind == "indicator"
                  and session.result.by_id[item.key].status in UNRESOLVED]
    if unresolved:
        window.next_action.trigger()
        current = pane.indicator_view.currentIndex()
        assert current.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole + 1) in unresolved
        assert current.siblingAtColumn(COL_STATUS).data() in ("待录入", "待判断")


def test_save_and_reopen_gives_the_same_state(qtbot, window, tmp_path):
    report = copy_sample(tmp_path, "pdf")
    open_and_wait(qtbot, window, report)
    session = window.session
    figures = window.review_pane.figures
    figures.setData(figures.index(figures.row_of("staff_actual"), FIG_VALUE), "9")
    model = window.review_pane.indicators
    model.setData(model.index_of("staff_control_rate", COL_COMMENT), "人数超编")
    assert window.save()
    saved = review_path_for(report)
    assert saved.is_file() and not window.isWindowModified()
    before = (dict(session.values), dict(session.decisions), session.result.totals,
              [model.index_of(i, c).data() for i in model.indicator_ids() for c in range(10)])
    assert window.close_review()
    open_and_wait(qtbot, window, saved)
    reopened = window.session
    model = window.review_pane.indicators
    after = (dict(reopened.values), dict(reopened.decisions), reopened.result.totals,
             [model.index_of(i, c).data() for i in model.indicator_ids() for c in range(10)])
    assert after == before
    assert not reopened.dirty


def test_saving_over_a_review_another_program_changed_asks_first(qtbot, window, tmp_path, answers):
    from core.review.opening import open_review
    from core.review.storage import read_review

    report = copy_sample(tmp_path, "txt")
    open_and_wait(qtbot, window, report)
    assert window.save()
    elsewhere = open_review(review_path_for(report)).session  # a second copy of the program
    elsewhere.set_value("staff_actual", Decimal(5))
    elsewhere.save()
    window.session.set_value("staff_actual", Decimal(9))
    answers["question"] = QMessageBox.StandardButton.No
    assert not window.save() and window.isWindowModified()
    assert answers["calls"][-1][1] == "复核文件已被修改"
    assert read_review(review_path_for(report)).values["staff_actual"].value == Decimal(5)
    answers["question"] = QMessageBox.StandardButton.Yes
    assert window.save() and not window.isWindowModified()
    assert read_review(review_path_for(report)).values["staff_actual"].value == Decimal(9)


def test_reopening_a_report_offers_to_continue_its_saved_review(qtbot, window, tmp_path, answers):
    report = copy_sample(tmp_path, "txt")
    open_and_wait(qtbot, window, report)
    window.session.set_value("staff_actual", Decimal(9))
    window.save()
    window.close_review()
    answers["question"] = QMessageBox.StandardButton.Yes
    open_and_wait(qtbot, window, report)
    assert any(kind == "question" and title == "继续复核" for kind, title, _ in answers["calls"])
    assert window.session.value("staff_actual").value == Decimal(9)


def test_a_docx_is_not_offered_the_review_of_the_pdf_of_the_same_name(qtbot, window, tmp_path, answers):
    """The shared legacy name 报告名.review.json belonged to whichever file saved last."""
    import shutil

    from core.analysis import open_report
    from core.review.storage import read_review

    pdf, docx = tmp_path / "报告.pdf", tmp_path / "报告.docx"
    shutil.copy(sample("pdf", REPORT), pdf)
    shutil.copy(sample("docx", REPORT), docx)
    legacy = open_report(pdf).save(tmp_path / "报告.review.json")
    before = legacy.read_bytes()
    answers["question"] = QMessageBox.StandardButton.Yes  # would continue the pdf's review, if asked
    open_and_wait(qtbot, window, docx)
    assert not [c for c in answers["calls"] if c[0] == "question"]
    window.session.set_value("staff_actual", Decimal(9))
    assert window.save()
    assert read_review(tmp_path / "报告.docx.jxfh").source["name"] == "报告.docx"
    assert legacy.read_bytes() == before


def test_recovery_after_a_crash_restores_the_autosave(qtbot, tmp_path, answers):
    report = copy_sample(tmp_path, "docx")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    crashed = MainWindow(settings)
    qtbot.addWidget(crashed)
    open_and_wait(qtbot, crashed, report)
    crashed.session.set_value("staff_actual", Decimal(9))
    crashed.autosave()
    autosave = review_path_for(report).with_name(review_path_for(report).name + ".autosave")
    assert autosave.is_file()
    crashed.session.mark_saved()  # the "crash": the window goes without saving
    crashed.hide()

    answers["question"] = QMessageBox.StandardButton.Yes
    fresh = MainWindow(settings)
    qtbot.addWidget(fresh)
    open_and_wait(qtbot, fresh, report)
    assert any(title == "恢复未保存的复核" for _, title, _ in answers["calls"])
    assert fresh.session.value("staff_actual").value == Decimal(9)
    assert fresh.isWindowModified()
    fresh.session.mark_saved()


@pytest.mark.parametrize("name", ["empty.txt", "truncated.pdf", "corrupt.docx", "binary.txt"])
def test_a_bad_file_shows_the_error_and_the_window_stays_usable(qtbot, window, tmp_path, answers, name):
    bad = SAMPLES / "bad" / name
    with pytest.raises(DocumentError) as raised:
        load(bad)
    window.open_path(str(bad))
    qtbot.waitUntil(lambda: any(kind == "critical" for kind, _, _ in answers["calls"]), timeout=20000)
    _kind, title, text = next(c for c in answers["calls"] if c[0] == "critical")
    assert title == "无法打开文件"
    assert raised.value.message in text and raised.value.code in text
    assert window.session is None and window.stack.currentWidget() is window.start_page
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    assert window.review_pane.indicators.rowCount() == len(window.session.framework.roots) > 0


def test_checklist_points_ticked_in_the_dialog_score_the_indicator(qtbot, window, tmp_path, monkeypatch):
    from gui.checklist_dialog import ChecklistDialog

    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session, pane = window.session, window.review_pane
    indicator_id = next(i for i in pane.indicators.indicator_ids() if len(pane.indicators.checklist(i)) >= 2)
    items = pane.indicators.checklist(indicator_id)

    def tick_first_only(dialog):
        for number, box in enumerate(dialog.boxes):
            box.setChecked(number == 0)
        return 1

    monkeypatch.setattr(ChecklistDialog, "exec", tick_first_only)
    pane.open_checklist(indicator_id)
    assert session.decision(indicator_id).checked == (True,) + (False,) * (len(items) - 1)
    assert row_text(window, indicator_id, COL_REVIEWED) == fmt(items[0][1])
    assert row_text(window, indicator_id, COL_INPUT).startswith(f"要点 1/{len(items)}")


def test_switching_the_framework_rebuilds_the_table_and_is_undoable(qtbot, window, tmp_path):
    from core.frameworks import list_frameworks

    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    session, pane = window.session, window.review_pane
    original = session.framework.id
    other = next(fid for fid, _ in list_frameworks() if fid != original)
    pane.frameworkChosen.emit(other)
    assert session.framework.id == other
    assert pane.framework_combo.currentData() == other
    assert pane.indicators.indicator_ids() == [i.id for i in session.framework.indicators()]
    assert window.undo_action.text().startswith("撤销 更换 指标体系")
    window.undo_action.trigger()
    assert session.framework.id == original == pane.framework_combo.currentData()


def test_search_selects_each_occurrence_in_turn(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    text = window.session.document.text
    needle = "预算"
    first = text.index(needle)
    second = text.index(needle, first + 1)
    window.find_action.trigger()
    assert window.document_pane.search_bar.isVisible()
    assert window.document_pane.find_text(needle) == (first, first + len(needle))
    assert window.document_pane.find_text(needle) == (second, second + len(needle))
    assert window.document_pane.pdf_view.selected_span() == (second, second + len(needle))
    assert window.document_pane.find_text("不存在的文字串") is None


def test_cancelling_an_open_drops_its_result_and_leaves_the_start_page(qtbot, window, tmp_path):
    window.open_path(str(copy_sample(tmp_path, "pdf")))
    assert window.cancel_button.isVisibleTo(window)
    window.cancel_button.click()
    assert not window.cancel_button.isVisibleTo(window)
    window.jobs.wait(20000)
    qtbot.wait(200)  # a dropped result would arrive as a queued call
    assert window.session is None
    assert window.stack.currentWidget() is window.start_page


def test_dropping_a_file_on_the_window_opens_it(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    report = copy_sample(tmp_path, "docx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(report))])
    event = QDropEvent(QPointF(QPoint(200, 200)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    previous = window.session
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.session is not None and window.session is not previous, timeout=20000)
    assert window.session.document.name == report.name
    assert str(report.resolve()) == window.recent_files()[0]


def test_run_sets_a_chinese_ui_font_and_opens_the_command_line_path(qapp, monkeypatch, tmp_path):
    from gui.app import UI_FONT_FAMILIES, run

    opened = []
    monkeypatch.setattr(MainWindow, "open_path", lambda self, path: opened.append(path))
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    report = str(sample("txt", REPORT))
    assert run([report]) == 0
    assert opened == [report]
    assert QApplication.font().family() in UI_FONT_FAMILIES
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.jobs.wait()
            widget.hide()
            widget.deleteLater()


def test_document_context_menu_offers_the_selected_number_for_every_figure(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QMenu

    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    session = window.session
    text = session.document.text
    start = first_digit_after(text, "编制数")
    window.document_pane.text_view.set_selection(start, start + 1)
    menu = QMenu()
    window.extend_document_menu(menu)
    submenu = menu.actions()[-1].menu()
    assert submenu.title() == f"设为…的值（{text[start]}）"
    labels = [a.text() for a in submenu.actions()]
    # every figure the framework uses is offered once, the one named just before the number first
    bare = [label.removesuffix("（单位不符）") for label in labels]
    assert sorted(bare) == sorted(session.variable_label(v) for v in session.variable_ids())
    assert labels[:2] == ["编制数", "在职人数"] and "年初预算（单位不符）" in labels
    submenu.actions()[labels.index("在职人数")].trigger()
    assert session.value("staff_actual").value == Decimal(text[start])


def test_a_report_without_scores_shows_its_total_as_undetermined(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt", "wugang-2020-dept"))
    totals = window.session.result.totals
    assert totals.status == "undetermined"
    text = window.total_label.text()
    assert text == f"自评 90 → 复核 待定（{fmt(totals.provisional_min)}–{fmt(totals.provisional_max)}）"
    assert "差" not in text


def offered_by_ctrl_e(window, monkeypatch, start: int, end: int) -> list[str]:
    """The list Ctrl+E offers for text[start:end] when no figure row is current (the choice is cancelled)."""
    from PySide6.QtWidgets import QInputDialog

    offered = []

    def get_item(_parent, _title, _label, items, *_args):
        offered.extend(items)
        return "", False

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    window.review_pane.current_variable = lambda: None
    window.document_pane.text_view.set_selection(start, end)
    window.assign_action.trigger()
    return offered


def test_ctrl_e_proposes_an_amount_variable_for_an_amount(qtbot, window, tmp_path, monkeypatch):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    text = window.session.document.text
    start = text.index("其中年初预算") + len("其中年初预算")
    end = start + len("253.21")
    assert text[start:end] == "253.21"  # the digits alone: the 万元 printed after them still counts
    offered = offered_by_ctrl_e(window, monkeypatch, start, end)
    assert offered[0] == "年初预算"
    # every amount comes before any head count, which is marked as not fitting
    assert offered.index("编制数（单位不符）") > max(offered.index(label) for label in ("上年结转", "本年追加"))


def test_ctrl_e_proposes_the_head_count_named_before_it(qtbot, window, tmp_path, monkeypatch):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    text = window.session.document.text
    start = first_digit_after(text, "编制数")
    offered = offered_by_ctrl_e(window, monkeypatch, start, start + 1)
    assert offered[:2] == ["编制数", "在职人数"]


def test_a_unit_that_does_not_fit_asks_before_it_is_stored(qtbot, window, tmp_path, answers):
    from PySide6.QtWidgets import QMessageBox

    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    session = window.session
    text = session.document.text
    start = text.index("253.21")
    window.document_pane.text_view.set_selection(start, start + 6)
    before = session.value("staff_quota")
    assert window.assign_selection("staff_quota") is None  # answered 否
    assert session.value("staff_quota") == before
    assert answers["calls"][-1][0] == "question" and "万元" in answers["calls"][-1][2]
    answers["question"] = QMessageBox.StandardButton.Yes
    window.assign_selection("staff_quota")
    assert session.value("staff_quota").value == Decimal("253.21")


def test_window_layout_is_kept_between_runs(qtbot, tmp_path, answers):
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.splitter.setSizes([300, 900])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert second.splitter.sizes() == sizes


def test_the_start_page_opens_the_bundled_example(qtbot, window):
    from gui.start_page import example_reports

    examples = example_reports()
    assert examples, "resources/examples/ holds the example report"
    from PySide6.QtWidgets import QPushButton

    button = next(b for b in window.start_page.findChildren(QPushButton) if b.text().startswith("打开示例报告"))
    assert button.text() == f"打开示例报告：{examples[0].name}"
    button.click()
    qtbot.waitUntil(lambda: window.session is not None, timeout=20000)
    assert window.session.document.name == examples[0].name
    assert window.review_pane.indicators.rowCount() == len(window.session.framework.roots)


def test_closing_with_unsaved_changes_asks_and_can_be_cancelled(qtbot, window, tmp_path, answers):
    report = copy_sample(tmp_path, "txt")
    open_and_wait(qtbot, window, report)
    window.session.set_value("staff_actual", Decimal(9))
    assert window.windowTitle().startswith(f"{report.name}[*]") and window.isWindowModified()
    answers["choice"] = CANCEL_CLOSE
    assert not window.close()
    assert window.isVisible() and answers["calls"][-1][:2] == ("choose", "保存复核")
    answers["choice"] = None  # the box closed with its title-bar button cancels too
    assert not window.close() and window.isVisible()
    answers["choice"] = SAVE
    assert window.close()
    assert review_path_for(report).is_file()


def test_the_save_prompt_words_its_buttons_as_word_does_and_dont_save_closes(qtbot, window, tmp_path,
                                                                             monkeypatch):
    import gui.main_window
    from gui.dialogs import choose

    report = copy_sample(tmp_path, "txt")
    open_and_wait(qtbot, window, report)
    window.session.set_value("staff_actual", Decimal(9))
    monkeypatch.setattr(gui.main_window, "choose", choose)  # the real box, not the fixture's script
    shown = []

    def answer_dont_save():
        box = QApplication.activeModalWidget()
        shown.extend(button.text() for button in box.buttons())
        shown.append(box.escapeButton().text())
        next(button for button in box.buttons() if button.text() == DONT_SAVE).click()

    QTimer.singleShot(0, answer_dont_save)
    assert window.close()
    assert sorted(shown[:-1]) == sorted(["保存", "不保存", "取消"]) and shown[-1] == "取消"
    assert not review_path_for(report).exists()


def test_zooming_rerenders_the_visible_pages_at_the_new_scale(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    pane = window.document_pane
    before = pane.pdf_view.zoom
    window.zoom_in_action.trigger()
    assert pane.pdf_view.zoom == pytest.approx(before * 1.2)
    assert pane.zoom_label.text() == f"{round(before * 1.2 * 100)}%"
    qtbot.waitUntil(pane.pdf_view.visible_pages_rendered, timeout=10000)
    page = pane.pdf_view.current_page()
    image = pane.pdf_view.page_image(page)
    width_points = window.session.document.pages[page - 1].width
    assert image.width() == pytest.approx(width_points * pane.pdf_view.zoom * 96 / 72, abs=2)


def test_f8_visits_needs_input_differing_unjudged_indicators_then_open_findings(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session, pane = window.session, window.review_pane
    result = session.result.by_id
    items = [(item.kind, item.key) for item in work_queue(session)]
    kinds = [kind for kind, _ in items]
    assert "indicator" in kinds and "finding" in kinds
    ranks = []
    for kind, key in items:
        if kind == "finding":
            ranks.append(3)
            assert session.finding_state(key).status == "open"
        else:
            status = result[key].status
            ranks.append({"needs_input": 0, "unjudged": 2}.get(status, 1))
            if ranks[-1] == 1:
                assert result[key].difference not in (None, Decimal(0))
    assert ranks == sorted(ranks) and set(ranks) >= {1, 3}
    visited = []
    for _ in items:
        window.next_action.trigger()
        kind, key = pane._current_item()
        visited.append((kind, key))
        if kind == "finding":
            assert pane.tabs.currentIndex() == 2
            finding = session.findings[session.finding_keys.index(key)]
            expected = [r for loc in finding.locs for r in session.document.locate(loc.start, loc.end)]
            assert window.document_pane.pdf_view.highlight_rects() == expected
    assert visited == items
    window.next_action.trigger()  # wraps around
    assert pane._current_item() == items[0]
    window.previous_action.trigger()
    assert pane._current_item() == items[-1]
    # Accepting the finding on screen takes it off the list; F8 goes on to the one after it.
    window.previous_action.trigger()
    key = pane._current_item()[1]
    session.set_finding_state(key, status="accepted")
    assert WorkItem("finding", key) not in work_queue(session)
    window.next_action.trigger()
    assert pane._current_item() == items[-1]


def test_assigning_a_selection_moves_the_figure_source_and_undo_restores_it(qtbot, window, tmp_path):
    from core.extraction.model import Loc

    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    session, pane = window.session, window.document_pane
    text = session.document.text
    original = session.value("staff_actual")
    start = first_digit_after(text, "编制数")
    assert (start, start + 1) != (original.loc.start, original.loc.end)
    pane.text_view.set_selection(start - 2, start + 2)  # a selection around the number
    window.assign_selection("staff_actual")
    moved = session.value("staff_actual")
    first, last = (start - 2 + offset for offset in find_first_number(text[start - 2:start + 2]))
    assert first <= start < last
    assert moved.loc == Loc(first, last, None, text[first:last])
    window.review_pane.select_variable("staff_actual")
    assert pane.text_view.highlighted_spans() == [(moved.loc.start, moved.loc.end)]
    window.undo_action.trigger()
    assert session.value("staff_actual").loc == original.loc
    window.review_pane.select_variable("staff_quota")
    window.review_pane.select_variable("staff_actual")
    assert pane.text_view.highlighted_spans() == [(original.loc.start, original.loc.end)]


def find_first_number(text: str) -> tuple[int, int]:
    from core.extraction.numbers import find_quantities

    quantity = find_quantities(text)[0]
    return quantity.start, quantity.end


def test_cancel_while_a_pdf_loads_stops_the_load_and_leaves_the_window_usable(qtbot, window, tmp_path, monkeypatch,
                                                                                answers):
    import threading

    import core.documents
    from core.documents import LoadCancelled

    real_load, pages_read, outcome = core.documents.load, [], []
    clicked = threading.Event()

    def paced_load(path, password=None, progress=None):
        def report(done, total):
            pages_read.append(done)
            if done == 2:
                clicked.wait(10)  # the reviewer clicks 取消 while page 2 is being read
            progress(done, total)
        try:
            return real_load(path, password, report)
        except LoadCancelled:
            outcome.append("cancelled")
            raise

    monkeypatch.setattr(core.documents, "load", paced_load)
    report = copy_sample(tmp_path, "pdf")
    window.open_path(str(report))
    qtbot.waitUntil(lambda: window.busy_bar.value() >= 1, timeout=10000)
    total = window.busy_bar.maximum()
    assert total == len(real_load(report).pages) and total > 2  # determinate: one step per page
    assert window.busy_label.text() == f"正在读取 {report.name}：第 1/{total} 页"
    window.cancel_button.click()
    clicked.set()
    assert window.jobs.wait(10000)
    # The job's end reaches the window as a queued signal: wait for it rather than for a fixed time.
    qtbot.waitUntil(lambda: not window.cancel_button.isVisibleTo(window), timeout=10000)
    assert outcome == ["cancelled"] and max(pages_read) == 2
    assert window.session is None and window.stack.currentWidget() is window.start_page
    assert errors_shown() == []
    monkeypatch.setattr(core.documents, "load", real_load)
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    assert window.review_pane.indicators.rowCount() == len(window.session.framework.roots) > 0


class StallWatch:
    """Ticks of a 10 ms timer while a report opens, and the longest gap between them: how long the UI
    thread went without its event loop."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.last, self.longest, self.ticks = None, 0.0, 0
        self.timer = QTimer(interval=10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        import time

        now = time.perf_counter()
        if self.last is not None:
            self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()


@pytest.mark.parametrize("form", ["txt", "docx", "pdf"])
def test_the_ui_thread_keeps_its_event_loop_while_a_report_opens(qtbot, window, tmp_path, form):
    """Loading and analysis run on the job thread: the UI thread's timer keeps ticking throughout.
    The longest stall is printed here (a shared test machine makes it no pass/fail figure)."""
    report = copy_sample(tmp_path, form, "wugang-2020-dept")
    with StallWatch() as watch:
        open_and_wait(qtbot, window, report)
        if form == "pdf":
            qtbot.waitUntil(window.document_pane.pdf_view.visible_pages_rendered, timeout=10000)
        qtbot.wait(100)  # the first paint of the filled table
    print(f"longest UI-thread stall opening {report.name}: {watch.longest * 1000:.0f} ms over {watch.ticks} ticks")
    assert window.session is not None and window.session.document.name == report.name
    assert watch.ticks > 0


def test_selecting_an_indicator_highlights_every_input_and_its_claim(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "pdf"))
    session = window.session
    document, text = session.document, session.document.text
    indicator = next(i for i in session.framework.indicators() if i.name == "预算完成率")
    window.review_pane.select_indicator(indicator.id)
    view = window.document_pane.pdf_view
    spans = view._highlights
    (claim_start, claim_end), = [s for s in spans if "预算完成率" in text[s[0]:s[1]]]
    claim_page = document.page_of(claim_start)
    # Every input where it was read, and each of them again in the paragraph that works the rate out.
    for var in session.indicator_result(indicator.id).inputs:
        loc = session.value(var).loc
        assert (loc.start, loc.end) in spans
    for figure in ("136.73", "253.21", "13.38", "46.84"):
        assert any(figure in text[s:e] and document.page_of(s) == claim_page and s > claim_end for s, e in spans), figure
    assert view.highlight_rects() == [r for s, e in spans for r in document.locate(s, e)]
    assert view.current_page() == claim_page  # scrolled to the claim


def test_docx_headings_are_bold_and_larger_and_the_outline_jumps_to_them(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    document, pane = window.session.document, window.document_pane
    assert document.headings
    view = pane.text_view
    body_size = view.document().defaultFont().pointSizeF()
    start, end, _level = document.headings[0]
    shown = view.heading_format(start)
    assert shown.fontWeight() == 700 and shown.fontPointSize() > body_size
    body_offset = document.text.index("\n", end) + 3  # inside the paragraph after the heading
    assert view.heading_format(body_offset).fontWeight() != 700
    assert pane.outline.isVisibleTo(pane) and not pane.page_controls.isVisibleTo(pane)
    combo = pane.outline_combo
    assert combo.count() == len(document.headings)
    last = len(document.headings) - 1
    combo.activated.emit(last)
    assert pane.selected_span() == document.headings[last][:2]
    assert combo.itemText(last).strip("　") == document.text[slice(*document.headings[last][:2])].strip()
