"""Workbook reports (xlsx, xls) as their sheets: one tab per sheet, a grid with Excel's row and column headings, merged
cells spanned, highlights and selections as spans of Document.text."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QTabWidget

from core.documents.model import Cell, Document, Table
from gui.roles import NO_PARENT
from gui.text_view import HIGHLIGHT, document_font

HIDDEN_SUFFIX = "（隐藏）"
MAX_COLUMN_WIDTH = 360  # a long 预期目标 cell wraps instead of pushing the scores off screen
MIN_COLUMN_WIDTH = 36
CELL_PADDING = 12


def column_letter(number: int) -> str:
    """Excel's heading of the 1-based column `number` (1 → A, 27 → AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class SheetModel(QAbstractTableModel):
    """One sheet's Table; a merged cell's text sits at its top-left position (the view spans it)."""

    def __init__(self, table: Table, parent=None):
        super().__init__(parent)
        self.table = table
        self.top_left = {(cell.row, cell.col): cell for cell in table.cells}
        self.highlighted: set[tuple[int, int]] = set()

    def rowCount(self, parent: QModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else self.table.n_rows

    def columnCount(self, parent: QModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else self.table.n_cols

    def cell(self, index: QModelIndex) -> Cell | None:
        return self.top_left.get((index.row(), index.column())) if index.isValid() else None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        cell = self.cell(index)
        if cell is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole and (cell.row, cell.col) in self.highlighted:
            return QBrush(HIGHLIGHT)
        return None

    def flags(self, index: QModelIndex):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letter(self.table.origin[1] + section)
        return str(self.table.origin[0] + section)

    def set_highlighted(self, positions: set[tuple[int, int]]) -> None:
        changed = positions ^ self.highlighted
        self.highlighted = positions
        for row, col in changed:
            index = self.index(row, col)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.BackgroundRole])


class SheetGrid(QTableView):
    def __init__(self, table: Table, parent=None):
        super().__init__(parent)
        self.setModel(SheetModel(table, self))
        self.setFont(document_font())
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        for cell in table.cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                self.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Each column as wide as its own cells' text, up to MAX_COLUMN_WIDTH; merged cells are left out (Qt's
        resizeColumnsToContents gives a title spanning the sheet all to its first column)."""
        metrics = self.fontMetrics()
        widths = [MIN_COLUMN_WIDTH] * self.model().table.n_cols
        for cell in self.model().table.cells:
            if cell.colspan == 1 and cell.text:
                widths[cell.col] = max(widths[cell.col], metrics.horizontalAdvance(cell.text) + CELL_PADDING)
        for col, width in enumerate(widths):
            self.setColumnWidth(col, min(width, MAX_COLUMN_WIDTH))
        self.resizeRowsToContents()

    def scroll_to_cell(self, cell: Cell) -> None:
        """The cell in view, its row in the upper third (as the text view places a span)."""
        self.scrollTo(self.model().index(cell.row, cell.col), QAbstractItemView.ScrollHint.EnsureVisible)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.rowViewportPosition(cell.row) - self.viewport().height() // 3)


class SheetView(QTabWidget):
    """The sheets of a workbook Document (xlsx, xls), with the same span interface as the text and page views."""

    selectionChanged = Signal(int, int)  # start, end offsets in Document.text

    def __init__(self, parent=None):
        super().__init__(parent)
        self.document_model: Document | None = None
        self.grids: dict[int, SheetGrid] = {}  # id(table) → its grid
        self._highlights: list[tuple[int, int]] = []

    def set_document(self, document: Document) -> None:
        self.document_model = document
        for index in reversed(range(self.count())):  # QTabWidget.clear() would keep the old grids alive
            self.widget(index).deleteLater()
        self.clear()
        self.grids = {}
        self._highlights = []
        tables = {table.page: table for table in document.tables if table.sheet is not None}
        for page in document.pages:
            title = page.name + (HIDDEN_SUFFIX if page.hidden else "")
            table = tables.get(page.number)
            if table is None:
                self.addTab(QLabel("（空工作表）", alignment=Qt.AlignmentFlag.AlignCenter), title)
                continue
            grid = SheetGrid(table)
            grid.selectionModel().selectionChanged.connect(self._on_selection)
            self.grids[id(table)] = grid
            self.addTab(grid, title)

    def grid_of(self, table: Table) -> SheetGrid:
        return self.grids[id(table)]

    # -- spans ---------------------------------------------------------------------------------------
    def _cells(self, start: int, end: int) -> list[tuple[Table, Cell]]:
        return self.document_model.sheet_cells(start, end) if self.document_model else []

    def set_highlights(self, spans: list[tuple[int, int]]) -> None:
        self._highlights = list(spans)
        marked: dict[int, set[tuple[int, int]]] = {key: set() for key in self.grids}
        for start, end in spans:
            for table, cell in self._cells(start, end):
                marked[id(table)].add((cell.row, cell.col))
        for key, grid in self.grids.items():
            grid.model().set_highlighted(marked[key])

    def highlighted_spans(self) -> list[tuple[int, int]]:
        return list(self._highlights)

    def highlighted_cells(self) -> list[str]:
        """The highlighted cells as Excel references, read from the grids' models."""
        from core.documents.model import sheet_cell_ref

        return [sheet_cell_ref(grid.model().table, grid.model().top_left[position])
                for grid in self.grids.values() for position in sorted(grid.model().highlighted)]

    def scroll_to_span(self, start: int, end: int) -> None:
        cells = self._cells(start, end)
        if cells:
            table, cell = cells[0]
            grid = self.grid_of(table)
            self.setCurrentWidget(grid)
            grid.scroll_to_cell(cell)

    def set_selection(self, start: int, end: int) -> None:
        cells = self._cells(start, end)
        if not cells:
            return
        grid = self.grid_of(cells[0][0])
        self.setCurrentWidget(grid)
        selection = QItemSelection()
        for table, cell in cells:
            if table is cells[0][0]:
                index = grid.model().index(cell.row, cell.col)
                selection.select(index, index)
        grid.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def selected_span(self) -> tuple[int, int] | None:
        """From the first to the last selected cell's text, in reading order (None without text)."""
        grid = self.currentWidget()
        if not isinstance(grid, SheetGrid):
            return None
        cells = [grid.model().cell(index) for index in grid.selectionModel().selectedIndexes()]
        spans = [(cell.start, cell.end) for cell in cells if cell is not None and cell.end > cell.start]
        return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None

    def _on_selection(self) -> None:
        span = self.selected_span()
        if span:
            self.selectionChanged.emit(*span)

    def zoomIn(self, steps: int = 1) -> None:
        """A point larger (or smaller) per step, as the text view zooms."""
        for grid in self.grids.values():
            font = grid.font()
            font.setPointSizeF(max(6.0, font.pointSizeF() + steps))
            grid.setFont(font)
            grid.fit_columns()
