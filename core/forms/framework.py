"""A 自评表 scored by its own rows: the table's framework (domain.md §4.4, forms.md R2/R9/R11).

The base is the built-in proj-self (options, the execution indicator, the rules' wording) for both kinds:
the department table has the same layout (forms.md §2), only its execution rate is over the whole
department's money. The execution indicator takes the funds row's 分值 and its A/B as variable defaults;
every 一级 of the table becomes a level holding the table's own rows (`variants.with_rows`), each scored
by the target rule on its 实际完成值 (a variable, so a corrected figure rescores) or, where the target or
the actual is not a number of the same unit, kept at the claimed score as a qualitative row.
Not-applicable rows with a weight are excluded and the rest rescaled (na_mode rescale, R11).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal

from core.decimals import HUNDRED, ZERO
from core.forms.model import FormTable, FundsRow, IndicatorRow, execution_row
from core.forms.targets import row_reading
from core.frameworks.model import Framework, Indicator, Node, Rule
from core.frameworks.variants import Row, with_rows

BASE_FRAMEWORK = "proj-self"


@dataclass(frozen=True)
class Kind:
    """What a kind of table changes in the base: its id and name, the variables of its execution rate."""

    framework_id: str
    name: str
    executed: str  # variable of 全年执行数 (B)
    budget: str  # variable of 全年预算数 (A)


KINDS = {
    "项目支出": Kind("proj-self", "项目支出绩效自评表", "project_actual", "project_budget"),
    "部门整体支出": Kind("dept-self", "部门整体支出绩效自评表", "expense_total", "budget_available"),
}
TABLE_SUFFIX = ":table"  # id of a table's own framework: <kind's id>:table
FLAT_LEVEL = "绩效指标"  # the one level of a flat indicator list without 一级
NOT_APPLICABLE = "0 / 0"
UNSEEN_ID, UNSEEN_NAME = "unseen_rows", "表中未列出的指标"  # a formula whose 0/0 makes the row not applicable (domain.md §2.0)


def scored_form(forms: list[FormTable]) -> FormTable | None:
    """The table a report is scored by: the first with indicator rows."""
    return next((form for form in forms if form.indicators), None)


def form_framework(form: FormTable) -> Framework:
    """The framework that scores `form` by its own rows and weights."""
    from core.frameworks import load_framework

    kind = KINDS.get(form.kind or "", KINDS["项目支出"])
    framework = copy.deepcopy(load_framework(BASE_FRAMEWORK))
    framework.id, framework.kind = f"{kind.framework_id}{TABLE_SUFFIX}", form.kind or framework.kind
    framework.name = f"{kind.name}（按表内指标与分值）"
    blocks = {root.name: root for root in framework.roots[1:]}
    framework.roots = _execution_roots(form, framework, kind)
    for n, (level, rows) in enumerate(_levels(form).items(), 1):
        framework = _with_level(framework, form, level, rows, _matching(blocks, level), n)
    framework.roots += _unseen_rows(form, framework)
    return framework


def _unseen_rows(form: FormTable, framework: Framework) -> list[Node]:
    """A table that stops before its end (a copy cut short) holds back the weight its missing rows carry:
    one open item for it, so the review stays provisional instead of grading what it cannot see."""
    shown = sum((root.weight for root in framework.roots), ZERO)
    missing = _full_marks(form) - shown
    if form.complete or missing <= 0:
        return []
    indicator = Indicator(UNSEEN_ID, UNSEEN_NAME, missing, Rule("qualitative", {"scale": "qual3"}),
                          path=(UNSEEN_NAME, UNSEEN_NAME), kind="qualitative",
                          standard="自评表未到总分行即中止，其余指标未列出；补齐原表后评分。")
    return [Node(UNSEEN_NAME, missing, [indicator])]


def _full_marks(form: FormTable) -> Decimal:
    return form.total_weight.number if form.total_weight is not None and form.total_weight.number else HUNDRED


def _execution_roots(form: FormTable, framework: Framework, kind: Kind) -> list[Node]:
    """The execution level, weighted as the funds row says; none where that row carries the total."""
    funds = execution_row(form)  # none where the 年度资金总额 row carries the table's total (forms.md §4)
    weight = funds.number("weight") if funds is not None else None
    if weight is None:
        return []
    _default(framework, kind.budget, _budget(funds))
    _default(framework, kind.executed, funds.number("executed"))
    execution = framework.roots[0]
    execution.weight = weight
    for indicator in execution.children:
        indicator.weight = weight
        indicator.formula = f"{kind.executed} / {kind.budget} * 100"
        indicator.synonyms = [*indicator.synonyms, *(row.label for row in form.funds if row.kind == "total")]
    return [execution]


def _budget(funds: FundsRow) -> Decimal | None:
    budget = funds.number("budget")
    return budget if budget is not None else funds.number("budget_start")


def _default(framework: Framework, variable: str, value: Decimal | None) -> None:
    if value is not None and variable in framework.variables:
        framework.variables[variable].default = value


def _levels(form: FormTable) -> dict[str, list[IndicatorRow]]:
    """The table's rows by their 一级, in table order; rows stating nothing are left out."""
    levels: dict[str, list[IndicatorRow]] = {}
    for row in form.indicators:
        if any(role in row.cells for role in ("weight", "score", "target", "actual")):
            levels.setdefault(row.path[0] if len(row.path) > 1 else FLAT_LEVEL, []).append(row)
    return levels


