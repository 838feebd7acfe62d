"""Tables as label/number grids: Document.tables, and tables a txt report flattened one cell per line.

A reading gives each numeric cell its row label (label columns, merged cells filled down) and its column
label (header rows, merged cells spread), so figures and TABLE_SUM read docx, pdf and txt tables alike.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from core.analysis_budget import check as check_analysis_budget
from core.documents.model import Cell, Document, Table
from core.extraction.lines import line_spans
from core.extraction.normalize import Normalized, normalize_report
from core.extraction.numbers import AMOUNT, parse_number, to_wan_yuan

MAX_LABEL_CHARS = 20
SEP = "|"  # joins the parts of a row or column label (cell texts may hold spaces)
_TOTAL_RE = re.compile(r"^(?:[^\d]{0,8})?(?:合计|小计|总计)$")
_NOT_CELL_RE = re.compile(r"[。；;]|[:：]$|\t|\s{2}")
_UNIT_RE = re.compile(r"单位[:：](万元|亿元|千元|元)|[（(](万元|亿元|千元|元)[)）]")
_CAPTION = re.compile(r"(?:附)?表\s*[\d一二三四五六七八九十]+(?:[\s:：.、-]|$)")  # 表1 …: a caption, not a cell
_UNIT_LINE = re.compile(r"[（(]?(?:金额)?单位[:：]\s*(?:万元|亿元|千元|元)[)）]?")
# A caption that ends by stating the unit outside brackets ("…对比情况 单位：万元"); "合计（单位：万元）" is a cell.
_SCORE_HEADING = re.compile(r"分值|得分|权重")  # a score table's columns: read by claims_table
_CAPTION_UNIT = re.compile(r"[^（(\s]\s*单位[:：]\s*(?:万元|亿元|千元|元)$")


@dataclass
class TableReading:
    table: Table
    title: str  # the line just above the table (its caption), "" if none
    header_rows: int
    label_cols: int
    row_labels: list[str]
    col_labels: list[str]
    values: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    continued: bool = False  # the rest of the table before it, split off by a page break
    unit: str = AMOUNT  # amount unit the caption or header states (单位：元); 万元 when none is stated

    def col_unit(self, col: int) -> str:
        """A column header's own unit (金额（元）) overrides the table's."""
        return written_unit(self.col_labels[col]) or self.unit

    def in_wan_yuan(self, value: Decimal, col: int) -> Decimal:
        return to_wan_yuan(value, self.col_unit(col))

    def is_total_row(self, row: int) -> bool:
        return is_total_label(self.row_labels[row].split(SEP)[-1])

    def numeric_rows(self) -> list[int]:
        return sorted({r for r, _ in self.values})

    def numeric_cols(self) -> list[int]:
        return sorted({c for _, c in self.values})


class Spans:
    """Text spans (tables), overlapping ones joined, with a fast membership test."""

    def __init__(self, spans):
        self.spans: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if self.spans and start <= self.spans[-1][1]:
                self.spans[-1] = (self.spans[-1][0], max(end, self.spans[-1][1]))
            else:
                self.spans.append((start, end))
        self.starts = [s for s, _ in self.spans]

    def covers(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset <= self.spans[i][1]


def table_spans(readings: list[TableReading]) -> Spans:
    return Spans((r.table.start, r.table.end) for r in readings)


def is_total_label(text: str) -> bool:
    return bool(_TOTAL_RE.match(text.replace(" ", "").replace("\u3000", "")))


def read_tables(document: Document) -> list[TableReading]:
    """Readings of the document's tables, and of tables flattened into its text (txt)."""
    real = Spans((t.start, t.end) for t in document.tables if t.start >= 0)
    # a real table's text (its rows as tab-separated lines) is not read a second time
    tables = list(document.tables) + [t for t in rebuild_flattened(document.text) if not real.covers(t.start)]
    tables.sort(key=lambda t: t.start)
    readings: list[TableReading] = []
    for table in tables:
        reading = read_table(table, _title(document.text, table.start))
        previous = readings[-1] if readings else None
        if reading.header_rows == 0 and previous and previous.table.n_cols == table.n_cols:
            _continue_from(reading, previous)  # a table split by a page break keeps its headers
        readings.append(reading)
    return readings


