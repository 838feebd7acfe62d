"""A finding: one contradiction or gap, with its code (domain.md §5) and where it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.extraction.model import Loc

SEVERITIES = ("error", "warning", "info")


@dataclass
class Finding:
    code: str  # EXPR_MISMATCH, PARTS_SUM, … (domain.md §5), NO_TEXT_LAYER, OCR_TEXT, NOT_A_REPORT
    severity: str  # error | warning | info
    message: str  # Chinese sentence for the 复核意见
    about: str | None = None  # indicator, figure or section, in the report's words
    stated: str | None = None
    expected: str | None = None
    locs: list[Loc] = field(default_factory=list)
    id: str = ""  # assigned when the list is final: k1, k2, …


def span_loc(document, start: int, end: int) -> Loc:
    """A Loc for text[start:end] of `document`, with its page and quote filled in."""
    return Loc(start, end, document.page_of(start), document.text[start:end])

