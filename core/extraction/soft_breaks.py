"""Line breaks a page put inside paragraphs, and page-number lines (domain.md §1.6: a txt copied from a PDF).

A text laid out on a page breaks every line of a paragraph at the same width. When many lines reach that
width, the break after such a full line is soft: the paragraph goes on in the next line, so parsers must
read the two as one ("产出\\n及效率" is 产出及效率). Nothing is joined in a text whose lines do not share a
width (a report typed with one line per paragraph, or a table flattened one cell per line). Page-number
lines ("- 3 -", "第3页") are never report content, nor is a running header repeated after them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

PAGE_NUMBER_LINE_RE = re.compile(
    r"[ \t\u3000]*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?)[ \t\u3000]*")
# A line that starts a new item even right after a full line (a heading list whose lines happen to be of
# one length is not a wrapped paragraph; an inline list wrapped just before a number loses nothing).
ITEM_START_RE = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）]"
    r"|\d{1,2}(?:、|[.．](?!\d))|[\u2460-\u2473]|指标\s*\d)")
# Breaks that are soft whatever the page width: inside a score ("得9\n分", "得\n20分", "（满分10\n分）") and
# inside a written calculation ("×100%=-\n3.03%", "控制率\n=209.62/215.00"); an operator alone on its line
# (a table's "-" placeholder) is a cell, and a masked name (****) no product.
SCORE_WRAP_RE = re.compile(
    r"(?<=[得计])[ \t]*[\d.]*[ \t]*(\n)(?=[ \t]*[\d.]*[ \t]*分)|(?<=\d)(\n)(?=分)"
    r"|(?<=[^\s*][=+/×÷-])(\n)(?=[\d(（])|(?<=\d\*)(\n)(?=[\d(（])|(?<=[\u4e00-\u9fff%)）])(\n)(?==)")
# A full line that closes its sentence may have closed its paragraph: when the next line is a title, a
# name or a date (no punctuation of running text), the break stays. A semicolon closes no paragraph.
SENTENCE_END = "。！!？?"
RUNNING_TEXT_MARKS = frozenset("。，,；;：:！!？?、")
# Page widths in half-width columns: narrower "pages" are table cells; wider ones are paragraphs kept on one
# line (an A4 page holds 25–45 CJK characters a line, a landscape one up to about 70).
MIN_PAGE_WIDTH = 40
MAX_PAGE_WIDTH = 160
MIN_FULL_LINES = 5
MIN_RUNNING_HEADERS = 2  # a header is one when it repeats after page numbers
# A running header is a title: words, no sentence (a table cell that a page break happens to follow twice,
# "0.00", "小计", is content).
HEADER_LINE_RE = re.compile(r"[^。，,；;]*[\u4e00-\u9fff]{6}[^。，,；;]*")
# Of the lines wider than half the page: in wrapped prose most are full (all but the paragraphs' last
# lines); in a text with one line per paragraph few lengths come that close to the longest.
MIN_FULL_SHARE = 0.5
OUTLIER_SHARE = 0.03  # the widest lines that may overrun the page width (a long number, a URL)
SLACK = 3  # a full line stops short of the width by less than one CJK character and a punctuation mark


def width(line: str) -> int:
    """Columns a line takes on a page: CJK and full-width characters two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def dropped_offsets(text: str) -> frozenset[int]:
    """Offsets of `text` a reader should skip: page-number lines (with their line break) and soft breaks."""
    lines = _lines(text)
    page_lines = {i for i, (s, e) in enumerate(lines) if PAGE_NUMBER_LINE_RE.fullmatch(text, s, e)}
    page_lines |= _running_headers(text, lines, page_lines)
    dropped = {offset for i in page_lines for offset in range(lines[i][0], lines[i][1] + 1)}
    content = [i for i, (s, e) in enumerate(lines) if i not in page_lines and text[s:e].strip()]
    full = _full_lines(text, lines, content)
    for i in full:
        following = next((j for j in range(i + 1, len(lines)) if j not in page_lines), None)
        if following is None or following not in content or _hard_break(text, lines[i], lines[following]):
            continue
        dropped.add(lines[i][1])  # the "\n" after the full line
    dropped |= {m.start(m.lastindex) for m in SCORE_WRAP_RE.finditer(text)}
    return frozenset(o for o in dropped if o < len(text))


def _running_headers(text: str, lines: list[tuple[int, int]], page_lines: set[int]) -> set[int]:
    """The line that follows a page-number line when the same line follows another one: a page's running
    header (the report's title over every page), as little content as the page number."""
    after = [j for i in sorted(page_lines) if (j := next((k for k in range(i + 1, len(lines))
                                                             if text[lines[k][0]:lines[k][1]].strip()), None))
             is not None and j not in page_lines]
    after = [j for j in after if HEADER_LINE_RE.fullmatch(text[lines[j][0]:lines[j][1]].strip())]
    seen = Counter(text[lines[j][0]:lines[j][1]].strip() for j in after)
    return {j for j in after if seen[text[lines[j][0]:lines[j][1]].strip()] >= MIN_RUNNING_HEADERS}


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _full_lines(text: str, lines: list[tuple[int, int]], content: list[int]) -> list[int]:
    """The lines that reach the page width, or none when the text is not laid out at one width."""
    if len(content) < MIN_FULL_LINES:
        return []
    widths = {i: width(text[lines[i][0]:lines[i][1]].rstrip()) for i in content}
    ordered = sorted(widths.values())
    page = ordered[int((1 - OUTLIER_SHARE) * (len(ordered) - 1))]
    if not MIN_PAGE_WIDTH <= page <= MAX_PAGE_WIDTH:
        return []
    full = [i for i in content if widths[i] >= page - SLACK]
    wide = [i for i in content if widths[i] * 2 >= page]
    if len(full) < MIN_FULL_LINES or len(full) < MIN_FULL_SHARE * len(wide):
        return []
    return full


def _hard_break(text: str, line: tuple[int, int], following: tuple[int, int]) -> bool:
    """A full line followed by a numbered item, or one that ends its sentence before a line that is not
    running text (a signature, a heading without number), ends its paragraph."""
    if ITEM_START_RE.match(text, following[0], following[1]) is not None:
        return True
    ends_sentence = text[line[0]:line[1]].rstrip()[-1:] in SENTENCE_END
    return ends_sentence and RUNNING_TEXT_MARKS.isdisjoint(text[following[0]:following[1]])
