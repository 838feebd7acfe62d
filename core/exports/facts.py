"""Everything the 复核表 and the 复核意见 show, gathered once from a session: rows per indicator with the
reason of each deduction, level subtotals, the grading scale the formulas need, the budget block, the base
figures with their provenance and the findings with the reviewer's verdicts."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import partial
from datetime import date
from decimal import Decimal

from core.documents.model import SHEET_FORMATS
from core.extraction.model import Loc
from core.exports import wording
from core.scoring.grades import display_grade
from core.scoring.numfmt import fmt
from core.scoring.plan import plan_for
from core.scoring.result import IndicatorResult, LevelResult, Totals

OPEN_STATUSES = ("needs_input", "unjudged")
_TIMES_100 = re.compile(r"\s*\*\s*100\s*$")
# Characters XML 1.0 (docx, xlsx) cannot hold; a report's text may carry them (form feeds, stray controls).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Header:
    unit: str | None  # None when the report does not say: the outputs leave a blank to fill in
    report: str  # the report's file name
    year: int | None
    kind: str  # 部门整体支出 | 项目支出
    framework: str
    reviewer: str | None
    day: date  # 复核日期
    completed: bool


@dataclass(frozen=True)
class ScoreRow:
    indicator_id: str
    level1: str
    level2: str  # "" when the indicator hangs directly under 一级
    name: str
    nature: str  # 定量 | 定性
    target: str  # 指标值 (the rule's target), "" when the rule has none
    weight: Decimal
    claimed_value: str  # 自评完成值 as the report writes it
    claimed_score: Decimal | None
    value: Decimal | None  # 复核完成值
    score: Decimal | None  # None only when not applicable and left out of the total
    counted: bool  # in the total; False = not applicable, rescaled away (domain.md §2.10.2)
    pending: bool  # 待定: waits for input or a decision (§2.10.5)
    execution: bool  # the execution-rate indicator the grade cap reads (§2.10.3)
    reason: str  # 复核说明

    @property
    def difference(self) -> Decimal | None:
        """复核得分 − 自评得分 (negative = deducted), when both exist."""
        if self.claimed_score is None or self.score is None:
            return None
        return self.score - self.claimed_score


@dataclass(frozen=True)
class Scale:
    """What the sheet's formulas need to grade a total like the engine does."""

    max_total: Decimal
    bands: tuple[tuple[Decimal, str], ...]  # (lower bound, displayed grade), lowest first
    cap_enabled: bool
    cap_tiers: tuple[tuple[Decimal, str], ...]  # (rate below which, highest displayed grade)
    cap_mode: str  # grade | total
    deviation_n: Decimal
    deviation_m: Decimal


@dataclass(frozen=True)
class Budget:
    """The execution indicator's A (base) and B (spent), B÷A, and its scores."""

    name: str
    formula: str  # as the framework's standard writes it
    a: Decimal | None
    b: Decimal | None
    weight: Decimal
    claimed_score: Decimal | None
    score: Decimal | None


@dataclass(frozen=True)
class FigureRow:
    label: str
    value: Decimal | None
    unit: str
    origin: str  # wording.ORIGIN
    location: str
    corrected_from: Decimal | None
    changed_by: str | None
    changed_at: str | None


@dataclass(frozen=True)
class FindingRow:
    number: int
    key: str
    severity: str  # wording.SEVERITY
    code: str
    group: str
    location: str
    message: str
    advice: str
    decision: str  # wording.DECISION
    note: str | None
    in_opinion: bool


@dataclass(frozen=True)
class ReviewFacts:
    header: Header
    rows: list[ScoreRow]
    levels: list[LevelResult]
    totals: Totals
    status: str  # complete | provisional | undetermined (the engine's totals.status, cli.md)
    grade: str  # the reviewed grade, or 待定 while undetermined
    scale: Scale
    budget: Budget | None
    figures: list[FigureRow]
    findings: list[FindingRow]

    @property
    def opinion_findings(self) -> list[FindingRow]:
        return [f for f in self.findings if f.in_opinion]


def review_facts(session, day: date | None = None) -> ReviewFacts:
    result = session.result
    rows = [_row(session, r) for r in result.indicators]
    status = result.totals.status
    return ReviewFacts(
        header=printable(_header(session, day or date.today())),
        rows=printable(rows),
        levels=list(result.totals.levels),
        totals=result.totals,
        status=status,
        grade=result.totals.grade_reviewed or wording.PENDING_GRADE,
        scale=_scale(session.framework),
        budget=_budget(session, rows),
        figures=printable([_figure(session, var) for var in session.variable_ids() if session.value(var) is not None]),
        findings=printable(_findings(session)),
    )


def location_text(loc: Loc | None, document) -> str:
    """Where a span is, as a reviewer looks it up: 第4页 or the workbook cell (Sheet1!D12), then its words."""
    if loc is None:
        return ""
    quote = " ".join(loc.quote.split())
    quote = quote if len(quote) <= 40 else quote[:39] + "…"
    cell = document.cell_ref(loc.start, loc.end) if document.format in SHEET_FORMATS else None
    where = f"单元格 {cell} " if cell else (f"第{loc.page}页 " if loc.page else "")
    return where + (f"“{quote}”" if quote else "")


def _header(session, day: date) -> Header:
    meta = session.extraction.meta
    return Header(unit=meta.unit, report=session.document.name, year=meta.year,
                  kind=meta.kind or session.framework.kind, framework=session.framework.name,
                  reviewer=session.reviewer, day=day, completed=session.completed)


