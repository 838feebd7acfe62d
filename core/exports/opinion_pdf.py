"""复核意见 as a PDF (reportlab), laid out like the docx: A4 portrait, title, body at 16 pt on a fixed 28 pt
line, the sign-off block, then the scoring sheet and the findings as attachments, page numbers "— n —".

Every font is embedded: reportlab embeds TrueType outlines only, so the Windows fonts (仿宋 simfang.ttf,
黑体 simhei.ttf, 宋体 simsun.ttc sub-font 0) are used where present and the bundled font
(WenQuanYi Micro Hei, resources/fonts) everywhere else; never Noto CJK (CFF) or STSong-Light (not embedded)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, partial
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from core.exports.opinion import Annex, Opinion

BUNDLED_FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"
BODY_PT, TITLE_PT, TABLE_PT, LINE_PT = 16, 22, 9, 28
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")
MM = 72 / 25.4
CELL_PADDING = 6  # reportlab's default left and right padding of a table cell


# Windows fonts by role, best first: (file in %WINDIR%\Fonts, sub-font index of a .ttc).
SYSTEM_FONTS = {
    "body": (("simfang.ttf", 0), ("simsun.ttc", 0)),
    "heading": (("simhei.ttf", 0),),
}
FALLBACK = "JXFallback"


@dataclass(frozen=True)
class Fonts:
    body: str
    heading: str  # also the title's: 方正小标宋 is rarely installed, 黑体 is its customary stand-in


@cache
def registered_fonts() -> Fonts:
    """Register the fonts once per process (loading a CJK font takes a moment) and name them by role."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _chinese_line_breaking()
    pdfmetrics.registerFont(TTFont(FALLBACK, str(BUNDLED_FONT), subfontIndex=0))
    folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    chosen = {}
    for role, candidates in SYSTEM_FONTS.items():
        chosen[role] = FALLBACK
        for file, index in candidates:
            if (folder / file).is_file() and _register(pdfmetrics, TTFont, f"JX{role}", folder / file, index):
                chosen[role] = f"JX{role}"
                break
    return Fonts(**chosen)


def _chinese_line_breaking() -> None:
    """reportlab breaks CJK text with a splitter written for Japanese: it lets one mark hang in the margin
    and knows 、。） but not ，；：”, so a line of the opinion could begin with "，" or "。". Its documented hook
    for language-specific splitting (textsplit.wordSplit → dumbSplit) gets ours; the list its multi-style
    path reads gets the Chinese marks."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    from core.exports.line_breaking import CANNOT_START_LINE, reportlab_split

    textsplit.dumbSplit = reportlab_split
    missing = "".join(ch for ch in CANNOT_START_LINE if ch not in textsplit.ALL_CANNOT_START)
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + missing


def _register(pdfmetrics, ttfont, name: str, path: Path, index: int) -> bool:
    try:
        pdfmetrics.registerFont(ttfont(name, str(path), subfontIndex=index))
    except Exception:  # noqa: BLE001 — a damaged or CFF system font: the bundled one is used instead
        return False
    return True


def pdf_bytes(opinion: Opinion) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    fonts = registered_fonts()
    styles = paragraph_styles(fonts)
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, topMargin=37 * MM, bottomMargin=35 * MM, leftMargin=28 * MM,
                            rightMargin=26 * MM, title=opinion.title, author=opinion.reviewer or "",
                            creator="绩效复核台",
                            # The canvas would otherwise start in Helvetica, which is never embedded.
                            initialFontName=fonts.body, initialFontSize=BODY_PT)
    story = [Paragraph(markup(opinion.title), styles["title"]), Spacer(1, 12),
             Paragraph(markup(opinion.addressee), styles["plain"])]
    for section in opinion.sections:
        story.append(Paragraph(markup(section.heading), styles["heading"]))
        story.extend(Paragraph(markup(text), styles["sub" if SUBHEADING.match(text) else "body"])
                     for text in section.paragraphs)
    story.append(Paragraph("附件：1. 复核评分表", styles["body"]))
    story.append(Paragraph("2. 问题清单", styles["annex"]))
    story.extend(_signature(opinion, styles))
    for annex in opinion.annexes:
        story.extend(_annex(annex, styles, fonts))
    doc.build(story, onFirstPage=_page_number(fonts), onLaterPages=_page_number(fonts))
    return out.getvalue()


def paragraph_styles(fonts: Fonts) -> dict:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=fonts.body, fontSize=BODY_PT, leading=LINE_PT, firstLineIndent=2 * BODY_PT,
                          alignment=TA_JUSTIFY, wordWrap="CJK")
    return {
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "annex": ParagraphStyle("annex", parent=body, leftIndent=5 * BODY_PT, firstLineIndent=0),
        "heading": ParagraphStyle("heading", parent=body, fontName=fonts.heading),
        "sub": ParagraphStyle("sub", parent=body, fontName=fonts.heading),
        "right": ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=body, fontName=fonts.heading, fontSize=TITLE_PT, leading=TITLE_PT * 1.5,
                                firstLineIndent=0, alignment=TA_CENTER),
        "annex_title": ParagraphStyle("annex_title", parent=body, fontName=fonts.heading, fontSize=BODY_PT + 2,
                                      firstLineIndent=0, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=fonts.body, fontSize=TABLE_PT, leading=TABLE_PT * 1.35,
                               wordWrap="CJK"),
        "head_cell": ParagraphStyle("head_cell", fontName=fonts.heading, fontSize=TABLE_PT, leading=TABLE_PT * 1.35,
                                    wordWrap="CJK", alignment=TA_CENTER),
    }


def markup(text: str) -> str:
    """Paragraph text is reportlab's mini-markup: escape it."""
    return escape(text or "")


