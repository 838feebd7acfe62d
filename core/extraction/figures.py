"""Base figures (domain.md §3) read from a report's prose and tables, one Figure per (label, scope, value)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.documents.model import Document
from core.extraction.figure_labels import (
    ADJUSTED_BUDGET,
    CHANGE_SUFFIX,
    CONNECTORS,
    INCOME_GROSS,
    QUOTA_KINDS,
    SPECS,
    SUB_UNIT_PREFIX,
    TABLE_GROUPS,
    LabelSpec,
)
from core.extraction.model import Alternative, Figure, Loc
from core.extraction.normalize import Normalized
from core.extraction.numbers import AMOUNT, Quantity, find_quantities, unwrap_numbers
from core.extraction.table_reading import SEP, TableReading, is_total_label, read_tables

FISCAL, FINAL, BUDGET = "财政拨款", "部门决算", "预算"
# Labels that read as actuals but, in a budget section, hold the approved budget.
BUDGET_AS_ACTUAL = {"本年收入", "本年支出", "基本支出", "项目支出"}
_CLAUSE_BREAK = re.compile(r"[,，。;；:：\n、]")
_SENTENCE_BREAK = re.compile(r"[。\n]")
_QUOTES = re.compile(r"[“”\"'‘’\s]")
_UNIT_NOTE = re.compile(r"[(（][^)）]*[)）]")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass
class Found:
    """A figure before merging, with what the checks and the merge need to know about its place."""

    figure: Figure
    sentence: tuple[int, int]  # normalised span of its sentence (prose) or table
    in_parts: bool = False


def extract_figures(document: Document) -> list[Figure]:
    norm = unwrap_numbers(document.text)
    readings = read_tables(document)
    spans = [(r.table.start, r.table.end) for r in readings]
    found = _prose_figures(document, norm, spans) + _table_figures(document, readings)
    return _merge(found)


# --- prose ---------------------------------------------------------------------------------------

def _prose_figures(document: Document, norm: Normalized, table_spans) -> list[Found]:
    headings = _headings(document.text, table_spans)
    out: list[Found] = []
    quantities = [q for q in find_quantities(norm)
                  if not any(s <= q.start < e for s, e in table_spans) and q.unit in ("万元", "人", "%")]
    for q in quantities:
        n_start = norm.to_normalized(q.start)
        sentence = _sentence_span(norm.text, n_start)
        left = norm.text[sentence[0]:n_start]
        found = _read_quantity(document, norm, q, left, sentence, headings, out)
        if found:
            out.append(found)
    out = _sum_quota_kinds(document, norm, quantities, out)
    _mark_gross_income(out)
    return out


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    m = _SENTENCE_BREAK.search(text, pos)
    return start, m.start() if m else len(text)


def _clause(left: str) -> str:
    """The words just before a number: the clause's text without quotes, spaces and connectors."""
    parts = _CLAUSE_BREAK.split(left)
    clause = _QUOTES.sub("", parts[-1] if parts else "")
    clause = clause.split("其中")[-1]
    changed = True
    while changed:
        changed = False
        for word in CONNECTORS:
            if clause.endswith(word) and len(clause) > len(word):
                clause, changed = clause[: -len(word)], True
    return clause


def _in_parts(left: str) -> bool:
    """Inside a "其中" list (up to the next semicolon): the number is one part of a total."""
    tail = left.rsplit("其中", 1)
    return len(tail) == 2 and not re.search(r"[;；]", tail[1])


def _unit_fits(spec: LabelSpec, q: Quantity) -> bool:
    return {"amount": q.unit == AMOUNT, "count": q.unit == "人", "rate": q.unit == "%"}[spec.unit_kind]


def _match_spec(clause: str, left: str, q: Quantity, in_parts: bool) -> tuple[LabelSpec, str] | None:
    best: tuple[int, int, LabelSpec, str] | None = None
    plain_left = _QUOTES.sub("", left)
    for spec in SPECS:
        if not _unit_fits(spec, q) or (in_parts and not spec.part and spec.unit_kind == "amount"):
            continue
        context_at = 0
        if spec.context:
            hits = [m.start() for m in re.finditer(spec.context, plain_left)]
            if not hits:
                continue
            context_at = hits[-1] + 1
        phrases = [p for p in spec.phrases if clause.endswith(p)]
        if spec.pattern and (m := re.search(spec.pattern, clause)):
            phrases.append(m.group())
        for phrase in phrases:
            key = (len(phrase), context_at)
            if best is None or key > best[:2]:
                best = (*key, spec, phrase)
    return (best[2], best[3]) if best else None


def _read_quantity(document, norm, q: Quantity, left: str, sentence, headings, earlier: list[Found]) -> Found | None:
    clause = _clause(left)
    # a count after "其中" belongs to a sub-unit; an amount there is one part of a total
    in_parts = "其中" in left if q.unit == "人" else _in_parts(left)
    if clause.endswith("合计") or clause == "":
        return _available_total(document, q, sentence, earlier)
    matched = _match_spec(clause, left, q, in_parts)
    if matched is None:
        return None
    spec, phrase = matched
    label, var = spec.label, spec.var
    if q.written < 0 and q.start != q.num_start:  # 减少/下降: a change, not the figure itself
        label, var = label + CHANGE_SUFFIX, None
    elif spec.unit_kind == "count" and in_parts:
        label, var = SUB_UNIT_PREFIX + label, None
    scope = _scope(spec, phrase, left, document.text, q.start, headings) if spec.scoped else None
    phrase_start = _phrase_start(norm, q, phrase)
    loc = _loc(document, phrase_start, q.end)
    figure = Figure("", var, label, q.value, spec_unit(spec, q), loc, scope, "extracted", q.qualifier)
    return Found(figure, sentence, in_parts)


