"""Offset-preserving text normalisation (domain.md §1.6 "Characters").

Parsers read the normalised text; every offset in it maps back to Document.text so that
locations shown to the reviewer point at the report as written.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from core.extraction.soft_breaks import dropped_offsets

# NFKC leaves these unchanged; parsers want the ASCII operators.
EXPLICIT = {
    "≦": "≤",
    "≧": "≥",
    "×": "*",
    "÷": "/",
    "−": "-",  # U+2212 minus sign
    "–": "-",  # en dash used as a minus in some tables
}

# Circled numbers are list markers; NFKC would turn them into digits that look like data.
CIRCLED = frozenset(chr(c) for c in list(range(0x2460, 0x2474)) + list(range(0x2776, 0x2794))
                    + list(range(0x3251, 0x3260)) + list(range(0x32B1, 0x32C0)))


@lru_cache(maxsize=4096)
def normalize_char(ch: str) -> str:
    if ch in CIRCLED:
        return ch
    if ch in EXPLICIT:
        return EXPLICIT[ch]
    out = unicodedata.normalize("NFKC", ch)
    return EXPLICIT.get(out, out)


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for each of its characters, the source offset it came from."""

    text: str
    source: str
    origins: tuple[int, ...]  # len(text) entries, non-decreasing

    def to_source(self, offset: int) -> int:
        """Source offset of the normalised offset; len(text) maps to len(source)."""
        if offset >= len(self.origins):
            return len(self.source)
        return self.origins[max(0, offset)]

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering normalised text[start:end] (end exclusive, whole source chars)."""
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1

    def to_normalized(self, source_offset: int) -> int:
        """First normalised offset whose source is at or after `source_offset`."""
        return bisect_right(self.origins, source_offset - 1)


def normalize(text: str) -> Normalized:
    """Characters folded (full-width digits, ≦, ×), and the line breaks a page layout put inside paragraphs
    and its page-number lines left out (soft_breaks)."""
    skipped = dropped_offsets(text) if "\n" in text else frozenset()
    parts: list[str] = []
    origins: list[int] = []
    for i, ch in enumerate(text):
        if i in skipped:
            continue
        out = normalize_char(ch) if ord(ch) > 0x7F else ch
        parts.append(out)
        origins.extend([i] * len(out))
    return Normalized("".join(parts), text, tuple(origins))


@lru_cache(maxsize=4)  # meta, claims, table captions, figures and every check read the same report text
def normalize_report(text: str) -> Normalized:
    """normalize() of a whole report, computed once per text."""
    return normalize(text)


def fold(text: str) -> str:
    """normalize(text).text without the offsets, for a cell or a label; only line breaks need the full pass."""
    if "\n" in text:
        return normalize(text).text
    return text if text.isascii() else "".join(map(normalize_char, text))
