"""Characters of one PDF page as pypdfium2 reports them: text, box (top-left origin), font size."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    cy: float  # vertical centre, the key of line grouping


def page_chars(textpage, page_height: float) -> tuple[list[Char], int]:
    """(visible characters in content order, number of characters without a Unicode meaning, such as the
    raw glyph ids of a font without a ToUnicode map).
    Line breaks and spaces pdfium generated are dropped: the layout code rebuilds them from geometry."""
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # surrogate pairs shift the offsets; fall back to one call per character
        text = "".join(_char(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    chars: list[Char] = []
    garbage = 0
    raw = textpage.raw
    for index, ch in enumerate(text):
        if ch in "\r\n" or pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        if _is_garbage(ch) or pdfium_c.FPDFText_HasUnicodeMapError(raw, index):
            garbage += 1
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect_ref):
            continue
        size = pdfium_c.FPDFText_GetFontSize(raw, index)
        y0, y1 = page_height - rect.top, page_height - rect.bottom
        chars.append(Char(ch, rect.left, y0, rect.right, y1, size, (y0 + y1) / 2))
    return chars, garbage


def _char(code: int) -> str:
    """pdfium returns a code unit as an unsigned int; a damaged font can give one outside Unicode."""
    return chr(code) if 0 <= code <= 0x10FFFF else "\ufffd"


def _is_garbage(ch: str) -> bool:
    """Characters a font without a Unicode map yields (pdfplumber shows them as "(cid:N)")."""
    code = ord(ch)
    return code < 0x20 or code == 0xFFFD or 0xE000 <= code <= 0xF8FF or code == 0xFFFE
