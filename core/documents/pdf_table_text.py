"""A ruled PDF table as text: each cell's characters joined into its field; parts continued over pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.documents.model import Rect
from core.documents.pdf_chars import Char
from core.documents.pdf_layout import Line, group_lines, joiner
from core.documents.pdf_tables import TableBox


@dataclass
class PlacedCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    boxes: list[Rect | None]


@dataclass
class TableBlock:
    """A ruled table, possibly continued over the following pages (Word repeats its header rows there)."""

    box: TableBox  # geometry of the part on the first page
    last_box: TableBox  # geometry of the latest part, to match a further continuation
    cells: list[PlacedCell]
    n_rows: int
    continuations: list[tuple[int, int]] = field(default_factory=list)  # (page number, first row)

    @property
    def y0(self) -> float:
        return self.box.top

    def row_signature(self, row: int) -> list[tuple[int, int, int, str]]:
        return sorted((c.col, c.colspan, c.rowspan, c.text) for c in self.cells if c.row == row)

    def absorb(self, other: "TableBlock", page: int, columns: list[int]) -> None:
        """Append the part `other` found on `page`, its columns placed in this table's grid by `columns`
        (`TableBox.column_map`): drop repeated header rows and extend a merged cell that the page break split
        (its lower part is an empty merged cell at the top of the continuation)."""
        for cell in other.cells:
            cell.col, cell.colspan = columns[cell.col], columns[cell.col + cell.colspan] - columns[cell.col]
        header = 0
        while header < min(self.n_rows, other.n_rows) and self.row_signature(header) == other.row_signature(header):
            header += 1
        if header == other.n_rows:
            return
        offset = self.n_rows - header
        for cell in other.cells:
            if cell.row < header or (cell.row == header and self._extend_split_cell(cell)):
                continue
            cell.row += offset
            self.cells.append(cell)
        self.continuations.append((page, self.n_rows))
        self.n_rows += other.n_rows - header
        self.last_box = TableBox(self.last_box.columns, other.box.rows, other.box.cells)

    def _extend_split_cell(self, cell: PlacedCell) -> bool:
        if cell.text or cell.rowspan < 2:
            return False
        for above in self.cells:
            if above.col == cell.col and above.colspan == cell.colspan and above.row + above.rowspan == self.n_rows:
                above.rowspan += cell.rowspan
                return True
        return False


def table_block(table: TableBox, cell_chars: list[list[Char]]) -> TableBlock:
    cells = [PlacedCell(box.row, box.col, box.rowspan, box.colspan, *_cell_text(chars))
             for box, chars in zip(table.cells, cell_chars)]
    return TableBlock(table, table, cells, table.n_rows)


def _cell_text(chars: list[Char]) -> tuple[str, list[Rect | None]]:
    """A cell's lines joined as one field (a cell wraps its text; its lines are one phrase)."""
    text = ""
    boxes: list[Rect | None] = []
    previous: Line | None = None
    for line in group_lines(chars):
        line_text, line_boxes = line.text_and_boxes()
        if previous is not None:
            glue = joiner(previous, line)
            text += glue
            boxes.extend([None] * len(glue))
        text += line_text
        boxes.extend(line_boxes)
        previous = line
    return text, boxes