def _signature(opinion: Opinion, styles: dict) -> list:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    who, issuer, day = opinion.signature
    return [KeepTogether([
        Spacer(1, LINE_PT),
        Paragraph(markup(who), styles["right"]),
        Spacer(1, LINE_PT * 2),  # room for the seal
        Paragraph(markup(issuer), styles["right"]),
        Paragraph(markup(day), styles["right"]),
    ])]


def _annex(annex: Annex, styles: dict, fonts: Fonts) -> list:
    from reportlab.platypus import PageBreak, Paragraph

    return [PageBreak(), Paragraph(annex.label, styles["plain"]), Paragraph(annex.title, styles["annex_title"]),
            grid_table(annex.heads, annex.rows, annex.widths, styles, fonts)]


def grid_table(heads, rows, widths, styles: dict, fonts: Fonts, width: float = 156 * MM):
    """`widths` are relative; the table spans `width` points (the portrait body's width by default)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    scale = width / sum(widths)
    columns = [w * scale for w in widths]
    data = [[_cell(h, styles["head_cell"], w) for h, w in zip(heads, columns, strict=True)]]
    data += [[_cell(str(v), styles["cell"], w) for v, w in zip(row, columns, strict=True)] for row in rows]
    table = Table(data, colWidths=columns, repeatRows=1)
    head, cell = styles["head_cell"], styles["cell"]
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        # The cells are plain strings: set them as the paragraph styles would.
        ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
        ("FONT", (0, 0), (-1, 0), head.fontName, head.fontSize, head.leading),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ]))
    return table


def _cell(text: str, style, width: float) -> str:
    """A cell's text broken into lines to fit its column, as a plain string the table draws line by line
    (one Paragraph per cell is what made the PDF outputs slow)."""
    from core.exports.line_breaking import break_lines

    measure = partial(_advance, style.fontName, style.fontSize)
    return "\n".join(break_lines(text, width - 2 * CELL_PADDING, measure))


@cache
def _advance(font: str, size: float, ch: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(ch, font, size)


def _page_number(fonts: Fonts):
    from reportlab.lib.pagesizes import A4

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(fonts.body, 14)
        canvas.drawCentredString(A4[0] / 2, 20 * MM, f"— {doc.page} —")
        canvas.restoreState()

    return draw
