"""What the review models share with their views: the extra item roles, the top-level index, number text."""

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt

from core.decimals import fmt

NO_PARENT = QModelIndex()  # the invalid index Qt uses for "top level"
EditChoicesRole = Qt.ItemDataRole.UserRole + 2  # list of strings an editor offers (combo), or None


class FixedColumns:
    """Mixin for the review models: a fixed tuple of column titles as the horizontal header, and edits
    through the session, which decides what is admissible."""

    COLUMNS: tuple[str, ...] = ()
    refusal: str | None = None  # why the session refused the last edit, in its own words

    def edit(self, setter, *args) -> bool:
        """setter(*args) on the session; False, with `refusal` set, if the session refused it."""
        from core.review.limits import ReviewValueError

        try:
            setter(*args)
        except ReviewValueError as exc:
            self.refusal = exc.message
            return False
        self.refusal = None
        return True

    def columnCount(self, parent: QModelIndex = NO_PARENT) -> int:
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


def number_text(value: Decimal | None) -> str:
    """A cell's number as the core formats it; empty when there is none."""
    return "" if value is None else fmt(value)