def written_unit(text: str) -> str | None:
    """The amount unit a caption or header states: 单位：元, （万元）, 金额(元)."""
    m = _UNIT_RE.search(text.replace(" ", ""))
    return (m.group(1) or m.group(2)) if m else None


def _title(text: str, start: int) -> str:
    """The caption above the table (a caption wrapped onto two lines is one); a line holding only the unit
    (单位：元) joins the caption above it."""
    lines = [line for line in _source_lines(normalize_report(text), start) if line]
    if len(lines) >= 2 and _UNIT_LINE.fullmatch(lines[-1]):
        return f"{lines[-2]} {lines[-1]}"
    return lines[-1] if lines else ""


def _source_lines(norm: Normalized, end: int, reach: int = 300) -> list[str]:
    """The lines (as joined) of the `reach` characters before source offset `end`, in the report's wording."""
    at = norm.to_normalized(end)
    first = max(0, at - reach)
    out, offset = [], first
    for line in norm.text[first:at].split("\n"):
        s, e = norm.span_to_source(offset, offset + len(line))
        out.append(norm.source[s:e].replace("\n", "").strip())
        offset += len(line) + 1
    return out


def _cell_value(cell: Cell | None) -> Decimal | None:
    return parse_number(cell.text) if cell is not None and cell.text.strip() else None


def read_table(table: Table, title: str = "") -> TableReading:
    top_left = {(c.row, c.col): c for c in table.cells}
    values = {pos: v for pos, c in top_left.items() if (v := _cell_value(c)) is not None}
    numeric_rows = {r for r, _ in values}
    header_rows = next((r for r in range(table.n_rows) if r in numeric_rows), table.n_rows)
    data_cols = {c for r, c in values if r >= header_rows} - _ordinal_columns(values, header_rows)
    label_cols = next((c for c in range(table.n_cols) if c in data_cols), table.n_cols)
    reading = TableReading(table, title, header_rows, label_cols, [], [],
                           {p: v for p, v in values.items() if p[0] >= header_rows and p[1] >= label_cols},
                           {p: top_left[p] for p in values if p[0] >= header_rows and p[1] >= label_cols})
    covering = table.covering()
    reading.col_labels = [_join(_text(covering.get((r, c))) for r in range(header_rows)) for c in range(table.n_cols)]
    reading.row_labels = _row_labels(table, covering, label_cols)
    reading.unit = written_unit(title) or written_unit(" ".join(reading.col_labels[:label_cols])) or AMOUNT
    return reading


def _ordinal_columns(values: dict[tuple[int, int], Decimal], header_rows: int) -> set[int]:
    """The 序号 columns (1, 2, 3 … down the rows): they number the rows, they hold no figures."""
    columns: dict[int, list[Decimal]] = {}
    for (r, c), v in sorted(values.items()):
        if r >= header_rows:
            columns.setdefault(c, []).append(v)
    return {c for c, column in columns.items() if len(column) >= 2 and column == list(range(1, len(column) + 1))}


def _text(cell: Cell | None) -> str:
    return cell.text.strip() if cell is not None else ""


def _join(texts) -> str:
    """Label parts joined by spaces; a merged cell met twice counts once."""
    out: list[str] = []
    for text in texts:
        if text and (not out or out[-1] != text):
            out.append(text)
    return SEP.join(out)


def _row_labels(table: Table, covering: dict[tuple[int, int], Cell], label_cols: int) -> list[str]:
    """Row labels with empty outer label cells filled down (groups such as 预算金额 / 决算金额)."""
    carried = [""] * label_cols
    labels: list[str] = []
    for r in range(table.n_rows):
        row = [_text(covering.get((r, c))) for c in range(label_cols)]
        for c, text in enumerate(row):
            inner_filled = any(row[c + 1:])
            if text:
                carried[c] = text
                carried[c + 1:] = [""] * (label_cols - c - 1)
            elif inner_filled and c < label_cols - 1:
                row[c] = carried[c]
        labels.append(_join(row))
    return labels


