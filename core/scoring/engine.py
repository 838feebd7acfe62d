"""compute(): score a framework from figures, decisions and the report's claims (domain.md §2, §2.10).

Pure and cheap: the framework is compiled once (plan.plan_for) and each call only evaluates formulas,
applies rules and sums. Inputs:
- values: variable id → Decimal or None. An indicator id may also be given: it is the value the report
  states for that indicator, used only when the formula cannot be evaluated (§2.0, precedence 2).
- decisions: indicator id → Decision.
- claimed: indicator id → claimed score; a level's claimed subtotal under level_key(path) ("过程",
  "投入/预算配置").
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from core.frameworks.model import Framework
from core.scoring.grades import (
    display_grade,
    grade,
    normalize_grade,
    rank,
    self_eval_quality,
    upper_total,
)
from core.decimals import fmt
from core.scoring.indicator import Scored, score_indicator
from core.scoring.plan import Plan, plan_for
from core.scoring.result import Decision, LevelResult, Result, Totals
from core.scoring.totals import Aggregate, aggregate


def level_key(path: tuple[str, ...] | list[str]) -> str:
    """Key of a level's claimed subtotal in `claimed`."""
    return "/".join(path)


def compute(
    framework: Framework,
    values: Mapping[str, Decimal | None],
    decisions: Mapping[str, Decision] | None = None,
    claimed: Mapping[str, Decimal] | None = None,
    claimed_total: Decimal | None = None,
    claimed_grade: str | None = None,
) -> Result:
    plan = plan_for(framework)
    decisions = decisions or {}
    claimed = claimed or {}
    scored = [
        score_indicator(it, values, decisions.get(it.ind.id), claimed.get(it.ind.id), plan.missing_quant_policy)
        for it in plan.items
    ]
    excluded = [s.excluded for s in scored]
    item_scores = [s.result.score for s in scored]
    agg = aggregate(plan, item_scores, excluded)
    totals = _totals(plan, scored, agg, claimed, claimed_total, claimed_grade)
    totals.provisional_min, totals.provisional_max = _provisional_range(plan, scored, item_scores, excluded, agg)
    best = grade(totals.provisional_max, plan.bands)
    totals.grade_ceiling = display_grade(_execution_cap(plan, scored, totals.provisional_max, best)[1], plan.options)
    _apply_redistribution(scored, agg)
    return Result(indicators=[s.result for s in scored], totals=totals)


def _apply_redistribution(scored: list[Scored], agg: Aggregate) -> None:
    for s, score, weight in zip(scored, agg.scores, agg.weights):
        if weight != s.result.weight and not s.excluded:
            s.result.score = score
            s.result.weight = weight
            if s.result.claimed_score is not None and score is not None:
                s.result.difference = score - s.result.claimed_score


def _totals(
    plan: Plan,
    scored: list[Scored],
    agg: Aggregate,
    claimed: Mapping[str, Decimal],
    claimed_total: Decimal | None,
    claimed_grade: str | None,
) -> Totals:
    reviewed_grade = grade(agg.total, plan.bands)
    total, final_grade, cap = _execution_cap(plan, scored, agg.total, reviewed_grade)
    levels = [
        LevelResult(path, weight, claimed.get(level_key(path)), reviewed) for path, weight, reviewed in agg.levels
    ]
    status = _status(plan, scored)
    if status == "undetermined":
        # No verdict from nothing: a grade (and how far the claim deviates) needs at least half the weight.
        return Totals(max=plan.max_total, claimed=claimed_total, reviewed=total,
                      difference=None if claimed_total is None else total - claimed_total,
                      grade_claimed=claimed_grade, grade_reviewed=None, levels=levels, cap=cap, status=status)
    return Totals(
        max=plan.max_total,
        claimed=claimed_total,
        reviewed=total,
        difference=None if claimed_total is None else total - claimed_total,
        grade_claimed=claimed_grade,
        grade_reviewed=display_grade(final_grade, plan.options),
        levels=levels,
        cap=cap,
        deviation=_deviation(plan, claimed_total, claimed_grade, total, final_grade),
        status=status,
    )


