"""Where a figure in the report text begins and ends, for selections that cut into one or miss it."""

from __future__ import annotations

DIGITS = frozenset("0123456789０１２３４５６７８９")
NUMBER_CHARS = DIGITS | frozenset(".．,")  # a figure's own characters, separators included


def widen_to_numbers(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved outwards while it splits a run of NUMBER_CHARS; unchanged at a number's edge."""
    if start < end:
        while 0 < start < end and text[start - 1] in NUMBER_CHARS and text[start] in NUMBER_CHARS:
            start -= 1
        while start < end < len(text) and text[end - 1] in NUMBER_CHARS and text[end] in NUMBER_CHARS:
            end += 1
    return start, end


def number_at(text: str, offset: int) -> tuple[int, int] | None:
    """The figure touching the caret position `offset` (the character after it, else the one before),
    without a sentence's trailing point or comma; None off a figure."""
    touching = [i for i in (offset, offset - 1) if 0 <= i < len(text) and text[i] in DIGITS]
    if not touching:
        return None
    start, end = widen_to_numbers(text, touching[0], touching[0] + 1)
    while text[end - 1] not in DIGITS:
        end -= 1
    while text[start] not in DIGITS:
        start += 1
    return start, end
