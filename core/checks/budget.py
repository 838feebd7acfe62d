"""BUDGET_IDENTITY (domain.md §5.3): budget figures that violate an identity of §3.3.

I1 可用 = 上年结转 + 年初预算 + 本年追加 is checked against an available figure stated together with its
terms (one sentence or one table: the report's own "可用" built wrongly), or against the only available
figure the report gives. I2 and I3 are checked per scope where every term has a single value; unscoped
figures fill a scope's missing terms. I4 (收入 = 年初 + 追加) is a warning.
"""

from __future__ import annotations

from decimal import Decimal

from core.checks.figure_terms import FigureIndex, differs, mismatch, show
from core.checks.model import Finding
from core.documents.model import Document
from core.extraction.lines import sentence_span
from core.extraction.model import Extraction, Figure
from core.extraction.numbers import AMOUNT, find_quantities, unwrap_numbers

BUDGET_SCOPE = "预算"  # the approved budget: the year-end identities do not apply to it
I1_TERMS = ("上年结转", "年初预算", "本年追加")


def check_budget(document: Document, extraction: Extraction) -> list[Finding]:
    index = FigureIndex(extraction)
    findings, wrong = _check_available(document, index)
    seen: set[tuple] = set()
    for scope in index.scopes():
        if scope == BUDGET_SCOPE:
            continue
        for finding, terms in (_check_i3(index, scope), _check_i2(index, scope), _check_i4(index, scope)):
            key = tuple(id(f) for f in terms)
            # a figure already found wrong is not the basis of a second finding (domain.md §5.0)
            if any(t is w for t in terms for w in wrong):
                continue
            if finding and key not in seen:
                seen.add(key)
                findings.append(finding)
    return findings


def _sentence(document: Document, offset: int) -> tuple[int, int]:
    """Source span of the sentence around `offset`, read where a page's line breaks are joined."""
    norm = unwrap_numbers(document.text)
    text, at = norm.text, norm.to_normalized(offset)
    return norm.span_to_source(*sentence_span(text, at))


def _colocated(document: Document, index: FigureIndex, available: Figure) -> list[Figure] | None:
    """I1 terms stated in the same sentence as the available figure (…可用665.12万元，其中年初预算…):
    the figure of each term whose value is written in that sentence."""
    start, end = _sentence(document, available.loc.start)
    written = {q.value for q in find_quantities(document.text) if q.unit == AMOUNT and start <= q.start < end}
    terms = []
    for label in I1_TERMS:
        here = [f for f in index.by_label.get(label, []) if f.value in written]
        if len({f.value for f in here}) != 1:
            return None
        terms.append(here[0])
    return terms


def _check_available(document: Document, index: FigureIndex) -> tuple[list[Finding], list[Figure]]:
    """I1 findings, and the available figures they found wrong."""
    stated = index.by_label.get("本年可用预算", [])
    findings, wrong = [], []
    for available in stated:
        terms = _colocated(document, index, available)
        if terms is None and len({f.value for f in stated}) == 1:
            terms = [index.one(label, available.scope) for label in I1_TERMS]
        if not terms or None in terms:
            continue
        computed = sum((f.value for f in terms), Decimal(0))
        if differs(available.value, computed, len(terms)):
            findings.append(_i1_finding(index, available, terms, computed))
            wrong.append(available)
    return findings, wrong


def _i1_finding(index: FigureIndex, available: Figure, terms: list[Figure], computed: Decimal) -> Finding:
    delta = available.value - computed
    formula = "＋".join(show(f.value, "") for f in terms)
    end_carry = index.one("年末结转", available.scope)
    cause = ""
    if end_carry is not None and not differs(delta, end_carry.value, 1):
        cause = f"差额恰为年末结转{show(end_carry.value)}，可用预算误加了年末结转。"
    message = (f"本年可用预算{show(available.value)}，但上年结转＋年初预算＋本年追加＝{formula}＝"
               f"{show(computed)}，相差{show(abs(delta))}。{cause}")
    return mismatch("BUDGET_IDENTITY", "本年可用预算", available.value, computed, formula, message,
                    [available.loc, *[f.loc for f in terms]])


def _terms(index: FigureIndex, scope: str | None, labels: tuple[str, ...]) -> list[Figure] | None:
    terms = [index.one(label, scope) for label in labels]
    if None in terms or (scope is None and any(f.scope is not None for f in terms)):
        return None
    if scope is not None and all(f.scope is None for f in terms):
        return None  # nothing of this scope involved: the unscoped check covers it
    return terms


def _check_i3(index: FigureIndex, scope: str | None) -> tuple[Finding | None, list[Figure]]:
    """上年结转 + 本年收入 − 本年支出 = 年末结转."""
    return _year_end(index, scope, (("上年结转", 1), ("本年收入", 1), ("本年支出", -1)))


def _check_i2(index: FigureIndex, scope: str | None) -> tuple[Finding | None, list[Figure]]:
    """本年可用预算 − 本年支出 = 年末结转 (only with a single stated available figure)."""
    if index.one("本年可用预算", any_scope=True) is None:
        return None, []
    return _year_end(index, scope, (("本年可用预算", 1), ("本年支出", -1)))


def _year_end(index: FigureIndex, scope: str | None, signed: tuple[tuple[str, int], ...]):
    """The stated year-end carry-over against the signed sum of `signed` terms, all in one scope."""
    terms = _terms(index, scope, (*(label for label, _ in signed), "年末结转"))
    if terms is None:
        return None, []
    *parts, end = terms
    computed = sum((f.value * sign for f, (_, sign) in zip(parts, signed)), Decimal(0))
    if not differs(end.value, computed, len(parts)):
        return None, terms
    words = _signed_join([label for label, _ in signed], signed)
    formula = _signed_join([show(f.value, "") for f in parts], signed)
    message = (f"{_scope_words(scope)}{words}＝{formula}＝{show(computed)}，"
               f"与报告所列年末结转{show(end.value)}不符，相差{show(abs(end.value - computed))}。")
    return mismatch("BUDGET_IDENTITY", "年末结转", end.value, computed, formula, message,
                    [end.loc, *[f.loc for f in parts]]), terms


def _signed_join(items: list[str], signed) -> str:
    return "".join(("" if i == 0 else "＋" if sign > 0 else "－") + item
                   for i, (item, (_, sign)) in enumerate(zip(items, signed)))


def _check_i4(index: FigureIndex, scope: str | None) -> tuple[Finding | None, list[Figure]]:
    """财政拨款收入 = 年初预算 + 本年追加 when all appropriations arrived (a warning)."""
    if scope != "财政拨款":
        return None, []
    income = index.one("本年收入", scope)
    initial, added = index.one("年初预算", None, any_scope=True), index.one("本年追加", None, any_scope=True)
    if income is None or income.scope != scope or initial is None or added is None:
        return None, []
    computed = initial.value + added.value
    if not differs(income.value, computed, 2):
        return None, [income, initial, added]
    return Finding(
        code="BUDGET_IDENTITY",
        severity="warning",
        message=(f"财政拨款收入{show(income.value)}与年初预算＋本年追加＝{show(computed)}不一致，"
                 "请说明拨款到位情况。"),
        about="财政拨款收入",
        stated=show(income.value),
        expected=show(computed),
        locs=[income.loc, initial.loc, added.loc],
    ), [income, initial, added]


def _scope_words(scope: str | None) -> str:
    return f"{scope}口径：" if scope else ""