def _continue_from(reading: TableReading, previous: TableReading) -> None:
    reading.continued = True
    reading.col_labels = list(previous.col_labels)
    reading.title, reading.unit = previous.title, previous.unit
    if reading.label_cols > 1 and previous.row_labels:
        group = previous.row_labels[-1].split(SEP)[0]
        for r, label in enumerate(reading.row_labels):
            if label and len(label.split(SEP)) < reading.label_cols:
                reading.row_labels[r] = f"{group}{SEP}{label}"


# --- tables flattened one cell per line (txt) -------------------------------------------------

@dataclass
class _Token:
    text: str
    start: int
    end: int
    value: Decimal | None


def rebuild_flattened(text: str) -> list[Table]:
    """Tables whose cells sit one per line: a header of labels, then rows of a label and numbers."""
    return list(_rebuild(text))


@lru_cache(maxsize=8)  # figures and several checks read the same report
def _rebuild(text: str) -> tuple[Table, ...]:
    return tuple(table for block in _blocks(text) if (table := _block_table(block)) is not None)


def _blocks(text: str) -> list[list[_Token]]:
    """Runs of cell lines, read where a page's line breaks are joined (a caption may wrap)."""
    norm = normalize_report(text)
    blocks: list[list[_Token]] = []
    current: list[_Token] = []
    lines = line_spans(norm.text)
    grid_rows = _tab_grid_rows(norm.text, lines)
    for index, (start, end) in enumerate(lines):
        check_analysis_budget()
        stripped = norm.text[start:end]
        if not stripped:
            continue
        if index in grid_rows:  # a grid of numbers copied out of Word: one token per cell
            current += [_Token(text[a:b], a, b, parse_number(norm.text[s:e]))
                        for s, e in _tab_cells(norm.text, start, end) for a, b in [norm.span_to_source(s, e)]]
            continue
        value = parse_number(stripped)
        if value is None and (len(stripped) > MAX_LABEL_CHARS or _NOT_CELL_RE.search(stripped)
                              or _UNIT_LINE.fullmatch(stripped) or _CAPTION.match(stripped)
                              or _CAPTION_UNIT.search(stripped)):
            blocks.append(current)
            current = []
            continue
        token_start, token_end = norm.span_to_source(start, end)
        current.append(_Token(text[token_start:token_end].replace("\n", ""), token_start, token_end, value))
    blocks.append(current)
    return [_merge_brackets(b) for b in blocks if sum(t.value is not None for t in b) >= 2]


