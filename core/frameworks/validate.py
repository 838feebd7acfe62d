"""Consistency of a Framework: weights add up at every level, formulas parse and use known variables,
rule parameters are valid. Returns Chinese problem sentences; an empty list means the framework is usable."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from core.decimals import HUNDRED, ZERO, fmt, to_decimal
from core.frameworks.model import Framework, Indicator, Node, Rule
from core.rulebook.formula import FormulaError, compile_formula
from core.rulebook.params import JUDGED_RULES, RuleParamError, prepare

KINDS = ("quantitative", "qualitative")
NA_POLICIES = ("exclude", "full")
DIV_ZERO_POLICIES = ("needs_input", "zero")


def problems(framework: Framework) -> list[str]:
    if not framework.roots:
        return ["没有任何指标"]
    found = _check_options(framework.options)
    if found:  # rule parameters take their defaults from the options: they cannot be checked against these
        return found
    top = sum((r.weight for r in framework.roots), ZERO)
    if top != HUNDRED:
        found.append(f"一级指标分值合计 {fmt(top)}，应为 100")
    for root in framework.roots:
        _check_node(root, framework, found)
    found.extend(_check_ids(framework))
    executions = [i.name for i in framework.indicators() if i.execution]
    if len(executions) > 1:
        found.append(f"执行率指标只能有一个，实有 {len(executions)} 个：{'、'.join(executions)}")
    return found


def _check_node(node: Node | Indicator, framework: Framework, found: list[str]) -> None:
    if isinstance(node, Indicator):
        found.extend(_check_indicator(node, framework))
        return
    if not node.children:
        found.append(f"“{node.name}”下没有指标")
        return
    total = sum((c.weight for c in node.children), ZERO)
    if total != node.weight:
        parts = " + ".join(fmt(c.weight) for c in node.children)
        found.append(f"“{node.name}”分值 {fmt(node.weight)} ≠ 下级分值合计 {parts} = {fmt(total)}")
    for child in node.children:
        _check_node(child, framework, found)


def _check_indicator(ind: Indicator, framework: Framework) -> list[str]:
    where = f"指标“{ind.name}”（{ind.id}）"
    found: list[str] = []
    if ind.weight < 0:
        found.append(f"{where}分值为负数")
    if ind.kind not in KINDS:
        found.append(f"{where}类型“{ind.kind}”应为 quantitative 或 qualitative")
    if ind.na_policy not in NA_POLICIES:
        found.append(f"{where}不适用处理“{ind.na_policy}”应为 exclude 或 full")
    if ind.on_div_zero not in DIV_ZERO_POLICIES:
        found.append(f"{where}除零处理“{ind.on_div_zero}”应为 needs_input 或 zero")
    if not _valid_zero_zero(ind.on_zero_zero):
        found.append(f"{where}0/0 处理“{ind.on_zero_zero}”应为 na 或 value:数字")
    found.extend(_check_formula(ind, framework, where))
    for rule in (ind.rule, ind.alt_rule):
        if rule is not None:
            found.extend(_check_rule(rule, ind.weight, framework, where))
    return found


def _valid_zero_zero(policy: str) -> bool:
    if policy == "na":
        return True
    head, _, number = policy.partition(":")
    try:
        return head == "value" and Decimal(number).is_finite()
    except ArithmeticError:
        return False


def _check_formula(ind: Indicator, framework: Framework, where: str) -> list[str]:
    if ind.formula is None:
        if ind.rule.type not in JUDGED_RULES:
            return [f"{where}使用定量规则 {ind.rule.type}，但没有计算公式"]
        return []
    texts = [ind.formula] + [f for variants in ind.formula_variants.values() for f in variants.values()]
    return [p for text in texts for p in _formula_problems(text, framework, where)]


def _formula_problems(text: str, framework: Framework, where: str) -> list[str]:
    try:
        formula = compile_formula(text)
    except FormulaError as err:
        return [f"{where}公式有误：{err}"]
    unknown = [v for v in formula.variables if v not in framework.variables]
    return [f"{where}公式引用了未定义的变量：{'、'.join(unknown)}"] if unknown else []


def _check_rule(rule: Rule, weight: Decimal, framework: Framework, where: str) -> list[str]:
    try:
        prepare(rule.type, rule.params, weight, framework.options)
    except RuleParamError as err:
        return [f"{where}规则 {rule.type} 参数有误：{p}" for p in err.problems]
    return []


def _check_ids(framework: Framework) -> list[str]:
    seen: set[str] = set()
    found = []
    for ind in framework.indicators():
        if not ind.id:
            found.append(f"指标“{ind.name}”缺少编号 id")
        elif ind.id in seen:
            found.append(f"指标编号“{ind.id}”重复")
        seen.add(ind.id)
    return found


# ---- options (domain.md §2.10.7): the shape of each option the engine reads -------------------------

def _is_number(value: Any) -> bool:
    try:
        return to_decimal(value).is_finite()
    except (ValueError, TypeError, InvalidOperation):
        return False


def _numbers(*lengths: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, (list, tuple)) and len(v) in lengths and all(_is_number(x) for x in v)


def _pairs(value: Any) -> bool:
    """[[lower bound, grade word], …], as grade_bands and the cap's tiers are written."""
    return isinstance(value, (list, tuple)) and all(
        isinstance(p, (list, tuple)) and len(p) == 2 and _is_number(p[0]) and isinstance(p[1], str) for p in value)


def _fields(**shapes: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, dict) and all(shapes[k](x) for k, x in v.items() if k in shapes)


def _text(value: Any) -> bool:
    return isinstance(value, str)


OPTION_SHAPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "grade_bands": (_pairs, "[[下限, 等级], …]"),
    "grade_words": (lambda v: isinstance(v, (list, tuple)) and all(isinstance(w, str) for w in v), "等级名称列表"),
    "execution_cap": (_fields(enabled=lambda v: isinstance(v, bool), tiers=_pairs, cap_mode=_text),
                      "{enabled, tiers, cap_mode}"),
    "deviation": (_fields(N=_is_number, M=_is_number), "{N: 数字, M: 数字}"),
    "qual4_fractions": (_numbers(4, 5), "4 或 5 个比例"),
    "qual3_defaults": (_numbers(3), "3 个比例"),
    "over_tol": (_is_number, "数字"),
    "over_max_cut": (_is_number, "数字"),
    "na_mode": (_text, "文字"),
    "missing_quant_policy": (_text, "文字"),
    "step_partial": (_text, "文字"),
    "over_policy": (_text, "文字"),
}


def _check_options(options: dict) -> list[str]:
    return [f"选项 {key} 应为{what}" for key, (valid, what) in OPTION_SHAPES.items()
            if key in options and options[key] is not None and not valid(options[key])]
