"""Copies of a Framework with something changed: options, one indicator, or report rows put in place of a
placeholder indicator (the self-evaluation table's own output/benefit rows, domain.md §4.4)."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.decimals import ZERO, round_score
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable

ROW_DIRECTIONS = ("positive", "reverse", "exact", "qualitative")


@dataclass(frozen=True)
class Row:
    """One row of a 自评表: 三级指标, 分值, 年度指标值, 实际完成值 and how it is read."""

    name: str
    weight: Decimal | None  # None: share the block's remaining weight equally (§4.4)
    target: Decimal | None
    actual: Decimal | None
    direction: str  # positive (≥) | reverse (≤) | exact (=) | qualitative (text target, three tiers)
    group: str | None = None  # 二级指标 (数量指标, 质量指标 …), if the table gives it
    unit: str = ""


def with_options(framework: Framework, **changes: Any) -> Framework:
    """Same tree, options updated (e.g. step_partial="linear", na_mode="redistribute")."""
    return dataclasses.replace(framework, options={**framework.options, **changes})


def with_indicator(framework: Framework, indicator_id: str, **changes: Any) -> Framework:
    """A copy with fields of one indicator replaced (e.g. na_policy="exclude")."""
    out = copy.deepcopy(framework)
    indicator = out.indicator(indicator_id)
    for key, value in changes.items():
        if not hasattr(indicator, key):
            raise AttributeError(key)
        setattr(indicator, key, value)
    return out


def with_rows(framework: Framework, indicator_id: str, rows: Iterable[Row | tuple]) -> Framework:
    """A copy where the placeholder indicator `indicator_id` is replaced by one indicator per report row.

    If the placeholder is the only child of its level (proj-self's 产出指标), the rows go straight into that
    level; otherwise they go into a new level named after the placeholder (dept-hunan-county's 履职产出).
    Rows with a `group` (二级指标 such as 数量指标) are gathered under a level of that name. Quantitative rows
    score with the target rule on their own variable `<id>_<n>_actual`, whose default is the row's
    实际完成值 (values passed to the engine override it); qualitative rows use the three-tier scale. Rows
    without a weight share what the weighted rows leave of the placeholder's weight equally.
    """
    out = copy.deepcopy(framework)
    placeholder = out.indicator(indicator_id)
    parent = _parent_of(out.roots, placeholder)
    items = [r if isinstance(r, Row) else Row(*r) for r in rows]
    if not items:
        return out  # nothing to put in: the placeholder keeps scoring the block
    sole = parent is not None and len(parent.children) == 1
    base = placeholder.path[:-1] if sole else placeholder.path
    weights = _row_weights(placeholder.weight, items)
    indicators = [
        _row_indicator(out, placeholder, base, n, row, w) for n, (row, w) in enumerate(zip(items, weights), 1)
    ]
    children = _grouped(items, indicators)
    if sole:
        parent.children = children  # type: ignore[union-attr]
    else:
        siblings = parent.children if parent is not None else out.roots
        siblings[siblings.index(placeholder)] = Node(
            placeholder.name, placeholder.weight, children, list(placeholder.synonyms)
        )
    return out


def _parent_of(children: list, target: Indicator, parent: Node | None = None) -> Node | None:
    for child in children:
        if child is target:
            return parent
        if isinstance(child, Node):
            found = _parent_of(child.children, target, child)
            if found is not None:
                return found
    return None


def _row_weights(total: Decimal, rows: list[Row]) -> list[Decimal]:
    given = sum((r.weight for r in rows if r.weight is not None), ZERO)
    unweighted = [i for i, r in enumerate(rows) if r.weight is None]
    weights = [r.weight for r in rows]
    if unweighted:
        share = round_score((total - given) / len(unweighted))
        for i in unweighted:
            weights[i] = share
        # Shares are kept to 0.01 so the block still adds up exactly: the last row takes the remainder.
        weights[unweighted[-1]] = total - given - share * (len(unweighted) - 1)
    return weights  # type: ignore[return-value]


def _row_indicator(
    fw: Framework, block: Indicator, base: tuple[str, ...], n: int, row: Row, weight: Decimal
) -> Indicator:
    if row.direction not in ROW_DIRECTIONS:
        raise ValueError(f"行“{row.name}”的方向“{row.direction}”应为 {'/'.join(ROW_DIRECTIONS)} 之一")
    rid = f"{block.id}_{n}"
    path = base + ((row.group,) if row.group else ()) + (row.name,)
    if row.direction == "qualitative":
        return Indicator(
            id=rid,
            name=row.name,
            weight=weight,
            rule=Rule("qualitative", {"scale": "qual3"}),
            path=path,
            kind="qualitative",
            standard=block.standard,
        )
    var = f"{rid}_actual"
    fw.variables[var] = Variable(id=var, label=f"{row.name}（实际完成值）", unit=row.unit, default=row.actual)
    params = {"direction": row.direction, "target": row.target, "unit": row.unit}
    return Indicator(
        id=rid,
        name=row.name,
        weight=weight,
        rule=Rule("target", params),
        path=path,
        formula=var,
        standard=block.standard,
    )


def _grouped(rows: list[Row], indicators: list[Indicator]) -> list[Node | Indicator]:
    if not any(r.group for r in rows):
        return list(indicators)
    groups: dict[str, Node] = {}
    out: list[Node | Indicator] = []
    for row, ind in zip(rows, indicators):
        if not row.group:
            out.append(ind)
            continue
        if row.group not in groups:
            groups[row.group] = Node(name=row.group, weight=ZERO)
            out.append(groups[row.group])
        groups[row.group].children.append(ind)
        groups[row.group].weight += ind.weight
    return out
