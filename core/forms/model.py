"""What a 自评表 states, row by row, each value with where it stands (forms.md §1–§2).

One model for every source: docx/pdf/xlsx tables and copied text (tabs, pipes, one cell per line, one long
line) all read into a `FormTable`; extraction turns it into claims and meta, the checks (R1–R11) and the
table's own framework read it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.documents.model import Loc

# Column roles of the indicator grid and the funds block (forms.md §1), keys of `cells` below.
INDICATOR_ROLES = ("level1", "level2", "level3", "nature", "target", "unit", "actual", "weight", "score",
                   "reason")
FUNDS_ROLES = ("budget_start", "budget", "executed", "weight", "rate", "score")


@dataclass
class Value:
    """One cell as written (after certain OCR repairs), with its place and its number where it has one."""

    text: str
    loc: Loc
    number: Decimal | None = None  # rates in percent units (83.5 for 83.5%)
    percent: bool = False  # written with a % sign


@dataclass
class IndicatorRow:
    """A 三级指标 row (or a flat-list row): its level path and the cells of its columns."""

    path: list[str]  # level names top-down ending with the row's own name, numbering (指标1:) dropped
    cells: dict[str, Value]  # INDICATOR_ROLES → Value; absent where the row leaves the cell empty
    loc: Loc  # the whole row
    not_applicable: bool = False  # "/", 不适用 (R11)

    @property
    def name(self) -> str:
        return self.path[-1]

    def number(self, role: str) -> Decimal | None:
        value = self.cells.get(role)
        return value.number if value else None


@dataclass
class FundsRow:
    """A row of the 项目资金/预算资金 block: 年度资金总额 (kind total) or one of its 其中 rows (kind part)."""

    label: str  # 年度资金总额, 本年财政拨款, 上年结转资金, 其他资金, 基本支出 …
    kind: str  # total | part
    cells: dict[str, Value]  # FUNDS_ROLES → Value
    loc: Loc
    group: str | None = None  # Hunan's halves: 按收入性质分 | 按支出性质分

    def number(self, role: str) -> Decimal | None:
        value = self.cells.get(role)
        return value.number if value else None


@dataclass
class LevelWeight:
    """A weight written on a level cell (产出指标(50分)), in a note under the table, or in a subtotal row
    under the level (小计 | 25 | 24), which also states the level's score."""

    path: list[str]
    weight: Decimal
    loc: Loc
    score: Value | None = None  # a subtotal row's 得分


@dataclass
class FormTable:
    kind: str | None  # 项目支出 | 部门整体支出
    title: Value | None = None  # the line above the table naming it (项目支出绩效自评表)
    fields: dict[str, Value] = field(default_factory=dict)  # 项目名称, 主管部门, 实施单位, 部门, 年度 …
    funds: list[FundsRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    level_weights: list[LevelWeight] = field(default_factory=list)
    total_weight: Value | None = None  # the 总分 row's 分值 (100)
    total_score: Value | None = None  # the 总分 row's 得分, or 自评得分/自评总分 in the header block
    grade: Value | None = None  # a grade written in the 总分 row or the header block
    notes: list[Value] = field(default_factory=list)  # text under the table (it may state the rules)
    complete: bool = False  # the table reaches its 总分 row or its end; False where it stops early
    loc: Loc | None = None  # the whole table
    source: str = "table"  # table (docx/pdf/xlsx grid) | text (copied text)
    amount_unit: str = "万元"  # of the funds block, as its heading states (项目资金（万元）)


TABLE_SCALE = Decimal(100)  # a 自评表's total


def execution_row(form: FormTable) -> FundsRow | None:
    """The 年度资金总额 row when it scores the budget execution; not when its 分值 is the whole table's 100
    (forms.md §4: that row then carries the table's total)."""
    row = next((r for r in form.funds if r.kind == "total"), None)
    if row is None or row.number("weight") == TABLE_SCALE:
        return None
    return row if row.number("weight") is not None or row.number("score") is not None else None
