"""An indicator framework as data: a tree of levels with scored indicators and their variables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class Variable:
    id: str  # domain.md §3 id: staff_quota, staff_actual, …
    label: str  # 编制数
    unit: str  # 人 | 万元 | % | m² | 项 …
    synonyms: list[str] = field(default_factory=list)
    # A value the framework itself carries (a self-evaluation row's 实际完成值); values passed to the engine win.
    default: Decimal | None = None


@dataclass
class Rule:
    # threshold | deduct_per_point | deduct_per_step | bands | proportional | target | qualitative | checklist | manual
    type: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Indicator:
    id: str
    name: str
    weight: Decimal
    rule: Rule
    path: tuple[str, ...] = ()  # level names from the top down, ending with `name`
    formula: str | None = None  # over variable ids, e.g. "staff_actual / staff_quota * 100"
    standard: str = ""  # 评分标准 text the reviewer reads
    kind: str = "quantitative"  # quantitative | qualitative
    synonyms: list[str] = field(default_factory=list)
    na_policy: str = "exclude"  # exclude | full
    execution: bool = False  # the framework's execution indicator (cap, domain.md §2.10.3)
    # Formula outcome 0/0 (activity absent, domain.md §2.0): "na" or "value:<number>" (e.g. "value:0").
    on_zero_zero: str = "na"
    # Formula outcome x/0 with x ≠ 0: "needs_input" or "zero" (scores 0, e.g. 三公 spent without a budget).
    on_div_zero: str = "needs_input"
    # Rule used when the formula's inputs are missing (e.g. manual for an external assessment, qualitative
    # for a narrative-only item); None keeps the quantitative evidence policy.
    alt_rule: Rule | None = None
    # Formulas chosen by a framework option: {option key: {option value: formula}}, e.g.
    # {"sangong_change_basis": {"actual": "(sangong_actual - sangong_actual_prev) / …"}} (domain.md §4.1).
    formula_variants: dict[str, dict[str, str]] = field(default_factory=dict)

    def formula_for(self, options: dict[str, Any]) -> str | None:
        """The formula in force under `options` (the first variant whose option is set), else `formula`."""
        for key, variants in self.formula_variants.items():
            chosen = variants.get(str(options.get(key)))
            if chosen is not None:
                return chosen
        return self.formula


@dataclass
class Node:
    """A level (一级/二级指标); children are Nodes or Indicators."""

    name: str
    weight: Decimal
    children: list["Node | Indicator"] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)


@dataclass
class Framework:
    id: str
    name: str
    version: str
    kind: str  # 部门整体支出 | 项目支出
    roots: list[Node]
    variables: dict[str, Variable] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # domain.md §2.10.7 keys
    description: str = ""

    def indicators(self) -> list[Indicator]:
        out: list[Indicator] = []

        def walk(node: Node | Indicator) -> None:
            if isinstance(node, Indicator):
                out.append(node)
            else:
                for child in node.children:
                    walk(child)

        for root in self.roots:
            walk(root)
        return out

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators():
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)
