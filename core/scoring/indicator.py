"""Scoring one compiled indicator: value precedence (domain.md §2.0), formula outcomes (0/0, x/0,
missing inputs), reviewer decisions, and the evidence policy for provisional scores (§2.10.5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from core.decimals import NO_SCORE, clamp_score, fmt, round_score
from core.rulebook.formula import Outcome
from core.scoring.plan import CompiledRule, Item
from core.scoring.result import Decision, IndicatorResult

Values = Mapping[str, Decimal | None]


@dataclass
class Scored:
    result: IndicatorResult
    open: bool = False  # needs_input / unjudged: a later decision may still raise it to full marks
    excluded: bool = False  # not applicable and the indicator's na_policy is exclude


def score_indicator(
    item: Item, values: Values, decision: Decision | None, claim: Decimal | None, missing_policy: str
) -> Scored:
    if decision is not None and decision.not_applicable:
        return _not_applicable(item, {}, "复核人认定不适用", decision, claim)
    inputs, outcome = _evaluate(item, values)
    if decision is not None and decision.manual_score is not None:
        return _manual(item, inputs, outcome, decision, claim)
    if item.rule.judged:
        return _judged(item.rule, item, inputs, decision, claim)
    return _quantitative(item, values, inputs, outcome, decision, claim, missing_policy)


def _evaluate(item: Item, values: Values) -> tuple[dict[str, Decimal | None], Outcome | None]:
    if item.formula is None:
        return {}, None
    if item.defaults:
        inputs = {v: _or_default(values.get(v), item.defaults.get(v)) for v in item.formula.variables}
    else:
        inputs = {v: values.get(v) for v in item.formula.variables}
    return inputs, item.formula.evaluate(inputs)


def _or_default(value: Decimal | None, default: Decimal | None) -> Decimal | None:
    return default if value is None else value


def _expression(item: Item, inputs: dict[str, Decimal | None]) -> str:
    if len(item.shown) < 2:
        return ""
    return "".join(_shown_value(inputs[t]) if is_var else t for is_var, t in item.shown) + " = "


def _shown_value(value: Decimal | None) -> str:
    return "?" if value is None else fmt(value)


def _result(
    item: Item,
    inputs: dict,
    value: Decimal | None,
    score: Decimal | None,
    status: str,
    text: str,
    decision: Decision | None,
    claim: Decimal | None,
) -> IndicatorResult:
    ind = item.ind
    return IndicatorResult(
        id=ind.id,
        path=ind.path,
        weight=ind.weight,
        rule=ind.rule.type,
        inputs=inputs,
        value=value,
        score=score,
        status=status,
        explanation=text,
        claimed_score=claim,
        difference=None if score is None or claim is None else score - claim,
        comment=decision.comment if decision is not None else None,
    )


def _quantitative(
    item: Item,
    values: Values,
    inputs: dict,
    outcome: Outcome | None,
    decision: Decision | None,
    claim: Decimal | None,
    missing_policy: str,
) -> Scored:
    status = outcome.status if outcome is not None else "missing"
    expr = _expression(item, inputs) if status != "missing" else ""
    if status == "ok":
        return _apply(item, inputs, outcome.value, expr, decision, claim)  # type: ignore[union-attr]
    if status == "zero_zero":
        if item.zero_zero_value is None:
            return _not_applicable(item, inputs, f"{expr}0/0，该事项未发生，不适用", decision, claim)
        return _apply(
            item, inputs, item.zero_zero_value, f"{expr}0/0，按 {fmt(item.zero_zero_value)} 计：", decision, claim
        )
    if status == "div_zero":
        if item.ind.on_div_zero == "zero":
            text = f"{expr}分母为0而分子不为0 → 0 / {fmt(item.ind.weight)}"
            return Scored(_result(item, inputs, None, NO_SCORE, "ok", text, decision, claim))
        return _needs_input(item, inputs, f"{expr}分母为0而分子不为0，需核实", decision, claim, missing_policy)
    stated = values.get(item.ind.id)
    if stated is not None:
        return _apply(item, inputs, stated, "报告所述值（无法由基础数据复算）：", decision, claim)
    if item.alt is not None:
        return _judged(item.alt, item, inputs, decision, claim)
    missing = "、".join(item.labels.get(v, v) for v in outcome.missing) if outcome else "计算公式"
    return _needs_input(item, inputs, f"缺少基础数据：{missing}", decision, claim, missing_policy)


def _apply(
    item: Item, inputs: dict, value: Decimal, prefix: str, decision: Decision | None, claim: Decimal | None
) -> Scored:
    scored = item.rule.apply(value, item.ind.weight)
    if scored.score is None:
        return _needs_input(item, inputs, prefix + scored.explanation, decision, claim, "zero", value)
    result = _result(item, inputs, value, scored.score, "ok", prefix + scored.explanation, decision, claim)
    result.note = scored.note
    return Scored(result)


def _judged(rule: CompiledRule, item: Item, inputs: dict, decision: Decision | None, claim: Decimal | None) -> Scored:
    w = item.ind.weight
    scored = rule.apply(decision, w)
    if scored.score is not None:
        return Scored(_result(item, inputs, None, scored.score, "ok", scored.explanation, decision, claim))
    if claim is not None:
        kept = clamp_score(claim, w)
        text = f"{scored.explanation}，暂按自评得分计 → {fmt(kept)} / {fmt(w)}"
        return Scored(_result(item, inputs, None, kept, "unjudged", text, decision, claim), open=True)
    text = f"{scored.explanation}，且无自评得分，暂计0分 → 0 / {fmt(w)}"
    return Scored(_result(item, inputs, None, NO_SCORE, "needs_input", text, decision, claim), open=True)


def _needs_input(
    item: Item,
    inputs: dict,
    reason: str,
    decision: Decision | None,
    claim: Decimal | None,
    missing_policy: str,
    value: Decimal | None = None,
) -> Scored:
    w = item.ind.weight
    if missing_policy == "accept_claim" and claim is not None:
        score, how = clamp_score(claim, w), "暂按自评得分计"
    else:
        score, how = NO_SCORE, "无法核实，暂计0分"
    text = f"{reason}；{how} → {fmt(score)} / {fmt(w)}"
    return Scored(_result(item, inputs, value, score, "needs_input", text, decision, claim), open=True)


def _not_applicable(item: Item, inputs: dict, reason: str, decision: Decision | None, claim: Decimal | None) -> Scored:
    w = item.ind.weight
    if item.ind.na_policy == "full":
        text = f"{reason}，按满分计 → {fmt(w)} / {fmt(w)}"
        return Scored(_result(item, inputs, None, round_score(w), "not_applicable", text, decision, claim))
    text = f"{reason}，不计入（按适用指标折算）"
    return Scored(_result(item, inputs, None, None, "not_applicable", text, decision, claim), excluded=True)


def _manual(item: Item, inputs: dict, outcome: Outcome | None, decision: Decision, claim: Decimal | None) -> Scored:
    w = item.ind.weight
    score = clamp_score(decision.manual_score, w)  # type: ignore[arg-type]
    value = decision.manual_value
    if value is None and outcome is not None and outcome.status == "ok":
        value = outcome.value
    reason = f"（{decision.comment}）" if decision.comment else ""
    text = f"复核人录入{reason} → {fmt(score)} / {fmt(w)}"
    return Scored(_result(item, inputs, value, score, "manual", text, decision, claim))