def spec_unit(spec: LabelSpec, q: Quantity) -> str:
    return {"amount": AMOUNT, "count": "人", "rate": "%"}[spec.unit_kind]


def _phrase_start(norm: Normalized, q: Quantity, phrase: str) -> int:
    """Source offset where the label phrase begins (the quote shows label and number together)."""
    n_start = norm.to_normalized(q.start)
    window = _QUOTES.sub("", norm.text[max(0, n_start - len(phrase) - 12):n_start])
    if not window.endswith(phrase) and phrase not in window:
        return q.start
    raw = norm.text[max(0, n_start - len(phrase) - 12):n_start]
    at = raw.rfind(phrase[0])
    while at > 0 and _QUOTES.sub("", raw[at:]).find(phrase) != 0:
        at = raw.rfind(phrase[0], 0, at)
    if at < 0:
        return q.start
    return norm.to_source(max(0, n_start - len(phrase) - 12) + at)


def _available_total(document, q: Quantity, sentence, earlier: list[Found]) -> Found | None:
    """"…上年结转X，本年收入Y，合计Z": Z is the year's available budget."""
    labels = {f.figure.label: f.figure for f in earlier if f.sentence == sentence}
    if q.unit != AMOUNT or not {"上年结转", "本年收入"} <= set(labels):
        return None
    scope = labels["本年收入"].scope or labels["上年结转"].scope
    figure = Figure("", "budget_available", "本年可用预算", q.value, AMOUNT, _loc(document, q.start, q.end),
                    scope, "extracted", q.qualifier)
    return Found(figure, sentence)


def _scope(spec: LabelSpec, phrase: str, left: str, text: str, offset: int, headings) -> str | None:
    for source in (phrase, left):
        if "财政拨款" in source or "财政资金" in source:
            return FISCAL
    if "部门决算" in phrase:
        return FINAL
    for heading in _headings_above(headings, offset):
        if "财政拨款" in heading:
            return FISCAL
        if "决算" in heading:
            return FINAL
        if "预算" in heading and "执行" not in heading:
            return BUDGET if spec.label in BUDGET_AS_ACTUAL else None
    return None


def _headings(text: str, table_spans) -> list[tuple[int, str]]:
    """Short lines without a full stop (section titles), with their offsets."""
    out = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if 0 < len(stripped) <= 40 and "。" not in stripped and not any(s <= offset <= e for s, e in table_spans):
            out.append((offset, stripped))
        offset += len(line) + 1
    return out


def _headings_above(headings, offset: int, depth: int = 2) -> list[str]:
    above = [h for at, h in headings if at < offset]
    return list(reversed(above[-depth:]))


def _loc(document: Document, start: int, end: int) -> Loc:
    return Loc(start, end, document.page_of(start), document.text[start:end])


def _sum_quota_kinds(document, norm, quantities: list[Quantity], found: list[Found]) -> list[Found]:
    """行政编18人，事业编6人，工勤编1人 → 编制数 25 (a count given only by its parts)."""
    runs: dict[tuple[int, int], list[Quantity]] = {}
    for q in quantities:
        if q.unit != "人":
            continue
        n_start = norm.to_normalized(q.start)
        clause = _clause(norm.text[_sentence_span(norm.text, n_start)[0]:n_start])
        if clause in QUOTA_KINDS:
            runs.setdefault(_sentence_span(norm.text, n_start), []).append(q)
    for sentence, parts in runs.items():
        if len(parts) < 2:
            continue
        total = sum((q.value for q in parts), Decimal(0))
        start = max(norm.text.rfind("其中", sentence[0], norm.to_normalized(parts[0].start)), sentence[0])
        figure = Figure("", "staff_quota", "编制数", total, "人", _loc(document, norm.to_source(start), parts[-1].end))
        found.append(Found(figure, sentence))
    return found


def _mark_gross_income(found: list[Found]) -> None:
    """Income whose "其中" parts include the carry-over is gross income (收入总计), not 本年收入."""
    for f in found:
        if f.figure.label != "本年收入" or f.in_parts:
            continue
        if any(g.in_parts and g.figure.label == "上年结转" and g.sentence == f.sentence
               and g.figure.loc.start > f.figure.loc.start for g in found):
            f.figure.label, f.figure.var = INCOME_GROSS, None


# --- tables --------------------------------------------------------------------------------------

def _table_figures(document: Document, readings: list[TableReading]) -> list[Found]:
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
            var = next((s.var for s in SPECS if s.label == label), None)
            figure = Figure("", var, label, value, AMOUNT, _loc(document, cell.start, cell.end), scope, "table")
            out.append(Found(figure, span))
    return out


def _plain(label: str) -> str:
    return _QUOTES.sub("", _UNIT_NOTE.sub("", label))


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


# --- merge ---------------------------------------------------------------------------------------

def _merge(found: list[Found]) -> list[Figure]:
    """One figure per (label, scope, value), located at its first statement in words (whose quote
    shows the label), else at its first table cell; figures sharing (label, scope) with other values
    list them as alternatives (never one chosen silently)."""
    kept: dict[tuple, Figure] = {}
    for f in sorted(found, key=lambda f: (f.figure.origin == "table", f.figure.loc.start)):
        kept.setdefault((f.figure.label, f.figure.scope, f.figure.value), f.figure)
    figures = sorted(kept.values(), key=lambda fig: fig.loc.start)
    for i, fig in enumerate(figures, 1):
        fig.id = f"f{i}"
        fig.alternatives = [Alternative(o.value, o.loc) for o in figures
                            if o is not fig and o.label == fig.label and o.scope == fig.scope]
    return figures

