"""Base figures in tables: a row label, a column header or a row group names the figure of a cell."""

from __future__ import annotations

import re
from decimal import Decimal

from core.documents.model import Document
from core.extraction import figure_labels as vocab
from core.extraction.model import Figure
from core.extraction.normalize import fold
from core.extraction.table_reading import SEP, TableReading, is_total_label

_UNIT_NOTE = re.compile(r"[(（][^)）]*[)）]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SANGONG_ROW = re.compile(r"三公|出国|公务用车|公务接待")
_PARTS_OPENER = re.compile(r"^其中[:：]?")
_ACTUAL_HEAD = re.compile(r"决算|实际|执行数")


def table_figures(document: Document, readings: list[TableReading]) -> list[vocab.Found]:
    out: list[vocab.Found] = []
    for reading in readings:
        if _is_sangong_table(reading):
            out += _sangong_figures(document, reading)
            continue
        for (row, col), value in reading.values.items():
            label = _table_label(reading, row, col)
            if label is not None:
                scope = _table_scope(reading, col, label)
                out.append(_found(document, reading, label, value, reading.cells[(row, col)], scope))
    return out


def _is_sangong_table(reading: TableReading) -> bool:
    """A table of the 三公 expenses (by its caption, or most of its rows), not a table of base figures that
    has a 三公 row among others."""
    rows = [label for label in reading.row_labels[reading.header_rows:] if label]
    return "三公" in reading.title or (bool(rows) and 2 * sum(bool(_SANGONG_ROW.search(r)) for r in rows) > len(rows))


def _found(document, reading: TableReading, label: str, value, cell, scope: str | None) -> vocab.Found:
    loc = vocab.make_loc(document, cell.start, cell.end)
    unit = vocab.unit_of(label)
    if unit == vocab.UNIT_OF_KIND["amount"]:
        value = reading.in_wan_yuan(value, cell.col)
    figure = Figure("", vocab.var_of(label), label, value, unit, loc, scope, "table")
    return vocab.Found(figure, (reading.table.start, reading.table.end))


def _plain(label: str) -> str:
    """A label as the vocabulary spells it: full-width forms folded (２０１９年决算数), unit notes and quotes
    dropped."""
    return vocab.QUOTES.sub("", _UNIT_NOTE.sub("", fold(label)))


def _spec_for(text: str, any_kind: bool = False) -> vocab.LabelSpec | None:
    """The spec one of whose phrases `text` ends with (longest phrase wins); context specs excluded; amounts
    only unless `any_kind` (a row that names its figure: 核定编制数 | 46 | 人)."""
    best = None
    for spec in vocab.SPECS:
        if spec.context or (spec.unit_kind != "amount" and not any_kind):
            continue
        for phrase in spec.phrases:
            if text.endswith(phrase) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), spec)
    return best[1] if best else None


def _table_label(reading: TableReading, row: int, col: int) -> str | None:
    row_parts = reading.row_labels[row].split(SEP) if reading.row_labels[row] else []
    col_text = _plain(reading.col_labels[col].split(SEP)[-1])
    total_row = not row_parts or is_total_label(row_parts[-1])
    if len(row_parts) > 1:  # a row group names the figure of its 合计 row
        return vocab.TABLE_GROUPS.get(_plain(row_parts[0])) if total_row else None
    actual = _actual_column(reading, col)
    if total_row:
        if actual and _rows_are_spending(reading):
            return "本年支出"  # the 决算 column's 合计 of 基本支出 and 项目支出
        spec = _spec_for(col_text)
        return spec.label if spec and not _rows_are_figures(reading) else None
    if len(reading.numeric_cols()) > 1 and not is_total_label(col_text) and not actual:
        return None
    label = _plain(row_parts[-1])
    part = _PARTS_OPENER.match(label)  # "其中：基本支出": a part of the total above, if it names one
    spec = _spec_for(label[part.end():] if part else label, any_kind=True)
    return spec.label if spec and (spec.part or not part) else None


