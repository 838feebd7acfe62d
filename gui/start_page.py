"""What the window shows with nothing open: open a file, the recent reviews, the bundled example."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import APP_NAME
from gui.icons import icon

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "resources" / "examples"
REPORT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".txt")
BUTTON_ICON_SIZE = QSize(24, 24)  # the icons' own grid, so their strokes stay sharp


def example_reports() -> list[Path]:
    """Whatever reports the installer put in resources/examples/."""
    if not EXAMPLES_DIR.is_dir():
        return []
    return sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix.lower() in REPORT_SUFFIXES)


class StartPage(QWidget):
    openRequested = Signal()  # show the open dialog
    pathChosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        title = QLabel(APP_NAME)
        title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        subtitle = QLabel("预算绩效自评报告复核：打开一份自评报告（txt / docx / pdf）或一份已保存的复核文件，"
                          "也可以把文件拖到窗口里。")
        subtitle.setWordWrap(True)
        open_button = QPushButton(icon("open"), "打开文件…")
        open_button.setIconSize(BUTTON_ICON_SIZE)
        open_button.setMinimumHeight(36)
        open_button.clicked.connect(self.openRequested)
        self.recent_list = QListWidget()
        self.recent_list.itemActivated.connect(lambda item: self.pathChosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent_list.setMaximumWidth(900)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        for path in example_reports():
            button = QPushButton(icon("open"), f"打开示例报告：{path.name}")
            button.setIconSize(BUTTON_ICON_SIZE)
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _=False, p=str(path): self.pathChosen.emit(p))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(QLabel("最近的复核（双击打开）："))
        layout.addWidget(self.recent_list, 1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(f"{Path(path).name}　—　{Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent_list.addItem(item)
        if not paths:
            placeholder = QListWidgetItem("（暂无）")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(placeholder)
