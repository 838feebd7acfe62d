"""One pure function per scoring rule of domain.md §2, looked up by name in RULES.

Each function takes (x, w, p): x is the indicator value (Decimal, percent units) for the quantitative
rules, or the reviewer's Decision for the judged ones (qualitative, checklist, manual); w is the weight;
p the parameters from core.rulebook.params.prepare. It returns a RuleScore whose score is clamped to
[0, w] and rounded half up to 0.01 from the full-precision value, or None when the rule still needs an input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from core.decimals import ZERO, clamp_score, fmt
from core.rulebook.params import format_interval
from core.scoring.result import Decision

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


@dataclass(frozen=True)
class RuleScore:
    score: Decimal | None  # None: the rule needs an input it does not have
    explanation: str
    note: str | None = None  # something the reviewer should look at (e.g. over-achievement)


Params = Mapping[str, Any]


def _scored(raw: Decimal, w: Decimal, reason: str, note: str | None = None) -> RuleScore:
    score = clamp_score(raw, w)
    return RuleScore(score, f"{reason} → {fmt(score)} / {fmt(w)}", note)


def _pct(v: Decimal, p: Params) -> str:
    return f"{fmt(v)}{p.get('unit', '%')}"


_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": lambda v, t: v <= t,
    "<": lambda v, t: v < t,
    ">=": lambda v, t: v >= t,
    ">": lambda v, t: v > t,
    "==": lambda v, t: v == t,
}
_OP_SIGNS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "="}


def threshold(v: Decimal, w: Decimal, p: Params) -> RuleScore:
    sign = _OP_SIGNS[p["op"]]
    if _OPS[p["op"]](v, p["target"]):
        return _scored(w, w, f"{_pct(v, p)} {sign} {_pct(p['target'], p)}")
    return _scored(w * p["else_fraction"], w, f"{_pct(v, p)} 不满足“{sign} {_pct(p['target'], p)}”")


def _gap(v: Decimal, target: Decimal, side: str) -> Decimal:
    if side == "over":
        return max(ZERO, v - target)
    if side == "under":
        return max(ZERO, target - v)
    return abs(v - target)


_SIDE_WORDS = {"over": "超过", "under": "低于", "both": "偏离"}


def deduct_per_point(v: Decimal, w: Decimal, p: Params) -> RuleScore:
    gap = _gap(v, p["target"], p["side"])
    excess = max(ZERO, gap - p["dead_zone"])
    head = f"{_pct(v, p)} {_SIDE_WORDS[p['side']]} {_pct(p['target'], p)} {fmt(gap)} 个百分点"
    if p["dead_zone"]:
        head += f"，免扣区间 {fmt(p['dead_zone'])}"
    if excess == 0:
        within = {"over": "≤", "under": "≥", "both": "="}[p["side"]]
        text = f"{_pct(v, p)} {within} {_pct(p['target'], p)}" if gap == 0 else f"{head}，未超出"
        return _scored(w, w, text)
    cut = p["k"] * excess
    return _scored(w - cut, w, f"{head}，扣 {fmt(p['k'])} × {fmt(excess)} = {fmt(cut)}")


_PARTIAL = {
    "floor": (lambda q: q.to_integral_value(ROUND_FLOOR), "按完整档计"),
    "ceil": (lambda q: q.to_integral_value(ROUND_CEILING), "不足一档按一档计"),
    "linear": (lambda q: q, "按比例计"),
}


def deduct_per_step(v: Decimal, w: Decimal, p: Params) -> RuleScore:
    gap = _gap(v, p["target"], p["side"])
    if gap == 0:
        within = "≥" if p["side"] == "under" else "≤"
        return _scored(w, w, f"{_pct(v, p)} {within} {_pct(p['target'], p)}")
    count, how = _PARTIAL[p["partial"]]
    steps = count(gap / p["step"])
    cut = p["d"] * steps
    return _scored(
        w - cut,
        w,
        f"{_pct(v, p)} {_SIDE_WORDS[p['side']]} {_pct(p['target'], p)} {fmt(gap)} 个百分点，"
        f"每 {fmt(p['step'])} 个百分点扣 {fmt(p['d'])} 分，{how} {fmt(steps)} 档，扣 {fmt(cut)}",
    )


def bands(v: Decimal, w: Decimal, p: Params) -> RuleScore:
    for lo, lo_inc, hi, hi_inc, fraction in p["bands"]:
        if (v > lo or (lo_inc and v == lo)) and (v < hi or (hi_inc and v == hi)):
            where = format_interval(lo, lo_inc, hi, hi_inc).replace("inf", "∞")
            return _scored(w * fraction, w, f"{_pct(v, p)} 落在 {where} 区间，得分比例 {fmt(fraction)}")
    return RuleScore(None, f"{_pct(v, p)} 不在任何评分区间内，需复核人判定")


def proportional(v: Decimal, w: Decimal, p: Params) -> RuleScore:
    if p["zero_below"] is not None and v < p["zero_below"]:
        return _scored(ZERO, w, f"{_pct(v, p)} < {_pct(p['zero_below'], p)}，不得分")
    if v > p["cap"]:
        return _scored(w * p["cap"] / 100, w, f"{_pct(v, p)} 高于 {_pct(p['cap'], p)}，按 {_pct(p['cap'], p)} 计")
    return _scored(w * v / 100, w, f"{_pct(v, p)} × {fmt(w)}")


def target(v: Decimal, w: Decimal, p: Params) -> RuleScore:
    t, unit = p["target"], p["unit"]
    if t is None:
        return RuleScore(None, "缺少年度指标值")
    a, tt = f"{fmt(v)}{unit}", f"{fmt(t)}{unit}"
    direction = p["direction"]
    if direction == "exact":
        if v == t:
            return _scored(w, w, f"{a} = 指标值 {tt}")
        small, large = min(v, t), max(v, t)
        return _scored(w * small / large, w, f"{a} ≠ 指标值 {tt}，{fmt(w)} × {fmt(small)} / {fmt(large)}")
    if direction == "positive":
        if t == 0:
            return _scored(w if v >= 0 else ZERO, w, f"{a}，正向指标值为0")
        if v < t:
            return _scored(w * v / t, w, f"{a} < {tt}（正向指标未达成），{fmt(w)} × {fmt(v)} / {fmt(t)}")
        deviation = (v - t) / t * 100
        met = f"{a} ≥ {tt}（正向指标达成）"
    else:
        if v > t:
            if t == 0:
                return _scored(ZERO, w, f"{a} > 0（反向指标值为0），不得分")
            return _scored(w * t / v, w, f"{a} > {tt}（反向指标未达成），{fmt(w)} × {fmt(t)} / {fmt(v)}")
        deviation = ZERO if t == 0 else (t - v) / t * 100
        met = f"{a} ≤ {tt}（反向指标达成）"
    return _over_achievement(w, p, met, deviation)


def _over_achievement(w: Decimal, p: Params, met: str, deviation: Decimal) -> RuleScore:
    """财预〔2020〕10号: a target beaten by far needs an explanation and may be cut (domain.md §2.6)."""
    if deviation <= p["over_tol"]:
        return _scored(w, w, met)
    note = f"偏离度 {fmt(deviation)}%，需说明原因"
    if p["over_policy"] == "deduct":
        cut = min(p["over_max_cut"], deviation - p["over_tol"])
        return _scored(w * (1 - cut / 100), w, f"{met}，{note}，按偏离度调减 {fmt(cut)}%", note)
    return _scored(w, w, f"{met}（{note}）", note)


def qualitative(x: Decision | None, w: Decimal, p: Params) -> RuleScore:
    levels = p["levels"]
    if x is None or x.level is None:
        return RuleScore(None, "尚未评定等级")
    if not 1 <= x.level <= len(levels):
        return RuleScore(None, f"等级 {x.level} 不存在（共 {len(levels)} 级）")
    name, fraction, _, _ = levels[x.level - 1]
    return _scored(w * fraction, w, f"评定为“{name}”，{fmt(w)} × {fmt(fraction)}")


def checklist(x: Decision | None, w: Decimal, p: Params) -> RuleScore:
    if p["mode"] == "deduct":
        if x is None or x.violations is None:
            return RuleScore(None, "尚未核定不符合要求的例数")
        cut = p["per_violation"] * x.violations
        return _scored(w - cut, w, f"不符合要求 {x.violations} 例，每例扣 {fmt(p['per_violation'])} 分，扣 {fmt(cut)}")
    items = p["items"]
    if x is None or x.checked is None:
        return RuleScore(None, "尚未勾选评价要点")
    met = [i for i, ok in enumerate(x.checked[: len(items)]) if ok]
    earned = sum((items[i][1] for i in met), ZERO)
    marks = "".join(_CIRCLED[i] if i < len(_CIRCLED) else f"({i + 1})" for i in met) or "无"
    return _scored(earned, w, f"满足 {len(met)}/{len(items)} 项要点（{marks}），合计 {fmt(earned)}")


def manual(x: Decision | None, w: Decimal, p: Params) -> RuleScore:
    if x is None or x.manual_score is None:
        return RuleScore(None, "需复核人录入得分")
    reason = f"（{x.comment}）" if x.comment else ""
    return _scored(x.manual_score, w, f"复核人录入{reason}")


RULES: dict[str, Callable[[Any, Decimal, Params], RuleScore]] = {
    "threshold": threshold,
    "deduct_per_point": deduct_per_point,
    "deduct_per_step": deduct_per_step,
    "bands": bands,
    "proportional": proportional,
    "target": target,
    "qualitative": qualitative,
    "checklist": checklist,
    "manual": manual,
}
