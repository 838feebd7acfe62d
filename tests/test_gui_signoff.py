"""The window's sign-off: the reviewer is asked once and kept; the opinion button says what it will do;
a completed review asks before an edit; the outputs export from the 文件 menu."""

from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.review.signoff import ReviewCompletedError
from gui.review_outputs import REVIEWER_KEY
from gui_window_helpers import copy_sample, open_and_wait

pytestmark = pytest.mark.gui


def test_reviewer_asked_once_and_kept(qtbot, window, answers, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    assert [c for c in answers["calls"] if c[0] == "ask_name"] == [("ask_name", None, "")]
    assert window.session.reviewer == "测试复核人" and window.settings.value(REVIEWER_KEY) == "测试复核人"
    window.session.set_value("staff_actual", D(8))
    assert window.session.value("staff_actual").changed_by == "测试复核人"
    window.session.mark_saved()  # no save prompt before the next report
    open_and_wait(qtbot, window, copy_sample(tmp_path, "docx"))
    assert len([c for c in answers["calls"] if c[0] == "ask_name"]) == 1
    assert window.session.reviewer == "测试复核人"


def test_opinion_button_says_what_it_will_do(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    pane = window.review_pane
    finding = window.session.findings[0]
    pane.select_finding(finding.id)
    key = window.session.finding_keys[0]
    assert pane.opinion_button.text() == "移出意见"
    pane.opinion_button.click()
    assert not window.session.in_opinion(key) and pane.opinion_button.text() == "加入意见"
    pane.opinion_button.click()
    window.session.set_finding_state(key, status="dismissed")
    assert pane.opinion_button.text() == "加入意见"


def test_completed_review_asks_before_an_edit(qtbot, window, answers, tmp_path):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    window.complete_action.trigger()
    assert window.session.completed and window.complete_action.isChecked()
    answers["question"] = QMessageBox.StandardButton.No
    with pytest.raises(ReviewCompletedError):
        window.session.set_value("staff_actual", D(8))
    assert any(c[0] == "question" and c[1] == "复核已完成" for c in answers["calls"])
    answers["question"] = QMessageBox.StandardButton.Yes
    window.session.set_value("staff_actual", D(8))
    assert not window.session.completed and not window.complete_action.isChecked()


def test_export_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    target = tmp_path / "out" / "复核意见"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.export_actions["docx"].trigger()  # rendered and written on the job thread
    written = target.with_suffix(".docx")
    qtbot.waitUntil(written.exists, timeout=20000)
    from docx import Document

    text = "\n".join(p.text for p in Document(written).paragraphs)
    assert "复核人：测试复核人" in text


def test_export_to_a_missing_folder_says_so(qtbot, window, answers, tmp_path, monkeypatch):
    open_and_wait(qtbot, window, copy_sample(tmp_path, "txt"))
    target = tmp_path / "no-such-folder" / "复核表.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.export_actions["xlsx"].trigger()
    shown = [c for c in answers["calls"] if c[0] == "critical"]
    assert shown and shown[-1][1] == "无法导出" and "目录不存在" in shown[-1][2]
