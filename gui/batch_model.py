"""The batch summary as a table: one row per report, sortable by the numbers (not their text) through
SortRole, in the risk order core.batch gives."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from core.batch.rows import rank
from core.batch.summary import reviewed_grade_text, reviewed_text
from gui.roles import NO_PARENT

SortRole = Qt.ItemDataRole.UserRole + 40
ReviewRole = Qt.ItemDataRole.UserRole + 41  # the row's review file (absolute), None when it failed
FAILED_COLOUR = QColor(200, 40, 40)
# header, value of a (rank, row) pair; the value is what sorting uses, str() of it what is shown
COLUMNS = (
    ("风险排名", lambda k, r: k),
    ("文件", lambda k, r: r.name),
    ("单位", lambda k, r: r.unit),
    ("年度", lambda k, r: r.year),
    ("自评总分", lambda k, r: r.claimed),
    ("复核总分", lambda k, r: reviewed_text(r)),
    ("差额", lambda k, r: r.difference),
    ("复核等级", lambda k, r: reviewed_grade_text(r)),
    ("错误", lambda k, r: None if r.failed else r.errors),
    ("警告", lambda k, r: None if r.failed else r.warnings),
    ("主要问题", lambda k, r: r.error or "；".join(r.top_findings)),
)


class BatchTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []  # (rank, SummaryRow)
        self._base: Path | None = None

    def set_result(self, result) -> None:
        """A core BatchResult; review paths resolve from the summary's folder."""
        self.beginResetModel()
        self._rows = list(zip(rank(result.rows), result.rows))
        self._base = result.summary.parent
        self.endResetModel()

    def rowCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        position, row = self._rows[index.row()]
        value = COLUMNS[index.column()][1](position, row)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
        if role == SortRole:
            # numbers before text, empty cells last, whatever the column holds
            return (value is None, isinstance(value, str), value if value is not None else 0)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.error or "\n".join(row.top_findings) or row.path
        if role == Qt.ItemDataRole.ForegroundRole and row.failed:
            return FAILED_COLOUR
        if role == ReviewRole:
            return str(self._base / row.review_file) if row.review_file and self._base else None
        return None


class BatchSortProxy(QSortFilterProxyModel):
    """Sorts by SortRole's Python keys, which Qt's own comparison cannot order."""

    def lessThan(self, left, right) -> bool:
        source = self.sourceModel()
        return source.data(left, SortRole) < source.data(right, SortRole)
