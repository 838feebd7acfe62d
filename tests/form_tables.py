"""FormTables built by hand for the checks' and the framework's tests: every cell gets its own Loc whose
quote is the cell's text, so a finding's cells can be asserted by quote."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import count

from core.extraction.model import Loc
from core.forms.model import FormTable, FundsRow, IndicatorRow, LevelWeight, Value

# A note under the table fixing the weights (forms.md R5).
WEIGHTS_NOTE = "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分。"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_offsets = count(0, 100)


def loc(text: str) -> Loc:
    start = next(_offsets)
    return Loc(start, start + max(len(text), 1), None, text)


def value(text: str) -> Value:
    numbers = _NUMBER.findall(text.replace(",", ""))
    number = Decimal(numbers[0]) if len(numbers) == 1 else None
    return Value(text, loc(text), number, "%" in text)


def cells(**texts: str) -> dict[str, Value]:
    return {role: value(text) for role, text in texts.items() if text != ""}


def funds(label: str, kind: str = "part", group: str | None = None, **texts: str) -> FundsRow:
    return FundsRow(label, kind, cells(**texts), loc(label), group)


def row(path: str, na: bool = False, **texts: str) -> IndicatorRow:
    """`path` as 一级/二级/三级."""
    return IndicatorRow(path.split("/"), cells(**texts), loc(path), not_applicable=na)


def project_table(**changes) -> FormTable:
    """A complete, clean project table of the national layout (sums to 100; 产出50 效益30 满意度10 执行10)."""
    form = FormTable(
        kind="项目支出",
        funds=[
            funds("年度资金总额", "total", budget_start="880", budget="880", executed="836", weight="10",
                  rate="95%", score="9.5"),
            funds("本年财政拨款", budget_start="800", budget="800", executed="760"),
            funds("上年结转资金", budget_start="80", budget="80", executed="76"),
        ],
        indicators=[
            row("产出指标/数量指标/完成项目数量", target="≥2个", actual="2个", weight="20", score="20"),
            row("产出指标/质量指标/工程质量合格率", target="100%", actual="100%", weight="15", score="15"),
            row("产出指标/时效指标/完成及时率", target="≥90%", actual="95%", weight="15", score="15"),
            row("效益指标/社会效益指标/保护人口", target="达成", actual="达成", weight="20", score="20"),
            row("效益指标/生态效益指标/生态改善", na=True, target="/", actual="/", weight="/"),
            row("效益指标/可持续影响指标/工程良性运行", target="≤3次", actual="2次", weight="10", score="10"),
            row("满意度指标/服务对象满意度指标/服务对象满意度", target="≥90%", actual="96%", weight="10",
                score="10"),
        ],
        total_weight=value("100"),
        total_score=value("99.5"),
        grade=value("优"),
        complete=True,
        loc=loc("项目支出绩效自评表"),
    )
    for key, new in changes.items():
        setattr(form, key, new)
    return form


def level_weight(path: str, weight: str) -> LevelWeight:
    return LevelWeight(path.split("/"), Decimal(weight), loc(f"{path}({weight}分)"))
