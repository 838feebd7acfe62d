"""TABLE_SUM (domain.md §5.4): a table's 合计/小计 row or column, or a derived difference column/row
(预-决, 增减情况2020-2019, 执行差异（预算-决算）, 差额, 结余增加), does not equal its cells.

Tables come from Document.tables and from tables a txt report flattened one cell per line; score tables
are left to the claim checks. Rows headed
"其中" are parts of the row above and are not summed; a 合计 row sums the rows since the previous 合计 row
within its row group. Empty cells are not guessed: a sum with an empty cell is not checked.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.checks.figure_terms import differs, mismatch, show
from core.checks.model import Finding, span_loc
from core.documents.model import Document
from core.extraction.model import Extraction
from core.extraction.table_reading import SEP, TableReading, is_total_label, read_tables

_DERIVED = re.compile(r"差额|增减|增加额|执行差异|结余增加|差异")
# Score tables are checked claim by claim (SUBTOTAL_MISMATCH, WEIGHT_SUM), not as sums of cells.
_SCORE_TABLE = re.compile(r"得分|分值|评分|权重")
_RATE = re.compile(r"率|%|％")
_FORMULA = re.compile(r"(\d{4}|[\u4e00-\u9fff]{1,4})\s*[-－—]\s*(\d{4}|[\u4e00-\u9fff]{1,4})")


def check_tables(document: Document, extraction: Extraction) -> list[Finding]:
    findings: list[Finding] = []
    for reading in read_tables(document):
        if _SCORE_TABLE.search(reading.title + "".join(reading.col_labels)):
            continue
        findings += _total_rows(document, reading)
        findings += _total_cols(document, reading)
        findings += _derived(document, reading, by_row=False)
        findings += _derived(document, reading, by_row=True)
    return findings


def _parts(label: str) -> list[str]:
    return label.split(SEP) if label else []


def _is_part_row(label: str) -> bool:
    return bool(label) and _parts(label)[-1].startswith("其中")


def _group(label: str) -> str | None:
    parts = _parts(label)
    return parts[0] if len(parts) > 1 else None


def _total_rows(document: Document, reading: TableReading) -> list[Finding]:
    findings = []
    labels = reading.row_labels
    block = reading.header_rows
    for row in range(reading.header_rows, reading.table.n_rows):
        if row > block and _group(labels[row]) != _group(labels[row - 1]):
            block = row
        if not reading.is_total_row(row):
            continue
        summands = [r for r in range(block, row) if not reading.is_total_row(r) and not _is_part_row(labels[r])]
        if not (reading.continued and block == reading.header_rows):  # rows may sit on the previous page
            for col in reading.numeric_cols():
                findings += _compare(document, reading, (row, col), [(r, col) for r in summands],
                                     f"{_where(reading)}“{_parts(labels[row])[-1]}”行")
        block = row + 1
    return findings


def _total_cols(document: Document, reading: TableReading) -> list[Finding]:
    findings = []
    cols = reading.numeric_cols()
    for col in cols:
        parts = _parts(reading.col_labels[col])
        if not parts or not is_total_label(parts[-1]):
            continue
        summands = [c for c in cols if c != col and _summand_of(_parts(reading.col_labels[c]), parts)]
        if len(summands) < 2:
            continue
        for row in reading.numeric_rows():
            findings += _compare(document, reading, (row, col), [(row, c) for c in summands],
                                 f"{_where(reading)}“{parts[-1]}”列")
    return findings


def _summand_of(label: list[str], total: list[str]) -> bool:
    """A column under the same header as the total column, itself no total nor a 其中 part (a column
    without a header belongs to no group)."""
    return bool(label) and label[:-1] == total[:-1] and not is_total_label(label[-1]) \
        and not label[-1].startswith("其中")


def _compare(document, reading: TableReading, total_at, cells_at, about: str) -> list[Finding]:
    if total_at not in reading.values or len(cells_at) < 2 or any(p not in reading.values for p in cells_at):
        return []
    total = reading.values[total_at]
    cells = [reading.values[p] for p in cells_at]
    computed = sum(cells, Decimal(0))
    if not differs(total, computed, len(cells)):
        return []
    terms = "＋".join(show(v, "") for v in cells)
    return [_finding(document, reading, about, total, computed, terms, [total_at, *cells_at])]


def _derived(document: Document, reading: TableReading, by_row: bool) -> list[Finding]:
    """Difference columns (or rows): value = minuend − subtrahend, operands named by the header's
    formula (预-决, 2020-2019) or, without one, the two columns just before it."""
    lines = reading.numeric_rows() if by_row else reading.numeric_cols()
    labels = reading.row_labels if by_row else reading.col_labels
    others = reading.numeric_cols() if by_row else reading.numeric_rows()
    findings = []
    for line in lines:
        operands = _operands(labels, lines, line, by_row)
        if operands is None:
            continue
        a, b = operands
        inferred = not _FORMULA.search(labels[line])
        for other in others:
            at = (line, other) if by_row else (other, line)
            pa, pb = ((a, other), (b, other)) if by_row else ((other, a), (other, b))
            if at not in reading.values or pa not in reading.values or pb not in reading.values:
                continue
            computed = reading.values[pa] - reading.values[pb]
            stated = reading.values[at]
            # without a written formula a difference may be taken either way round
            either_way = inferred and not differs(stated, -computed, 2)
            if differs(stated, computed, 2) and not either_way:
                terms = f"{show(reading.values[pa], '')}－{show(reading.values[pb], '')}"
                about = f"{_where(reading)}“{labels[line].replace(SEP, ' ')}”"
                findings.append(_finding(document, reading, about, stated, computed, terms, [at, pa, pb]))
    return findings


def _operands(labels: list[str], lines: list[int], line: int, by_row: bool) -> tuple[int, int] | None:
    parts = _parts(labels[line])
    head = next((p for p in parts if _DERIVED.search(p)), None)
    if head is None:
        return None
    sub = parts[-1] if parts[-1] != head else None
    formula = _FORMULA.search(head)
    if formula:
        a, b = (_find_line(labels, lines, line, word, sub) for word in formula.groups())
        return (a, b) if a is not None and b is not None else None
    if by_row:
        return None
    before = [c for c in lines if c < line]
    if len(before) < 2 or any(_RATE.search(labels[c]) for c in before[-2:]):
        return None
    return before[-2], before[-1]


def _find_line(labels: list[str], lines: list[int], line: int, word: str, sub: str | None) -> int | None:
    hits = [other for other in lines if other != line and word in labels[other]
            and not _DERIVED.search(labels[other]) and (sub is None or _parts(labels[other])[-1] == sub)]
    return hits[0] if len(hits) == 1 else None


def _where(reading: TableReading) -> str:
    title = re.sub(r"\s*单位[:：].*$", "", reading.title).strip()
    return f"表“{title}”" if title else "表格"


def _finding(document, reading: TableReading, about: str, stated: Decimal, computed: Decimal, terms: str,
             positions) -> Finding:
    cells = [reading.cells[p] for p in positions]
    unit = reading.col_unit(positions[0][1])  # the table's own unit: its numbers are shown as printed
    message = (f"{about}为{show(stated, unit)}，但按表内数据计算为{terms}＝{show(computed, unit)}，"
               f"相差{show(abs(stated - computed), unit)}。")
    locs = [span_loc(document, c.start, c.end) for c in cells if c.start >= 0]
    return mismatch("TABLE_SUM", about, stated, computed, terms, message, locs, unit)