def _actual_column(reading: TableReading, col: int) -> bool:
    """The actual column of a table that sets two columns side by side, a budget and what was spent
    (项目 | 预算数 | 决算数): its rows are the year's figures."""
    cols = reading.numeric_cols()
    if len(cols) != 2 or col not in cols:
        return False
    heads = {c: _plain(reading.col_labels[c].split(SEP)[-1]) for c in cols}
    other = next(c for c in cols if c != col)
    return bool(_ACTUAL_HEAD.search(heads[col])) and "预算" in heads[other] and not _ACTUAL_HEAD.search(heads[other])


def _rows_are_spending(reading: TableReading) -> bool:
    labels = {spec.label for label in reading.row_labels[reading.header_rows:] if label
              and (spec := _spec_for(_plain(label.split(SEP)[-1])))}
    return bool(labels) and labels <= {"基本支出", "项目支出"}


def _rows_are_figures(reading: TableReading) -> bool:
    """Rows that are base figures themselves (年初预算, 上年结转 …): the 合计 row is not the column's figure."""
    return any((spec := _spec_for(_plain(label.split(SEP)[-1]))) and spec.var
               for label in reading.row_labels[reading.header_rows:] if label)


def _sangong_figures(document: Document, reading: TableReading) -> list[vocab.Found]:
    """三公 tables: the 合计 row read by column group (预算金额 = 基本支出 + 项目支出 sub-columns; a 合计
    column alone in a budget table); an earlier year's actual is 上年."""
    totals = [r for r in reading.numeric_rows() if reading.is_total_row(r)]
    if not totals:
        return []
    row = totals[-1]
    years = sorted({int(y) for label in reading.col_labels for y in _YEAR.findall(_plain(label))})
    groups: dict[str, list[int]] = {}
    for col in reading.numeric_cols():
        groups.setdefault(_plain(reading.col_labels[col].split(SEP)[0]), []).append(col)
    out = []
    for group, cols in groups.items():
        label = _sangong_label(group, _plain(reading.title), years)
        if label and all((row, c) in reading.values for c in cols):
            value = sum((reading.values[(row, c)] for c in cols), Decimal(0))
            out.append(_found(document, reading, label, value, reading.cells[(row, cols[0])], None))
        if label == "三公经费实际支出" and len(cols) == 1:
            out += _sangong_parts(document, reading, cols[0])
    return out


def _sangong_parts(document: Document, reading: TableReading, col: int) -> list[vocab.Found]:
    """The three components' actual spending, row by row, in the column of the year's actual."""
    out = []
    for row in reading.numeric_rows():
        spec = _spec_for(_plain(reading.row_labels[row].split(SEP)[-1]))
        if spec is not None and spec.part and spec.var is None and (row, col) in reading.values:
            out.append(_found(document, reading, spec.label, reading.values[(row, col)], reading.cells[(row, col)],
                              None))
    return out


def _sangong_label(group: str, title: str, years: list[int]) -> str | None:
    if any(w in group for w in ("增", "减", "差")):
        return None
    if "预算" in group or (is_total_label(group) and "预算" in title and "执行" not in title):
        return "三公经费预算数"
    if "决算" in group or "实际" in group:
        year = _YEAR.search(group)
        if year and years and int(year.group()) < years[-1]:
            return "上年三公经费实际支出"
        return "三公经费实际支出"
    return None


def _table_scope(reading: TableReading, col: int, label: str) -> str | None:
    spec = next((s for s in vocab.SPECS if s.label == label), None)
    if label != vocab.ADJUSTED_BUDGET and (spec is None or not spec.scoped):
        return None
    if "财政拨款" in reading.col_labels[col] or "财政拨款" in reading.title:
        return vocab.FISCAL
    if "预算" in reading.title and not re.search("决算|执行", reading.title) and label in vocab.BUDGET_AS_ACTUAL:
        return vocab.BUDGET
    return None
