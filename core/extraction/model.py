"""What extraction reads from a report: meta, claims and figures, each with its location."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.documents.model import Loc


@dataclass
class Meta:
    unit: str | None = None
    year: int | None = None
    kind: str | None = None  # 部门整体支出 | 项目支出
    kind_certain: bool = False  # the wording names the kind clearly (not a guess from a weak cue)
    report_date: str | None = None  # YYYY-MM-DD
    claimed_total: Decimal | None = None
    claimed_grade: str | None = None  # as written: 优秀, 优, 良好 …
    locs: dict[str, Loc] = field(default_factory=dict)  # keys: unit, year, claimed_total, claimed_grade
    looks_like_report: bool = True
    # Every total and grade the report states, in document order (an introduction and a conclusion may
    # disagree); claimed_total / claimed_grade is the concluding one.
    claimed_totals: list[tuple[Decimal, Loc]] = field(default_factory=list)
    claimed_grades: list[tuple[str, Loc]] = field(default_factory=list)


@dataclass
class Claim:
    """An indicator or level the report attaches a weight or a score to, as written."""

    id: str
    path: list[str]
    weight: Decimal | None
    claimed_score: Decimal | None
    stated_value: str | None
    loc: Loc
    indicator: str | None = None  # framework indicator id it maps to, or None
    mapped_by: str | None = None  # name | position (set with `indicator`)
    source: str = "prose"  # prose | table | flattened
    target: str | None = None  # 年度指标值 of a self-evaluation table row, as written (≥454项)
    actual: str | None = None  # 实际完成值 of that row, as written
    other_locs: list[Loc] = field(default_factory=list)  # the same claim stated again (prose and table)

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass
class Alternative:
    value: Decimal
    loc: Loc


@dataclass
class Figure:
    """A base figure stated by the report (domain.md §3), amounts converted to 万元."""

    id: str
    var: str | None  # framework variable id (domain.md §3) or None for other labelled figures
    label: str  # gold label: 编制数, 在职人数, 三公经费预算数 …
    value: Decimal
    unit: str  # 万元 | 人 | % | 个 | 件 | 元
    loc: Loc
    scope: str | None = None  # 财政拨款 | 部门决算 | 预算 | None
    origin: str = "extracted"  # extracted | table
    qualifier: str | None = None  # 以上 | 多 | 余 | 近 | 约 | 无 (the report says the activity did not happen)
    alternatives: list[Alternative] = field(default_factory=list)


@dataclass
class Extraction:
    meta: Meta
    claims: list[Claim]
    figures: list[Figure]
    forms: list = field(default_factory=list)  # core.forms.model.FormTable, one per 自评表 found
