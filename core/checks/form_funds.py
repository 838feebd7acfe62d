"""The 自评表's funds block by its own numbers (forms.md R10, R1, R2).

R10 → PARTS_SUM: 年度资金总额 is a total whose 其中 rows exhaust it (domain.md §5.2), per column; Hunan's
two halves (按收入性质分 / 按支出性质分) each make up the total.
R1 → FIGURE_CONFLICT: a printed 执行率 — in the funds block, or as the 实际完成值 of an indicator row for
the execution rate — is a stated rate that the table's own base figures (B / A) contradict: the second
case of domain.md §5.11, which is how a reviewer's gold files it.
R2 → RULE_MISMATCH: the execution score is rate × 分值 capped at 分值 only by the usual rule; a template may
score execution otherwise (§5.8, a warning unless the table states the rule). A score above its 分值 is
SCORE_OVER_WEIGHT (form_rows) and is not reported here again.
"""

from __future__ import annotations

from decimal import Decimal

from core.checks.figure_terms import tolerance
from core.checks.form_cells import EXECUTION_RULE, locs, same_at_print, severity
from core.checks.model import Finding
from core.decimals import HUNDRED, SCORE_SLACK, ZERO, fmt, round_half_up
from core.extraction.model import Loc
from core.extraction.numbers import AMOUNT
from core.forms.model import FormTable, FundsRow, IndicatorRow, execution_row
from core.rulebook.params import prepare
from core.scoring.rules import proportional

COLUMNS = {"budget_start": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}
# Indicator rows that restate the funds block's execution rate as their 实际完成值.
EXECUTION_ROW_NAMES = ("预算执行率", "资金执行率", "预算资金执行率", "项目资金执行率")


def total_row(form: FormTable) -> FundsRow | None:
    return next((row for row in form.funds if row.kind == "total"), None)


def budget_of(row: FundsRow) -> str | None:
    """The budget column the rate is taken over: 全年预算数 (调整后预算数), else 年初预算数."""
    return next((role for role in ("budget", "budget_start") if row.number(role) is not None), None)


def execution_rate(row: FundsRow, role: str | None = None) -> Decimal | None:
    """B / A in percent at full precision (A: `role`, by default budget_of), None without both or with A = 0."""
    role, executed = role or budget_of(row), row.number("executed")
    if role is None or executed is None or not row.number(role):
        return None
    return executed / row.number(role) * HUNDRED


# --- R10 -------------------------------------------------------------------------------------------


def _column_finding(total: FundsRow, parts: list[FundsRow], role: str) -> Finding | None:
    stated = total.number(role)
    given = [part for part in parts if part.number(role) is not None]
    if stated is None or not given:
        return None
    computed = sum((part.number(role) for part in given), ZERO)
    if abs(stated - computed) <= tolerance(len(given), AMOUNT):
        return None
    column = COLUMNS[role]
    terms = "+".join(f"{part.label}{fmt(part.number(role))}" for part in given)
    return Finding(
        "PARTS_SUM", "error",
        f"自评表“{total.label}”{column}填{fmt(stated)}万元，其中各项（{terms}）合计{fmt(computed)}万元，"
        f"{'多' if stated > computed else '少'}{fmt(abs(stated - computed))}万元。",
        about=f"{total.label}（{column}）", stated=f"{fmt(stated)}万元",
        expected=f"{fmt(computed)}万元（{terms}）",
        locs=locs(total.cells[role], *(part.cells[role] for part in given)))


def check_funds_identity(form: FormTable) -> list[Finding]:
    total = total_row(form)
    if total is None:
        return []
    groups: dict[str | None, list[FundsRow]] = {}
    for row in form.funds:
        if row.kind == "part":
            groups.setdefault(row.group, []).append(row)
    return [finding for parts in groups.values() for role in COLUMNS
            if (finding := _column_finding(total, parts, role))]


# --- R1 --------------------------------------------------------------------------------------------


