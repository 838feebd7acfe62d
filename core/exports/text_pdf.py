"""A report without pages of its own (txt, docx, a workbook's sheets as text) set as an A4 PDF with reportlab:
the text as the app reads it (tables already rendered as text), lines wrapped at the margin, and the box of
every character kept, so the annotated report marks land on the same words as on a PDF source."""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from core.documents.model import Document, Page, Rect
from core.exports.line_breaking import CANNOT_START_LINE

FONT_PT = 10.5
LEADING = 16
MARGIN = 56.7  # 20 mm
TAB_STOP = 4 * FONT_PT  # tables come as tab-separated cells: their columns line up on these stops
ASCENT, DESCENT = 0.88, 0.12  # of the font size: the character box around the baseline


@dataclass(frozen=True)
class Typeset:
    """The rendered PDF and a copy of the document whose `locate` answers in its pages."""

    data: bytes
    document: Document


@dataclass
class _Run:
    """Text drawn in one go: a line, or the part of a line after a tab."""

    page: int
    baseline: float  # from the top of the page
    x: float
    text: str = ""
    width: float = 0.0  # of `text`, kept as characters are added


class _Setter:
    """Places characters one by one, wrapping at the right margin and breaking pages at the bottom."""

    def __init__(self, font: str, width: float, height: float, length: int):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.width, self.height = width, height
        self.widths: dict[str, float] = {}  # a report uses a few thousand distinct characters, each many times
        self.measure = lambda ch: stringWidth(ch, font, FONT_PT)
        self.boxes: list[Rect | None] = [None] * length
        self.page_starts = [0]
        self.runs = [_Run(1, MARGIN + FONT_PT, MARGIN)]

    def advance(self, ch: str) -> float:
        width = self.widths.get(ch)
        if width is None:
            width = self.widths[ch] = self.measure(ch)
        return width

    @property
    def run(self) -> _Run:
        return self.runs[-1]

    def new_line(self, next_offset: int) -> None:
        page, baseline = self.run.page, self.run.baseline + LEADING
        if baseline > self.height - MARGIN:
            page, baseline = page + 1, MARGIN + FONT_PT
            self.page_starts.append(next_offset)
        self.runs.append(_Run(page, baseline, MARGIN))

    def tab(self) -> None:
        x = self.run.x + self.run.width
        stop = MARGIN + ((x - MARGIN) // TAB_STOP + 1) * TAB_STOP
        if stop >= self.width - MARGIN:
            stop = x + self.advance(" ")
        self.runs.append(_Run(self.run.page, self.run.baseline, stop))

    def put(self, offset: int, ch: str) -> None:
        glyph = "" if unicodedata.category(ch) == "Cc" else ch
        advance = self.advance(glyph)
        x = self.run.x + self.run.width
        if x + advance > self.width - MARGIN and x > MARGIN and ch not in CANNOT_START_LINE:  # else it hangs
            self.new_line(offset)
            x = MARGIN
        if not ch.isspace():
            baseline = self.run.baseline
            self.boxes[offset] = Rect(x, baseline - ASCENT * FONT_PT, x + advance, baseline + DESCENT * FONT_PT)
        self.run.text += glyph
        self.run.width += advance


def typeset(document: Document, title: str) -> Typeset:
    from reportlab.lib.pagesizes import A4

    from core.exports.opinion_pdf import registered_fonts

    font = registered_fonts().body
    width, height = A4
    setter = _Setter(font, width, height, len(document.text))
    for offset, ch in enumerate(document.text):
        if ch in "\r\n\f":
            setter.new_line(offset + 1)
        elif ch == "\t":
            setter.tab()
        else:
            setter.put(offset, ch)
    starts = setter.page_starts
    pages = [Page(n + 1, start, starts[n + 1] if n + 1 < len(starts) else len(document.text), width, height)
             for n, start in enumerate(starts)]
    data = _draw(setter.runs, len(pages), font, title)
    return Typeset(data, dataclasses.replace(document, format="pdf", pages=pages, char_boxes=setter.boxes))


def _draw(runs: list[_Run], pages: int, font: str, title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    # The canvas would otherwise start in Helvetica, which is never embedded.
    canvas = Canvas(out, pagesize=A4, initialFontName=font, initialFontSize=FONT_PT)
    canvas.setTitle(title)
    canvas.setCreator("绩效复核台")
    by_page: dict[int, list[_Run]] = {}
    for run in runs:
        by_page.setdefault(run.page, []).append(run)
    for number in range(1, pages + 1):
        canvas.setFont(font, FONT_PT)
        for run in by_page.get(number, []):
            if run.text.strip():
                canvas.drawString(run.x, A4[1] - run.baseline, run.text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
