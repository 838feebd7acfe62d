"""Chinese for the texts of Qt's standard dialogs that Qt's own qtbase_zh_CN translation lacks (the widget
file dialog's "&Look in:" and "Files of &type:", a few standard buttons)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# (context, source text) → Chinese, worded as qtbase_zh_CN words its neighbours (accelerator in brackets).
MISSING_TEXTS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "File name:"): "文件名称：",
    ("QFileDialog", "Computer"): "计算机",
    ("QPlatformTheme", "Don't Save"): "不保存",
    ("QPlatformTheme", "Close without Saving"): "关闭且不保存",
    ("QPlatformTheme", "Show Details..."): "显示详情...",
    ("QPlatformTheme", "Hide Details..."): "隐藏详情...",
}
OBJECT_NAME = "app_zh_CN"


class MissingTextsTranslator(QTranslator):
    """Answers only for MISSING_TEXTS; None (a null QString) lets Qt ask the next translator."""

    def translate(self, context, source_text, disambiguation=None, n=-1):
        return MISSING_TEXTS.get((context, source_text))

    def isEmpty(self) -> bool:
        return False


def install_missing_texts(app: QCoreApplication) -> None:
    if app.findChild(QTranslator, OBJECT_NAME) is None:
        translator = MissingTextsTranslator(app)
        translator.setObjectName(OBJECT_NAME)
        app.installTranslator(translator)
