"""Re-anchoring: move saved locations onto a changed report by finding their quotes again."""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.documents.model import Document
from core.extraction.model import Alternative, Loc
from core.review.values import VariableValue


def relocate(loc: Loc, document: Document) -> Loc | None:
    """The occurrence of `loc.quote` in the new text nearest to the old offset, or None."""
    if not loc.quote:
        return None
    text = document.text
    best: int | None = None
    start = text.find(loc.quote)
    while start != -1:
        if best is None or abs(start - loc.start) < abs(best - loc.start):
            best = start
        start = text.find(loc.quote, start + 1)
    if best is None:
        return None
    return Loc(best, best + len(loc.quote), document.page_of(best), loc.quote)


@dataclass
class Reanchored:
    values: dict[str, VariableValue]
    lost: list[str]  # variables whose quote is not in the new text (their value is kept, the loc dropped)


def reanchor_values(values: dict[str, VariableValue], document: Document) -> Reanchored:
    out: dict[str, VariableValue] = {}
    lost: list[str] = []
    for var, vv in values.items():
        loc = relocate(vv.loc, document) if vv.loc else None
        if vv.loc is not None and loc is None:
            lost.append(var)
        alternatives = tuple(
            Alternative(a.value, moved) for a in vv.alternatives
            if (moved := relocate(a.loc, document)) is not None
        )
        out[var] = replace(vv, loc=loc, alternatives=alternatives)
    return Reanchored(out, lost)
