"""The 自评表's indicator rows one by one (forms.md R3, R9, R11, R8).

R3 → SCORE_OVER_WEIGHT (domain.md §5.7): a 得分 above its 分值 or below zero, indicator rows and the
execution row alike.
R9 → RULE_MISMATCH (§5.8): the 实际完成值 against the 年度指标值 with its 指标性质 says the target was met
while the score is reduced, or missed while the score is full; a qualitative row scored outside the share
its tier allows. A warning unless the table states the rule: local templates score otherwise.
R11 → RULE_MISMATCH: a not-applicable row ("/", 不适用) that still carries a score.
R8 → MISSING_DETAIL (§5.12): no 偏差原因分析 where the row falls short (a warning), in a table that writes
reasons at all.
"""

from __future__ import annotations

from decimal import Decimal

from core.checks.form_cells import TARGET_RULE, locs, severity
from core.checks.model import Finding
from core.decimals import HUNDRED, SCORE_SLACK, ZERO, fmt
from core.extraction.model import Loc
from core.forms.model import FormTable, IndicatorRow, execution_row
from core.forms.targets import Target, met, row_reading, row_target, tier_of
from core.rulebook.params import prepare
from core.scoring.rules import target as target_rule

_NO_REASON = {"", "0", "无", "/", "—", "-", "——"}


def _params(target: Target, weight: Decimal) -> dict:
    """The engine's target-rule parameters for the row (domain.md §2.6; over_tol and over_policy default)."""
    return prepare("target", {"direction": target.direction, "target": target.value, "unit": target.unit},
                   weight, {})


def rule_score(target: Target, actual: Decimal, weight: Decimal) -> Decimal:
    """What the scoring engine's target rule gives the row (full marks when met, else by the ratio)."""
    return target_rule(actual, weight, _params(target, weight)).score


def _beaten_far(target: Target, actual: Decimal, weight: Decimal) -> bool:
    """Met by more than over_tol: the score may be cut by the deviation (财预〔2020〕10号)."""
    deviation = abs(actual - target.value) / target.value * HUNDRED if target.value else ZERO
    return deviation > _params(target, weight)["over_tol"]


# --- R3 --------------------------------------------------------------------------------------------


def _over(about: str, score, weight, where: str) -> Finding | None:
    if score is None or score.number is None:
        return None
    value = score.number
    if value < 0:
        message, expected = f"{where}“{about}”得分{fmt(value)}分为负数", "0–分值之间"
    elif weight is not None and weight.number is not None and value > weight.number + SCORE_SLACK:
        message, expected = f"{where}“{about}”得分{fmt(value)}分，超过其分值{fmt(weight.number)}分", \
            f"≤{fmt(weight.number)}分"
    else:
        return None
    return Finding("SCORE_OVER_WEIGHT", "error", message + "。", about=about, stated=f"{fmt(value)}分",
                   expected=expected, locs=locs(score, weight))


def check_over_weight(form: FormTable) -> list[Finding]:
    found = [_over(row.name, row.cells.get("score"), row.cells.get("weight"), "自评表指标")
             for row in form.indicators]
    funds = execution_row(form)
    if funds is not None:
        found.append(_over("预算执行率", funds.cells.get("score"), funds.cells.get("weight"), "自评表"))
    return [finding for finding in found if finding]


# --- R9, R11 ---------------------------------------------------------------------------------------


def _target_finding(form: FormTable, row: IndicatorRow, weight: Decimal, score: Decimal) -> Finding | None:
    reading = row_reading(row)
    if reading is None:
        return _tier_finding(form, row, weight, score)
    target, actual = reading
    if met(target, actual):
        if score >= weight - SCORE_SLACK or _beaten_far(target, actual, weight):
            return None
        expected, verdict = weight, "已达到年度指标值，按评分规则应得满分"
    else:
        if score < weight - SCORE_SLACK:
            return None
        expected = rule_score(target, actual, weight)
        verdict = f"未达到年度指标值，按完成比例应得{fmt(expected)}分"
    cells = row.cells
    return Finding(
        "RULE_MISMATCH", severity(form, TARGET_RULE),
        f"自评表“{row.name}”年度指标值{cells['target'].text}，实际完成值{cells['actual'].text}，{verdict}，"
        f"自评{fmt(score)}分（分值{fmt(weight)}分）。",
        about=row.name, stated=f"{fmt(score)}分", expected=f"{fmt(expected)}分",
        locs=locs(cells.get("score"), cells.get("actual"), cells.get("target")))


