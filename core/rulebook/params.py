"""Checking rule parameters and turning them into the ready-to-use form the rule functions take.

Framework files write parameters for people: numbers, interval notation for bands ("(0,10]"), and
amounts relative to the weight ("w/10", "0.4*w", domain.md §2.0 "fractions of the weight"). `prepare`
resolves all of that once per indicator, fills defaults from the framework options (§2.10.7), and reports
every problem in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from core.decimals import HUNDRED, ZERO, to_decimal
from core.rulebook.formula import FormulaError, compile_formula

INF = Decimal("Infinity")
QUAL4_NAMES = ("好", "较好", "一般", "差")
QUAL5_NAMES = ("好", "较好", "一般", "较差", "差")
QUAL3_NAMES = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")
# 财预〔2020〕10号 ranges of the three tiers; the upper ends of tiers 2 and 3 are exclusive (§2.7).
QUAL3_RANGES = ((Decimal("0.8"), Decimal(1)), (Decimal("0.6"), Decimal("0.8")), (ZERO, Decimal("0.6")))
_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,]+?)\s*,\s*([^,]+?)\s*([\])])\s*$")


class RuleParamError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


class _Reader:
    """Collects problems while reading one rule's parameters."""

    def __init__(self, params: Mapping[str, Any], weight: Decimal) -> None:
        self.params = params
        self.weight = weight
        self.problems: list[str] = []

    def number(self, key: str, default: Any = None, required: bool = False) -> Decimal | None:
        raw = self.params.get(key)
        raw = default if raw is None else raw  # an explicit null is an omitted parameter
        if raw is None:
            if required:
                self.problems.append(f"缺少参数 {key}")
            return None
        try:
            return weight_relative(raw, self.weight)
        except (ValueError, InvalidOperation, FormulaError):
            self.problems.append(f"参数 {key} 应为数字或含 w 的表达式，实为“{raw}”")
            return None

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        raw = self.params.get(key, default)
        if raw not in allowed:
            self.problems.append(f"参数 {key} 应为 {'/'.join(allowed)} 之一，实为“{raw}”")
            return None
        return str(raw)


def weight_relative(raw: Any, weight: Decimal) -> Decimal:
    """A number, or an arithmetic expression possibly over `w` (the indicator's weight): "w/10", "2/3"."""
    if isinstance(raw, str):
        try:
            return Decimal(raw.strip())
        except InvalidOperation:
            outcome = compile_formula(raw).evaluate({"w": weight})
            if outcome.status != "ok":
                raise ValueError(raw) from None
            return outcome.value  # type: ignore[return-value]
    return to_decimal(raw)


def parse_interval(text: str) -> tuple[Decimal, bool, Decimal, bool]:
    """ "(0,10]" → (0, False, 10, True); bounds may be inf / -inf / ∞."""
    m = _INTERVAL.match(str(text).replace("∞", "inf"))
    if not m:
        raise ValueError(text)
    lo, hi = (_bound(b) for b in (m.group(2), m.group(3)))
    if lo > hi or (lo == hi and (m.group(1) == "(" or m.group(4) == ")")):
        raise ValueError(text)
    return lo, m.group(1) == "[", hi, m.group(4) == "]"


def _bound(text: str) -> Decimal:
    t = text.strip().lower()
    return {"inf": INF, "+inf": INF, "-inf": -INF}.get(t) or Decimal(t)


def format_interval(lo: Decimal, lo_inc: bool, hi: Decimal, hi_inc: bool) -> str:
    def show(d: Decimal) -> str:
        return "inf" if d == INF else "-inf" if d == -INF else f"{d.normalize():f}"

    return f"{'[' if lo_inc else '('}{show(lo)},{show(hi)}{']' if hi_inc else ')'}"


def _threshold(r: _Reader, options: Mapping[str, Any]) -> dict:
    return {
        "target": r.number("target", required=True),
        "op": r.choice("op", ("<=", "<", ">=", ">", "=="), "<="),
        "else_fraction": r.number("else_fraction", 0),
        "unit": str(r.params.get("unit", "%")),
    }


def _deduct_per_point(r: _Reader, options: Mapping[str, Any]) -> dict:
    return {
        "target": r.number("target", required=True),
        "k": r.number("k", required=True),
        "side": r.choice("side", ("over", "under", "both"), "over"),
        "dead_zone": r.number("dead_zone", 0),
        "unit": str(r.params.get("unit", "%")),
    }


def _deduct_per_step(r: _Reader, options: Mapping[str, Any]) -> dict:
    step = r.number("step", required=True)
    if step is not None and step <= 0:
        r.problems.append("参数 step 应大于0")
    return {
        "target": r.number("target", required=True),
        "step": step,
        "d": r.number("d", required=True),
        "side": r.choice("side", ("over", "under"), "under"),
        "partial": r.choice("partial", ("floor", "ceil", "linear"), options.get("step_partial", "floor")),
        "unit": str(r.params.get("unit", "%")),
    }


