"""Message boxes the standard ones do not cover: a question with worded choices, and a list of problems."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

PROBLEMS_SHOWN = 12  # problems listed in the box itself; all of them are under 显示详细信息


def choose(parent: QWidget | None, title: str, text: str, choices: tuple[str, ...]) -> str | None:
    """Ask with one button per choice (the first is the default, the last cancels); the chosen text,
    or None when the box was closed."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.AcceptRole) for choice in choices[:-1]]
    buttons.append(box.addButton(choices[-1], QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return choices[buttons.index(clicked)] if clicked in buttons else None


def password_dialog(parent: QWidget | None, name: str, wrong: bool) -> QInputDialog:
    """Asks for the password of the encrypted file `name`, typed hidden; says so when the last one was wrong."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("需要密码")
    dialog.setLabelText(("密码不正确，请重新输入。\n" if wrong else "") + f"“{name}”已加密，请输入打开密码：")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    return dialog


def ask_password(parent: QWidget | None, name: str, wrong: bool) -> str | None:
    """The password typed, or None when the reviewer cancelled."""
    dialog = password_dialog(parent, name, wrong)
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None


def numbered(problems: list[str]) -> str:
    return "\n".join(f"{number}. {problem}" for number, problem in enumerate(problems, 1))


def problems_box(parent: QWidget | None, title: str, head: str, problems: list[str]) -> QMessageBox:
    """A warning listing `problems` (the first PROBLEMS_SHOWN in the text, all in the details), shown
    without blocking; the caller keeps it."""
    shown = numbered(problems[:PROBLEMS_SHOWN])
    if len(problems) > PROBLEMS_SHOWN:
        shown += f"\n……另有 {len(problems) - PROBLEMS_SHOWN} 处，见详细信息"
    box = QMessageBox(QMessageBox.Icon.Warning, title, f"{head}\n\n{shown}", parent=parent)
    box.setDetailedText(numbered(problems))
    box.open()
    return box
