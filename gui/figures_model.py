"""基础数据: one row per framework variable with the session's value, its origin and where it was read."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.decimals import fmt
from gui.roles import NO_PARENT, EditChoicesRole, FixedColumns, number_text

COLUMNS = ("基础数据", "数值", "单位", "来源", "位置")
COL_LABEL, COL_VALUE, COL_UNIT, COL_ORIGIN, COL_LOC = range(len(COLUMNS))
ORIGIN_BADGE = {"extracted": "提取", "table": "提取(表格)", "corrected": "更正", "entered": "录入"}
ORIGIN_COLOUR = {"extracted": QColor(225, 240, 225), "table": QColor(225, 240, 225),
                 "corrected": QColor(250, 225, 200), "entered": QColor(215, 230, 250)}
MISSING_COLOUR = QColor(255, 240, 180)

VariableRole = Qt.ItemDataRole.UserRole + 10
SpanRole = Qt.ItemDataRole.UserRole + 11  # (start, end) in Document.text, or None


def parse_value(text: str, variable=None) -> Decimal | None | bool:
    """A typed figure: None clears it, False rejects it; core reads the number (full-width digits,
    thousands separators, the variable's own unit)."""
    from core.analysis import AnalysisError, parse_value as parse_typed

    if not text.strip():
        return None
    try:
        return parse_typed(text, variable)
    except AnalysisError:
        return False


class FiguresModel(FixedColumns, QAbstractTableModel):
    COLUMNS = COLUMNS

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.session = None
        self._vars: list[str] = []
        if session is not None:
            self.set_session(session)

    def set_session(self, session) -> None:
        self.beginResetModel()
        self.session = session
        self._vars = session.variable_ids() if session else []
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._vars)

    def row_of(self, var: str) -> int:
        return self._vars.index(var) if var in self._vars else -1

    def var_at(self, row: int) -> str | None:
        return self._vars[row] if 0 <= row < len(self._vars) else None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.session is None:
            return None
        var = self._vars[index.row()]
        value = self.session.value(var)
        column = index.column()
        if role == VariableRole:
            return var
        if role == SpanRole:
            return (value.loc.start, value.loc.end) if value and value.loc else None
        if role == Qt.ItemDataRole.EditRole and column == COL_VALUE:
            return number_text(value.value if value else None)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(var, value, column)
        if role == EditChoicesRole and column == COL_VALUE and value:
            return self._choices(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(value, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (value.loc.quote or None) if value and value.loc else "报告中未找到，请录入"
        return None

    @staticmethod
    def _choices(value) -> list[str]:
        """The current value first, then the other candidates the report offered."""
        choices = [fmt(value.value)] if value.value is not None else []
        return choices + [fmt(a.value) for a in value.alternatives if fmt(a.value) not in choices]

    @staticmethod
    def _background(value, column: int):
        if value is None or value.value is None:
            return QBrush(MISSING_COLOUR)
        if column == COL_ORIGIN:
            return QBrush(ORIGIN_COLOUR.get(value.origin, QColor(Qt.GlobalColor.white)))
        return None

    def _display(self, var: str, value, column: int):
        if column == COL_LABEL:
            return self.session.variable_label(var)
        if column == COL_UNIT:
            variable = self.session.framework.variables.get(var)
            return variable.unit if variable else ""
        if value is None:
            return "缺失" if column == COL_ORIGIN else ""
        if column == COL_VALUE:
            text = number_text(value.value)
            return text + (f"（另有{len(value.alternatives)}个候选）" if value.alternatives and text else "")
        if column == COL_ORIGIN:
            return ORIGIN_BADGE.get(value.origin, value.origin)
        if column == COL_LOC and value.loc:
            cell = self.session.document.cell_ref(value.loc.start, value.loc.end)
            place = f"{cell} " if cell else (f"第{value.loc.page}页 " if value.loc.page else "")
            return place + value.loc.quote.replace("\n", " ")[:30]
        return ""

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == COL_VALUE else base

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        self.refusal = None
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        var = self._vars[index.row()]
        parsed = parse_value("" if value is None else str(value), self.session.framework.variables.get(var))
        if parsed is False:
            return False
        current = self.session.value(var)
        alternatives = [a.value for a in current.alternatives] if current else []
        if parsed is not None and parsed in alternatives and parsed != current.value:
            self.session.choose_alternative(var, alternatives.index(parsed))  # keeps the candidate's location
            return True
        return self.edit(self.session.set_value, var, parsed)

    def apply_change(self, change) -> None:
        if change.framework or any(self.row_of(var) < 0 for var in change.variables):
            self.set_session(self.session)
            return
        for var in sorted(change.variables):
            row = self.row_of(var)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
