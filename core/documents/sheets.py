"""Workbooks whatever their file format (xlsx, xls): each sheet's filled range becomes one Table (merged
ranges as spans) rendered like a docx table, and one Page; cell values shown as the reader sees them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from core.documents.builder import Content, TextBuilder, render_table
from core.documents.model import Cell, DocumentError, Page, Table

# Grid positions of one sheet's used range (rows × columns). A 自评表 is a few thousand; a stray value in
# XFD1048576 must not make us allocate a grid of 17 billion positions.
MAX_GRID_CELLS = 100_000

Position = tuple[int, int]  # 1-based (row, column), as Excel numbers them
Range = tuple[int, int, int, int]  # 1-based (min_row, min_col, max_row, max_col), inclusive


@dataclass
class SheetData:
    """What a format reader found in one sheet: the texts of its filled cells and its merged ranges."""

    title: str
    hidden: bool = False
    texts: dict[Position, str] = field(default_factory=dict)
    merged: list[Range] = field(default_factory=list)


def workbook_content(sheets: list[SheetData]) -> Content:
    out = TextBuilder()
    pages: list[Page] = []
    tables: list[Table] = []
    warnings: list[str] = []
    for number, sheet in enumerate(sheets, start=1):
        if number > 1:
            out.append("\n")  # a blank line between sheets, as between a docx's tables
        start = out.length
        table = sheet_table(sheet)
        if table is not None:
            table.page = number
            render_table(table, out)
            tables.append(table)
        if sheet.hidden:
            warnings.append(f"HIDDEN_SHEET: 工作表“{sheet.title}”是隐藏的，其内容也已读取")
        pages.append(Page(number=number, start=start, end=out.length, has_text=table is not None,
                          name=sheet.title, hidden=sheet.hidden))
    if not tables:
        raise DocumentError("EMPTY_FILE", "Excel 工作簿中没有任何填写了内容的单元格，没有可分析的内容。"
                                          "请确认选择的是填好的自评表。")
    return Content(text=out.text(), pages=pages, tables=tables, warnings=warnings)


def sheet_table(sheet: SheetData) -> Table | None:
    """The sheet's filled range as a Table whose grid starts at the range's top-left cell."""
    if not sheet.texts:
        return None
    # A filled merged cell's whole range belongs to the table, even rows below its last filled neighbour.
    ranges = [r for r in sheet.merged if (r[0], r[1]) in sheet.texts]
    ranges += [(row, col, row, col) for row, col in sheet.texts]
    top, left = min(r[0] for r in ranges), min(r[1] for r in ranges)
    bottom, right = max(r[2] for r in ranges), max(r[3] for r in ranges)
    n_rows, n_cols = bottom - top + 1, right - left + 1
    if n_rows * n_cols > MAX_GRID_CELLS:
        raise DocumentError("TOO_LARGE", f"工作表“{sheet.title}”的填写范围达 {n_rows} 行 × {n_cols} 列，"
                                         "远超自评表的规模，无法读取。请删去表格以外的内容后另存再打开。")
    spans = _clipped_spans(sheet.merged, (top, left, bottom, right))
    covered = {(r, c) for (row, col), (rowspan, colspan) in spans.items()
               for r in range(row, row + rowspan) for c in range(col, col + colspan)} - spans.keys()
    cells = []
    for row in range(top, bottom + 1):
        for col in range(left, right + 1):
            if (row, col) in covered:
                continue
            rowspan, colspan = spans.get((row, col), (1, 1))
            cells.append(Cell(text=sheet.texts.get((row, col), ""), row=row - top, col=col - left,
                              rowspan=rowspan, colspan=colspan))
    return Table(n_rows=n_rows, n_cols=n_cols, cells=cells, sheet=sheet.title, origin=(top, left))


def _clipped_spans(merged: list[Range], bounds: Range) -> dict[Position, tuple[int, int]]:
    """Top-left of each merged range → (rowspan, colspan), clipped to `bounds`."""
    top, left, bottom, right = bounds
    spans = {}
    for min_row, min_col, max_row, max_col in merged:
        row0, col0 = max(min_row, top), max(min_col, left)
        row1, col1 = min(max_row, bottom), min(max_col, right)
        if row0 <= row1 and col0 <= col1 and (row1 > row0 or col1 > col0):
            spans[(row0, col0)] = (row1 - row0 + 1, col1 - col0 + 1)
    return spans


def cell_text(value, number_format: str = "General") -> str:
    """A cell's value as the reader sees it written: numbers in full (a percent format shows ×100 with %),
    dates as YYYY-MM-DD, text as stored (numbers stored as text stay text) with breaks and tabs flattened."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return _number_text(value, _is_percent(number_format))
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == datetime.time() else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return " ".join(str(value).replace("\t", " ").split("\n")).strip()


def _number_text(value: int | float | Decimal, percent: bool) -> str:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return ""
    # Excel shows a double to 15 significant digits: 0.1+0.2 stored as 0.30000000000000004 reads 0.3.
    number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
    if percent:
        number *= 100
    return format(number.normalize() if number else Decimal(0), "f") + ("%" if percent else "")


@lru_cache(maxsize=256)  # a workbook has a handful of formats and many thousand cells
def _is_percent(number_format: str) -> bool:
    """A % outside quoted literals and escapes scales the number by 100 in Excel's display."""
    bare, quoted, escaped = [], False, False
    for char in number_format or "":
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif not quoted:
            bare.append(char)
    return "%" in bare
