"""Line breaking of Chinese text, greedy, character by character, with the rules a reader notices:
closing punctuation never starts a line (it hangs at the end of the one before, however many follow each
other, as in 。” or ）。), an opening bracket or quote never ends one, and a run of digits or Latin letters (a
figure such as 1,234.56 or 87.5%, a file name) is not cut unless it is longer than a line.

Two users: table cells (`break_lines`, plain strings a reportlab Table draws line by line: several times
faster than a Paragraph per cell), and the body paragraphs of the PDF outputs (`reportlab_split`, which
takes the place of reportlab's own CJK splitter: that one, written for Japanese, hangs only one mark and
knows neither ，nor ；nor ”)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Characters that may not begin a line (GB/T 15834 and common practice).
CANNOT_START_LINE = "，。、；：！？）》〉」』】〕”’％,.;:!?)]}%"
CANNOT_END_LINE = "（《〈「『【〔“‘([{"
UNBREAKABLE = frozenset("0123456789.,%+-/:·_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """`text` cut into lines no wider than `width` (hanging punctuation excepted); existing line breaks are
    kept. `measure(ch)` is one character's advance."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        advances = [measure(ch) for ch in paragraph]
        lines += [paragraph[start:end] for start, end in line_spans(paragraph, advances, [width])]
    return lines


def reportlab_split(word: str, widths: list[float], max_widths) -> list[list]:
    """reportlab.lib.textsplit.dumbSplit's contract: `widths` the characters' advances, `max_widths` one
    width or one per line (the last repeating); returns [[unused width, line text], ...]."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    lines = []
    for n, (start, end) in enumerate(line_spans(word, widths, max_widths)):
        available = max_widths[min(n, len(max_widths) - 1)]
        lines.append([available - sum(widths[start:end]), word[start:end]])
    return lines


def line_spans(text: str, advances: Sequence[float], widths: Sequence[float]) -> list[tuple[int, int]]:
    """(start, end) of each line of `text`; line n may be `widths[n]` wide (the last width repeats).
    Spaces at a break belong to no line."""
    spans: list[tuple[int, int]] = []
    start, used, i = 0, 0.0, 0
    while i < len(text):
        width = widths[min(len(spans), len(widths) - 1)]
        if used + advances[i] <= width or i == start or text[i] in CANNOT_START_LINE:
            used += advances[i]
            i += 1
            continue
        cut = end = _cut(text, start, i)
        while end > start and text[end - 1] == " ":
            end -= 1
        spans.append((start, end))
        start, i, used = cut, cut, 0.0
        while i < len(text) and text[i] == " ":
            start = i = i + 1
    spans.append((start, len(text)))
    return spans


def _cut(text: str, start: int, i: int) -> int:
    """Where the line begun at `start` ends, text[i] not fitting: before the figure text[i] belongs to,
    then before any opening bracket left at the end; where that would leave the line nothing but brackets,
    the figure is cut instead (a figure is only split when the line has no better place)."""
    for cut in (_run_start(text, start, i), i):
        while cut - 1 > start and text[cut - 1] in CANNOT_END_LINE:
            cut -= 1
        if text[start:cut].strip(CANNOT_END_LINE):
            return cut
    return i


def _run_start(text: str, start: int, i: int) -> int:
    """Where to cut before text[i]: before the digit/Latin run it belongs to, if that run began after the
    line's start; otherwise right there."""
    if text[i] not in UNBREAKABLE or text[i - 1] not in UNBREAKABLE:
        return i
    j = i
    while j > start and text[j - 1] in UNBREAKABLE:
        j -= 1
    return j if j > start else i