def _rate_finding(row: FundsRow) -> Finding | None:
    rate, computed = row.cells.get("rate"), execution_rate(row)
    if rate is None or rate.number is None or computed is None:
        return None
    # A rate over 年初预算数 is another base, not a wrong figure; one written as a fraction (0.86) is 86%.
    bases = [r for r in (computed, execution_rate(row, "budget_start")) if r is not None]
    if any(same_at_print(r, rate) or (not rate.percent and same_at_print(r / HUNDRED, rate)) for r in bases):
        return None
    budget = budget_of(row)
    shown = fmt(round_half_up(computed, 2))
    return Finding(
        "FIGURE_CONFLICT", "error",
        f"自评表“{row.label}”的预算执行率填{rate.text}，按本行{COLUMNS['executed']}{fmt(row.number('executed'))}万元÷"
        f"{COLUMNS[budget]}{fmt(row.number(budget))}万元计算应为{shown}%。",
        about=f"{row.label}执行率", stated=rate.text, expected=f"{shown}%（B÷A）",
        locs=locs(rate, row.cells["executed"], row.cells[budget]))


def _indicator_rate_finding(form: FormTable, row: IndicatorRow) -> Finding | None:
    """An indicator row for the execution rate (a 产出 row named 预算执行率) whose 实际完成值 the funds
    block's own B / A contradicts."""
    total = total_row(form)
    actual = row.cells.get("actual")
    computed = execution_rate(total) if total is not None else None
    if computed is None or actual is None or actual.number is None or not actual.percent:
        return None
    if same_at_print(computed, actual):
        return None
    shown = fmt(round_half_up(computed, 2))
    return Finding(
        "FIGURE_CONFLICT", "error",
        f"自评表指标“{row.name}”实际完成值填{actual.text}，按资金表“{total.label}”全年执行数"
        f"{fmt(total.number('executed'))}万元÷{COLUMNS[budget_of(total)]}{fmt(total.number(budget_of(total)))}万元"
        f"计算应为{shown}%。",
        about=row.name, stated=actual.text, expected=f"{shown}%（B÷A）",
        locs=locs(actual, total.cells["executed"], total.cells[budget_of(total)]))


def check_rates(form: FormTable) -> list[Finding]:
    found = [_rate_finding(row) for row in form.funds]
    found += [_indicator_rate_finding(form, row) for row in form.indicators if row.name in EXECUTION_ROW_NAMES]
    return [finding for finding in found if finding]


# --- R2 --------------------------------------------------------------------------------------------


def _expected_scores(row: FundsRow, weight: Decimal) -> list[Decimal]:
    """The engine's proportional rule (rate × 分值, capped at 100 %) on B/A and on the printed rate (either
    rounding is the unit's right)."""
    rates = [execution_rate(row)]
    rate = row.cells.get("rate")
    if rate is not None and rate.number is not None:
        rates.append(rate.number if rate.percent or rate.number > 1 else rate.number * HUNDRED)
    params = prepare("proportional", {"cap": HUNDRED}, weight, {})
    return [proportional(r, weight, params).score for r in rates if r is not None]


def check_execution_score(form: FormTable, doubtful: set[Loc] = frozenset()) -> list[Finding]:
    """R2, unless the row's 分值 is itself in doubt (`doubtful`: cells a weight finding names)."""
    row = execution_row(form)  # none where the 年度资金总额 row carries the table's 100 / 98 (forms.md §4)
    if row is None or ("weight" in row.cells and row.cells["weight"].loc in doubtful):
        return []
    weight, score = row.number("weight"), row.number("score")
    if weight is None or score is None or score > weight + SCORE_SLACK:
        return []
    expected = _expected_scores(row, weight)
    if not expected or any(same_at_print(e, row.cells["score"]) or abs(e - score) <= SCORE_SLACK
                           for e in expected):
        return []
    shown = fmt(round_half_up(expected[0], 2))
    return [Finding(
        "RULE_MISMATCH", severity(form, EXECUTION_RULE, row.cells.get("weight")),
        f"自评表预算执行得分填{fmt(score)}分，按执行率×分值（{fmt(weight)}分，最高不超过分值）应为{shown}分。",
        about="预算执行率", stated=f"{fmt(score)}分", expected=f"{shown}分",
        locs=locs(row.cells["score"], row.cells.get("rate"), row.cells["weight"]))]
