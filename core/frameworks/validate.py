"""Consistency of a Framework: weights add up at every level, formulas parse and use known variables,
rule parameters are valid. Returns Chinese problem sentences; an empty list means the framework is usable."""

from __future__ import annotations

from decimal import Decimal

from core.decimals import HUNDRED, ZERO, fmt
from core.frameworks.model import Framework, Indicator, Node, Rule
from core.rulebook.formula import FormulaError, compile_formula
from core.rulebook.params import JUDGED_RULES, RuleParamError, prepare

KINDS = ("quantitative", "qualitative")
NA_POLICIES = ("exclude", "full")
DIV_ZERO_POLICIES = ("needs_input", "zero")


def problems(framework: Framework) -> list[str]:
    found: list[str] = []
    if not framework.roots:
        return ["没有任何指标"]
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
