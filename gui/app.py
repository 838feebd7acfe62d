"""Entry point of the window: the QApplication, the UI font and the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from core import APP_NAME
from gui.icons import APP_ICON, icon
from gui.qt_chinese import install_missing_texts

# Windows falls back to SimSun for Chinese UI text (pitfalls.md), so the font is chosen explicitly.
UI_FONT_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                    "WenQuanYi Micro Hei", "PingFang SC")


def choose_ui_font() -> QFont:
    """The first installed CJK UI family, at the platform's default size."""
    font = QApplication.font()
    available = set(QFontDatabase.families())
    for family in UI_FONT_FAMILIES:
        if family in available:
            font.setFamily(family)
            break
    return font


def install_qt_translation(app: QApplication) -> bool:
    """Qt's own texts (Yes/No/Save/Cancel in message boxes, the file dialog, editors' context menus) in
    Simplified Chinese, whatever the system locale; False if Qt's translation files are missing."""
    if app.findChild(QTranslator, "qtbase_zh_CN") is not None:
        return True
    translator = QTranslator(app)
    translator.setObjectName("qtbase_zh_CN")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        return False
    return app.installTranslator(translator)


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    install_qt_translation(app)
    install_missing_texts(app)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("jixiao-fuhetai")
    app.setFont(choose_ui_font())
    app.setWindowIcon(icon(APP_ICON))
    return app


def run(argv: list[str]) -> int:
    """Open the window and the file named in `argv` (the arguments after the program name), if any;
    returns the exit status."""
    from gui.main_window import MainWindow

    app = create_application([sys.argv[0] if sys.argv else APP_NAME, *argv])
    window = MainWindow()
    window.show()
    paths = [a for a in argv if not a.startswith("-")]
    if paths:
        window.open_path(paths[0])
    return app.exec()


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
