"""Where the report supports one indicator: its claims, the figures its formula reads, and the places in
the claim's own section that repeat those figures (the report's working), as spans of Document.text."""

from __future__ import annotations

from decimal import Decimal

SECTION_MAX_CHARS = 2000  # how far after a claim its section is searched for the indicator's figures
UNIT_SPELLINGS = {"平方米": "m²"}  # how the report writes a framework unit, where the two differ


def indicator_spans(session, indicator_id: str) -> list[tuple[int, int]]:
    """Claims first, then each input's source, then the repeats in the claims' sections; each span once."""
    claims = [c for c in session.extraction.claims if session.claim_map.get(c.id) == indicator_id]
    spans = [(c.loc.start, c.loc.end) for c in claims]
    wanted: set[tuple[Decimal, str | None]] = set()
    for var in session.indicator_result(indicator_id).inputs:
        value = session.value(var)
        if value is not None and value.loc is not None:
            spans.append((value.loc.start, value.loc.end))
        if value is not None and value.value is not None:
            variable = session.framework.variables.get(var)
            wanted.add((value.value, variable.unit if variable else None))
    for claim in claims:
        spans.extend(_figures_in_section(session, claim, wanted))
    return list(dict.fromkeys(spans))


def _figures_in_section(session, claim, wanted: set[tuple[Decimal, str | None]]) -> list[tuple[int, int]]:
    """Mentions of the wanted (value, unit) figures between a claim and the next claim of the report."""
    from core.extraction.numbers import find_quantities

    text = session.document.text
    following = [c.loc.start for c in session.extraction.claims if c.loc.start > claim.loc.start]
    end = min([len(text), claim.loc.end + SECTION_MAX_CHARS, *following])
    return [(claim.loc.end + q.start, claim.loc.end + q.end) for q in find_quantities(text[claim.loc.end:end])
            if any(q.value == value and _unit_matches(q.unit, unit) for value, unit in wanted)]


def _unit_matches(stated: str | None, unit: str | None) -> bool:
    """A framework variable without a unit matches any figure but a score (分)."""
    if not unit:
        return stated != "分"
    return UNIT_SPELLINGS.get(stated, stated) == unit
