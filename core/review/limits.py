"""What a review accepts: the one place that decides whether a value or a decision is admissible.

ReviewSession checks every edit here before it becomes a command, and the review file's decoder checks
every saved value and decision here too, so the window, the command line and a file from elsewhere meet
the same rules. Each refusal is a ReviewValueError with a Chinese sentence a reviewer can act on.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.decimals import fmt
from core.errors import CodedError
from core.frameworks.model import Framework, Indicator
from core.review.judgement import checklist_items, counts_violations, qualitative_levels
from core.scoring.result import Decision

# Largest magnitude of any figure (万元, 人, %): beyond it a number is a typing slip or a hostile file.
MAX_MAGNITUDE = Decimal(10) ** 15
MAX_VIOLATIONS = 100_000
MAX_COMMENT = 20_000
_VARIABLE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ReviewValueError(CodedError):
    """An edit the review refuses. `code`: OUT_OF_RANGE | WRONG_KIND | UNKNOWN_ITEM."""


def check_number(value: object, what: str) -> Decimal:
    """A finite Decimal of sensible magnitude; bools, floats and strings are the wrong kind."""
    if not isinstance(value, Decimal):
        raise ReviewValueError("WRONG_KIND", f"{what}应为数字，实为 {type(value).__name__}。")
    if not value.is_finite() or abs(value) >= MAX_MAGNITUDE:
        raise ReviewValueError("OUT_OF_RANGE", f"{what} {value} 超出可用范围（绝对值应小于 10^15）。")
    return value


def check_value(var: object, value: object) -> Decimal | None:
    """A variable's value: a number or None (cleared, waiting for input). Variables outside the framework
    are allowed (the checks read some), but a variable id is always a formula name."""
    if not isinstance(var, str) or len(var) > 200 or not _VARIABLE_ID.fullmatch(var):
        raise ReviewValueError("UNKNOWN_ITEM", f"“{str(var)[:40]}”不是变量编号（字母、数字、下划线）。")
    return None if value is None else check_number(value, f"变量 {var} 的值")


def _count(value: object, what: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReviewValueError("WRONG_KIND", f"{what}应为整数，实为 {type(value).__name__}。")
    if not lo <= value <= hi:
        raise ReviewValueError("OUT_OF_RANGE", f"{what} {value} 不在 {lo}–{hi} 之间。")
    return value


def check_manual_score(indicator: Indicator, score: object) -> None:
    if score is None:
        return
    check_number(score, f"“{indicator.name}”的复核得分")
    if not 0 <= score <= indicator.weight:
        raise ReviewValueError("OUT_OF_RANGE", f"“{indicator.name}”的复核得分 {fmt(score)} 不在 0–"
                                               f"{fmt(indicator.weight)} 之间（不能为负，也不能超过分值）。")


def check_level(indicator: Indicator, options: dict, level: object) -> None:
    levels = qualitative_levels(indicator, options) if level is not None else []
    _judged_count(indicator, level, "等级", (1, len(levels)), bool(levels), "不是定性指标，不能评定等级")


def check_violations(indicator: Indicator, options: dict, violations: object) -> None:
    deducts = violations is not None and counts_violations(indicator, options)
    _judged_count(indicator, violations, "不符合例数", (0, MAX_VIOLATIONS), deducts, "不按不符合例数扣分")


def _judged_count(indicator: Indicator, value: object, what: str, bounds: tuple[int, int], applies: bool,
                  refusal: str) -> None:
    """A count a judged rule takes (a level, a number of violations); None clears it."""
    if value is None:
        return
    if not applies:
        raise ReviewValueError("WRONG_KIND", f"“{indicator.name}”{refusal}。")
    _count(value, f"“{indicator.name}”的{what}", *bounds)


def check_checked(indicator: Indicator, options: dict, checked: object) -> None:
    if checked is None:
        return
    items = checklist_items(indicator, options)
    if not items:
        raise ReviewValueError("WRONG_KIND", f"“{indicator.name}”没有评分要点可勾选。")
    if not isinstance(checked, tuple) or not all(isinstance(c, bool) for c in checked):
        raise ReviewValueError("WRONG_KIND", f"“{indicator.name}”的评分要点应为逐项的是/否。")
    if len(checked) != len(items):
        raise ReviewValueError("OUT_OF_RANGE", f"“{indicator.name}”有 {len(items)} 个评分要点，勾选了 {len(checked)} 项。")


def check_comment(indicator: Indicator, comment: object) -> None:
    if comment is not None and (not isinstance(comment, str) or len(comment) > MAX_COMMENT):
        raise ReviewValueError("WRONG_KIND", f"“{indicator.name}”的意见应为不超过 {MAX_COMMENT} 字的文字。")


def check_decision(indicator: Indicator, options: dict, decision: Decision) -> None:
    """Every field of a decision, as a saved review or an edit brings it."""
    check_level(indicator, options, decision.level)
    check_manual_score(indicator, decision.manual_score)
    if decision.manual_value is not None:
        check_number(decision.manual_value, f"“{indicator.name}”的人工指标值")
    check_violations(indicator, options, decision.violations)
    check_checked(indicator, options, decision.checked)
    check_comment(indicator, decision.comment)
    if not isinstance(decision.not_applicable, bool):
        raise ReviewValueError("WRONG_KIND", f"“{indicator.name}”的不适用标记应为是/否。")


def fits(framework: Framework, indicator_id: str, decision: Decision) -> bool:
    """Whether `framework` can take the decision (an indicator it lacks keeps it, unused)."""
    indicator = next((i for i in framework.indicators() if i.id == indicator_id), None)
    try:
        if indicator is not None:
            check_decision(indicator, framework.options, decision)
    except ReviewValueError:
        return False
    return True
