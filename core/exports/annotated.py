"""批注版报告: the report's own pages (a PDF source) or the report set as PDF (txt, docx, workbooks), with a
standard highlight annotation over every finding and every corrected figure, each with its numbered note,
after a cover page with the summary and the numbered findings (the numbers of the 复核意见's 问题清单).

    annotated_bytes(document, facts, marks) -> bytes     (writing.Snapshot holds all three)

pypdf (BSD) writes the annotations, reportlab the cover, the typeset text and the numbers; the source file
is only read."""

from __future__ import annotations

import hashlib
from io import BytesIO

from core.documents.model import Document
from core.exports import wording
from core.exports.facts import ReviewFacts, score_text
from core.exports.marks import CORRECTED, Mark
from core.exports.pdf_marks import COLOURS, PageMark, annotate_page, label_overlay, to_user_space
from core.exports.writing import ExportError

LEGEND = {"error": "错误", "warning": "警告", "info": "提示", CORRECTED: "复核更正的数据"}


def annotated_bytes(document: Document, facts: ReviewFacts, marks: tuple[Mark, ...]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    pages_pdf, document = _report_pages(document)
    try:
        reader = PdfReader(BytesIO(pages_pdf), password=document.password)
        writer = PdfWriter()
        placed = {n: on_page for n, on_page in _page_marks(document, marks).items() if 1 <= n <= len(reader.pages)}
        shown = {m.label for on_page in placed.values() for m in on_page}
        cover = PdfReader(BytesIO(cover_bytes(document.name, facts, marks, shown)))
        for page in cover.pages:
            writer.add_page(page)
        first = len(writer.pages)
        for page in reader.pages:
            writer.add_page(page)
        _mark_pages(writer, {first + number - 1: on_page for number, on_page in placed.items()})
        writer.add_metadata({"/Title": f"批注版 {document.name}", "/Creator": "绩效复核台"})
        if document.password:  # the annotated copy keeps the report's protection
            writer.encrypt(user_password=document.password, algorithm="AES-256")
        out = BytesIO()
        writer.write(out)
    except ExportError:
        raise
    except Exception:  # noqa: BLE001 — pypdf raises many kinds (in English) on a damaged page tree
        raise ExportError("CORRUPT_FILE", f"无法在报告 {document.name} 上添加批注：报告的页面结构有损坏。"
                                          "请检查报告文件是否完整。") from None
    return out.getvalue()


def _report_pages(document: Document) -> tuple[bytes, Document]:
    """The pages to annotate and the document whose `locate` answers in them."""
    if document.format != "pdf":
        from core.exports.text_pdf import typeset

        typeset_report = typeset(document, document.name)
        return typeset_report.data, typeset_report.document
    try:
        with open(document.path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ExportError("NOT_FOUND", f"无法读取报告 {document.path}：{exc.strerror or exc}。"
                                       "请确认报告文件仍在原位置。") from None
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise ExportError("SOURCE_CHANGED", f"报告 {document.name} 在打开后已被修改，批注位置可能不符。"
                                            "请重新打开报告后再导出批注版。")
    return data, document


def _page_marks(document: Document, marks: tuple[Mark, ...]) -> dict[int, list[PageMark]]:
    """Each mark cut into its pages, rectangles in user space."""
    heights = {p.number: p.height for p in document.pages}
    out: dict[int, list[PageMark]] = {}
    for mark in marks:
        per_page: dict[int, list] = {}
        for start, end in mark.spans:
            for page, rect in document.locate(start, end):
                if page in heights:
                    per_page.setdefault(page, []).append(to_user_space(rect, heights[page]))
        for page, rects in per_page.items():
            out.setdefault(page, []).append(PageMark(mark.label, mark.kind, mark.note, tuple(rects)))
    return out


def _mark_pages(writer, marked: dict[int, list[PageMark]]) -> None:
    """Each page (by index in the writer) with its marks: numbers drawn on it, highlights annotated."""
    from pypdf import PdfReader

    if not marked:
        return
    boxes = [writer.pages[index].mediabox for index in marked]
    overlays = PdfReader(BytesIO(label_overlay([(float(box.right), float(box.top), marks)
                                                for box, marks in zip(boxes, marked.values(), strict=True)])))
    for (index, marks), overlay in zip(marked.items(), overlays.pages, strict=True):
        writer.pages[index].merge_page(overlay)
        annotate_page(writer, index, marks)


def cover_bytes(name: str, facts: ReviewFacts, marks: tuple[Mark, ...], shown: set[str]) -> bytes:
    """`shown`: the labels of the marks that landed on a page (a scanned page has no words to mark)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from core.exports.opinion_pdf import MM, grid_table, markup, paragraph_styles, registered_fonts

    fonts = registered_fonts()
    styles = _cover_styles(paragraph_styles(fonts))
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, topMargin=25 * MM, bottomMargin=25 * MM, leftMargin=27 * MM,
                            rightMargin=27 * MM, title=f"批注版 {name}", creator="绩效复核台",
                            initialFontName=fonts.body, initialFontSize=12)
    story = [Paragraph("自评报告复核批注", styles["title"]), Spacer(1, 6)]
    story += [Paragraph(markup(line), styles["plain"]) for line in summary_lines(facts)]
    story.append(Paragraph(markup(placement_line(facts, marks, shown)), styles["plain"]))
    story.append(Paragraph("问题清单（编号与复核意见附件2一致，报告页面上以 [编号] 标出）", styles["heading"]))
    rows = [(str(f.number), f.severity, f.location, f.message, f.decision) for f in facts.findings]
    story.append(grid_table(("序号", "程度", "位置", "问题", "复核处理"), rows or [("—", "", "", "未发现问题", "")],
                        (8, 10, 30, 68, 12), styles, fonts))
    corrections = [m for m in marks if m.kind == CORRECTED]
    if corrections:
        story.append(Paragraph("复核更正的数据", styles["heading"]))
        story.append(grid_table(("编号", "更正"), [(m.label, m.note.split(". ", 1)[-1]) for m in corrections],
                            (12, 116), styles, fonts))
    story += [Spacer(1, 8), _legend(styles, fonts.body)]
    doc.build(story)
    return out.getvalue()


def _cover_styles(styles: dict) -> dict:
    """The opinion's styles, set smaller: the cover is a summary sheet, not an official letter."""
    from reportlab.lib.styles import ParagraphStyle

    return {**styles,
            "plain": ParagraphStyle("cover", parent=styles["plain"], fontSize=12, leading=19),
            "heading": ParagraphStyle("cover_heading", parent=styles["heading"], fontSize=13, leading=20,
                                      firstLineIndent=0, spaceBefore=10, spaceAfter=4)}


def _legend(styles: dict, font: str):
    """The highlight colours, each swatch a coloured cell before its meaning."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    from core.exports.opinion_pdf import MM

    cells = [Paragraph("标注颜色：", styles["cell"])]
    for meaning in LEGEND.values():
        cells += ["", Paragraph(meaning, styles["cell"])]
    table = Table([cells], colWidths=[24 * MM] + [5 * MM, 27 * MM] * len(LEGEND), hAlign="LEFT")
    # Empty cells take the table's font, Helvetica unless told: it would be the one font not embedded.
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font)] + [
        ("BACKGROUND", (1 + 2 * i, 0), (1 + 2 * i, 0), colors.Color(*COLOURS[kind])) for i, kind in enumerate(LEGEND)]))
    return table


def placement_line(facts: ReviewFacts, marks: tuple[Mark, ...], shown: set[str]) -> str:
    """How many marks the pages carry, and which findings have no place on them (no location, scanned page)."""
    findings = sum(1 for m in marks if m.kind != CORRECTED and m.label in shown)
    corrections = sum(1 for m in marks if m.kind == CORRECTED and m.label in shown)
    kept = [f for f in facts.findings if f.decision != wording.DECISION["dismissed"]]
    unplaced = [str(f.number) for f in kept if str(f.number) not in shown]
    line = f"报告页面上标注问题 {findings} 项、更正数据 {corrections} 处"
    return line + (f"；第 {'、'.join(unplaced)} 项问题在报告中没有可标注的文字。" if unplaced else "。")


def summary_lines(facts: ReviewFacts) -> list[str]:
    h, t = facts.header, facts.totals
    claimed = f"{score_text(t.claimed)}分" + (f"（{t.grade_claimed}）" if t.grade_claimed else "")
    return [f"被评价单位：{h.unit or '未识别'}　　年度：{h.year or '未识别'}",
            f"报告：{h.report}",
            f"评分框架：{h.framework}",
            f"自评 {claimed} → 复核 {score_text(t.reviewed)}分（{facts.grade}）",
            f"复核人：{h.reviewer or '未填写'}　　复核日期：{h.day.isoformat()}"]
