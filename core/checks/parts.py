"""PARTS_SUM (domain.md §5.2): a total and its "其中" parts do not add up.

The parts run from "其中" to the end of the sentence, and into the next sentence when the list
continues there. A report may end the list early and go on with other figures after a semicolon,
so the total is accepted when any leading run of parts adds up to it; a restated part (…3141条，
本级…3141条) may be counted once. Bracketed remarks (（含…0元）) and approximate numbers are not parts.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.checks.figure_terms import differs, mismatch, show
from core.checks.model import Finding, span_loc
from core.documents.model import Document
from core.extraction.model import Extraction
from core.extraction.normalize import Normalized
from core.extraction.numbers import AMOUNT, Quantity, find_quantities, unwrap_numbers
from core.extraction.table_reading import read_tables

PARTIAL_SHARE = Decimal("0.9")  # parts below this share of the total may be a partial list
_NOT_EXHAUSTIVE = re.compile(r"主要|包括[^。]*等")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")


def check_parts(document: Document, extraction: Extraction) -> list[Finding]:
    norm = unwrap_numbers(document.text)
    tables = [(r.table.start, r.table.end) for r in read_tables(document)]
    quantities = [q for q in find_quantities(norm) if q.unit and not any(s <= q.start <= e for s, e in tables)]
    bracketed = [norm.span_to_source(m.start(), m.end()) for m in _BRACKETS.finditer(norm.text)]
    quantities = [q for q in quantities if not any(s <= q.start < e for s, e in bracketed)]
    findings = []
    for m in re.finditer("其中", norm.text):
        at = norm.to_source(m.start())
        if any(s <= at <= e for s, e in tables):
            continue
        finding = _check_list(document, norm, quantities, m.start())
        if finding:
            findings.append(finding)
    return findings


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [i for i in (text.find("。", pos), text.find("\n", pos)) if i >= 0]
    return start, min(ends) if ends else len(text)


def _total_before(norm: Normalized, quantities: list[Quantity], at: int) -> Quantity | None:
    start, _ = _sentence(norm.text, at)
    before = [q for q in quantities if norm.to_normalized(q.start) < at]
    same = [q for q in before if norm.to_normalized(q.start) >= start]
    if same:
        return same[-1]
    if norm.text[start:at].strip() == "" and start > 0:  # "…合计107.66万元。其中…": total closes the sentence before
        previous = _sentence(norm.text, start - 1)
        inside = [q for q in before if norm.to_normalized(q.start) >= previous[0]]
        return inside[-1] if inside else None
    return None


def _same_unit(total: Quantity, q: Quantity) -> bool:
    return q.unit == total.unit and q.qualifier is None


def _check_list(document: Document, norm: Normalized, quantities: list[Quantity], at: int) -> Finding | None:
    total = _total_before(norm, quantities, at)
    if total is None or total.qualifier is not None or not (total.is_amount or total.is_count):
        return None
    end = _sentence(norm.text, at)[1]
    after = [q for q in quantities if norm.to_normalized(q.start) > at]
    parts = [q for q in after if norm.to_normalized(q.start) < end and _same_unit(total, q)]
    following = _next_sentence(norm, after, end, total)
    if any(q.qualifier for q in after if norm.to_normalized(q.start) < end and q.unit == total.unit):
        return None
    variants = [parts, parts + following] if following else [parts]
    if len(variants[-1]) < 2:
        return None
    listed = norm.text[at:end]
    partial = bool(_NOT_EXHAUSTIVE.search(listed))
    closest = None
    for variant in variants:
        for candidate in _readings(variant, total):
            for n in range(1, len(candidate) + 1):
                total_of = sum((q.value for q in candidate[:n]), Decimal(0))
                if not differs(total.value, total_of, n, total.unit) or (partial and total_of <= total.value):
                    return None
            full = sum((q.value for q in candidate), Decimal(0))
            if closest is None or abs(full - total.value) < abs(closest[0] - total.value):
                closest = (full, candidate)
    return _finding(document, norm, total, closest[1], closest[0], at, _severity(norm, total, closest[0], at))


def _severity(norm: Normalized, total: Quantity, parts_sum: Decimal, at: int) -> str:
    """Parts far short of their total may just not list every category (其中网上办理…): a warning.
    Parts above the total, parts close to it, and the 三公 components (exhaustive by definition) are errors."""
    start = _sentence(norm.text, at)[0]
    if "三公" in norm.text[start:at] or parts_sum > total.value or parts_sum >= total.value * PARTIAL_SHARE:
        return "error"
    return "warning"


def _next_sentence(norm: Normalized, after: list[Quantity], end: int, total: Quantity) -> list[Quantity]:
    """A list that goes on after the full stop: the next sentence, if it adds parts and no new total."""
    if end >= len(norm.text) or norm.text[end] != "。":
        return []
    nxt_start, nxt_end = end + 1, _sentence(norm.text, end + 1)[1]
    if "其中" in norm.text[nxt_start:nxt_end]:
        return []
    inside = [q for q in after if nxt_start <= norm.to_normalized(q.start) < nxt_end]
    return [q for q in inside if _same_unit(total, q)] if inside and all(
        _same_unit(total, q) or q.unit != total.unit for q in inside) else []


def _readings(parts: list[Quantity], total: Quantity) -> list[list[Quantity]]:
    """The parts as listed, and with a part that repeats the one before dropped (a restatement)."""
    once = [q for i, q in enumerate(parts) if i == 0 or q.value != parts[i - 1].value or q.value == 0]
    return [parts, once] if len(once) != len(parts) else [parts]


def _finding(document, norm, total: Quantity, parts: list[Quantity], parts_sum: Decimal, at: int,
             severity: str) -> Finding:
    unit = AMOUNT if total.is_amount else total.unit
    terms = "＋".join(show(q.value, "") for q in parts)
    about, about_start = _subject(norm, total)
    delta = total.value - parts_sum
    message = (f"{about}{show(total.value, unit)}，但“其中”所列分项合计{show(parts_sum, unit)}（{terms}），"
               f"相差{show(abs(delta), unit)}。")
    locs = [span_loc(document, about_start, max(total.end, norm.to_source(at + 2))),
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
    if "三公" in norm.text[_sentence(norm.text, n_start)[0]:n_start] and "三公" not in clause:
        clause = "三公经费" + clause  # "…三公经费预算数1万元，实际支出1.7万元，其中…"
    return re.sub(r"[“”\"\s]|^\d{4}年度?|为$|共$", "", clause) or "合计", start
