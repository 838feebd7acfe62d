"""Claims from a report's score tables (评分表; domain.md §1.3 c): real tables with merged level cells, and
the same tables flattened into text one cell per line (merged cells once, empty cells as empty lines). A
绩效自评表 (funds block, targets and results) is read by core.forms, whose spans these readers leave alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from core.documents.model import Cell, Document, Table
from core.extraction.claims import Item, clean_name, to_decimal, weight_in_name
from core.extraction.lines import line_spans
from core.extraction.normalize import Normalized, fold

WEIGHT_HEADER_RE = re.compile(r"分值|权重|标准分|满分")
SCORE_HEADER_RE = re.compile(r"得分|评分(?!标准)")
NAME_HEADER_RE = re.compile(r"指标|项目")
NOT_NAME_HEADER_RE = re.compile(r"标准|说明|值|原因|依据|方法|序号|编号|数")
# A 自评表's funds block (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) is core.forms' to read.
FUNDS_HEADER_RE = re.compile(r"预算数|执行数")
# A 序号 column before the names: its numbering style tells the row's level (一 投入 / 1 在职人员控制率).
SERIAL_HEADER_RE = re.compile(r"^(?:序号|编号)$")
SERIAL_CELL_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|\d{1,2}|\([一二三四五六七八九十]{1,3}\)|\(\d{1,2}\))[、.]?$")
# Without a 序号 column a level row may carry its numbering in the name cell (一、投入), its items none.
MARKED_NAME_RE = re.compile(r"^(?P<mark>[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\))\s*(?P<name>\S.*)$")
# A level's 小计 row (after its items) states the level's weight and score.
SUBTOTAL_ROW_RE = re.compile(r"^小\s*计$")
TOTAL_ROW_RE = re.compile(r"^(?:合\s*计|总\s*计|总\s*分|总得分)$")
VALUE_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
# Column headings of score tables, as whole cells (a data cell such as 绩效指标明确性 is not one).
HEADER_CELL_RE = re.compile(
    r"^(?:[一二三四]级指标|指标(?:名称|内容|说明|解释)?|(?:绩效|考核|评价)指标值?|(?:绩效)?指标值|评价(?:内容|要点|指标)|年度指标值|实际完成值|"
    r"(?:标准)?分值|权重|满分|(?:自评|评价|实际|复核)?得分|自评分|评分(?:标准|依据|细则|说明)|"
    r"[^\n]{0,6}原因[^\n]{0,10}|备注|说明|序号|项目|(?:年初|全年|调整后)?(?:预算|执行)数|执行率)$"
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
    serial: int | None = None  # a 序号 column right before the names


@dataclass
class Row:
    names: list[Span | None]  # per name column; None: covered by a merged cell above
    weight: Span | None
    score: Span | None
    serial: Span | None = None


def columns_of(header: list[str], unnamed_names: bool = False) -> Columns | None:
    """Score columns of a header row. With `unnamed_names` (a real table, whose cells are known) the level
    columns may also be the text columns before 分值 whose header names nothing (blank, 评价内容)."""
    weight = next((i for i, h in enumerate(header) if WEIGHT_HEADER_RE.search(h)), None)
    if weight is None:
        return None
    score = next((i for i, h in enumerate(header) if i > weight and SCORE_HEADER_RE.search(h)), None)
    if score is None:
        return None
    if any(FUNDS_HEADER_RE.search(h) for h in header):
        return None
    names = tuple(i for i, h in enumerate(header[:weight])
                  if NAME_HEADER_RE.search(h) and not NOT_NAME_HEADER_RE.search(h))
    if not names and unnamed_names:
        names = tuple(i for i, h in enumerate(header[:weight]) if not NOT_NAME_HEADER_RE.search(h))
    if not names:
        return None
    serial = names[0] - 1 if names[0] > 0 and SERIAL_HEADER_RE.match(header[names[0] - 1]) else None
    return Columns(names, weight, score, serial)


def serial_style(text: str) -> str | None:
    """序号 一 and 1 are two styles; (一) and (1) two more."""
    if not SERIAL_CELL_RE.match(text):
        return None
    digits = any(c.isdigit() for c in text)
    return ("p" if text.startswith("(") else "") + ("num" if digits else "cn")


def rows_to_items(rows: list[Row], source: str) -> list[Item]:
    """Level cells open levels (a weight in the cell text is the level's weight); the deepest cell a row
    opens carries the row's 分值 and 得分. A 合计 row gives an item with source "total"."""
    items: list[Item] = []
    current: list[Item | None] = [None] * (len(rows[0].names) if rows else 0)
    styles: list[str] = []  # serial styles in the order the table opens them: the levels
    for row in rows:
        first = next((cell for cell in row.names if cell is not None and cell.text.strip()), None)
        if first is not None and SUBTOTAL_ROW_RE.match(clean_name(first.text)):
            score_level(current, row)
            continue
        depth, row = serial_depth(row, styles)
        if depth is not None:  # one name column, the level in the 序号 or the name's own numbering
            current = (current + [None] * (depth + 1))[:depth + 1]
            row = Row([None] * depth + row.names, row.weight, row.score)
        first = next((cell for cell in row.names if cell is not None and cell.text.strip()), None)
        if first is not None and TOTAL_ROW_RE.match(clean_name(first.text)):
            if row.score is not None and to_decimal(row.score.text) is not None:
                items.append(Item("合计", first.start, row.score.end, score=to_decimal(row.score.text),
                                  source="total"))
            continue
        deepest = None
        for col, cell in enumerate(row.names):
            # an empty level cell before the row's name is one a merge would have covered: its level goes on
            if cell is None or (not cell.text.strip() and any(c is not None and c.text.strip()
                                                              for c in row.names[col + 1:])):
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


def serial_depth(row: Row, styles: list[str]) -> tuple[int | None, Row]:
    """The level of a row of a one-name-column table, from its 序号 or from the numbering its name cell
    starts with (the row then named without it); a row without numbering under numbered levels is an item
    of the deepest. None where the table numbers nothing."""
    if len(row.names) != 1 or row.names[0] is None:
        return None, row
    name = row.names[0]
    marked = MARKED_NAME_RE.match(name.text) if row.serial is None else None
    if marked is not None:
        offset = marked.start("name")
        row = Row([Span(marked.group("name"), name.start + offset, name.end)], row.weight, row.score)
    mark = row.serial.text if row.serial is not None else marked.group("mark") if marked else None
    style = serial_style(clean_name(mark).rstrip("、.")) if mark else None
    if style is None:
        return (len(styles) if styles and row.serial is None else None), row
    if style not in styles:
        styles.append(style)
    return styles.index(style), row


def score_level(current: list[Item | None], row: Row) -> None:
    """A 小计 row: the weight and score of the level whose items it closes."""
    opened = [item for item in current if item is not None]
    level = opened[-2] if len(opened) >= 2 else None
    if level is None:
        return
    weight = to_decimal(row.weight.text) if row.weight else None
    score = to_decimal(row.score.text) if row.score else None
    level.weight = level.weight if level.weight is not None else weight
    level.score = level.score if level.score is not None else score


# --- real tables (docx, pdf) -------------------------------------------------------------------------
@dataclass
class Block:
    """The rows under one header of a table (a table may hold several)."""

    columns: Columns
    rows: list[Row]


def table_items(document: Document, norm: Normalized, forms: list[tuple[int, int]] = ()) -> list[Item]:
    """Score tables other than the 自评表 core.forms read (`forms`: their normalised spans)."""
    items: list[Item] = []
    for table in document.tables:
        start, end = norm.to_normalized(table.start), norm.to_normalized(table.end)
        if any(s < end and start < e for s, e in forms):
            continue
        for block in table_blocks(table, norm):
            items += rows_to_items(block.rows, "table")
    return items


def table_blocks(table: Table, norm: Normalized) -> list[Block]:
    """A header row (with the header-like rows below it joined in: two-row headers) opens a block; data
    rows follow until the next header."""
    grid = Grid.of(table)
    blocks: list[Block] = []
    row = 0
    while row < table.n_rows:
        header = [grid.text(row, col) for col in range(table.n_cols)]
        columns = columns_of(header, unnamed_names=True)
        if columns is None:
            if blocks:
                blocks[-1].rows.append(grid_row(grid, norm, row, blocks[-1].columns))
            row += 1
            continue
        row += 1
        while row < table.n_rows and grid.is_sub_header(row):
            header = [_join_header(h, grid.text(row, col)) for col, h in enumerate(header)]
            columns = columns_of(header, unnamed_names=True) or columns
            row += 1
        blocks.append(Block(columns, []))
    return blocks


@dataclass
class Grid:
    """A table's grid positions, each with the cell covering it (merged cells cover several)."""

    table: Table
    covering: dict[tuple[int, int], Cell]

    @classmethod
    def of(cls, table: Table) -> Grid:
        return cls(table, table.covering())

    def text(self, row: int, col: int) -> str:
        cell = self.covering.get((row, col))
        return re.sub(r"\s+", "", cell.text) if cell else ""

    def own(self, row: int, col: int | None) -> Cell | None:
        """The cell that starts at (row, col); None where a merged cell from above or the left covers it."""
        cell = self.covering.get((row, col))
        return cell if cell is not None and (cell.row, cell.col) == (row, col) else None

    def is_sub_header(self, row: int) -> bool:
        """A second header row: every cell that starts in it is a column heading (年度指标值, 二级指标)."""
        own = [self.text(row, col) for col in range(self.table.n_cols) if self.own(row, col) is not None]
        own = [text for text in own if text]
        return bool(own) and all(HEADER_CELL_RE.match(text) for text in own)


def _join_header(upper: str, lower: str) -> str:
    return upper if lower == upper or not lower else upper + lower


def grid_row(grid: Grid, norm: Normalized, row: int, columns: Columns) -> Row:
    table = grid.table

    def own(col: int | None) -> Span | None:
        cell = grid.own(row, col)
        if cell is None:
            return None
        start = cell.start if cell.start >= 0 else table.start
        end = cell.end if cell.start >= 0 else table.start
        start_n, end_n = norm.to_normalized(start), norm.to_normalized(end)
        return Span(fold(cell.text), start_n, max(start_n, end_n))  # 投入（20分） read as the prose is

    names = [own(c) for c in columns.names]
    # a 合计 written in a column that names nothing (序号) still makes the row the total
    total = next((span for col in range(min(columns.weight, columns.names[0] if columns.names else 0))
                  if (span := own(col)) is not None and TOTAL_ROW_RE.match(clean_name(span.text))), None)
    if total is not None and not any(span is not None and span.text.strip() for span in names):
        names[0] = total
    serial = own(columns.serial) if columns.serial is not None else None
    return Row(names, own(columns.weight), own(columns.score), serial)


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
        columns, width, consumed = found
        rows, end = read_flat_rows(tokens, i + consumed, FlatLayout.of(columns, width))
        if rows:
            items += rows_to_items(rows, "flattened")
            spans.append((tokens[i].start, tokens[end - 1].end))
        i = max(end, i + 1)
    return items, spans


# A row of a table typed with pipes (| 投入 | 20 | 19 |), and the rule under its header (|---|---|).
PIPE_ROW_RE = re.compile(r"^\s*\|?(?:[^|\n]*\|){2,}[^|\n]*\|?\s*$")
PIPE_RULE_RE = re.compile(r"^[\s|:\-]*$")


def line_tokens(text: str) -> list[Span]:
    """One token per line, or per cell of a line whose cells are separated by tabs or pipes (a table copied
    out of Word or a web page keeps its rows as lines)."""
    tokens: list[Span] = []
    line_start = 0
    after_row = False  # a blank line between rows that carry their cells separates them: no empty cell
    for (start, end), raw in zip(line_spans(text), text.split("\n"), strict=True):
        # a row whose cells after the first are empty ("一、投入\t\t\t", a level row) is still a row
        if "\t" in raw.strip() or (raw.strip() and raw.count("\t") >= 2):
            tokens += row_cells(raw, line_start, "\t")
            after_row = True
        elif PIPE_ROW_RE.match(raw):
            tokens += [] if PIPE_RULE_RE.match(raw) else row_cells(*_inside_pipes(raw, line_start), "|")
            after_row = True
        elif not (after_row and not raw.strip()):
            tokens.append(Span(text[start:end], start, end))
            after_row = False
        line_start += len(raw) + 1
    return tokens


def _inside_pipes(line: str, start: int) -> tuple[str, int]:
    """The row without the pipes that open and close it, and where that starts."""
    lead = len(line) - len(line.lstrip())
    inner = line.strip()
    if inner.startswith("|"):
        inner, lead = inner[1:], lead + 1
    return inner[:-1] if inner.endswith("|") else inner, start + lead


def row_cells(line: str, start: int, separator: str) -> list[Span]:
    """The cells of a row. The leading empty cells are where merged level cells lie above: left out, a row
    lists only the level cells it opens, as a table flattened one cell per line does."""
    cells: list[Span] = []
    pos = start
    for raw in line.split(separator):
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if text or cells:
            cells.append(Span(text, pos + lead, pos + lead + len(text)))
        pos += len(raw) + 1
    return cells


def header_at(tokens: list[Span], i: int) -> tuple[Columns, int, int] | None:
    """A run of header cells (一级指标 … 分值 自评得分 扣分原因) whose name columns come first: its columns,
    the table's width and the number of cells the header takes (a two-row header takes more than the width)."""
    cells = []
    for token in tokens[i:i + MAX_HEADER_CELLS]:
        if not HEADER_CELL_RE.match(token.text):
            break
        cells.append(token.text)
    if len(cells) < 3:  # at least a name, 分值 and 得分
        return None
    header = one_row_header(cells)
    columns = columns_of(header)
    first = 0 if columns is None or columns.serial is None else 1
    if columns is None or columns.names != tuple(range(first, first + len(columns.names))):
        return None
    return columns, len(header), len(cells)


def _is_name_header(text: str) -> bool:
    return bool(NAME_HEADER_RE.search(text)) and not NOT_NAME_HEADER_RE.search(text)


def _same_kind_run(cells: list[str]) -> list[str]:
    """The leading cells that are all level names, or all not."""
    kind = _is_name_header(cells[0])
    return list(takewhile(lambda c: _is_name_header(c) == kind, cells))


def one_row_header(cells: list[str]) -> list[str]:
    """The columns of a two-row header written cell by cell: the upper row (绩效指标 | 指标值 | 分值 | 得分)
    then the lower one (一级指标 | 二级指标 | 年度指标值 | 实际完成值). An upper cell that names a group stands
    for the run of lower cells of its kind (level names, or values); the others span both rows."""
    score = next((i for i, c in enumerate(cells) if SCORE_HEADER_RE.search(c)), None)
    lower_at = next((i for i in range(len(cells)) if score is not None and i > score and _is_name_header(cells[i])),
                    None)
    if lower_at is None:
        return cells
    upper, lower = cells[:lower_at], cells[lower_at:]
    out: list[str] = []
    for cell in upper:
        spans_both = WEIGHT_HEADER_RE.search(cell) or SCORE_HEADER_RE.search(cell) or not lower
        if spans_both:
            out.append(cell)
            continue
        run = _same_kind_run(lower)
        out += run
        lower = lower[len(run):]
    return out + lower


@dataclass(frozen=True)
class FlatLayout:
    """The cells of a flattened row after its name cells: mid … weight … score … tail."""

    n_names: int
    serial: bool  # a 序号 cell opens each row
    mid: int  # text columns between the names and 分值 (评分标准, 指标值 …)
    between: int  # columns between 分值 and 得分
    tail: int  # columns after 得分 (扣分原因 …)

    @classmethod
    def of(cls, columns: Columns, width: int) -> FlatLayout:
        n = len(columns.names)
        first = columns.names[0]
        return cls(n, columns.serial is not None, columns.weight - first - n, columns.score - columns.weight - 1,
                   width - columns.score - 1)

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
        reach = layout.n_names - 1 + layout.fixed - layout.tail  # blanks of the cells a merged 合计 spans
        values = list(takewhile(_value_like, tokens[j + 1:j + 1 + reach]))
        stated = [v for v in values if v.text]
        # a 合计 cell merged over the text columns is followed by 分值 and 得分 only
        score = stated[-1] if len(stated) >= 2 else (values[-1] if values and values[-1].text else None)
        if score is not None:
            names = [None] * (layout.n_names - 1) + [tokens[j]]
            return Row(names, None, score), j + 1 + len(values)
    serial = None
    if layout.serial:
        if j >= len(tokens) or serial_style(clean_name(tokens[j].text)) is None:
            return None
        serial, j = tokens[j], j + 1
    for p in range(1, layout.n_names + 1):
        end = j + p + layout.fixed
        if end > len(tokens):
            return None
        names = tokens[j:j + p]
        weight_at = j + p + layout.mid
        values = tokens[weight_at:weight_at + layout.between + 2]
        # columns between 分值 and 得分 (评分标准) may hold any text
        if (all(map(_name_like, names)) and any(n.text for n in names)
                and _value_like(values[0]) and _value_like(values[-1])):
            return Row([None] * (layout.n_names - p) + names, values[0], values[-1], serial), end
    return None


def read_flat_rows(tokens: list[Span], j: int, layout: FlatLayout) -> tuple[list[Row], int]:
    rows: list[Row] = []
    while True:
        found = flat_row(tokens, j, layout)
        if found is None:
            return rows, j
        row, j = found
        rows.append(row)
