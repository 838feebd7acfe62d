"""What the reviewer works on: one value per variable, with where it came from and who changed it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.extraction.model import Alternative, Figure, Loc

ORIGINS = ("extracted", "table", "entered", "corrected")
FINDING_STATUSES = ("open", "accepted", "dismissed")

# Budget formulas use fiscal scope (domain.md §4.0), so a fiscal figure wins over an all-sources one.
_SCOPE_PREFERENCE = {"财政拨款": 0, None: 1, "预算": 2, "部门决算": 3}


@dataclass(frozen=True)
class VariableValue:
    """The value a formula uses for one variable, and its provenance."""

    var: str
    value: Decimal | None
    origin: str  # one of ORIGINS
    loc: Loc | None = None
    alternatives: tuple[Alternative, ...] = ()
    figure_id: str | None = None  # extraction figure it started from
    changed_by: str | None = None
    changed_at: str | None = None  # ISO 8601, UTC


@dataclass(frozen=True)
class FindingState:
    """The reviewer's verdict on one finding."""

    status: str = "open"  # one of FINDING_STATUSES
    note: str | None = None
    include_in_opinion: bool = True


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the edit history kept in the review file."""

    label: str
    action: str  # do | undo | redo
    time: str
    who: str | None = None
    details: list[dict] = field(default_factory=list)  # [{"field", "key", "before", "after"}] as JSON


def initial_values(figures: list[Figure]) -> dict[str, VariableValue]:
    """One value per variable from the extracted figures. Other values stated for the same variable
    in the same scope become alternatives; other scopes do not (formulas never mix scopes)."""
    by_var: dict[str, list[Figure]] = {}
    for fig in figures:
        if fig.var:
            by_var.setdefault(fig.var, []).append(fig)
    out: dict[str, VariableValue] = {}
    for var, figs in by_var.items():
        primary = min(figs, key=lambda f: _SCOPE_PREFERENCE.get(f.scope, 1))
        others = [Alternative(f.value, f.loc) for f in figs if f is not primary and f.scope == primary.scope]
        out[var] = VariableValue(
            var=var,
            value=primary.value,
            origin=primary.origin,
            loc=primary.loc,
            alternatives=_distinct(primary.value, [*primary.alternatives, *others]),
            figure_id=primary.id,
        )
    return out


def _distinct(value: Decimal, alternatives: list[Alternative]) -> tuple[Alternative, ...]:
    """Alternatives other than `value`, each value once (the first place it is stated)."""
    seen = {value}
    out = []
    for alternative in alternatives:
        if alternative.value not in seen:
            seen.add(alternative.value)
            out.append(alternative)
    return tuple(out)


def format_number(value: Decimal | None) -> str:
    """A Decimal as a reviewer reads it in a label: no exponent, no trailing zeros; None as 空."""
    if value is None:
        return "空"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
