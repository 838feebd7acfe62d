"""A Framework compiled once for fast recomputation: parsed formulas, prepared rule parameters, the tree as
index lists, and the framework-wide options read into typed fields. Cached per Framework object."""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.decimals import to_decimal
from core.frameworks.model import Framework, Indicator, Node, Rule
from core.rulebook.formula import Formula, compile_formula
from core.rulebook.params import JUDGED_RULES, prepare
from core.scoring.grades import bands_from_options
from core.scoring.rules import RULES, RuleScore

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TIMES_100 = re.compile(r"\s*\*\s*100\s*$")


@dataclass(frozen=True)
class CompiledRule:
    type: str
    fn: Callable[[Any, Decimal, Any], RuleScore]
    params: dict
    judged: bool

    def apply(self, x: Any, w: Decimal) -> RuleScore:
        return self.fn(x, w, self.params)


@dataclass(frozen=True)
class Item:
    """One indicator, ready to score."""

    ind: Indicator
    index: int
    formula: Formula | None
    shown: tuple[tuple[bool, str], ...]  # formula for explanations: (is_variable, text) parts, "× 100" dropped
    rule: CompiledRule
    alt: CompiledRule | None
    defaults: dict[str, Decimal]  # variable defaults (self-evaluation rows), used when values lack them
    labels: dict[str, str]  # variable id → Chinese label, for "needs input" messages
    zero_zero_value: Decimal | None  # on_zero_zero "value:x"; None means not applicable


@dataclass(frozen=True)
class PlanNode:
    path: tuple[str, ...]
    weight: Decimal
    children: tuple[PlanNode | int, ...]  # int = index into Plan.items


@dataclass(frozen=True)
class CapOptions:
    enabled: bool
    tiers: tuple[tuple[Decimal, str], ...]  # (rate below which, highest grade allowed), strictest last
    mode: str  # grade | total


@dataclass(frozen=True)
class Plan:
    items: tuple[Item, ...]
    roots: tuple[PlanNode, ...]
    max_total: Decimal
    bands: tuple[tuple[Decimal, str], ...]
    na_mode: str
    missing_quant_policy: str
    cap: CapOptions
    deviation_n: Decimal
    deviation_m: Decimal
    execution: int | None
    options: dict


def _compiled_rule(rule: Rule, weight: Decimal, options: dict) -> CompiledRule:
    params = prepare(rule.type, rule.params, weight, options)
    return CompiledRule(rule.type, RULES[rule.type], params, rule.type in JUDGED_RULES)


def _shown(text: str) -> tuple[tuple[bool, str], ...]:
    body = _TIMES_100.sub("", text).replace("*", "×")
    parts: list[tuple[bool, str]] = []
    pos = 0
    for m in _NAME.finditer(body):
        parts.append((False, body[pos : m.start()]))
        parts.append((True, m.group()))
        pos = m.end()
    parts.append((False, body[pos:]))
    return tuple(p for p in parts if p[1])


def _item(ind: Indicator, index: int, fw: Framework) -> Item:
    text = ind.formula_for(fw.options)
    formula = compile_formula(text) if text else None
    names = formula.variables if formula else ()
    defaults = {v: fw.variables[v].default for v in names if v in fw.variables and fw.variables[v].default is not None}
    zz = ind.on_zero_zero.partition(":")
    return Item(
        ind=ind,
        index=index,
        formula=formula,
        shown=_shown(text) if text else (),
        rule=_compiled_rule(ind.rule, ind.weight, fw.options),
        alt=_compiled_rule(ind.alt_rule, ind.weight, fw.options) if ind.alt_rule else None,
        defaults=defaults,  # type: ignore[arg-type]
        labels={v: fw.variables[v].label if v in fw.variables else v for v in names},
        zero_zero_value=to_decimal(zz[2]) if zz[0] == "value" else None,
    )


def _cap_options(options: dict) -> CapOptions:
    raw = options.get("execution_cap") or {}
    tiers = tuple(sorted(((to_decimal(t), str(g)) for t, g in raw.get("tiers", [[90, "良"]])), reverse=True))
    return CapOptions(bool(raw.get("enabled", True)), tiers, str(raw.get("cap_mode", "grade")))


def compile_plan(fw: Framework) -> Plan:
    items: list[Item] = []

    def walk(node: Node | Indicator, parent: tuple[str, ...]) -> PlanNode | int:
        if isinstance(node, Indicator):
            items.append(_item(node, len(items), fw))
            return len(items) - 1
        path = parent + (node.name,)
        return PlanNode(path, node.weight, tuple(walk(c, path) for c in node.children))

    roots = tuple(walk(r, ()) for r in fw.roots)
    deviation = fw.options.get("deviation") or {}
    executions = [it.index for it in items if it.ind.execution]
    return Plan(
        items=tuple(items),
        roots=roots,  # type: ignore[arg-type]
        max_total=sum((r.weight for r in fw.roots), Decimal(0)),
        bands=bands_from_options(fw.options),
        na_mode=str(fw.options.get("na_mode", "rescale")),
        missing_quant_policy=str(fw.options.get("missing_quant_policy", "zero")),
        cap=_cap_options(fw.options),
        deviation_n=to_decimal(deviation.get("N", 10)),
        deviation_m=to_decimal(deviation.get("M", 5)),
        execution=executions[0] if executions else None,
        options=dict(fw.options),
    )


_plans: dict[int, tuple[weakref.ref, Plan]] = {}
_lock = threading.Lock()


def plan_for(fw: Framework) -> Plan:
    """The compiled plan of `fw`, built on first use. Frameworks are treated as immutable."""
    key = id(fw)
    entry = _plans.get(key)
    if entry is not None and entry[0]() is fw:
        return entry[1]
    plan = compile_plan(fw)
    with _lock:
        _plans[key] = (weakref.ref(fw, lambda _ref, k=key: _plans.pop(k, None)), plan)
    return plan
