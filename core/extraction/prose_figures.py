"""Base figures stated in sentences: the label is the clause just before the number (domain.md §3)."""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from core.analysis_budget import check as check_analysis_budget
from core.documents.model import Document
from core.extraction.clause_labels import change_label, grant_label, purpose_label
from core.extraction.figure_labels import (
    BUDGET,
    BUDGET_AS_ACTUAL,
    CHANGE_SUFFIX,
    CONNECTORS,
    FINAL,
    FISCAL,
    INCOME_GROSS,
    NEGATIONS,
    QUOTA_KINDS,
    QUOTES,
    SPECS,
    SUB_UNIT_PREFIX,
    UNIT_OF_KIND,
    Found,
    LabelSpec,
    make_loc,
)
from core.extraction.lines import sentence_span
from core.extraction.model import Figure
from core.extraction.normalize import Normalized
from core.extraction.numbers import AMOUNT, Quantity, find_quantities
from core.extraction.table_reading import Spans

_CLAUSE_BREAK = re.compile(r"[,，。;；:：\n、]")
_SENTENCE_BREAK = re.compile(r"[。;；]")
# Label phrases that end with 总计, otherwise dropped as a connector (收入总计: the income with the carry-over);
# a label ending with 合计 names the same figure without it.
_CONNECTED_PHRASES = tuple(p for spec in SPECS for p in spec.phrases if p.endswith("总计"))


def prose_figures(document: Document, norm: Normalized, tables: Spans,
                  specs: tuple[LabelSpec, ...] = SPECS, remarks: Spans | None = None) -> list[Found]:
    """Figures of the text outside `tables`, and of the table cells in `remarks` (sentences in a cell)."""
    remarks = remarks or Spans(())
    headings = _headings(norm, tables)
    out: list[Found] = []
    units = {*UNIT_OF_KIND.values(), *(unit for spec in specs for unit in spec.other_units)}
    quantities = [q for q in find_quantities(document.text)
                  if (not tables.covers(q.start) or remarks.covers(q.start)) and q.unit in units]
    for q in quantities:
        check_analysis_budget()
        n_start = norm.to_normalized(q.start)
        sentence = sentence_span(norm.text, n_start)
        left = _wrapped_from_above(norm.text, sentence, (n_start, norm.to_normalized(q.end))) + \
            norm.text[sentence[0]:n_start]
        found = _read_quantity(document, norm, q, left, sentence, headings, out, specs)
        if found:
            out.append(found)
    out = _sum_quota_kinds(document, norm, quantities, out)
    _mark_gross_income(out)
    return out


# Marks that end a clause at the end of a line: after them the next line starts afresh.
_CLAUSE_END_MARKS = "。！？!?；;：:，,、"


def _wrapped_from_above(text: str, sentence: tuple[int, int], number: tuple[int, int]) -> str:
    """The end of the line above, where a line wrap cut the clause that names a number ("项目支出\n88.1万元。",
    "基本支\n出702.4万元"): the line above ends in no punctuation, and the number's line is running text, not a
    table cell alone on its line."""
    start, end = sentence
    if start == 0 or text[start - 1] != "\n" or _CLAUSE_BREAK.search(text, start, number[0]):
        return ""
    above = text[text.rfind("\n", 0, start - 1) + 1:start - 1].rstrip()
    running = (text[start:number[0]] + text[number[1]:end + 1]).strip()  # a full stop closing the line counts
    if not above or above[-1] in _CLAUSE_END_MARKS or not running:
        return ""
    return _SENTENCE_BREAK.split(above)[-1]  # the clause, with the words before it that give its context


def _clause(left: str) -> str:
    """The words just before a number: the clause's text without quotes, spaces and connectors."""
    parts = _CLAUSE_BREAK.split(left)
    clause = QUOTES.sub("", parts[-1] if parts else "")
    clause = clause.split("其中")[-1]
    if clause.endswith(_CONNECTED_PHRASES):
        return clause  # the connector is the label's own word (收入总计)
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


