"""Standard highlight annotations on a PDF page (pypdf): /Highlight with /QuadPoints, the colour, the note as
/Contents with a /Popup, and an appearance stream (a multiply-blended fill) so that readers which do not
draw annotations themselves (pdf.js, Chrome, print paths) show them too. The marks' numbers are drawn on
the page by an overlay (reportlab, the embedded CJK font) so they print with it."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from core.documents.model import Rect

# kind → highlight colour (RGB 0..1): findings by severity, corrected figures green.
COLOURS = {
    "error": (1.0, 0.6, 0.6),
    "warning": (1.0, 0.88, 0.3),
    "info": (0.65, 0.8, 1.0),
    "corrected": (0.6, 0.92, 0.6),
}
LABEL_COLOUR = (0.78, 0.0, 0.0)
LABEL_PT = 7
POPUP_SIZE = (220, 120)  # points
AUTHOR = "绩效复核台"


@dataclass(frozen=True)
class PageMark:
    """One mark's rectangles on one page, in PDF user space (origin bottom-left)."""

    label: str
    kind: str
    note: str
    rects: tuple[Rect, ...]  # Rect(x0, y0, x1, y1) with y0 < y1 in user space


def to_user_space(rect: Rect, page_height: float) -> Rect:
    """A reader rectangle (top-left origin, core.documents.pdf_chars) back in the page's user space. The reader
    flipped pdfium's user-space y against the page height pdfium reported, so flipping again with that same
    height is its exact inverse, whatever the page's box offset or /Rotate."""
    return Rect(rect.x0, page_height - rect.y1, rect.x1, page_height - rect.y0)


def annotate_page(writer, page_index: int, marks: list[PageMark]) -> None:
    box = writer.pages[page_index].mediabox
    page = Rect(float(box.left), float(box.bottom), float(box.right), float(box.top))
    for mark in marks:
        highlight = writer.add_annotation(page_index, _highlight(writer, mark))
        _attach_popup(writer, page_index, highlight, mark, page)


def _highlight(writer, mark: PageMark):
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    box = _bounds(mark.rects)
    quads = ArrayObject(FloatObject(round(v, 2)) for r in mark.rects
                        for v in (r.x0, r.y1, r.x1, r.y1, r.x0, r.y0, r.x1, r.y0))
    annotation = Highlight(rect=(box.x0, box.y0, box.x1, box.y1), quad_points=quads,
                           highlight_color=_hex(COLOURS[mark.kind]), printing=True, title_bar=AUTHOR)
    annotation[NameObject("/Contents")] = TextStringObject(mark.note)
    # A stream must be an indirect object; pypdf registers one only through _add_object (its own page code
    # does the same), there is no public call for it.
    annotation[NameObject("/AP")] = _dict(N=writer._add_object(_appearance(mark, box)))
    return annotation


def _appearance(mark: PageMark, box: Rect):
    """A form XObject in user space (identity matrix, the annotation's /Rect as BBox) filling each quad,
    multiplied into the page as a highlighter does: the text under it stays black, no opacity needed."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    r, g, b = COLOURS[mark.kind]
    fills = "".join(f"{q.x0:.2f} {q.y0:.2f} {q.x1 - q.x0:.2f} {q.y1 - q.y0:.2f} re\n" for q in mark.rects)
    stream = DecodedStreamObject()
    stream.set_data(f"q /GS0 gs {r:.3f} {g:.3f} {b:.3f} rg\n{fills}f Q\n".encode("ascii"))
    stream.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(round(v, 2)) for v in (box.x0, box.y0, box.x1, box.y1)),
        NameObject("/Resources"): _dict(ExtGState=_dict(GS0=_dict(
            Type=NameObject("/ExtGState"), BM=NameObject("/Multiply")))),
    })
    return stream


def _attach_popup(writer, page_index: int, highlight, mark: PageMark, page: Rect) -> None:
    """The note's window when a reader opens it: beside the mark, kept on the page."""
    from pypdf.annotations import Popup
    from pypdf.generic import NameObject

    box = _bounds(mark.rects)
    x0 = max(page.x0, min(box.x1, page.x1 - POPUP_SIZE[0]))
    y1 = min(page.y1, max(box.y1, page.y0 + POPUP_SIZE[1]))
    popup = writer.add_annotation(page_index, Popup(rect=(x0, y1 - POPUP_SIZE[1], x0 + POPUP_SIZE[0], y1),
                                                    parent=highlight))
    highlight[NameObject("/Popup")] = popup.indirect_reference


def label_overlay(pages: list[tuple[float, float, list[PageMark]]]) -> bytes:
    """One page per (width, height, marks), each carrying every mark's number just above its first
    rectangle's left end. One document for all the marked pages: its font is subset and parsed once."""
    from reportlab.pdfgen.canvas import Canvas

    from core.exports.opinion_pdf import registered_fonts

    font = registered_fonts().heading
    out = BytesIO()
    canvas = Canvas(out, initialFontName=font, initialFontSize=LABEL_PT)
    for width, height, marks in pages:
        canvas.setPageSize((width, height))
        canvas.setFillColorRGB(*LABEL_COLOUR)
        canvas.setFont(font, LABEL_PT)
        taken: dict[tuple[int, int], float] = {}  # where labels already stand: the next goes to their right
        for mark in marks:
            first = mark.rects[0]
            spot = (round(first.x0), round(first.y1))
            text = f"[{mark.label}]"
            x = taken.get(spot, first.x0)
            canvas.drawString(x, first.y1 + 1, text)
            taken[spot] = x + canvas.stringWidth(text, font, LABEL_PT)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _bounds(rects: tuple[Rect, ...]) -> Rect:
    box = rects[0]
    for rect in rects[1:]:
        box = box.union(rect)
    return box


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{round(c * 255):02x}" for c in rgb)


def _dict(**items):
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject({NameObject(f"/{k}"): v for k, v in items.items()})
