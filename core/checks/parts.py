"""PARTS_SUM (domain.md §5.2): a total and its "其中" parts do not add up.

The parts run from "其中" (or 分别为, 包括) to the end of the sentence, and into the next sentence when the list
continues there. A report may end the list early and go on with other figures after a semicolon,
so the total is accepted when any leading run of parts adds up to it; a restated part (…3141条，
本级…3141条) may be counted once. Bracketed remarks (（含…0元）) and approximate numbers are not parts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from core.checks.figure_terms import differs, mismatch, show
from core.checks.model import Finding, span_loc
from core.documents.model import Document
from core.extraction.model import Extraction
from core.extraction.lines import sentence_span
from core.extraction.normalize import Normalized
from core.extraction.numbers import AMOUNT, Quantity, find_quantities, unwrap_numbers
from core.extraction.table_reading import Spans, read_tables, table_spans

PARTIAL_SHARE = Decimal("0.9")  # parts below this share of the total may be a partial list
_NOT_EXHAUSTIVE = re.compile(r"主要|包括[^。]*等")
# Words that open the list of a total's parts.
_LIST_OPENER = re.compile(r"其中|分别为|分别是|包括")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
# A bracket right after an amount that breaks it down (520万元（市级400万元、镇级120万元）, 52名（其中行政编制20名、
# 事业编制32名）) lists its parts; one that says what it includes (含…) is a remark.
_REMARK = re.compile(r"\s*(?:含|包含|不含|已含|另|约|即)")
IN_BRACKETS = "括号中"
# A list that states something's budget and then what was spent of it compares the two; it does not break
# a total down ("其中公用经费预算45万元，公用经费实际支出48.6万元").
_BUDGETED = re.compile(r"预算(?:数|金额)?$")
_SPENT = re.compile(r"实际|决算(?:数|金额)?$")


@dataclass
class _Mentions:
    """The prose number mentions of a report, by normalised position."""

    norm: Normalized
    quantities: list[Quantity]
    positions: list[int]

    def between(self, lo: int, hi: int) -> list[Quantity]:
        return self.quantities[bisect_left(self.positions, lo):bisect_left(self.positions, hi)]


def check_parts(document: Document, extraction: Extraction) -> list[Finding]:
    tables = table_spans(read_tables(document))
    mentions = _mentions(document, tables)
    norm = mentions.norm
    brackets = Spans((m.start(), m.end() - 1) for m in _BRACKETS.finditer(norm.text))
    findings = _bracket_lists(document, mentions, tables)
    for m in _LIST_OPENER.finditer(norm.text):
        if tables.covers(norm.to_source(m.start())) or brackets.covers(m.start()):
            continue
        finding = _check_list(document, mentions, m.start(), m.group())
        if finding:
            findings.append(finding)
    return findings


def _mentions(document: Document, tables: Spans) -> _Mentions:
    """Quantities with a unit, outside tables and outside bracketed remarks (（含…0元）)."""
    norm = unwrap_numbers(document.text)
    remarks = Spans(norm.span_to_source(m.start(), m.end() - 1) for m in _BRACKETS.finditer(norm.text))
    quantities = [q for q in find_quantities(document.text) if q.unit and not tables.covers(q.start)
                  and not remarks.covers(q.start)]
    return _Mentions(norm, quantities, [norm.to_normalized(q.start) for q in quantities])


def _bracket_lists(document: Document, mentions: _Mentions, tables: Spans) -> list[Finding]:
    norm = mentions.norm
    quantities = [q for q in find_quantities(document.text) if q.unit and not tables.covers(q.start)]
    ends = {norm.to_normalized(q.end): q for q in quantities}
    findings = []
    for m in _BRACKETS.finditer(norm.text):
        total = ends.get(m.start())
        if total is None or total.qualifier is not None or _REMARK.match(norm.text, m.start() + 1):
            continue
        if not (total.is_amount or total.is_count) or tables.covers(total.start):
            continue
        parts = [q for q in quantities if m.start() < norm.to_normalized(q.start) < m.end() and _same_unit(total, q)]
        if len(parts) < 2 or any(not differs(total.value, sum((q.value for q in parts[:n]), Decimal(0)), n,
                                             total.unit) for n in range(1, len(parts) + 1)):
            continue
        parts_sum = sum((q.value for q in parts), Decimal(0))
        if _NOT_EXHAUSTIVE.search(norm.text, m.start(), m.end()) and parts_sum <= total.value:
            continue  # （主要用于…） lists some of the parts
        opened = (m.start(), "其中" if norm.text.startswith("其中", m.start() + 1) else IN_BRACKETS)
        findings.append(_finding(document, norm, total, parts, parts_sum, opened,
                                 _severity(norm, total, parts_sum, m.start())))
    return findings


def _total_before(mentions: _Mentions, at: int) -> Quantity | None:
    text = mentions.norm.text
    start = sentence_span(text, at)[0]
    same = mentions.between(start, at)
    if same:
        return same[-1]
    if text[start:at].strip() == "" and start > 0:  # "…合计120.50万元。其中…": total closes the sentence before
        inside = mentions.between(sentence_span(text, start - 1)[0], at)
        return inside[-1] if inside else None
    return None


def _same_unit(total: Quantity, q: Quantity) -> bool:
    return q.unit == total.unit and q.qualifier is None


def _check_list(document: Document, mentions: _Mentions, at: int, opener: str) -> Finding | None:
    norm = mentions.norm
    total = _total_before(mentions, at)
    if total is None or total.qualifier is not None or not (total.is_amount or total.is_count):
        return None
    end = sentence_span(norm.text, at)[1]
    listed = mentions.between(at + 1, end)
    if any(q.qualifier for q in listed if q.unit == total.unit):
        return None
    parts = [q for q in listed if _same_unit(total, q)]
    if _budget_against_actual(norm, parts):
        return None
    following = _next_sentence(mentions, end, total)
    variants = [parts, parts + following] if following else [parts]
    if len(variants[-1]) < 2:
        return None
    partial = bool(_NOT_EXHAUSTIVE.search(norm.text[at:end]))
    closest = None
    for variant in variants:
        for candidate in _readings(variant):
            for n in range(1, len(candidate) + 1):
                total_of = sum((q.value for q in candidate[:n]), Decimal(0))
                if not differs(total.value, total_of, n, total.unit) or (partial and total_of <= total.value):
                    return None
            full = sum((q.value for q in candidate), Decimal(0))
            if closest is None or abs(full - total.value) < abs(closest[0] - total.value):
                closest = (full, candidate)
    return _finding(document, norm, total, closest[1], closest[0], (at, opener),
                    _severity(norm, total, closest[0], at))


def _budget_against_actual(norm: Normalized, parts: list[Quantity]) -> bool:
    subjects = [_subject(norm, q)[0] for q in parts]
    return any(_BUDGETED.search(s) for s in subjects) and any(_SPENT.search(s) for s in subjects)


def _severity(norm: Normalized, total: Quantity, parts_sum: Decimal, at: int) -> str:
    """Parts far short of their total may just not list every category (其中网上办理…): a warning.
    Parts above the total, parts close to it, and the 三公 components (exhaustive by definition) are errors."""
    start = sentence_span(norm.text, at)[0]
    if "三公" in norm.text[start:at] or parts_sum > total.value or parts_sum >= total.value * PARTIAL_SHARE:
        return "error"
    return "warning"


def _next_sentence(mentions: _Mentions, end: int, total: Quantity) -> list[Quantity]:
    """A list that goes on after the full stop: the next sentence, if it adds parts and no new total."""
    text = mentions.norm.text
    if end >= len(text) or text[end] != "。":
        return []
    nxt_start, nxt_end = end + 1, sentence_span(text, end + 1)[1]
    if "其中" in text[nxt_start:nxt_end]:
        return []
    inside = mentions.between(nxt_start, nxt_end)
    if not inside or any(q.unit == total.unit and not _same_unit(total, q) for q in inside):
        return []
    return [q for q in inside if _same_unit(total, q)]


def _readings(parts: list[Quantity]) -> list[list[Quantity]]:
    """The parts as listed, and with a part that repeats the one before dropped (a restatement)."""
    once = [q for i, q in enumerate(parts) if i == 0 or q.value != parts[i - 1].value or q.value == 0]
    return [parts, once] if len(once) != len(parts) else [parts]


def _finding(document, norm, total: Quantity, parts: list[Quantity], parts_sum: Decimal,
             opened: tuple[int, str], severity: str) -> Finding:
    at, opener = opened
    unit = AMOUNT if total.is_amount else total.unit
    terms = "＋".join(show(q.value, "") for q in parts)
    about, about_start = _subject(norm, total)
    delta = total.value - parts_sum
    listed = "括号中所列分项" if opener == IN_BRACKETS else f"“{opener}”所列分项"
    message = (f"{about}{show(total.value, unit)}，但{listed}合计{show(parts_sum, unit)}（{terms}），"
               f"相差{show(abs(delta), unit)}。")
    opener_end = norm.to_source(at + 1 if opener == IN_BRACKETS else at + len(opener))
    locs = [span_loc(document, about_start, max(total.end, opener_end)),
            *[span_loc(document, q.start, q.end) for q in parts]]
    finding = mismatch("PARTS_SUM", about, total.value, parts_sum, terms, message, locs, unit)
    finding.severity = severity
    return finding


def _subject(norm: Normalized, total: Quantity) -> tuple[str, int]:
    """The words naming the total (the clause just before its number) and where they start."""
    n_start = norm.to_normalized(total.start)
    window = norm.text[max(0, n_start - 30):n_start]
    clause = re.split(r"[,，。;；:：、\n]", window)[-1]
    start = norm.to_source(n_start - len(clause)) if clause else total.start
    if "三公" in norm.text[sentence_span(norm.text, n_start)[0]:n_start] and "三公" not in clause:
        clause = "三公经费" + clause  # "…三公经费预算数1万元，实际支出1.7万元，其中…"
    return re.sub(r"[“”\"\s]|^\d{4}年度?|为$|共$", "", clause) or "合计", start
