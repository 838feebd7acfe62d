"""What the figure-based checks share: tolerances (domain.md §5.0), figure look-ups by label and scope,
and the wording of amounts in messages."""

from __future__ import annotations

from decimal import Decimal

from core.checks.model import Finding
from core.decimals import CENT, fmt
from core.extraction.model import Extraction, Figure, Loc
from core.extraction.numbers import AMOUNT


def tolerance(n_terms: int, unit: str | None) -> Decimal:
    """Amounts: 0.01 × n summands; counts and everything else exact."""
    return CENT * n_terms if unit == AMOUNT else Decimal(0)


def differs(stated: Decimal, computed: Decimal, n_terms: int, unit: str | None = AMOUNT) -> bool:
    return abs(stated - computed) > tolerance(n_terms, unit)


def show(value: Decimal, unit: str | None = AMOUNT) -> str:
    return f"{fmt(value)}{unit or ''}"


class FigureIndex:
    """The extraction's figures by label; scope look-ups fall back to unscoped figures."""

    def __init__(self, extraction: Extraction):
        self.figures = extraction.figures
        self.by_label: dict[str, list[Figure]] = {}
        for figure in extraction.figures:
            self.by_label.setdefault(figure.label, []).append(figure)

    def scoped(self, label: str, scope: str | None) -> list[Figure]:
        """Figures of `label` in `scope`, or the unscoped ones when the scope has none."""
        figures = self.by_label.get(label, [])
        exact = [f for f in figures if f.scope == scope]
        return exact or ([f for f in figures if f.scope is None] if scope is not None else [])

    def one(self, label: str, scope: str | None = None, any_scope: bool = False) -> Figure | None:
        """The figure of `label` when the report gives it a single value (else None: ambiguous or absent)."""
        figures = self.by_label.get(label, []) if any_scope else self.scoped(label, scope)
        return figures[0] if figures and len({f.value for f in figures}) == 1 else None

    def scopes(self) -> list[str | None]:
        return sorted({f.scope for f in self.figures if f.scope}) + [None]


def mismatch(code: str, about: str, stated: Decimal, computed: Decimal, terms: str, message: str,
             locs: list[Loc], unit: str | None = AMOUNT) -> Finding:
    """An arithmetic finding: a stated number against the one its terms give."""
    return Finding(code=code, severity="error", message=message, about=about, stated=show(stated, unit),
                   expected=f"{show(computed, unit)}（{terms}）", locs=locs)
