"""Excel workbooks (xlsx): each sheet's used range becomes one Table (merged ranges as spans) and one Page."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

from core.documents.builder import Content, TextBuilder, render_table
from core.documents.model import GET_COMPLETE_FILE, Cell, DocumentError, Page, Table
from core.documents.xlsx_formulas import FormulaCells, uncached_formulas

# Worksheet XML beyond this (uncompressed, all sheets together) is no 自评表 and would take openpyxl minutes
# and gigabytes to build; refused before loading.
MAX_SHEET_XML_BYTES = 64 * 1024 * 1024
# Grid positions of one sheet's used range (rows × columns). A 自评表 is a few thousand; a stray value in
# XFD1048576 must not make us allocate a grid of 17 billion positions.
MAX_GRID_CELLS = 100_000
_WORKSHEET_PREFIX = "xl/worksheets/"


def load_xlsx(data: bytes) -> Content:
    archive = _archive(data)
    reader = _read_workbook(data)
    formulas = uncached_formulas(archive, reader)
    out = TextBuilder()
    pages: list[Page] = []
    tables: list[Table] = []
    warnings: list[str] = []
    for number, sheet in enumerate(reader.wb.worksheets, start=1):
        if number > 1:
            out.append("\n")  # a blank line between sheets, as between a docx's tables
        start = out.length
        table = _sheet_table(sheet, formulas.get(sheet.title))
        if table is not None:
            table.page = number
            render_table(table, out)
            tables.append(table)
        hidden = sheet.sheet_state != "visible"
        if hidden:
            warnings.append(f"HIDDEN_SHEET: 工作表“{sheet.title}”是隐藏的，其内容也已读取")
        pages.append(Page(number=number, start=start, end=out.length, has_text=table is not None,
                          name=sheet.title, hidden=hidden))
    if not tables:
        raise DocumentError("EMPTY_FILE", "Excel 工作簿中没有任何填写了内容的单元格，没有可分析的内容。"
                                          "请确认选择的是填好的自评表。")
    return Content(text=out.text(), pages=pages, tables=tables, warnings=warnings)


def _archive(data: bytes) -> zipfile.ZipFile:
    """The package, after checking the sheets' declared sizes (zipfile stops at the declared size)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheet_bytes = sum(info.file_size for info in archive.infolist()
                          if info.filename.startswith(_WORKSHEET_PREFIX))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _corrupt() from exc
    if sheet_bytes > MAX_SHEET_XML_BYTES:
        raise DocumentError("TOO_LARGE", f"Excel 工作表解压后共 {sheet_bytes / 1024 / 1024:.0f} MB，远超自评表的规模，"
                                         "无法读取。请删去与自评表无关的工作表后另存再打开。")
    return archive


def _read_workbook(data: bytes):
    """openpyxl in normal mode (read-only mode drops merged ranges) with cached formula values."""
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=False, data_only=True, keep_links=False)
        reader.read()
    except Exception as exc:  # openpyxl raises zip, XML, key, type and value errors alike for a damaged package
        raise _corrupt() from exc
    return reader


def _corrupt() -> DocumentError:
    return DocumentError("CORRUPT_FILE", "Excel 工作簿（xlsx）已损坏或不完整，无法读取。" + GET_COMPLETE_FILE)


def _sheet_table(sheet, formulas: FormulaCells | None) -> Table | None:
    """The sheet's used range (non-empty cells) as a Table whose grid starts at the range's top-left."""
    texts = _cell_texts(sheet, formulas)
    if not texts:
        return None
    # A filled merged cell's whole range belongs to the table, even rows below its last filled neighbour.
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges
              if (r.min_row, r.min_col) in texts]
    ranges += [(row, col, row, col) for row, col in texts]
    top, left = min(r[0] for r in ranges), min(r[1] for r in ranges)
    bottom, right = max(r[2] for r in ranges), max(r[3] for r in ranges)
    n_rows, n_cols = bottom - top + 1, right - left + 1
    if n_rows * n_cols > MAX_GRID_CELLS:
        raise DocumentError("TOO_LARGE", f"工作表“{sheet.title}”的填写范围达 {n_rows} 行 × {n_cols} 列，"
                                         "远超自评表的规模，无法读取。请删去表格以外的内容后另存再打开。")
    spans = _merged_spans(sheet, top, left, bottom, right)
    covered = {(r, c) for (row, col), (rowspan, colspan) in spans.items()
               for r in range(row, row + rowspan) for c in range(col, col + colspan)} - spans.keys()
    cells = []
    for row in range(top, bottom + 1):
        for col in range(left, right + 1):
            if (row, col) in covered:
                continue
            rowspan, colspan = spans.get((row, col), (1, 1))
            cells.append(Cell(text=texts.get((row, col), ""), row=row - top, col=col - left,
                              rowspan=rowspan, colspan=colspan))
    return Table(n_rows=n_rows, n_cols=n_cols, cells=cells, sheet=sheet.title, origin=(top, left))


def _cell_texts(sheet, formulas: FormulaCells | None) -> dict[tuple[int, int], str]:
    """(row, col) → text of every cell that shows something. openpyxl keeps only the cells the file
    stores in `_cells`; iterating the declared dimension instead would walk every empty position."""
    texts = {}
    for position, cell in sheet._cells.items():
        value = cell.value
        if value is None and formulas is not None:
            value = formulas.value(cell.coordinate)
        text = cell_text(value, cell.number_format)
        if text:
            texts[position] = text
    return texts


def _merged_spans(sheet, top: int, left: int, bottom: int, right: int) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each merged range's top-left → (rowspan, colspan), clipped to the used range."""
    spans = {}
    for merged in sheet.merged_cells.ranges:
        row0, col0 = max(merged.min_row, top), max(merged.min_col, left)
        row1, col1 = min(merged.max_row, bottom), min(merged.max_col, right)
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
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        number *= 100
    return format(number.normalize(), "f") + ("%" if percent else "")


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