def _tab_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-empty cells of a tab-separated line, as spans."""
    cells, pos = [], start
    for raw in text[start:end].split("\t"):
        lead = len(raw) - len(raw.lstrip())
        if raw.strip():
            cells.append((pos + lead, pos + lead + len(raw.strip())))
        pos += len(raw) + 1
    return cells


def _tab_grid_rows(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """Lines of runs of tab-separated rows that form a grid of numbers: a header of labels, then rows of a
    label and numbers only (a 三公 table copied out of Word). Runs with text cells among the numbers (a 评分表
    with its 扣分原因, a label | value | unit list) are left to the readers of those tables."""
    rows: set[int] = set()
    run: list[int] = []
    for index, (start, end) in enumerate([*lines, (0, 0)]):
        if "\t" in text[start:end] and text[start:end].strip():
            run.append(index)
            continue
        if run and index < len(lines) and not text[start:end].strip():
            continue  # a blank line between rows does not end the table
        if len(run) >= 3 and _is_number_grid([[text[s:e] for s, e in _tab_cells(text, *lines[i])] for i in run]):
            rows.update(run)
        run = []
    return rows


def _is_number_grid(rows: list[list[str]]) -> bool:
    header, body = rows[0], rows[1:]
    if any(parse_number(cell) is not None for cell in header) or any(_SCORE_HEADING.search(c) for c in header):
        return False
    return all(row and parse_number(row[0]) is None and len(row) >= 2
               and all(parse_number(cell) is not None for cell in row[1:]) for row in body)


def _merge_brackets(tokens: list[_Token]) -> list[_Token]:
    """A label line wholly in brackets continues the label above it (执行差异 / （预算-决算）)."""
    out: list[_Token] = []
    for token in tokens:
        if out and token.value is None and out[-1].value is None and re.fullmatch(r"[（(].*[）)]", token.text):
            out[-1] = _Token(out[-1].text + token.text, out[-1].start, token.end, None)
        else:
            out.append(token)
    return out


def _split_rows(tokens: list[_Token]) -> tuple[list[_Token], list[tuple[list[_Token], list[_Token]]]]:
    """(header labels, rows of (row labels, numbers)); the labels just before the first number open row 1."""
    runs: list[tuple[list[_Token], list[_Token]]] = []
    for token in tokens:
        if not runs or (token.value is None and runs[-1][1]):
            runs.append(([], []))
        runs[-1][1 if token.value is not None else 0].append(token)
    while runs and not runs[-1][1]:
        runs.pop()  # label lines after the last number are the next heading, not rows
    if not runs:
        return [], []
    depth = _label_depth(runs[1:])
    first_labels = runs[0][0]
    cut = max(0, len(first_labels) - depth)
    header = first_labels[:cut]
    runs[0] = (first_labels[cut:], runs[0][1])
    rows = []
    for labels, numbers in runs:
        while len(labels) > max(depth, 1):
            rows.append(([labels.pop(0)], []))  # a label-only line is a row with empty cells
        rows.append((labels, numbers))
    return header, rows


def _label_depth(runs) -> int:
    """Label columns: 2 when rows repeatedly open with a group label (预算金额 / 基本支出)."""
    if sum(len(labels) == 2 for labels, _ in runs) >= 2:
        return 2
    return 1 if any(labels for labels, _ in runs) else 0


def _block_table(tokens: list[_Token]) -> Table | None:
    header, rows = _split_rows(tokens)
    counts = [len(n) for _, n in rows if n]
    if len(header) < 2 or not counts:
        return None
    k = _width(header, counts)
    if k is None:
        return None
    r = max(len(labels) for labels, _ in rows)
    cells: list[Cell] = []
    header_rows = _header_cells(header, r, k, cells)
    for i, (labels, numbers) in enumerate(rows):
        row = header_rows + i
        for j, token in enumerate(labels):
            cells.append(_cell(token, row, r - len(labels) + j))
        for j, token in enumerate(numbers):
            cells.append(_cell(token, row, r + j))
    return Table(header_rows + len(rows), r + k, cells, tokens[0].start, tokens[-1].end)


def _width(header: list[_Token], counts: list[int]) -> int | None:
    """Numeric columns: the widest row where the header names that many columns (shorter rows end in
    empty cells), else the usual row width; None when a row is wider than anything the header shows
    (two rows run together: not a table we can place)."""
    widest = max(counts)
    if widest <= len(header):
        return widest
    usual = Counter(counts).most_common(1)[0][0]
    return usual if widest == usual else None


def _header_cells(header: list[_Token], r: int, k: int, cells: list[Cell]) -> int:
    extra = len(header) - r - k
    if extra > 0 and k % extra == 0:
        span = k // extra
        for j, token in enumerate(header[:r]):
            cells.append(_cell(token, 0, j, rowspan=2))
        for j, token in enumerate(header[r:r + extra]):
            cells.append(_cell(token, 0, r + j * span, colspan=span))
        for j, token in enumerate(header[r + extra:]):
            cells.append(_cell(token, 1, r + j))
        return 2
    row_heads = header[:min(r, len(header))] if extra > 0 else header[:max(0, len(header) - k)]
    col_heads = header[-k:] if len(header) >= k else header
    for j, token in enumerate(row_heads):
        cells.append(_cell(token, 0, j))
    for j, token in enumerate(col_heads):
        cells.append(_cell(token, 0, r + k - len(col_heads) + j))
    return 1


def _cell(token: _Token, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(token.text, row, col, rowspan, colspan, token.start, token.end)
