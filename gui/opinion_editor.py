"""编辑复核意见: one tab per section of the drafted 复核意见, each a plain-text editor with 恢复草稿. What is
drafted, what is stored and when a text counts as the draft is core's (core.exports.opinion_editing); the
dialog shows the texts and hands back what the reviewer typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

EDITED_MARK = "（已修改）"
HINT = "每段一行。与草稿相同的章节不单独保存，复核结果变化时随草稿更新；修改可撤销（Ctrl+Z）。"


class SectionEditor(QWidget):
    """One section: its text, and 恢复草稿 putting the draft back."""

    def __init__(self, section, parent=None):
        super().__init__(parent)
        self.section = section
        self.edit = QPlainTextEdit(section.text)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.restore_button = QPushButton("恢复草稿")
        self.restore_button.setToolTip("丢弃本章节的修改，改用按当前复核结果生成的草稿")
        self.restore_button.clicked.connect(lambda: self.edit.setPlainText(section.draft))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addLayout(row)

    @property
    def text(self) -> str:
        return self.edit.toPlainText()


class OpinionEditor(QDialog):
    def __init__(self, sections, parent=None):
        super().__init__(parent)
        self.setWindowTitle("编辑复核意见")
        self.resize(760, 560)
        self.tabs = QTabWidget()
        self.editors: dict[str, SectionEditor] = {}
        for index, section in enumerate(sections):
            editor = SectionEditor(section)
            self.editors[section.key] = editor
            self.tabs.addTab(editor, section.heading)
            editor.edit.textChanged.connect(lambda i=index, e=editor: self._mark_tab(i, e))
            self._mark_tab(index, editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _mark_tab(self, index: int, editor: SectionEditor) -> None:
        """The tab says whether its text differs from the draft (core's rule), as the reviewer types."""
        from core.exports.opinion_editing import same_text

        edited = not same_text(editor.text, editor.section.draft)
        self.tabs.setTabText(index, editor.section.heading + (EDITED_MARK if edited else ""))

    def texts(self) -> dict[str, str]:
        return {key: editor.text for key, editor in self.editors.items()}