def _tier_finding(form: FormTable, row: IndicatorRow, weight: Decimal, score: Decimal) -> Finding | None:
    if row_target(row) is not None or not weight:
        return None
    tier = tier_of(row.cells["actual"].text if "actual" in row.cells else None)
    if tier is None:
        return None
    share = score / weight
    top = tier.high == 1
    if tier.low <= share and (share <= tier.high if top else share < tier.high):
        return None
    band = f"{fmt(tier.low * weight)}–{fmt(tier.high * weight)}分"
    return Finding(
        "RULE_MISMATCH", severity(form, TARGET_RULE),
        f"自评表“{row.name}”实际完成情况为“{tier.name}”，按三档计分应在{band}之间，自评{fmt(score)}分。",
        about=row.name, stated=f"{fmt(score)}分", expected=band,
        locs=locs(row.cells.get("score"), row.cells.get("actual")))


def _not_applicable_finding(form: FormTable, row: IndicatorRow) -> Finding | None:
    score = row.number("score")
    if not score:
        return None
    return Finding(
        "RULE_MISMATCH", severity(form, TARGET_RULE),
        f"自评表“{row.name}”为不适用指标，不应计分，却填得分{fmt(score)}分；不适用指标应不予考核，"
        f"以适用指标得分按百分制折算。",
        about=row.name, stated=f"{fmt(score)}分", expected="不计分", locs=locs(row.cells.get("score")))


def _weight_in_doubt(row: IndicatorRow, doubtful: set[Loc]) -> bool:
    weight = row.cells.get("weight")
    return weight is not None and weight.loc in doubtful


def check_row_rules(form: FormTable, doubtful: set[Loc] = frozenset()) -> list[Finding]:
    """R9 and R11 on every row whose 分值 is not itself in doubt (`doubtful`: cells a weight finding names)."""
    found = []
    for row in form.indicators:
        if _weight_in_doubt(row, doubtful):
            continue
        if row.not_applicable:
            found.append(_not_applicable_finding(form, row))
            continue
        weight, score = row.number("weight"), row.number("score")
        if weight is not None and score is not None and ZERO <= score <= weight + SCORE_SLACK:
            found.append(_target_finding(form, row, weight, score))
    return [finding for finding in found if finding]


# --- R8 --------------------------------------------------------------------------------------------


def _short(row: IndicatorRow) -> bool:
    weight, score = row.number("weight"), row.number("score")
    if weight is not None and score is not None and score < weight - SCORE_SLACK:
        return True
    reading = row_reading(row)
    return reading is not None and not met(*reading)


def check_reasons(form: FormTable, doubtful: set[Loc] = frozenset()) -> list[Finding]:
    # A table where no row carries a reason may have no such column (county sheets, 参考分值 tables).
    if not any("reason" in row.cells for row in form.indicators):
        return []
    findings = []
    for row in form.indicators:
        reason = row.cells.get("reason")
        explained = reason is not None and reason.text.strip() not in _NO_REASON
        if row.not_applicable or _weight_in_doubt(row, doubtful) or explained or not _short(row):
            continue
        findings.append(Finding(
            "MISSING_DETAIL", "warning",
            f"自评表“{row.name}”未完成年度指标或未得满分，偏差原因分析及改进措施未填写。",
            about=row.name, locs=locs(row.cells.get("score"), row.cells.get("actual")) or [row.loc]))
    return findings
