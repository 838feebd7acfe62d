"""Qt's standard dialogs as the window shows them: every label, button, tooltip, menu entry and column
heading in Chinese (qtbase_zh_CN lacks a few; gui.qt_chinese fills them)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QInputDialog, QLabel, QMessageBox, QTreeView

from gui.app import create_application
from gui.qt_chinese import MISSING_TEXTS

pytestmark = pytest.mark.gui

# Latin letters and not one CJK character: English left untranslated.
LATIN_ONLY = re.compile(r"^[^\u3400-\u9fff]*[A-Za-z][^\u3400-\u9fff]*$")


def shown_texts(dialog) -> list[str]:
    """What the dialog says, not what it shows as data (paths in the look-in box, the filter typed)."""
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisibleTo(dialog):
            texts += [button.text(), button.toolTip()]
    texts += [action.text() for action in dialog.findChildren(QAction)]
    for view in dialog.findChildren(QTreeView):
        model = view.model()
        texts += [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]
    return [text for text in texts if text]


def english(texts: list[str]) -> list[str]:
    return [text for text in texts if LATIN_ONLY.match(text.replace("&", ""))]


@pytest.fixture
def app(qapp):
    return create_application([])


def test_the_widget_file_dialog_is_chinese(app, qtbot, tmp_path):
    dialog = QFileDialog(None, "打开自评报告", str(tmp_path), "自评报告 (*.xlsx);;所有文件 (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = shown_texts(dialog)
    assert ({"查找范围(&L)：", "文件类型(&T)：", "文件名称(&N)：", "打开(&O)", "取消", "名称", "重命名(&R)"}
            <= set(texts))
    assert english(texts) == []


def test_the_save_dialog_is_chinese(app, qtbot, tmp_path):
    dialog = QFileDialog(None, "导出", str(tmp_path), "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = shown_texts(dialog)
    assert "保存(&S)" in texts and english(texts) == []


def test_message_boxes_with_every_button_a_review_uses_are_chinese(app, qtbot):
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "关闭", "是否保存？",
                      buttons.Yes | buttons.No | buttons.Save | buttons.Discard | buttons.Cancel | buttons.Ok)
    box.setDetailedText("详细信息")
    qtbot.addWidget(box)
    box.show()
    texts = shown_texts(box)
    assert {"是(&Y)", "否(&N)", "保存", "确定", "取消"} <= set(texts) and english(texts) == []


def test_the_input_dialog_is_chinese(app, qtbot):
    dialog = QInputDialog()
    dialog.setLabelText("选择基础数据：")
    qtbot.addWidget(dialog)
    dialog.show()
    texts = shown_texts(dialog)
    assert {"确定", "取消"} <= set(texts) and english(texts) == []


def test_each_filled_text_is_one_qt_lacks_and_others_pass_through(app):
    for (context, source), chinese in MISSING_TEXTS.items():
        assert QCoreApplication.translate(context, source) == chinese
    assert QCoreApplication.translate("QFileDialog", "&Open") == "打开(&O)"  # qtbase_zh_CN still answers
    assert QCoreApplication.translate("NoSuchContext", "Plain text") == "Plain text"
