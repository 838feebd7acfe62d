"""The one document model every loader produces: text with offsets that map back to pages."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from core.errors import CodedError

# load(progress=...) calls it with (steps done, steps in all, what the step is: READING or, for a scanned PDF
# page, RECOGNISING); raising LoadCancelled from it stops the load.
ProgressCallback = Callable[[int, int, str], None]
READING = "read"
RECOGNISING = "ocr"


_PLAIN_SHEET_NAME = re.compile(r"[^\W\d]\w*")
_LOOKS_LIKE_CELL = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*")

# What the reader can do, ending the load messages that share it (cli.md: what is wrong, then what to do).
CHECK_PATH = "请检查路径和文件名。"
GET_COMPLETE_FILE = "请重新获取完整的文件。"
CHECK_PASSWORD = "请核对密码后重试。"
SPLIT_OR_SHRINK = "请检查文件是否为正常的绩效自评报告，或拆分、删去大图片后另存再打开。"


class DocumentError(CodedError):
    """A report that cannot be loaded. `code` is one of the cli.md load error codes."""

    CODES = (
        "NOT_FOUND",
        "PERMISSION_DENIED",
        "EMPTY_FILE",
        "CORRUPT_FILE",
        "ENCRYPTED",
        "UNSUPPORTED_FORMAT",
        "TOO_LARGE",
        "TOO_COMPLEX",
    )

    def __init__(self, code: str, message: str):
        assert code in self.CODES, code
        super().__init__(code, message)


# Workbooks, whose locations are cells; formats whose Page is meaningful to the reader: PDF pages and sheets.
SHEET_FORMATS = ("xlsx", "xls")
PAGED_FORMATS = ("pdf", *SHEET_FORMATS)


class LoadCancelled(Exception):
    """Raised by a progress callback to stop a load; load() lets it through (it is not a DocumentError)."""


@dataclass(frozen=True)
class Loc:
    """A span of Document.text (what extraction, forms and findings point at); `page` is 1-based for PDFs,
    None otherwise."""

    start: int
    end: int
    page: int | None = None
    quote: str = ""

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "page": self.page, "quote": self.quote}

    def overlaps(self, other: "Loc") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Rect:
    """A rectangle on a page in PDF points, origin top-left, y growing downwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    def union(self, other: "Rect") -> "Rect":
        return Rect(min(self.x0, other.x0), min(self.y0, other.y0),
                    max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass
class Page:
    """One page (a txt or docx document is a single logical page with no geometry; an xlsx sheet is a page)."""

    number: int  # 1-based
    start: int  # offset of the page's first character in Document.text
    end: int
    width: float = 0.0
    height: float = 0.0
    has_text: bool = True
    name: str = ""  # xlsx: the sheet's name
    hidden: bool = False  # xlsx: a hidden sheet (its content is read all the same)


@dataclass
class Cell:
    """One table cell, stored once even when merged; `row`/`col` is its top-left grid position."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    start: int = -1  # span of the cell's text inside Document.text (-1: not rendered)
    end: int = -1


# Grid positions a table may have (rows × columns): grid() allocates them all, and a damaged file can
# declare billions. A real 自评表 has a few thousand.
MAX_TABLE_GRID = 2_000_000


@dataclass
class Table:
    n_rows: int
    n_cols: int
    cells: list[Cell]
    start: int = -1  # span of the rendered table inside Document.text
    end: int = -1
    page: int | None = None
    sheet: str | None = None  # xlsx: the sheet the table is, whose cell (row, col) of the grid is at
    origin: tuple[int, int] = (1, 1)  # … the sheet's 1-based (row, column) `origin` + (row, col)
    # The cells' start offsets, taken on the first span query once the table is rendered.
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def rendered_cells(self, start: int, end: int) -> list[Cell]:
        """The cells a span of Document.text overlaps, else the empty cell it sits at, in reading order.
        render_table writes the cells in list order, so their starts ascend and a bisection finds them."""
        if self._starts is None:
            self._starts = [cell.start for cell in self.cells]
        first = max(0, bisect_right(self._starts, start) - 1)
        candidates = self.cells[first:bisect_left(self._starts, max(end, start + 1))]
        overlapping = [cell for cell in candidates if cell.start < end and start < cell.end]
        return overlapping or [cell for cell in candidates if cell.start == start == cell.end]

    def __post_init__(self):
        if self.n_rows * self.n_cols > MAX_TABLE_GRID:
            raise DocumentError("TOO_LARGE", f"文档中有表格过大（{self.n_rows} 行 × {self.n_cols} 列），超过可分析的上限，"
                                             "无法读取。" + SPLIT_OR_SHRINK)

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), merged or not."""
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.rowspan and cell.col <= col < cell.col + cell.colspan:
                return cell
        return None

    def covering(self) -> dict[tuple[int, int], Cell]:
        """(row, col) -> the cell covering it, for every covered grid position: what cell_at answers,
        built in one pass for readers that visit the whole grid (cell_at per position is quadratic)."""
        out: dict[tuple[int, int], Cell] = {}
        for cell in self.cells:
            for row in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for col in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    out.setdefault((row, col), cell)
        return out

    def grid(self) -> list[list[str]]:
        """rows × cols of texts; a merged cell's text appears only at its top-left position."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell.text
        return out


@dataclass
class Document:
    """A loaded report. `text` is what extraction reads and what the reviewer sees."""

    name: str
    path: str
    sha256: str
    format: str  # txt | docx | pdf | xlsx | xls
    text: str
    pages: list[Page]
    tables: list[Table] = field(default_factory=list)
    encoding: str | None = None  # txt only: utf-8 | utf-8-sig | utf-16 | gb18030
    text_layer: bool = True
    warnings: list[str] = field(default_factory=list)
    # PDF only: one box per character of `text` (None for characters the loader inserted,
    # such as joins and page breaks); the page of each box is found through `pages`.
    char_boxes: list[Rect | None] | None = None
    pages_without_text: list[int] = field(default_factory=list)  # 1-based
    ocr_pages: list[int] = field(default_factory=list)  # 1-based: PDF pages whose text OCR recognised
    # (start, end, level) of heading lines in `text`, level 1 the highest: docx Heading styles, PDF
    # lines set clearly larger than the body; empty for txt.
    headings: list[tuple[int, int, int]] = field(default_factory=list)
    # The password an encrypted file was opened with, for whatever reads the file again (PDF page views).
    password: str | None = field(default=None, repr=False, compare=False)

    def page_of(self, offset: int) -> int | None:
        """1-based page (an xlsx: sheet) holding `offset`, or None for formats without pages (txt, docx)."""
        if self.format not in PAGED_FORMATS or not self.pages:
            return None
        starts = [p.start for p in self.pages]
        index = max(0, bisect_right(starts, offset) - 1)
        return self.pages[index].number

    def sheet_cells(self, start: int, end: int) -> list[tuple[Table, Cell]]:
        """The sheet cells a span shows (xlsx only), in reading order: those whose text it overlaps, else
        the empty cell it sits at. A row's span starting at a merged cell's empty continuation thus
        begins at the row's first filled cell."""
        end = max(end, start + 1)
        return [(table, cell) for table in self.tables
                if table.sheet is not None and table.start < end and start <= table.end
                for cell in table.rendered_cells(start, end)]

    def cell_ref(self, start: int, end: int | None = None) -> str | None:
        """The spreadsheet cell a span points at, as Excel writes it ("Sheet1!D12"): its first cell;
        None outside sheets."""
        cells = self.sheet_cells(start, start + 1 if end is None else end)
        return sheet_cell_ref(*cells[0]) if cells else None

    def locate(self, start: int, end: int) -> list[tuple[int, Rect]]:
        """Page rectangles covering text[start:end], one per line fragment (PDF only)."""
        if self.char_boxes is None:
            return []
        out: list[tuple[int, Rect]] = []
        current: tuple[int, Rect] | None = None
        for offset in range(max(0, start), min(end, len(self.char_boxes))):
            box = self.char_boxes[offset]
            if box is None:
                continue
            page = self.page_of(offset)
            same_line = (
                current is not None
                and current[0] == page
                and abs(box.y0 - current[1].y0) < (box.y1 - box.y0) * 0.5
                and box.x0 >= current[1].x0 - 1
            )
            if same_line:
                current = (page, current[1].union(box))
            else:
                if current is not None:
                    out.append(current)
                current = (page, box)
        if current is not None:
            out.append(current)
        return out

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]


def sheet_cell_ref(table: Table, cell: Cell) -> str:
    """"Sheet1!D12"; the sheet name quoted as Excel quotes it when it is not a plain word."""
    from openpyxl.utils.cell import get_column_letter

    name = table.sheet or ""
    if not _PLAIN_SHEET_NAME.fullmatch(name) or _LOOKS_LIKE_CELL.fullmatch(name):
        name = "'" + name.replace("'", "''") + "'"
    row, col = table.origin[0] + cell.row, table.origin[1] + cell.col
    return f"{name}!{get_column_letter(col)}{row}"
