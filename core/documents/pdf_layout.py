"""Lines and paragraphs from positioned characters, by general typographic rules.

A line is joined to the next one (no line break in the text) when it is a wrapped line: it reaches the
right edge of the text block, the next line starts at the left edge (not indented as a new paragraph),
both are set in the same size, and the next line does not open a new list item or heading after a
finished sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.documents.model import Rect
from core.documents.pdf_chars import Char

_SENTENCE_END = tuple("。！？；：!?;:")
_ITEM_START = re.compile(
    r"^\s*(第[一二三四五六七八九十百]+[章节部分条]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+[、.．](?!\d)|[①-⑳]|[•●■◆▪-]\s)"
)
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–\s]*$"
    r"|^\s*(?i:page)\s*\d{1,4}(\s*(?i:of)\s*\d{1,4})?\s*$"
)
# Running heads and page numbers sit in the outer part of the page, away from the body text.
_MARGIN_ZONE = 0.12
_WORDISH = re.compile(r"[0-9A-Za-z%.,)\]]")


@dataclass
class Line:
    chars: list[Char]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float

    @classmethod
    def of(cls, chars: list[Char]) -> "Line":
        chars.sort(key=lambda c: c.x0)
        sizes = sorted(c.size for c in chars)
        return cls(chars, min(c.x0 for c in chars), min(c.y0 for c in chars),
                   max(c.x1 for c in chars), max(c.y1 for c in chars), sizes[len(sizes) // 2])

    def text_and_boxes(self) -> tuple[str, list[Rect | None]]:
        """The line's text; a space (box None) is inserted where a gap separates two words."""
        out: list[str] = []
        boxes: list[Rect | None] = []
        previous: Char | None = None
        for char in self.chars:
            if previous is not None and _needs_space(previous, char):
                out.append(" ")
                boxes.append(None)
            out.append(char.text)
            boxes.append(Rect(char.x0, char.y0, char.x1, char.y1))
            previous = char
        return "".join(out), boxes


def _needs_space(left: Char, right: Char) -> bool:
    gap = right.x0 - left.x1
    em = max(left.size, right.size, 1.0)
    if gap <= 0.2 * em:  # most neighbours touch: no space whatever the characters (cheap test first)
        return False
    if left.text.isspace() or right.text.isspace():
        return False
    if _WORDISH.match(left.text) and _WORDISH.match(right.text):
        return gap > 0.2 * em
    # CJK text is set without spaces; only a wide gap (a tab stop or column) separates it.
    return gap > 1.5 * em


def group_lines(chars: list[Char]) -> list[Line]:
    """Cluster characters into lines by vertical position (order-independent), top to bottom."""
    lines: list[list[Char]] = []
    centers: list[float] = []
    heights: list[float] = []
    for char in sorted(chars, key=lambda c: c.cy):
        height = max(char.y1 - char.y0, 0.1)
        # a mark whose glyph box is small and low (，。、 of some CJK fonts) still sits within its line's height
        if lines and abs(char.cy - centers[-1]) < 0.5 * max(height, heights[-1]):
            lines[-1].append(char)
        else:
            lines.append([char])
            centers.append(char.cy)
            heights.append(height)
    return [Line.of(visible) for visible in map(_strip_spaces, lines) if visible]


def _strip_spaces(chars: list[Char]) -> list[Char]:
    """A line's characters without the spaces at its ends, which would make it look wider than it is."""
    chars.sort(key=lambda c: c.x0)
    start, end = 0, len(chars)
    while start < end and chars[start].text.isspace():
        start += 1
    while end > start and chars[end - 1].text.isspace():
        end -= 1
    return chars[start:end]


def drop_page_numbers(lines: list[Line], page_height: float) -> list[Line]:
    """Lines without content of the report: a page number as the first or last line, in the page margin.
    Dropping them lets a paragraph that runs over the page break join up again."""
    def is_page_number(line: Line) -> bool:
        in_margin = line.y1 < page_height * _MARGIN_ZONE or line.y0 > page_height * (1 - _MARGIN_ZONE)
        return in_margin and bool(_PAGE_NUMBER.match("".join(c.text for c in line.chars)))

    while lines and is_page_number(lines[-1]):
        lines = lines[:-1]
    while lines and is_page_number(lines[0]):
        lines = lines[1:]
    return lines


@dataclass
class BodyLayout:
    left: float  # x where body lines start when not indented
    right: float  # x where full body lines end
    line_gap: float  # usual blank space between two lines of one paragraph


def body_layout(pages: list[list[Line]]) -> BodyLayout:
    """The document's text block from its lines (page by page, top to bottom): robust to titles, short
    last lines and indented first lines because it takes low/high percentiles and medians."""
    lines = [line for page in pages for line in page]
    if not lines:
        return BodyLayout(0.0, 0.0, 0.0)
    lefts = sorted(line.x0 for line in lines)
    rights = sorted(line.x1 for line in lines)
    gaps = sorted(b.y0 - a.y1 for page in pages for a, b in zip(page, page[1:]) if b.y0 > a.y1)
    return BodyLayout(lefts[int(len(lefts) * 0.1)], rights[int(len(rights) * 0.9)],
                      gaps[len(gaps) // 2] if gaps else 0.0)


def continues(previous: Line, following: Line, body: BodyLayout, same_page: bool) -> bool:
    """True when `following` is the wrapped continuation of `previous` (same paragraph)."""
    em = max(previous.size, 1.0)
    if abs(previous.size - following.size) > 0.15 * em:
        return False
    if previous.x1 < body.right - 1.2 * em:
        return False  # the line ends short of the right edge: the paragraph ended
    if following.x0 > body.left + 0.5 * em:
        return False  # indented: a new paragraph
    if same_page and following.y0 - previous.y1 > body.line_gap + 0.5 * em:
        return False  # extra space between paragraphs
    opening = "".join(c.text for c in following.chars[:12])
    return not (previous.chars[-1].text in _SENTENCE_END and _ITEM_START.match(opening))


def joiner(previous: Line, following: Line) -> str:
    """What stands between two joined lines: nothing for CJK, a space between two Latin words."""
    if previous.chars[-1].text.isascii() and previous.chars[-1].text.isalpha() and following.chars[0].text.isascii() \
            and following.chars[0].text.isalpha():
        return " "
    return ""
