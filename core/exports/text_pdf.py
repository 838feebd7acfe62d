"""A report without pages of its own (txt, docx, a workbook's sheets as text) set as an A4 PDF with reportlab:
the text as the app reads it (tables already rendered as text), lines wrapped at the margin, and the box of
every character kept, so the annotated report marks land on the same words as on a PDF source."""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from core.documents.model import Document, Page, Rect

FONT_PT = 10.5
LEADING = 16
MARGIN = 56.7  # 20 mm
TAB_SPACES = 4
ASCENT, DESCENT = 0.88, 0.12  # of the font size: the character box around the baseline


@dataclass(frozen=True)
class Typeset:
    """The rendered PDF and a copy of the document whose `locate` answers in its pages."""

    data: bytes
    document: Document


@dataclass
class _Line:
    page: int
    baseline: float  # from the top of the page
    x: float
    text: str


def typeset(document: Document, title: str) -> Typeset:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from core.exports.opinion_pdf import registered_fonts

    font = registered_fonts().body
    width, height = A4
    boxes: list[Rect | None] = [None] * len(document.text)
    lines: list[_Line] = []
    page_starts = [0]
    page, baseline, x = 1, MARGIN + FONT_PT, MARGIN
    current = _Line(page, baseline, x, "")
    for offset, ch in enumerate(document.text):
        if ch in "\r\n\f":
            lines.append(current)
            baseline += LEADING
            if baseline > height - MARGIN:
                page, baseline = page + 1, MARGIN + FONT_PT
                page_starts.append(offset + 1)
            x = MARGIN
            current = _Line(page, baseline, x, "")
            continue
        glyph = " " * TAB_SPACES if ch == "\t" else "" if unicodedata.category(ch) == "Cc" else ch
        advance = stringWidth(glyph, font, FONT_PT)
        if x + advance > width - MARGIN and current.text:
            lines.append(current)
            baseline += LEADING
            if baseline > height - MARGIN:
                page, baseline = page + 1, MARGIN + FONT_PT
                page_starts.append(offset)
            x = MARGIN
            current = _Line(page, baseline, x, "")
        if not ch.isspace():
            boxes[offset] = Rect(x, baseline - ASCENT * FONT_PT, x + advance, baseline + DESCENT * FONT_PT)
        current.text += glyph
        x += advance
    lines.append(current)
    data = _draw(lines, page, font, title)
    pages = [Page(n + 1, start, page_starts[n + 1] if n + 1 < len(page_starts) else len(document.text),
                  width, height) for n, start in enumerate(page_starts)]
    return Typeset(data, dataclasses.replace(document, format="pdf", pages=pages, char_boxes=boxes))


def _draw(lines: list[_Line], pages: int, font: str, title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    # The canvas would otherwise start in Helvetica, which is never embedded.
    canvas = Canvas(out, pagesize=A4, initialFontName=font, initialFontSize=FONT_PT)
    canvas.setTitle(title)
    canvas.setCreator("绩效复核台")
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for number in range(1, pages + 1):
        canvas.setFont(font, FONT_PT)
        for line in by_page.get(number, []):
            if line.text.strip():
                canvas.drawString(line.x, A4[1] - line.baseline, line.text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
