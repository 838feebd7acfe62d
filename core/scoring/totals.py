"""Level subtotals and the total from item scores, with the not-applicable treatments of domain.md §2.10.2:
indicators scored full stay in; excluded ones are either rescaled away at the total (`rescale`) or their
weight is handed to applicable siblings pro rata (`redistribute`, moving up a level if none is left)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.decimals import HUNDRED, ZERO, round_score
from core.scoring.plan import Plan, PlanNode


@dataclass
class Aggregate:
    levels: list[tuple[tuple[str, ...], Decimal, Decimal]]  # (path, weight shown, reviewed subtotal), pre-order
    total: Decimal
    scores: list[Decimal | None]  # item scores after redistribution (unchanged otherwise)
    weights: list[Decimal]  # item weights after redistribution


def aggregate(plan: Plan, scores: list[Decimal | None], excluded: list[bool]) -> Aggregate:
    weights = [it.ind.weight for it in plan.items]
    if plan.na_mode == "redistribute" and any(excluded):
        return _redistribute(plan, scores, excluded, weights)
    return _rescale(plan, scores, excluded, weights)


def _rescale(plan: Plan, scores: list[Decimal | None], excluded: list[bool], weights: list[Decimal]) -> Aggregate:
    levels: list = []

    def walk(node: PlanNode) -> tuple[Decimal, Decimal]:
        slot = len(levels)
        levels.append(None)
        earned = applicable = ZERO
        for child in node.children:
            if isinstance(child, int):
                if not excluded[child]:
                    earned += scores[child] or ZERO
                    applicable += weights[child]
            else:
                e, a = walk(child)
                earned += e
                applicable += a
        levels[slot] = (node.path, applicable, earned)
        return earned, applicable

    earned = applicable = ZERO
    for root in plan.roots:
        e, a = walk(root)
        earned += e
        applicable += a
    total = earned
    if applicable != plan.max_total:
        total = round_score(earned / applicable * HUNDRED) if applicable else ZERO
    return Aggregate(levels, total, list(scores), weights)


def _redistribute(plan: Plan, scores: list[Decimal | None], excluded: list[bool], weights: list[Decimal]) -> Aggregate:
    out_scores = list(scores)
    out_weights = list(weights)
    levels: list = []

    def live(child: PlanNode | int) -> bool:
        if isinstance(child, int):
            return not excluded[child]
        return any(live(c) for c in child.children)

    def weight_of(child: PlanNode | int) -> Decimal:
        return weights[child] if isinstance(child, int) else child.weight

    def walk(node: PlanNode, factor: Decimal) -> Decimal:
        slot = len(levels)
        levels.append(None)
        shares = [c for c in node.children if live(c)]
        inner = factor * node.weight / sum((weight_of(c) for c in shares), ZERO)
        earned = ZERO
        for child in shares:
            if isinstance(child, int):
                out_scores[child] = round_score((scores[child] or ZERO) * inner)
                out_weights[child] = weights[child] * inner
                earned += out_scores[child]  # type: ignore[operator]
            else:
                earned += walk(child, inner)
        levels[slot] = (node.path, node.weight * factor, earned)
        return earned

    live_roots = [r for r in plan.roots if live(r)]
    applicable = sum((r.weight for r in live_roots), ZERO)
    factor = plan.max_total / applicable if applicable else ZERO
    total = sum((walk(r, factor) for r in live_roots), ZERO)
    return Aggregate(levels, total, out_scores, out_weights)