def _sub_unit(left: str) -> bool:
    """After "其中", a clause without a number (a sub-unit's name) opens that sub-unit's counts."""
    tail = left.rsplit("其中", 1)
    return len(tail) == 2 and any(c.strip() and not re.search(r"\d", c) for c in _CLAUSE_BREAK.split(tail[1])[:-1])


def _unit_fits(spec: LabelSpec, q: Quantity) -> bool:
    return q.unit == UNIT_OF_KIND[spec.unit_kind] or q.unit in spec.other_units


def _match_spec(clause: str, left: str, q: Quantity, in_parts: bool,
                specs: tuple[LabelSpec, ...]) -> tuple[LabelSpec, str] | None:
    best: tuple[int, int, LabelSpec, str] | None = None
    plain_left = QUOTES.sub("", left)
    for spec in specs:
        if not _unit_fits(spec, q):
            continue
        # a total's label names a part only when it is the whole clause (上年结转X，本年收入Y), not the
        # tail of a narrower one (一般公共预算财政拨款收入)
        whole_only = in_parts and not spec.part and spec.unit_kind == "amount"
        context_at = 0
        if spec.context:
            hits = [m.start() for m in re.finditer(spec.context, plain_left)]
            if not hits:
                continue
            context_at = hits[-1] + 1
        phrases = [p for p in spec.phrases if (clause == p if whole_only else clause.endswith(p))
                   and not clause[:-len(p)].endswith(NEGATIONS)]
        if spec.pattern and not whole_only and (m := re.search(spec.pattern, clause)):
            phrases.append(m.group())
        for phrase in phrases:
            key = (len(phrase), context_at)
            if best is None or key > best[:2]:
                best = (*key, spec, phrase)
    return (best[2], best[3]) if best else None


def _read_quantity(document, norm, q: Quantity, left: str, sentence, headings, earlier: list[Found],
                   specs: tuple[LabelSpec, ...]) -> Found | None:
    clause = _clause(left)
    # a count after "其中" and a sub-unit's name belongs to that sub-unit; an amount there is one part
    # of a total; establishment by kind (其中行政编制10名，事业编制5名) is summed by _sum_quota_kinds
    in_parts = _sub_unit(left) if q.unit == "人" else _in_parts(left)
    if q.unit == "人" and clause in QUOTA_KINDS and "其中" in left and not in_parts:
        return None
    if clause.endswith("合计") or clause == "":
        return _available_total(document, q, sentence, earlier)
    purpose = purpose_label(clause) if q.unit == AMOUNT else None
    matched = None if purpose else _match_spec(clause, left, q, in_parts, specs)
    if matched is None:
        label = purpose or _free_label(norm, q, clause, sentence, earlier)
        return _free_figure(document, norm, q, label, clause, sentence) if label else None
    spec, phrase = matched
    label, var = spec.label, spec.var
    if q.written < 0 and q.start != q.num_start:  # 减少/下降: a change, not the figure itself
        label, var = label + CHANGE_SUFFIX, None
    elif spec.unit_kind == "count" and in_parts:
        label, var = SUB_UNIT_PREFIX + label, None
    scope = _scope(spec, phrase, left, q.start, headings) if spec.scoped else None
    phrase_start = _phrase_start(norm, q, phrase)
    loc = make_loc(document, phrase_start, q.end)
    figure = Figure("", var, label, q.value, UNIT_OF_KIND[spec.unit_kind], loc, scope, "extracted", q.qualifier)
    return Found(figure, sentence, in_parts)


def _free_label(norm: Normalized, q: Quantity, clause: str, sentence, earlier: list[Found]) -> str | None:
    """An amount no §3 label names: a change of the figure just stated, or a fund named by its grant."""
    if q.unit != AMOUNT:
        return None
    previous = earlier[-1].figure.label if earlier and earlier[-1].sentence == sentence else None
    after = norm.text[norm.to_normalized(q.end):sentence[1]]
    return change_label(clause, previous) or grant_label(clause, after)


