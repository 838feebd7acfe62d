"""FIGURE_CONFLICT (domain.md §5.11): one quantity, two values.

(a) A base figure stated with different values in different places, same label and no scope that would
tell them apart. Rates with a qualifier (96%以上) and satisfaction surveys are not one quantity, and a
sub-unit's or a change's figure is not the unit's own.
(b) A budget execution rate stated as a bare value (no written calculation: that is EXPR_MISMATCH)
that the report's own base figures contradict at the printed precision.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.checks.figure_terms import FigureIndex, differs, show
from core.checks.model import Finding, span_loc
from core.decimals import HUNDRED, round_half_up
from core.documents.model import Document
from core.extraction.figure_labels import SPECS
from core.extraction.model import Extraction, Figure
from core.extraction.numbers import printed_decimals, unwrap_numbers

# Another label for the same quantity, listed with a conflict when its value differs from all of them.
RELATED = {"本年可用预算": "调整后预算数"}
_ONE_QUANTITY = {spec.label for spec in SPECS if spec.var and spec.unit_kind != "rate"}
_STATED_RATE = re.compile(r"(预算(?:完成|执行)率|资金执行率)(?:为|达到|达|是)?\s*(\d+(?:\.\d+)?)\s*%")


def check_figures(document: Document, extraction: Extraction) -> list[Finding]:
    index = FigureIndex(extraction)
    return _value_conflicts(index) + _rate_conflicts(document, extraction, index)


def _value_conflicts(index: FigureIndex) -> list[Finding]:
    findings = []
    for label, figures in index.by_label.items():
        unscoped = [f for f in figures if f.scope is None and f.qualifier is None]
        if label not in _ONE_QUANTITY or len(unscoped) < 2:
            continue
        distinct = _distinct(unscoped)
        if len(distinct) > 1:
            others = [f for f in index.by_label.get(RELATED.get(label, ""), [])
                      if all(differs(f.value, d.value, 1, f.unit) for d in distinct)]
            related = _distinct(others)
            findings.append(_conflict_finding(label, distinct, related))
    return findings


def _distinct(figures: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    for figure in figures:
        if all(differs(figure.value, o.value, 1, figure.unit) for o in out):
            out.append(figure)
    return out


def _conflict_finding(label: str, figures: list[Figure], related: list[Figure]) -> Finding:
    listed = "；".join(f"“{f.loc.quote.strip()}”为{show(f.value, f.unit)}" for f in figures)
    also = "".join(f"另有{f.label}{show(f.value, f.unit)}。" for f in related)
    return Finding(
        code="FIGURE_CONFLICT",
        severity="error",
        message=f"{label}在报告中有{len(figures)}个不同数值：{listed}。{also}请单位说明以哪个为准。",
        about=label,
        stated="、".join(show(f.value, f.unit) for f in figures),
        expected="同一数值",
        locs=[f.loc for f in figures + related],
    )


def _rate_conflicts(document: Document, extraction: Extraction, index: FigureIndex) -> list[Finding]:
    norm = unwrap_numbers(document.text)
    findings = []
    # a 自评表's rate cells are checked against its own columns (R1), not against prose figures
    forms = [(norm.to_normalized(f.loc.start), norm.to_normalized(f.loc.end)) for f in extraction.forms if f.loc]
    for m in _STATED_RATE.finditer(norm.text):
        computed = _execution_rates(index, extraction.meta.kind)
        if not computed:
            return []
        if any(s <= m.start() < e for s, e in forms):
            continue
        stated = Decimal(m.group(2))
        places = printed_decimals(m.group(2))
        if any(round_half_up(value, places) == stated for value, _ in computed):
            continue
        value, formula = computed[0]
        start, end = norm.span_to_source(m.start(), m.end())
        shown = show(round_half_up(value, 2), "%")
        findings.append(Finding(
            code="FIGURE_CONFLICT",
            severity="error",
            message=f"报告称{m.group(1)}{m.group(2)}%，但按报告自身数据计算为{shown}（{formula}）。",
            about=m.group(1),
            stated=f"{m.group(2)}%",
            expected=f"{shown}（{formula}）",
            locs=[span_loc(document, start, end)],
        ))
    return findings


def _execution_rates(index: FigureIndex, kind: str | None) -> list[tuple[Decimal, str]]:
    """The execution rates (in %, with their formula) the report's figures give: for a project actual /
    budget; for a department (available − year-end carry-over) / available and spending / available.
    A stated rate that matches any of them is not contradicted."""
    if kind != "部门整体支出":
        budget, actual = index.one("项目预算数", any_scope=True), index.one("项目实际支出", any_scope=True)
        if budget and actual and budget.value:
            return [(actual.value / budget.value * HUNDRED, f"{show(actual.value, '')}/{show(budget.value, '')}")]
        if kind == "项目支出":
            return []
    available = _available(index)
    if not available:
        return []
    done = []
    end = index.one("年末结转", any_scope=True)
    if end is not None:
        done.append(available - end.value)
    expense = index.one("本年支出", any_scope=True)
    if expense is not None:
        done.append(expense.value)
    return [(d / available * HUNDRED, f"{show(d, '')}/{show(available, '')}") for d in done]


def _available(index: FigureIndex) -> Decimal | None:
    stated = index.one("本年可用预算", any_scope=True)
    if stated is not None:
        return stated.value
    prev, income = index.one("上年结转", any_scope=True), index.one("本年收入", any_scope=True)
    return prev.value + income.value if prev and income else None
