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
          left_chars: int = 0, right: bool = False) -> None:
    """One paragraph of one run, appended to the body. Built with lxml in the schema's element order:
    python-docx's element API scans for successors on every insertion, which made the paragraphs half the
    time of the opinion."""
    from lxml import etree

    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = OxmlElement("w:p")
    properties = etree.SubElement(paragraph, qn("w:pPr"))
    if center:
        spacing = etree.SubElement(properties, qn("w:spacing"))
        spacing.set(qn("w:line"), str(_twips(size * 1.6)))
        spacing.set(qn("w:lineRule"), "exact")
    elif not right and (indent or left_chars):
        indents = etree.SubElement(properties, qn("w:ind"))
        if left_chars:
            indents.set(qn("w:left"), str(_twips(size * left_chars)))
        if indent:
            indents.set(qn("w:firstLine"), str(_twips(size * 2)))
    etree.SubElement(properties, qn("w:jc")).set(qn("w:val"), "center" if center else "right" if right else "both")
    run = etree.SubElement(paragraph, qn("w:r"))
    _fonts(etree.SubElement(run, qn("w:rPr")), font)
    etree.SubElement(run.rPr, qn("w:sz")).set(qn("w:val"), str(round(size * 2)))  # half-points
    _run_text(run, text)
    doc.element.body.sectPr.addprevious(paragraph)


def _twips(points: float) -> int:
    return round(points * 20)


def _run_text(run, text: str) -> None:
    """A run's text: one w:t, or python-docx's own setter where tabs and line breaks become w:tab and w:br."""
    from lxml import etree

    from docx.oxml.ns import qn

    if not text:
        return
    if any(ch in text for ch in "\t\n\r"):
        run.text = text
        return
    element = etree.SubElement(run, qn("w:t"))
    element.text = text
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _signature(doc, opinion: Opinion) -> None:
    who, issuer, day = opinion.signature
    _para(doc, "", BODY_FONT, BODY_PT)
    _para(doc, who, BODY_FONT, BODY_PT, right=True)
    _para(doc, "", BODY_FONT, BODY_PT)  # room for the seal
    _para(doc, issuer, BODY_FONT, BODY_PT, right=True)
    _para(doc, day, BODY_FONT, BODY_PT, right=True)


def _attachments(doc, opinion: Opinion) -> None:
    from docx.enum.text import WD_BREAK

    # Style ids looked up once: python-docx walks every style on each lookup by name.
    ids = (doc.styles["Table Grid"].style_id, *(style.style_id for style in _table_styles(doc)))
    for annex in opinion.annexes:
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _para(doc, annex.label, HEADING_FONT, BODY_PT, indent=False)
        _para(doc, annex.title, TITLE_FALLBACK, BODY_PT + 2, center=True)
        _table(doc, annex.heads, annex.rows, annex.widths, ids)


def _table(doc, heads: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: tuple[int, ...],
           style_ids: tuple[str, str, str]) -> None:
    """A grid table (`style_ids`: the table's, the heading cells', the other cells'); cell text takes the
    表格 styles, not per-run formatting, which keeps a long findings list fast."""
    from docx.shared import Mm

    grid_id, head_id, cell_id = style_ids
    table = doc.add_table(rows=1 + len(rows), cols=len(heads))
    table._tbl.tblPr.style = grid_id
    table.autofit = False  # fixed layout: Word and WPS take the grid's column widths
    scale = 156 / sum(widths)  # the text block is 156 mm wide
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width * scale)
    for tr, texts, style_id in zip(table._tbl.tr_lst, (heads, *rows), (head_id, *[cell_id] * len(rows)), strict=True):
        for tc, text in zip(tr.tc_lst, texts, strict=True):
            _cell_text(tc, text, style_id)
    _para(doc, "", BODY_FONT, BODY_PT)


def _cell_text(tc, text: str, style_id: str) -> None:
    """Fill a new cell's empty paragraph: its style id, then one run. Built with lxml directly because
    python-docx's element API scans for successors on every insertion (and `paragraph.style = …` every
    style), which made a long findings table the slowest part of the opinion."""
    from lxml import etree

    from docx.oxml.ns import qn

    paragraph = tc.find(qn("w:p"))
    etree.SubElement(etree.SubElement(paragraph, qn("w:pPr")), qn("w:pStyle")).set(qn("w:val"), style_id)
    _run_text(etree.SubElement(paragraph, qn("w:r")), text or "")


def _table_styles(doc):
    """表格标题 (黑体) and 表格文字 (仿宋), 五号, single-spaced, no indent, added to the new document."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    made = []
    for name, font in (("表格标题", HEADING_FONT), ("表格文字", BODY_FONT)):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        _fonts(style.element.get_or_add_rPr(), font)
        style.font.size = Pt(TABLE_PT)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
        made.append(style)
    return made
