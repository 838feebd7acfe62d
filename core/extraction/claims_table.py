"""Claims from score tables (评分表, 自评表; domain.md §1.3 c, d): real tables with merged level cells,
and the same tables flattened into text one cell per line (merged cells once, empty cells as empty lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from core.documents.model import Document, Table
from core.extraction.claims import Item, clean_name, to_decimal, weight_in_name
from core.extraction.normalize import Normalized

WEIGHT_HEADER_RE = re.compile(r"分值|权重|标准分|满分")
SCORE_HEADER_RE = re.compile(r"得分|评分(?!标准)")
NAME_HEADER_RE = re.compile(r"指标|项目")
NOT_NAME_HEADER_RE = re.compile(r"标准|说明|值|原因|依据|方法")
TOTAL_ROW_RE = re.compile(r"^(?:合\s*计|总\s*计|总\s*分|总得分)$")
VALUE_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
# Column headings of score tables, as whole cells (a data cell such as 绩效指标明确性 is not one).
HEADER_CELL_RE = re.compile(
    r"^(?:[一二三四]级指标|指标(?:名称|内容|说明|解释)?|评价(?:内容|要点|指标)|年度指标值|实际完成值|"
    r"(?:标准)?分值|权重|满分|(?:自评|评价|实际|复核)?得分|自评分|评分(?:标准|依据|细则|说明)|"
    r"[^\n]{0,6}原因[^\n]{0,10}|备注|说明|序号|项目)$"
)
MAX_HEADER_CELLS = 12
MAX_NAME_CELL_LEN = 40


@dataclass(frozen=True)
class Span:
    text: str
    start: int  # normalised offsets
    end: int


@dataclass(frozen=True)
class Columns:
    names: tuple[int, ...]
    weight: int
    score: int


@dataclass
class Row:
    names: list[Span | None]  # per name column; None: covered by a merged cell above
    weight: Span | None
    score: Span | None


def columns_of(header: list[str]) -> Columns | None:
    weight = next((i for i, h in enumerate(header) if WEIGHT_HEADER_RE.search(h)), None)
    if weight is None:
        return None
    score = next((i for i, h in enumerate(header) if i > weight and SCORE_HEADER_RE.search(h)), None)
    names = tuple(i for i, h in enumerate(header[:weight])
                  if NAME_HEADER_RE.search(h) and not NOT_NAME_HEADER_RE.search(h))
    if score is None or not names:
        return None
    return Columns(names, weight, score)


def rows_to_items(rows: list[Row], source: str) -> list[Item]:
    """Level cells open levels (a weight in the cell text is the level's weight); the deepest cell a row
    opens carries the row's 分值 and 得分. A 合计 row gives an item with source "total"."""
    items: list[Item] = []
    current: list[Item | None] = [None] * (len(rows[0].names) if rows else 0)
    for row in rows:
        first = next((cell for cell in row.names if cell is not None and cell.text.strip()), None)
        if first is not None and TOTAL_ROW_RE.match(clean_name(first.text)):
            if row.score is not None and to_decimal(row.score.text) is not None:
                items.append(Item("合计", first.start, row.score.end, score=to_decimal(row.score.text),
                                  source="total"))
            continue
        deepest = None
        for col, cell in enumerate(row.names):
            if cell is None:
                continue
            current[col:] = [None] * (len(current) - col)
            name = clean_name(cell.text)
            if not name:
                continue
            item = Item(name, cell.start, cell.end, weight=weight_in_name(cell.text), source=source)
            parent = next((p for p in reversed(current[:col]) if p is not None), None)
            if parent is not None:
                parent.adopt(item)
            current[col] = item
            items.append(item)
            deepest = item
        if deepest is not None:
            weight = to_decimal(row.weight.text) if row.weight else None
            deepest.weight = weight if weight is not None else deepest.weight
            deepest.score = to_decimal(row.score.text) if row.score else None
    return items


# --- real tables (docx, pdf) -------------------------------------------------------------------------
def table_items(document: Document, norm: Normalized) -> list[Item]:
    items: list[Item] = []
    for table in document.tables:
        items += rows_to_items(grid_rows(table, norm), "table")
    return items


def grid_rows(table: Table, norm: Normalized) -> list[Row]:
    for header_row in range(min(3, table.n_rows)):
        header = [_cell_text(table, header_row, col) for col in range(table.n_cols)]
        columns = columns_of(header)
        if columns is not None:
            break
    else:
        return []

    def own(row: int, col: int) -> Span | None:
        cell = table.cell_at(row, col)
        if cell is None or cell.row != row or cell.col != col:
            return None
        start = cell.start if cell.start >= 0 else table.start
        end = cell.end if cell.start >= 0 else table.start
        start_n, end_n = norm.to_normalized(start), norm.to_normalized(end)
        return Span(cell.text, start_n, max(start_n, end_n))

    return [Row([own(r, c) for c in columns.names], own(r, columns.weight), own(r, columns.score))
            for r in range(header_row + 1, table.n_rows)]


def _cell_text(table: Table, row: int, col: int) -> str:
    cell = table.cell_at(row, col)
    return re.sub(r"\s+", "", cell.text) if cell else ""


# --- tables flattened one cell per line ----------------------------------------------------------------
def flattened_items(norm: Normalized, excluded: list[tuple[int, int]]) -> tuple[list[Item], list[tuple[int, int]]]:
    """Tables one cell per line. Where a text separates every line by a blank one, blank lines are
    separators, not empty cells: those tables are read a second time from the non-blank lines."""
    tokens = [t for t in line_tokens(norm.text) if not any(s <= t.start < e for s, e in excluded)]
    items, spans = read_flat_tables(tokens)
    compact = [t for t in tokens if t.text and not any(s <= t.start < e for s, e in spans)]
    more_items, more_spans = read_flat_tables(compact)
    return items + more_items, spans + more_spans


def read_flat_tables(tokens: list[Span]) -> tuple[list[Item], list[tuple[int, int]]]:
    items: list[Item] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        found = header_at(tokens, i)
        if found is None:
            i += 1
            continue
        columns, width = found
        rows, end = read_flat_rows(tokens, i + width, FlatLayout.of(columns, width))
        if rows:
            items += rows_to_items(rows, "flattened")
            spans.append((tokens[i].start, tokens[end - 1].end))
        i = max(end, i + 1)
    return items, spans


def line_tokens(text: str) -> list[Span]:
    out = []
    for m in re.finditer(r"[^\n]*", text):
        if m.start() > 0 and text[m.start() - 1] != "\n":
            continue  # the empty match right after a line's text
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        out.append(Span(stripped, m.start() + lead, m.start() + lead + len(stripped)))
    return out


def header_at(tokens: list[Span], i: int) -> tuple[Columns, int] | None:
    """A run of header cells (一级指标 … 分值 自评得分 扣分原因) whose name columns come first."""
    cells = []
    for token in tokens[i:i + MAX_HEADER_CELLS]:
        if not HEADER_CELL_RE.match(token.text):
            break
        cells.append(token.text)
    columns = columns_of(cells)
    if columns is None or columns.names != tuple(range(len(columns.names))):
        return None
    return columns, len(cells)


@dataclass(frozen=True)
class FlatLayout:
    """The cells of a flattened row after its name cells: mid … weight … score … tail."""

    n_names: int
    mid: int  # text columns between the names and 分值 (评分标准, 指标值 …)
    between: int  # columns between 分值 and 得分
    tail: int  # columns after 得分 (扣分原因 …)

    @classmethod
    def of(cls, columns: Columns, width: int) -> "FlatLayout":
        n = len(columns.names)
        return cls(n, columns.weight - n, columns.score - columns.weight - 1, width - columns.score - 1)

    @property
    def fixed(self) -> int:
        return self.mid + self.between + self.tail + 2


def _value_like(token: Span) -> bool:
    return not token.text or VALUE_RE.match(token.text) is not None


def _name_like(token: Span) -> bool:
    return not token.text or (not VALUE_RE.match(token.text) and len(token.text) <= MAX_NAME_CELL_LEN
                              and "。" not in token.text)


def flat_row(tokens: list[Span], j: int, layout: FlatLayout) -> tuple[Row, int] | None:
    """The row starting at token j with the fewest name cells that puts numbers under 分值 and 得分;
    a merged cell is written once, so a row lists only the level cells it opens (right-aligned)."""
    if j < len(tokens) and TOTAL_ROW_RE.match(clean_name(tokens[j].text)):
        values = list(takewhile(_value_like, tokens[j + 1:j + 1 + layout.fixed - layout.tail]))
        if values and values[-1].text:
            names = [None] * (layout.n_names - 1) + [tokens[j]]
            return Row(names, None, values[-1]), j + 1 + len(values)
    for p in range(1, layout.n_names + 1):
        end = j + p + layout.fixed
        if end > len(tokens):
            return None
        names = tokens[j:j + p]
        weight_at = j + p + layout.mid
        values = tokens[weight_at:weight_at + layout.between + 2]
        if all(map(_name_like, names)) and any(n.text for n in names) and all(map(_value_like, values)):
            return Row([None] * (layout.n_names - p) + names, values[0], values[-1]), end
    return None


def read_flat_rows(tokens: list[Span], j: int, layout: FlatLayout) -> tuple[list[Row], int]:
    rows: list[Row] = []
    while True:
        found = flat_row(tokens, j, layout)
        if found is None:
            return rows, j
        row, j = found
        rows.append(row)
