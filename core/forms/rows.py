"""Where a 自评表's rows come from: a grid table (docx, pdf, xlsx) or text copied out of Word (one line per
row, cells joined by tabs). Either way the reader gets `Field`s with their span in Document.text.

A grid row has one field per grid column: a merged cell's text stands at its top-left position only, the
positions it covers are empty (as a level cell merged down is empty in the rows below it). Copied text has
one field per cell as Word gives them: a cell merged across columns appears once, a cell merged down leaves
an empty field, a cell of several paragraphs breaks its row over several lines (`join_broken_row`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.documents.model import Table
from core.forms.header import fold

CONTEXT_LINES = 8  # lines above a grid table that may hold its title, year and 填报单位
NOTE_LINES = 4  # lines under it that may hold a note fixing the weights


@dataclass(frozen=True)
class Field:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return fold(self.text)


Row = list[Field]


def non_empty(row: Row) -> list[Field]:
    return [f for f in row if f.folded]


def row_span(row: Row) -> tuple[int, int]:
    """From the first to the last non-empty field (the whole row where all are empty)."""
    filled = non_empty(row) or row
    return filled[0].start, filled[-1].end


@dataclass
class RowSource:
    """The rows of one candidate table: context lines above, the rows, lines below."""

    rows: list[Row]
    source: str  # table | text
    before: list[Field]
    after: list[Field]
    start: int
    end: int
    text: str = ""  # Document.text where the rows are its lines, which a broken row may span (tab copies)


def line_fields(text: str, start: int, end: int) -> Row:
    """The tab-separated fields of text[start:end], each with its span."""
    out: Row = []
    at = start
    for part in text[start:end].split("\t"):
        out.append(Field(part, at, at + len(part)))
        at += len(part) + 1
    return out


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, at = [], start
    for line in text[start:end].split("\n"):
        stop = at + len(line)
        out.append((at, stop - 1 if line.endswith("\r") else stop))
        at = stop + 1
    return out


def _text_lines(text: str, start: int, end: int) -> list[Field]:
    return [Field(text[s:e], s, e) for s, e in _lines(text, start, end) if text[s:e].strip()]


def rows_of_table(table: Table, text: str, previous_end: int, next_start: int) -> RowSource:
    covering: dict[tuple[int, int], object] = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                covering.setdefault((r, c), cell)
    rows: list[Row] = []
    for r in range(table.n_rows):
        row: Row = []
        for c in range(table.n_cols):
            cell = covering.get((r, c))
            if cell is None or (cell.row, cell.col) != (r, c) or cell.start < 0:
                at = cell.end if cell is not None and cell.end >= 0 else table.start
                row.append(Field("", at, at))
            else:
                row.append(Field(cell.text, cell.start, cell.end))
        rows.append(row)
    before = _text_lines(text, max(previous_end, 0), max(table.start, 0))[-CONTEXT_LINES:]
    after = _text_lines(text, table.end, next_start)[:NOTE_LINES] if table.end >= 0 else []
    return RowSource(rows, "table", before, after, table.start, table.end)


def rows_of_text(text: str, start: int, end: int) -> RowSource:
    """Every line of text[start:end] as a row of its tab-separated fields (a line without tabs is one)."""
    rows = [line_fields(text, s, e) for s, e in _lines(text, start, end)]
    return RowSource([row for row in rows if any(f.folded for f in row)], "text", [], [], start, end, text)


def join_broken_row(source: RowSource, at: int, width: int, continues: Callable[[Field], bool]) -> tuple[Row, int]:
    """The row at `at` of copied text, joined with the lines that continue it where a cell of several
    paragraphs broke it: a row short of `width` fields takes the following lines while it stays short (kept
    only when it then has exactly `width`); a full row whose last cell is filled takes the following one-field
    lines (the last cell's further paragraphs). A line whose first cell `continues` refuses (a block label,
    a note, a total) is no continuation. Returns the row and the next index."""
    rows = source.rows
    row, nxt = rows[at], at + 1
    if 2 <= len(row) < width and (not row[0].folded or continues(row[0])):
        joined, j = list(row), at + 1
        while len(joined) < width and j < len(rows) and (not rows[j][0].folded or continues(rows[j][0])):
            joined = joined[:-1] + [_joined(source, joined[-1], rows[j][0])] + rows[j][1:]
            j += 1
        if len(joined) == width:
            row, nxt = joined, j
    while (len(row) == width and row[-1].folded and nxt < len(rows) and len(rows[nxt]) == 1
           and continues(rows[nxt][0])):
        row = row[:-1] + [_joined(source, row[-1], rows[nxt][0])]
        nxt += 1
    return row, nxt


def join_lines(source: RowSource, at: int, count: int) -> Row:
    """Rows at..at+count-1 as one row, each line's first field continuing the field before it (a header
    cell of several paragraphs: 年度 / 指标值)."""
    joined = list(source.rows[at])
    for row in source.rows[at + 1:at + count]:
        joined = joined[:-1] + [_joined(source, joined[-1], row[0])] + row[1:]
    return joined


def _joined(source: RowSource, first: Field, last: Field) -> Field:
    return Field(source.text[first.start:last.end], first.start, last.end)
