"""The lines of a text as spans of their content (surrounding whitespace left out), for the readers that
walk a report line by line."""

from __future__ import annotations


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line's stripped content, in order; a blank line is an empty span where its
    whitespace ends (flattened tables keep empty cells as blank lines)."""
    out = []
    start = 0
    for line in text.split("\n"):
        lead = len(line) - len(line.lstrip())
        out.append((start + lead, start + lead + len(line.strip())))
        start += len(line) + 1
    return out
