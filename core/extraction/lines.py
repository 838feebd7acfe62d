"""The lines of a text as spans of their content (surrounding whitespace left out), for the readers that
walk a report line by line."""

from __future__ import annotations

# Readers look at most this far either side of a number for its sentence: a text without stops (a table
# flattened into one paragraph) would otherwise make every number rescan the whole report.
SENTENCE_WINDOW = 1000


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


def sentence_span(text: str, pos: int, marks: str = "。\n") -> tuple[int, int]:
    """(start, end) of the sentence around `pos`: from after the last of `marks` before it to the first
    one from it, within SENTENCE_WINDOW characters either side."""
    low, high = max(0, pos - SENTENCE_WINDOW), min(len(text), pos + SENTENCE_WINDOW)
    start = max(max(text.rfind(mark, low, pos) for mark in marks) + 1, low)
    ends = [i for i in (text.find(mark, pos, high) for mark in marks) if i >= 0]
    return start, min(ends) if ends else high