def _matching(blocks: dict[str, Node], level: str) -> Node | None:
    """The base's block a 一级 of the table is, by its whole name (产出指标, 产出); each block serves once."""
    block = next((b for b in blocks.values() if level == b.name or level in b.synonyms), None)
    if block is not None:
        del blocks[block.name]
    return block


def _with_level(framework: Framework, form: FormTable, level: str, rows: list[IndicatorRow],
                block: Node | None, n: int) -> Framework:
    scored = [row for row in rows if not (row.not_applicable and row.number("weight") is None)]
    weight = _level_weight(form, level, scored, block)
    placeholder_id = block.children[0].id if block is not None and block.children else f"level{n}"
    standard = block.children[0].standard if block is not None and block.children else ""
    placeholder = Indicator(placeholder_id, level, weight, Rule("qualitative", {"scale": "qual3"}),
                            path=(level, level), kind="qualitative", standard=standard)
    framework.roots.append(Node(level, weight, [placeholder], list(block.synonyms) if block else []))
    out = with_rows(framework, placeholder_id, [_row(row) for row in scored])
    for k, row in enumerate(scored, 1):
        if row.not_applicable:
            indicator = out.indicator(f"{placeholder_id}_{k}")
            indicator.formula, indicator.rule = NOT_APPLICABLE, Rule("target", {"direction": "exact",
                                                                                 "target": ZERO, "unit": ""})
    return out


def _level_weight(form: FormTable, level: str, rows: list[IndicatorRow], block: Node | None) -> Decimal:
    """Σ of the rows' own weights when every row has one; else the weight written on the level (or the
    base's), which the unweighted rows share."""
    given = [row.number("weight") for row in rows]
    known = sum((w for w in given if w is not None), ZERO)
    if given and None not in given:
        return known
    stated = next((lw.weight for lw in form.level_weights if lw.path == [level]), None)
    fallback = stated if stated is not None else (block.weight if block is not None else known)
    return max(fallback, known)


def _row(row: IndicatorRow) -> Row:
    group = row.path[1] if len(row.path) > 2 else None
    reading = row_reading(row)
    if reading is None or row.not_applicable:
        return Row(row.name, row.number("weight"), None, None, "qualitative", group)
    target, actual = reading
    return Row(row.name, row.number("weight"), target.value, actual, target.direction, group, target.unit)
