"""What one edit changed, down to the rows a view must repaint."""

from __future__ import annotations

from dataclasses import dataclass, fields

from core.scoring.result import Result, Totals

_TOTAL_FIELDS = tuple(f.name for f in fields(Totals) if f.name != "levels")


@dataclass(frozen=True)
class Change:
    """Sent to listeners after every do / undo / redo (and after a framework swap).

    `indicators` are the indicators whose IndicatorResult differs (score, status, explanation,
    comment …); `decisions` those whose Decision was edited. `framework` True means the tree itself
    was replaced: a view resets its model instead of repainting rows.
    """

    label: str
    action: str  # do | undo | redo
    revision: int
    variables: frozenset[str] = frozenset()
    decisions: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()
    finding_states: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    levels: frozenset[tuple[str, ...]] = frozenset()
    totals: bool = False
    findings: bool = False
    framework: bool = False


@dataclass(frozen=True)
class ResultDiff:
    indicators: frozenset[str]
    levels: frozenset[tuple[str, ...]]
    totals: bool


def diff_results(old: Result | None, new: Result) -> ResultDiff:
    """Indicators, levels and totals that differ between two results of the same framework."""
    if old is None:
        return ResultDiff(
            frozenset(new.by_id), frozenset(lv.path for lv in new.totals.levels), True)
    indicators = frozenset(
        ind.id for ind in new.indicators if old.by_id.get(ind.id) != ind
    ) | frozenset(set(old.by_id) - set(new.by_id))
    old_levels = {lv.path: lv for lv in old.totals.levels}
    new_levels = {lv.path: lv for lv in new.totals.levels}
    levels = frozenset(
        path for path in old_levels.keys() | new_levels.keys()
        if old_levels.get(path) != new_levels.get(path)
    )
    totals = any(getattr(old.totals, name) != getattr(new.totals, name) for name in _TOTAL_FIELDS)
    return ResultDiff(indicators, levels, totals)
