"""复核意见 as a Word document (python-docx) in official-document form: A4 portrait, GB/T 9704 margins,
title in 方正小标宋简体 (黑体 where it is missing, declared in the font table), body 仿宋 三号 at a fixed
28 pt line, headings 黑体 / 楷体; the scoring sheet and the findings as attachments.

python-docx's `font.name` leaves the East-Asian font to the theme (pitfalls.md), so every run and style
sets `w:rFonts w:eastAsia` itself."""

from __future__ import annotations

import re
from io import BytesIO

from core.exports.opinion import Opinion

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "黑体"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
LATIN_FONT = "Times New Roman"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 10.5  # 五号
LINE_PT = 28
PAGE_FIELD = '<w:fldSimple {} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


def docx_bytes(opinion: Opinion) -> bytes:
    from docx import Document

    doc = Document()
    _page(doc)
    _styles(doc)
    _declare_title_font(doc)
    _para(doc, opinion.title, TITLE_FONT, TITLE_PT, center=True)
    _para(doc, opinion.addressee, BODY_FONT, BODY_PT, indent=False)
    for section in opinion.sections:
        _para(doc, section.heading, HEADING_FONT, BODY_PT)
        for text in section.paragraphs:
            font = SUBHEADING_FONT if SUBHEADING.match(text) else BODY_FONT
            _para(doc, text, font, BODY_PT)
    _para(doc, "附件：1. 复核评分表", BODY_FONT, BODY_PT)
    _para(doc, "2. 问题清单", BODY_FONT, BODY_PT, left_chars=5)
    _signature(doc, opinion)
    _attachments(doc, opinion)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]  # "— 1 —": the page number as a field Word and WPS fill in
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in ("— ", None, " —"):
        if part is None:
            footer._p.append(parse_xml(PAGE_FIELD.format(nsdecls("w"))))
        else:
            run = footer.add_run(part)
            run.font.size = Pt(14)


def _styles(doc) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)


def _fonts(rpr, east_asian: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _declare_title_font(doc) -> None:
    """Name 黑体 as the title font's alternative in the font table, so Word and WPS substitute it."""
    from lxml import etree

    from docx.oxml.ns import qn

    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, alt in ((TITLE_FONT, TITLE_FALLBACK), (BODY_FONT, "FangSong"), (HEADING_FONT, "SimHei"),
                      (SUBHEADING_FONT, "KaiTi")):
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern" if name != TITLE_FONT else "script")
    # The font table is a plain part in python-docx (no XML object model), so its bytes are replaced.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _para(doc, text: str, font: str, size: float, *, center: bool = False, indent: bool = True,
          left_chars: int = 0, right: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    _fonts(run._element.get_or_add_rPr(), font)
    run.font.size = Pt(size)
    fmt = paragraph.paragraph_format
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(size * 1.6)
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if left_chars:
            fmt.left_indent = Pt(size * left_chars)
    return paragraph


def _signature(doc, opinion: Opinion) -> None:
    who, issuer, day = opinion.signature
    _para(doc, "", BODY_FONT, BODY_PT)
    _para(doc, who, BODY_FONT, BODY_PT, right=True)
    _para(doc, "", BODY_FONT, BODY_PT)  # room for the seal
    _para(doc, issuer, BODY_FONT, BODY_PT, right=True)
    _para(doc, day, BODY_FONT, BODY_PT, right=True)


def _attachments(doc, opinion: Opinion) -> None:
    from docx.enum.text import WD_BREAK

    for annex in opinion.annexes:
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _para(doc, annex.label, HEADING_FONT, BODY_PT, indent=False)
        _para(doc, annex.title, TITLE_FALLBACK, BODY_PT + 2, center=True)
        _table(doc, annex.heads, annex.rows, annex.widths)


def _table(doc, heads: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: tuple[int, ...]) -> None:
    """A grid table; cell text takes the 表格 styles (set once), not per-run formatting, which keeps a
    long findings list fast."""
    from docx.shared import Mm

    table = doc.add_table(rows=1 + len(rows), cols=len(heads))
    table.style = "Table Grid"
    table.autofit = False  # fixed layout: Word and WPS take the grid's column widths
    scale = 156 / sum(widths)  # the text block is 156 mm wide
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width * scale)
    # Style ids go straight into w:pStyle: python-docx's `paragraph.style = …` scans every style per call.
    head_id, cell_id = (style.style_id for style in _table_styles(doc))
    for row, texts, style_id in [(table.rows[0], heads, head_id)] + [
            (r, texts, cell_id) for r, texts in zip(table.rows[1:], rows, strict=True)]:
        for cell, text in zip(row.cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.get_or_add_pPr().style = style_id
            paragraph.add_run(text or "")
    _para(doc, "", BODY_FONT, BODY_PT)


def _table_styles(doc):
    """表格标题 (黑体) and 表格文字 (仿宋), 五号, single-spaced, no indent; made once per document."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    made = []
    known = {style.name for style in doc.styles}
    for name, font in (("表格标题", HEADING_FONT), ("表格文字", BODY_FONT)):
        if name in known:
            made.append(doc.styles[name])
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        _fonts(style.element.get_or_add_rPr(), font)
        style.font.size = Pt(TABLE_PT)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
        made.append(style)
    return made
