"""How a 自评表 row is read for scoring: its 年度指标值 as a direction and a number, its 实际完成值 as a
number or a qualitative tier (domain.md §4.4 "Parsing 年度指标值", forms.md R9).

The vocabularies are data; anything not read with certainty stays unread (None), so a doubtful cell
never becomes a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.forms.model import IndicatorRow

# Operator words and signs → direction (domain.md §4.4). Longer words first: 不低于 before 低于.
DIRECTION_WORDS = (
    ("positive", ("≥", "≧", ">=", ">", "不低于", "不少于", "达到", "大于等于", "以上")),
    ("reverse", ("≤", "≦", "<=", "<", "不高于", "不超过", "不多于", "控制在", "以内", "以下", "小于等于",
                 "之前", "以前", "前")),
    ("exact", ("=", "═", "＝", "等于")),
)
# 财预〔2020〕10号 three tiers for qualitative rows: (words, lowest and highest share of the weight).
QUALITATIVE_TIERS = (
    ("部分达成", Decimal("0.6"), Decimal("0.8")),
    ("基本达成", Decimal("0.6"), Decimal("0.8")),
    ("未达成", Decimal(0), Decimal("0.6")),
    ("未完成", Decimal(0), Decimal("0.6")),
    ("达成", Decimal("0.8"), Decimal(1)),
    ("完成", Decimal("0.8"), Decimal(1)),
)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# A target range (审批时间1-7天): reverse with the upper end (domain.md §4.4).
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*[-~～—至到]\s*(\d+(?:\.\d+)?)")
_UNIT = re.compile(r"^\s*(%|万元|元|[^\d\s.,，。;；]{1,3})")
_TEN_THOUSAND = re.compile(r"^\s*万")


@dataclass(frozen=True)
class Target:
    direction: str  # positive | reverse | exact
    value: Decimal
    unit: str


@dataclass(frozen=True)
class Tier:
    name: str
    low: Decimal  # share of the weight
    high: Decimal


def direction_of(text: str) -> str | None:
    for direction, words in DIRECTION_WORDS:
        if any(word in text for word in words):
            return direction
    return None


def _single_number(text: str) -> tuple[Decimal, str] | None:
    """The one number of a cell and the unit after it; None when the cell holds no or several numbers."""
    cleaned = text.replace(",", "").replace("，", "")
    numbers = _NUMBER.findall(cleaned)
    if len(numbers) != 1:
        return None
    after = cleaned[cleaned.index(numbers[0]) + len(numbers[0]):]
    for _, words in DIRECTION_WORDS:  # 个以上, 月前: the unit is 个, 月
        for word in words:
            after = after.replace(word, "")
    unit = _UNIT.match(after)
    return Decimal(numbers[0]), unit.group(1) if unit else ""


def parse_target(text: str | None, nature: str | None = None, unit: str | None = None) -> Target | None:
    """`≥50个`, `100%`, (`≥`, `95`, `%`) split over 指标性质/指标值/度量单位, `1-7天` → a Target."""
    if not text:
        return None
    ranged = _RANGE.search(text)
    if ranged and not nature:
        tail = _single_number(ranged.group(2) + text[ranged.end():])
        return Target("reverse", Decimal(ranged.group(2)), tail[1] if tail else "")
    read = _single_number(text)
    if read is None:
        return None
    value, own_unit = read
    direction = direction_of(nature or "") or direction_of(text)
    if direction is None:
        # A bare number is an exact target; a bare rate of 100% can only be met from below (positive).
        direction = "positive" if own_unit == "%" or (unit or "") == "%" else "exact"
    return Target(direction, value, (unit or own_unit or "").strip())


def parse_actual(text: str | None) -> tuple[Decimal, str] | None:
    """The number a 实际完成值 cell states and its unit, if it states exactly one."""
    return _single_number(text) if text else None


def comparable(target: Target, actual_unit: str) -> bool:
    """Units must agree (domain.md §4.4); an empty unit on one side is the same quantity as written."""
    return not target.unit or not actual_unit or target.unit == actual_unit


def met(target: Target, actual: Decimal) -> bool:
    if target.direction == "positive":
        return actual >= target.value
    if target.direction == "reverse":
        return actual <= target.value
    return actual == target.value


def tier_of(text: str | None) -> Tier | None:
    """A 实际完成值 written as one of the three tiers (达成 / 部分达成 / 未达成)."""
    if not text:
        return None
    for name, low, high in QUALITATIVE_TIERS:
        if name in text:
            return Tier(name, low, high)
    return None


def row_target(row: IndicatorRow) -> Target | None:
    """The row's 年度指标值, with its 指标性质 and 度量单位 where the table splits them out."""
    cells = row.cells
    target, nature, unit = cells.get("target"), cells.get("nature"), cells.get("unit")
    return parse_target(target.text if target else None, nature.text if nature else None,
                        unit.text if unit else None)


def row_reading(row: IndicatorRow) -> tuple[Target, Decimal] | None:
    """(target, actual) when both are numbers of the same unit; None where the reading is not certain."""
    actual_cell = row.cells.get("actual")
    target, actual = row_target(row), parse_actual(actual_cell.text if actual_cell else None)
    if target is None or actual is None or not comparable(target, actual[1]):
        return None
    return target, actual[0]