def _bands(r: _Reader, options: Mapping[str, Any]) -> dict:
    table = []
    for i, entry in enumerate(r.params.get("bands") or [], 1):
        try:
            interval, fraction = entry
            table.append((*parse_interval(interval), weight_relative(fraction, r.weight)))
        except (ValueError, TypeError, InvalidOperation, FormulaError):
            r.problems.append(f'第{i}个区间“{entry}”格式应为 ["(0,10]", 0.8]')
    if not table and not r.problems:
        r.problems.append("缺少参数 bands")
    table.sort(key=lambda b: (b[0], not b[1]))
    for a, b in pairwise(table):
        if a[2] != b[0] or a[3] == b[1]:
            r.problems.append(f"区间 {format_interval(*a[:4])} 与 {format_interval(*b[:4])} 之间有缺口或重叠")
    if table and table[-1][2] != INF:
        r.problems.append("最后一个区间应延伸到 inf")
    for band in table:
        if not ZERO <= band[4] <= 1:
            r.problems.append(f"区间 {format_interval(*band[:4])} 的得分比例应在0到1之间")
    return {"bands": tuple(table), "unit": str(r.params.get("unit", "%"))}


def _proportional(r: _Reader, options: Mapping[str, Any]) -> dict:
    return {
        "cap": r.number("cap", HUNDRED),
        "zero_below": r.number("zero_below"),
        "unit": str(r.params.get("unit", "%")),
    }


def _target(r: _Reader, options: Mapping[str, Any]) -> dict:
    return {
        "direction": r.choice("direction", ("positive", "reverse", "exact"), None),
        "target": r.number("target"),
        "over_policy": r.choice("over_policy", ("note", "deduct"), options.get("over_policy", "note")),
        "over_tol": r.number("over_tol", options.get("over_tol", 20)),
        "over_max_cut": r.number("over_max_cut", options.get("over_max_cut", 20)),
        "unit": str(r.params.get("unit", "")),
    }


def _qualitative(r: _Reader, options: Mapping[str, Any]) -> dict:
    scale = r.choice("scale", ("qual4", "qual3"), "qual4")
    if scale == "qual3":
        defaults = [to_decimal(f) for f in options.get("qual3_defaults", (1, "0.7", "0.3"))]
        levels = tuple((n, f, lo, hi) for n, f, (lo, hi) in zip(QUAL3_NAMES, defaults, QUAL3_RANGES))
        for name, f, lo, hi in levels:
            if not (lo <= f <= hi and (f < hi or hi == 1)):
                r.problems.append(f"三档“{name}”的默认比例 {f} 不在 [{lo}, {hi}) 内")
    else:
        fractions = [to_decimal(f) for f in options.get("qual4_fractions", (1, "0.8", "0.6", 0))]
        names = QUAL5_NAMES if len(fractions) == 5 else QUAL4_NAMES
        if len(fractions) not in (4, 5):
            r.problems.append("qual4_fractions 应有4个或5个比例")
        levels = tuple((n, f, f, f) for n, f in zip(names, fractions))
    return {"scale": scale, "levels": levels}


def _checklist(r: _Reader, options: Mapping[str, Any]) -> dict:
    mode = r.choice("mode", ("award", "deduct"), "award")
    if mode == "deduct":
        return {"mode": mode, "per_violation": r.number("per_violation", required=True)}
    items = []
    for i, entry in enumerate(r.params.get("items") or [], 1):
        try:
            label, points = entry
            items.append((str(label), weight_relative(points, r.weight)))
        except (ValueError, TypeError, InvalidOperation, FormulaError):
            r.problems.append(f"第{i}个要点“{entry}”格式应为 [要点, 分值]")
    if not items and not r.problems:
        r.problems.append("缺少参数 items")
    total = sum((p for _, p in items), ZERO)
    if items and total != r.weight:
        r.problems.append(f"要点分值合计 {total.normalize():f} 不等于指标分值 {r.weight.normalize():f}")
    return {"mode": mode, "items": tuple(items)}


def _manual(r: _Reader, options: Mapping[str, Any]) -> dict:
    return {}


_PREPARERS: dict[str, Callable[[_Reader, Mapping[str, Any]], dict]] = {
    "threshold": _threshold,
    "deduct_per_point": _deduct_per_point,
    "deduct_per_step": _deduct_per_step,
    "bands": _bands,
    "proportional": _proportional,
    "target": _target,
    "qualitative": _qualitative,
    "checklist": _checklist,
    "manual": _manual,
}
RULE_TYPES = tuple(_PREPARERS)
# The reviewer decides these scores (a level, a checklist, a number); the others follow from a value.
JUDGED_RULES = frozenset({"qualitative", "checklist", "manual"})


def prepare(rule_type: str, params: Mapping[str, Any], weight: Decimal, options: Mapping[str, Any]) -> dict:
    """Ready-to-use parameters for `rules.RULES[rule_type]`; raises RuleParamError listing every problem."""
    preparer = _PREPARERS.get(rule_type)
    if preparer is None:
        raise RuleParamError([f"未知的规则类型“{rule_type}”（可用：{'、'.join(RULE_TYPES)}）"])
    reader = _Reader(params, weight)
    prepared = preparer(reader, options)
    if reader.problems:
        raise RuleParamError(reader.problems)
    return prepared