def _row(session, r: IndicatorResult) -> ScoreRow:
    indicator = session.indicator(r.id)
    levels = r.path[:-1]
    claim = next((c for c in session.extraction.claims if session.claim_map.get(c.id) == r.id), None)
    return ScoreRow(
        indicator_id=r.id, level1=levels[0] if levels else "", level2="／".join(levels[1:]), name=r.path[-1],
        nature=wording.NATURE.get(indicator.kind, indicator.kind),
        target=_target(indicator) or ((claim.target or "") if claim else ""),  # else the 自评表's 年度指标值
        weight=r.weight, claimed_value=(claim.actual or claim.stated_value or "") if claim else "",
        claimed_score=r.claimed_score, value=r.value, score=r.score,
        counted=r.score is not None, pending=r.status in OPEN_STATUSES, execution=indicator.execution,
        reason=_reason(r),
    )


def _target(indicator) -> str:
    target = indicator.rule.params.get("target")
    if target is None:
        return ""
    formula = indicator.formula or ""
    return f"{target}%" if _TIMES_100.search(formula) else str(target)


def _reason(r: IndicatorResult) -> str:
    """复核说明: the reviewer's own reason first, then how the score was reached."""
    parts = [r.comment] if r.comment else []
    parts.append(r.explanation)
    if r.note:
        parts.append(r.note)
    if r.status in OPEN_STATUSES:
        parts.insert(0, "待定")
    return "；".join(p for p in parts if p)


def _scale(framework) -> Scale:
    plan = plan_for(framework)
    show = partial(_shown_grade, plan.options)
    return Scale(
        max_total=plan.max_total,
        bands=tuple((lower, show(word)) for lower, word in sorted(plan.bands)),
        cap_enabled=plan.cap.enabled and plan.execution is not None,
        cap_tiers=tuple((limit, show(word)) for limit, word in plan.cap.tiers),
        cap_mode=plan.cap.mode,
        deviation_n=plan.deviation_n,
        deviation_m=plan.deviation_m,
    )


def _shown_grade(options: dict, word: str) -> str:
    return display_grade(word, options)


def _budget(session, rows: list[ScoreRow]) -> Budget | None:
    row = next((r for r in rows if r.execution), None)
    if row is None:
        return None
    indicator = session.indicator(row.indicator_id)
    a, b = _ratio_parts(indicator.formula_for(session.framework.options), session.indicator_result(row.indicator_id))
    formula = indicator.standard.split("。")[0] if indicator.standard else (indicator.formula or "")
    return Budget(row.name, formula, a, b, row.weight, row.claimed_score, row.score)


def _ratio_parts(text: str | None, result: IndicatorResult) -> tuple[Decimal | None, Decimal | None]:
    """A rate formula "B / A * 100" evaluated part by part on the indicator's inputs → (A, B)."""
    from core.scoring.formula import FormulaError, compile_formula

    if not text:
        return None, None
    body = _TIMES_100.sub("", text.strip())
    cut = _top_level_slash(body)
    if cut is None:
        return None, None
    try:
        parts = [compile_formula(part).evaluate(result.inputs) for part in (body[:cut], body[cut + 1:])]
    except FormulaError:
        return None, None
    b, a = (o.value if o.status == "ok" else None for o in parts)
    return a, b


def _top_level_slash(text: str) -> int | None:
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "/" and depth == 0:
            return i
    return None


def _figure(session, var: str) -> FigureRow:
    vv = session.value(var)
    variable = session.framework.variables.get(var)
    extracted = session.extracted_value(var)
    corrected_from = extracted.value if extracted is not None and vv.origin == "corrected" else None
    return FigureRow(label=session.variable_label(var), value=vv.value, unit=variable.unit if variable else "",
                     origin=wording.ORIGIN.get(vv.origin, vv.origin), location=location_text(vv.loc, session.document),
                     corrected_from=corrected_from, changed_by=vv.changed_by, changed_at=vv.changed_at)


def _findings(session) -> list[FindingRow]:
    rows = []
    for number, (finding, key) in enumerate(zip(session.findings, session.finding_keys, strict=True), start=1):
        state = session.finding_state(key)
        rows.append(FindingRow(
            number=number, key=key, severity=wording.SEVERITY.get(finding.severity, finding.severity),
            code=finding.code, group=wording.GROUP.get(finding.code, "其他问题"),
            location="；".join(filter(None, (location_text(loc, session.document) for loc in finding.locs[:2])))
            or (finding.about or ""),
            message=finding.message, advice=wording.ADVICE.get(finding.code, wording.DEFAULT_ADVICE),
            decision=wording.DECISION.get(state.status, state.status), note=state.note,
            in_opinion=state.include_in_opinion,
        ))
    return rows


def printable(value):
    """`value` with every text inside it (dataclass fields, list items) stripped of what XML cannot hold."""
    if isinstance(value, str):
        return _UNPRINTABLE.sub("", value)
    if isinstance(value, list):
        return [printable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: printable(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def date_text(day: date) -> str:
    """2026年12月6日, as official documents date themselves."""
    return f"{day.year}年{day.month}月{day.day}日"


def score_text(value: Decimal | None) -> str:
    """A score or amount as printed in the opinion: 81, 87.5, —."""
    return "—" if value is None else fmt(value)
