"""评分要点: the reviewer ticks which check points of a checklist indicator the report supports."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from core.decimals import fmt


class ChecklistDialog(QDialog):
    def __init__(self, name: str, items: list[tuple[str, Decimal]], checked: tuple[bool, ...] | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"评分要点 — {name}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("勾选报告内容能够支持的要点："))
        self.boxes = []
        for number, (label, points) in enumerate(items):
            box = QCheckBox(f"{label}（{fmt(points)}分）")
            box.setChecked(bool(checked[number]) if checked and number < len(checked) else False)
            layout.addWidget(box)
            self.boxes.append(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def checked(self) -> tuple[bool, ...]:
        return tuple(box.isChecked() for box in self.boxes)