def _free_figure(document, norm: Normalized, q: Quantity, label: str, clause: str, sentence) -> Found:
    loc = make_loc(document, _phrase_start(norm, q, clause), q.end)
    return Found(Figure("", None, label, q.value, AMOUNT, loc, None, "extracted", q.qualifier), sentence)


def _phrase_start(norm: Normalized, q: Quantity, phrase: str) -> int:
    """Source offset where the label phrase begins (the quote shows label and number together)."""
    n_start = norm.to_normalized(q.start)
    lo = max(0, n_start - len(phrase) - 12)
    kept = [i for i in range(lo, n_start) if not QUOTES.match(norm.text[i])]  # quotes and spaces skipped
    at = "".join(norm.text[i] for i in kept).rfind(phrase)
    return norm.to_source(kept[at]) if at >= 0 else q.start


def _available_total(document, q: Quantity, sentence, earlier: list[Found]) -> Found | None:
    """"…上年结转X，本年收入Y，合计Z": Z is the year's available budget."""
    labels = {f.figure.label: f.figure for f in earlier if f.sentence == sentence}
    if q.unit != AMOUNT or not {"上年结转", "本年收入"} <= set(labels):
        return None
    scope = labels["本年收入"].scope or labels["上年结转"].scope
    figure = Figure("", "budget_available", "本年可用预算", q.value, AMOUNT, make_loc(document, q.start, q.end),
                    scope, "extracted", q.qualifier)
    return Found(figure, sentence)


def _scope(spec: LabelSpec, phrase: str, left: str, offset: int, headings) -> str | None:
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


def _headings(norm: Normalized, tables: Spans) -> list[tuple[int, str]]:
    """Short lines without a full stop (section titles), with their source offsets; lines as joined, so
    that a paragraph a page broke into short lines is not taken for titles."""
    out = []
    offset = 0
    for line in norm.text.split("\n"):
        stripped = line.strip()
        source = norm.to_source(offset)
        if 0 < len(stripped) <= 40 and "。" not in stripped and not tables.covers(source):
            out.append((source, stripped))
        offset += len(line) + 1
    return out


def _headings_above(headings, offset: int, depth: int = 2) -> list[str]:
    """The nearest `depth` headings before `offset`, nearest first."""
    end = bisect_left(headings, (offset, ""))
    return [text for _, text in reversed(headings[max(0, end - depth):end])]


def _quota_kind(clause: str) -> bool:
    """The clause names one kind of establishment (核定行政编制8名: its last words are 行政编制)."""
    return any(clause.endswith(kind) for kind in QUOTA_KINDS)


def _sum_quota_kinds(document, norm, quantities: list[Quantity], found: list[Found]) -> list[Found]:
    """行政编12人，事业编5人，工勤编2人 → 编制数 19 (a count given only by its parts); the parts read as
    编制数 on their own are dropped, or they would be taken for one quota stated twice."""
    runs: dict[tuple[int, int], list[Quantity]] = {}
    for q in quantities:
        if q.unit != "人":
            continue
        n_start = norm.to_normalized(q.start)
        left = norm.text[sentence_span(norm.text, n_start)[0]:n_start]
        if _quota_kind(_clause(left)) and not _sub_unit(left):
            runs.setdefault(sentence_span(norm.text, n_start), []).append(q)
    for sentence, parts in runs.items():
        after_of = norm.text.rfind("其中", sentence[0], norm.to_normalized(parts[0].start))
        if len(parts) < 2 and after_of < 0:  # one kind outside a "其中" list is read as the quota itself
            continue
        total = sum((q.value for q in parts), Decimal(0))
        ends = {q.end for q in parts}
        found = [f for f in found if not (f.figure.label == "编制数" and f.figure.loc.end in ends)]
        start = max(after_of, sentence[0])
        loc = make_loc(document, norm.to_source(start), parts[-1].end)
        figure = Figure("", "staff_quota", "编制数", total, "人", loc)
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
