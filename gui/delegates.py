"""Editors for the review tables: a combo where the model offers choices, a validated line edit for numbers."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QToolTip

from gui.roles import EditChoicesRole

NUMBER_PATTERN = QRegularExpression(r"^\s*-?[0-9０-９,，]*[.．]?[0-9０-９]*\s*$")


class ChoiceOrNumberDelegate(QStyledItemDelegate):
    """`free_text_columns` get a plain editor; other columns get a number editor or the model's choices.

    Choices are editable (a figure may take a value that is not among the alternatives) unless the
    column is in `fixed_choice_columns` (a qualitative level, applicable / not applicable).
    """

    def __init__(self, number_columns: set[int], fixed_choice_columns: set[int], parent=None):
        super().__init__(parent)
        self.number_columns = number_columns
        self.fixed_choice_columns = fixed_choice_columns

    def createEditor(self, parent, option, index):
        choices = index.data(EditChoicesRole)
        if choices:
            combo = QComboBox(parent)
            combo.addItems(choices)
            fixed = index.column() in self.fixed_choice_columns
            combo.setEditable(not fixed)
            if not fixed and index.column() in self.number_columns:
                combo.setValidator(QRegularExpressionValidator(NUMBER_PATTERN, combo))
            return combo
        editor = QLineEdit(parent)
        if index.column() in self.number_columns:
            editor.setValidator(QRegularExpressionValidator(NUMBER_PATTERN, editor))
            editor.setPlaceholderText("留空则按规则计算")
        return editor

    def setEditorData(self, editor, index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            position = editor.findText(text)
            if position >= 0:
                editor.setCurrentIndex(position)
            elif editor.isEditable():
                editor.setEditText(text)
            if editor.isEditable():
                # Typing replaces the old figure, as in a plain line edit; appending to it (8 → 89) was a trap.
                editor.lineEdit().selectAll()
        else:
            editor.setText(text)

    def setModelData(self, editor, model, index) -> None:
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        if not model.setData(index, text, Qt.ItemDataRole.EditRole):
            reason = getattr(model, "refusal", None) or "请填写范围内的数值"  # the session's reason, if it refused
            QToolTip.showText(editor.mapToGlobal(editor.rect().bottomLeft()), f"输入无效：{reason}")
