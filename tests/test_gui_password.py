"""Encrypted reports in the window: the password prompt, a retry after a wrong password, cancelling."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLES
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from gui.dialogs import password_dialog
from gui_window_helpers import errors_shown

pytestmark = pytest.mark.gui

BAD = SAMPLES / "bad"


def prompts_of(answers) -> list:
    return [call for call in answers["calls"] if call[0] == "password"]


@pytest.mark.parametrize("name, fmt", [("encrypted.docx", "docx"), ("encrypted.pdf", "pdf")])
def test_a_wrong_password_asks_again_and_the_right_one_opens(qtbot, window, answers, tmp_path, name, fmt):
    target = shutil.copy(BAD / name, tmp_path / name)
    answers["passwords"] = ["0000", "1234"]
    window.open_path(str(target))
    qtbot.waitUntil(lambda: window.session is not None, timeout=30000)
    assert prompts_of(answers) == [("password", name, False), ("password", name, True)]
    assert window.session.document.format == fmt and errors_shown() == []
    assert window.session.extraction.meta.claimed_total == 92
    if fmt == "pdf":  # the page view opens the file again, with the same password
        qtbot.waitUntil(lambda: window.document_pane.pdf_view.is_rendered(1), timeout=10000)


def test_cancelling_the_prompt_leaves_the_start_page(qtbot, window, answers):
    window.open_path(str(BAD / "encrypted.docx"))
    qtbot.waitUntil(lambda: len(prompts_of(answers)) == 1, timeout=20000)
    qtbot.wait(50)
    assert window.session is None and window.stack.currentWidget() is window.start_page
    assert errors_shown() == []


def test_the_prompt_is_chinese_hides_the_typing_and_says_when_the_password_was_wrong(qtbot):
    dialog = password_dialog(None, "自评表.xlsx", wrong=True)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "需要密码"
    assert dialog.labelText() == "密码不正确，请重新输入。\n“自评表.xlsx”已加密，请输入打开密码："
    assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
    dialog.show()
    buttons = dialog.findChild(QDialogButtonBox).buttons()
    assert sorted(button.text() for button in buttons) == sorted(["确定", "取消"])
    assert dialog.findChild(QLineEdit).echoMode() == QLineEdit.EchoMode.Password
    first = password_dialog(None, "报告.pdf", wrong=False)
    qtbot.addWidget(first)
    assert first.labelText() == "“报告.pdf”已加密，请输入打开密码："
