"""Findings grouped by severity, with the reviewer's verdict (采纳/驳回) and note for each."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.checks.model import SEVERITIES
from gui.roles import NO_PARENT, FixedColumns

COLUMNS = ("问题", "代码", "处理", "备注", "写入意见")
COL_MESSAGE, COL_CODE, COL_STATUS, COL_NOTE, COL_OPINION = range(len(COLUMNS))
SEVERITY_TEXT = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_COLOUR = {"error": QColor(200, 40, 40), "warning": QColor(190, 120, 0), "info": QColor(60, 90, 160)}
STATUS_TEXT = {"open": "待处理", "accepted": "已采纳", "dismissed": "已驳回"}

FindingRole = Qt.ItemDataRole.UserRole + 20  # the Finding of a row (None on group rows)


def loc_text(loc, document=None) -> str:
    """第 N 页“quote” (the page only for PDFs; on a workbook its cell instead), the quote on one line."""
    quote = " ".join(loc.quote.split())
    cell = document.cell_ref(loc.start, loc.end) if document is not None else None
    place = f"{cell} " if cell else (f"第 {loc.page} 页" if loc.page else "")
    return place + (f"“{quote}”" if quote else f"第 {loc.start} 字处")


def finding_details(finding, state, document=None) -> str:
    """The whole of a finding for the details box under the list, which cuts the message off."""
    head = f"【{SEVERITY_TEXT.get(finding.severity, finding.severity)}】{finding.code}"
    lines = [head + (f"　{finding.about}" if finding.about else ""), finding.message]
    figures = [f"{label}：{value}" for label, value in (("报告所写", finding.stated), ("核算应为", finding.expected))
               if value]
    if figures:
        lines.append("　　".join(figures))
    lines.append("原文位置：" + ("；".join(loc_text(loc, document) for loc in finding.locs) if finding.locs else "无"))
    status = f"处理：{STATUS_TEXT.get(state.status, state.status)}"
    lines.append(status + (f"　备注：{state.note}" if state.note else ""))
    return "\n".join(lines)


class Group:
    """A severity's row; finding rows point to their Group through internalPointer."""

    def __init__(self, number: int):
        self.number = number
        self.rows: list[tuple] = []  # (Finding, key)


class Row:
    __slots__ = ("finding", "group", "key")

    def __init__(self, group: Group, finding, key: str):
        self.group, self.finding, self.key = group, finding, key


class FindingsModel(FixedColumns, QAbstractItemModel):
    """Two levels: one group per severity, then the findings of that severity in session order."""
    COLUMNS = COLUMNS

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.session = None
        self._groups = [Group(n) for n in range(len(SEVERITIES))]
        if session is not None:
            self.set_session(session)

    def set_session(self, session) -> None:
        self.beginResetModel()
        self.session = session
        self._groups = [Group(n) for n in range(len(SEVERITIES))]
        pairs = zip(session.findings, session.finding_keys, strict=True) if session else ()
        for finding, key in pairs:
            number = SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else len(SEVERITIES) - 1
            self._groups[number].rows.append(Row(self._groups[number], finding, key))
        self.endResetModel()

    def index(self, row: int, column: int, parent: QModelIndex = NO_PARENT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._groups[row])
        return self.createIndex(row, column, parent.internalPointer().rows[row])

    def parent(self, index: QModelIndex = NO_PARENT) -> QModelIndex:
        if not index.isValid() or self._is_group(index):
            return QModelIndex()
        group = index.internalPointer().group
        return self.createIndex(group.number, 0, group)

    @staticmethod
    def _is_group(index: QModelIndex) -> bool:
        return isinstance(index.internalPointer(), Group)

    def rowCount(self, parent: QModelIndex = NO_PARENT) -> int:
        if not parent.isValid():
            return len(SEVERITIES)
        if self._is_group(parent) and parent.column() == 0:
            return len(parent.internalPointer().rows)
        return 0


    def finding_at(self, index: QModelIndex):
        if not index.isValid() or self._is_group(index):
            return None
        return index.internalPointer().finding

    def key_at(self, index: QModelIndex) -> str | None:
        """The session's stable key of the finding (verdicts are stored under it)."""
        if not index.isValid() or self._is_group(index):
            return None
        return index.internalPointer().key

    def keys_in_order(self) -> list[str]:
        """Finding keys in display order (severity groups, then session order)."""
        return [row.key for group in self._groups for row in group.rows]

    def index_of_key(self, key: str) -> QModelIndex:
        for group in self._groups:
            for number, row in enumerate(group.rows):
                if row.key == key:
                    return self.createIndex(number, 0, row)
        return QModelIndex()

    def index_of(self, finding_id: str) -> QModelIndex:
        for group in self._groups:
            for number, row in enumerate(group.rows):
                if row.finding.id == finding_id:
                    return self.createIndex(number, 0, row)
        return QModelIndex()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if self._is_group(index):
            return self._group_data(index.row(), index.column(), role)
        finding = self.finding_at(index)
        if role == FindingRole:
            return finding
        state = self.session.finding_state(self.key_at(index))
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {COL_MESSAGE: finding.message, COL_CODE: finding.code,
                    COL_STATUS: STATUS_TEXT.get(state.status, state.status), COL_NOTE: state.note or "",
                    COL_OPINION: None}.get(column)
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_OPINION:
            return Qt.CheckState.Checked if state.include_in_opinion else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_MESSAGE:
            quotes = "\n".join(f"“{loc.quote}”" for loc in finding.locs if loc.quote)
            return finding.message + ("\n" + quotes if quotes else "")
        if role == Qt.ItemDataRole.ForegroundRole and state.status == "dismissed":
            return QBrush(QColor(140, 140, 140))
        return None

    def _group_data(self, group: int, column: int, role):
        severity = SEVERITIES[group]
        if role == Qt.ItemDataRole.DisplayRole and column == COL_MESSAGE:
            return f"{SEVERITY_TEXT[severity]}（{len(self._groups[group].rows)}）"
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_MESSAGE:
            return QBrush(SEVERITY_COLOUR[severity])
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._is_group(index):
            return base
        if index.column() == COL_OPINION:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == COL_NOTE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        key = self.key_at(index)
        if key is None:
            return False
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == COL_OPINION:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.session.set_finding_state(key, include_in_opinion=checked)
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() == COL_NOTE:
            self.session.set_finding_state(key, note=str(value or ""))
            return True
        return False

    def apply_change(self, change) -> None:
        """New findings rebuild the list; a verdict repaints the rows it concerns."""
        if change.findings or change.framework:
            self.set_session(self.session)
            return
        if change.finding_states:
            for group in self._groups:
                for number, row in enumerate(group.rows):
                    if row.key in change.finding_states:
                        self.dataChanged.emit(self.createIndex(number, 0, row),
                                              self.createIndex(number, len(COLUMNS) - 1, row))
