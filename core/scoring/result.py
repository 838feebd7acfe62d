"""Inputs the reviewer decides and the derived result of scoring a framework."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

STATUSES = ("ok", "needs_input", "not_applicable", "unjudged", "manual")
# complete: every indicator scored or decided; provisional: some still wait (the total uses domain.md §2.10.5);
# undetermined: less than half of the total weight is scored or decided, so no grade is given yet.
TOTAL_STATUSES = ("complete", "provisional", "undetermined")


@dataclass(frozen=True)
class Decision:
    """What the reviewer decided for one indicator (all optional)."""

    level: int | None = None  # qualitative level, 1 = best
    manual_score: Decimal | None = None  # overrides the rule
    not_applicable: bool = False
    checked: tuple[bool, ...] | None = None  # checklist items met
    comment: str | None = None  # 扣分原因 / 意见
    violations: int | None = None  # checklist (deduct form): non-compliant instances found
    manual_value: Decimal | None = None  # overridden indicator value that goes with manual_score (cap uses it)


@dataclass
class IndicatorResult:
    id: str
    path: tuple[str, ...]
    weight: Decimal
    rule: str
    inputs: dict[str, Decimal | None]
    value: Decimal | None
    score: Decimal | None
    status: str  # one of STATUSES
    explanation: str  # "7 / 8 = 87.5% ≤ 100% → 3 / 3"
    claimed_score: Decimal | None = None
    difference: Decimal | None = None
    comment: str | None = None
    note: str | None = None  # what the rule asks the reviewer to look at (e.g. 偏离度 … 需说明原因)


@dataclass
class LevelResult:
    path: tuple[str, ...]
    weight: Decimal
    claimed: Decimal | None
    reviewed: Decimal


@dataclass
class Totals:
    max: Decimal
    claimed: Decimal | None
    reviewed: Decimal
    difference: Decimal | None
    grade_claimed: str | None
    grade_reviewed: str | None  # None while the total is undetermined
    levels: list[LevelResult]
    cap: dict | None = None  # what the execution-rate cap did
    deviation: dict | None = None  # {"points", "grade_changed", "verdict"}
    provisional_max: Decimal | None = None  # total if every open indicator were confirmed at full marks
    provisional_min: Decimal | None = None  # total if every open indicator scored 0
    status: str = "complete"  # one of TOTAL_STATUSES (cli.md totals.status)
    grade_ceiling: str | None = None  # the best grade the review can still give (open indicators at full marks)

    @property
    def determined(self) -> bool:
        return self.status != "undetermined"


@dataclass
class Result:
    indicators: list[IndicatorResult]
    totals: Totals
    by_id: dict[str, IndicatorResult] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.by_id:
            self.by_id = {r.id: r for r in self.indicators}
