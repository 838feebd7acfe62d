"""Base figures in tables: a row label, a column header or a row group names the figure of a cell."""

from __future__ import annotations

import re

from core.documents.model import Document
from core.extraction.figure_labels import (
    ADJUSTED_BUDGET,
    BUDGET,
    BUDGET_AS_ACTUAL,
    FISCAL,
    QUOTES,
    SPECS,
    TABLE_GROUPS,
    Found,
    LabelSpec,
    make_loc,
    var_of,
)
from core.extraction.model import Figure
from core.extraction.numbers import AMOUNT
from core.extraction.table_reading import SEP, TableReading, is_total_label

_UNIT_NOTE = re.compile(r"[(（][^)）]*[)）]")
_YEAR = re.compile(r"(?:19|20)\d\d")


def table_figures(document: Document, readings: list[TableReading]) -> list[Found]:
    out: list[Found] = []
    for reading in readings:
        span = (reading.table.start, reading.table.end)
        years = sorted({int(y) for label in reading.col_labels for y in _YEAR.findall(label)})
        sangong = "三公" in reading.title or any("三公" in label for label in reading.row_labels)
        for (row, col), value in reading.values.items():
            label = _table_label(reading, row, col, sangong, years)
            if label is None:
                continue
            cell = reading.cells[(row, col)]
            scope = _table_scope(reading, col, label)
            var = var_of(label)
            figure = Figure("", var, label, value, AMOUNT, make_loc(document, cell.start, cell.end), scope, "table")
            out.append(Found(figure, span))
    return out


def _plain(label: str) -> str:
    return QUOTES.sub("", _UNIT_NOTE.sub("", label))


def _spec_for(text: str) -> LabelSpec | None:
    """The spec one of whose phrases `text` ends with (longest phrase wins); context specs excluded."""
    best = None
    for spec in SPECS:
        if spec.context or spec.unit_kind != "amount":
            continue
        for phrase in spec.phrases:
            if text.endswith(phrase) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), spec)
    return best[1] if best else None


def _table_label(reading: TableReading, row: int, col: int, sangong: bool, years: list[int]) -> str | None:
    row_parts = reading.row_labels[row].split(SEP) if reading.row_labels[row] else []
    col_parts = reading.col_labels[col].split(SEP)
    col_text, col_group = _plain(col_parts[-1]), _plain(col_parts[0])
    total_row = not row_parts or is_total_label(row_parts[-1])
    if sangong:
        return _sangong_label(reading, row_parts, total_row, col_group, col_text, years)
    if len(row_parts) > 1:  # a row group names the figure of its 合计 row
        return TABLE_GROUPS.get(_plain(row_parts[0])) if total_row else None
    if total_row:
        spec = _spec_for(col_text)
        return spec.label if spec and not _rows_are_figures(reading) else None
    if (len(reading.numeric_cols()) > 1 and not is_total_label(col_text)) or row_parts[-1].startswith("其中"):
        return None
    spec = _spec_for(_plain(row_parts[-1]))
    return spec.label if spec else None


def _rows_are_figures(reading: TableReading) -> bool:
    """Rows that are base figures themselves (年初预算, 上年结转 …): the 合计 row is not the column's figure."""
    return any((spec := _spec_for(_plain(label.split(SEP)[-1]))) and spec.var
               for label in reading.row_labels[reading.header_rows:] if label)


def _sangong_label(reading, row_parts, total_row: bool, col_group: str, col_text: str, years) -> str | None:
    """三公 tables: the 合计 row's budget and actual columns (the earlier year's actual is 上年)."""
    if not total_row or any(w in col_group for w in ("增", "减", "差")):
        return None
    if len(reading.numeric_cols()) > 1 and col_group != col_text and not col_text.startswith("基本"):
        return None
    title = _plain(reading.title)
    if "预算" in col_group or (is_total_label(col_text) and "预算" in title and "执行" not in title):
        return "三公经费预算数"
    if "决算" in col_group or "实际" in col_group:
        year = _YEAR.search(col_group)
        if year and years and int(year.group()) < years[-1]:
            return "上年三公经费实际支出"
        return "三公经费实际支出"
    return None


def _table_scope(reading: TableReading, col: int, label: str) -> str | None:
    spec = next((s for s in SPECS if s.label == label), None)
    if label != ADJUSTED_BUDGET and (spec is None or not spec.scoped):
        return None
    if "财政拨款" in reading.col_labels[col] or "财政拨款" in reading.title:
        return FISCAL
    if "预算" in reading.title and not re.search("决算|执行", reading.title) and label in BUDGET_AS_ACTUAL:
        return BUDGET
    return None