def _status(plan: Plan, scored: list[Scored]) -> str:
    """cli.md totals.status, by the weight whose score is computed, decided or entered (not open)."""
    open_weight = sum((it.ind.weight for it, s in zip(plan.items, scored) if s.open), Decimal(0))
    if not open_weight:
        return "complete"
    settled = sum((it.ind.weight for it in plan.items), Decimal(0)) - open_weight
    return "undetermined" if settled * 2 < plan.max_total else "provisional"


def _execution_value(plan: Plan, scored: list[Scored]) -> tuple[str | None, Decimal | None]:
    if plan.execution is None:
        return None, None
    result = scored[plan.execution].result
    return result.id, result.value if result.status in ("ok", "manual") else None


def _execution_cap(plan: Plan, scored: list[Scored], total: Decimal, reviewed: str) -> tuple[Decimal, str, dict | None]:
    """§2.10.3: an execution rate below a tier limits the grade (or cuts the total, cap_mode=total)."""
    indicator, rate = _execution_value(plan, scored)
    if not plan.cap.enabled or indicator is None:
        return total, reviewed, None
    info: dict = {
        "indicator": indicator,
        "value": rate,
        "mode": plan.cap.mode,
        "grade_before": reviewed,
        "total_before": total,
        "triggered": False,
        "changed": False,
    }
    if rate is None:
        info.update(grade_after=reviewed, total_after=total, note="执行率待补充，暂不设等级上限")
        return total, reviewed, info
    limits = [(limit, g) for limit, g in plan.cap.tiers if rate < limit]
    if not limits:
        info.update(grade_after=reviewed, total_after=total, note=f"执行率 {fmt(rate)}% 未低于上限标准")
        return total, reviewed, info
    limit, ceiling = max(limits, key=lambda t: rank(t[1]))
    capped_total, capped = total, reviewed
    if rank(reviewed) < rank(ceiling):
        capped = ceiling
        if plan.cap.mode == "total":
            capped_total = min(total, upper_total(ceiling, plan.bands) or total)
    info.update(
        triggered=True,
        changed=capped != reviewed,
        limit=limit,
        max_grade=ceiling,
        grade_after=capped,
        total_after=capped_total,
        note=f"执行率 {fmt(rate)}% 低于 {fmt(limit)}%，等级最高为{ceiling}",
    )
    return capped_total, capped, info


def _deviation(
    plan: Plan, claimed_total: Decimal | None, claimed_grade: str | None, total: Decimal, reviewed: str
) -> dict:
    claimed = normalize_grade(claimed_grade)
    if claimed is None and claimed_total is not None:
        claimed = grade(claimed_total, plan.bands)
    verdict = self_eval_quality(
        claimed_total, claimed_grade, total, reviewed, plan.bands, plan.deviation_n, plan.deviation_m
    )
    return {
        "points": None if claimed_total is None else total - claimed_total,
        "grade_changed": None if claimed is None else claimed != reviewed,
        "claimed_grade": claimed,
        "verdict": verdict,
    }


def _provisional_range(
    plan: Plan, scored: list[Scored], item_scores: list[Decimal | None], excluded: list[bool], agg: Aggregate
) -> tuple[Decimal, Decimal]:
    """Totals if every open indicator (needs_input, unjudged) were later scored 0 / confirmed at full marks
    (§2.10.5)."""
    if not any(s.open for s in scored):
        return agg.total, agg.total
    worst = [None if s.open else score for s, score in zip(scored, item_scores)]
    best = [it.ind.weight if s.open else score for it, s, score in zip(plan.items, scored, item_scores)]
    return aggregate(plan, worst, excluded).total, aggregate(plan, best, excluded).total
