"""The synthetic reports of test_extraction_unseen*.py in every form: the same text as a Word document and
as a PDF (reportlab, CJK font, ruled table) read like the txt."""

from decimal import Decimal

import pytest
from conftest import text_document
from docx import Document as WordDocument
from test_extraction_unseen import PROJECT_REPORT
from test_extraction_unseen_tables import (
    SELF_EVALUATION_MERGES,
    SELF_EVALUATION_ROWS,
    word_file,
)

from core.documents import load
from core.documents.model import Document
from core.extraction import extract

D = Decimal
CJK_FONT = "STSong-Light"


def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def report_in_form(form: str, text: str, tmp_path) -> Document:
    lines = text.strip().split("\n")
    if form == "txt":
        return text_document(text)
    path = tmp_path / f"report.{form}"
    if form == "docx":
        document = WordDocument()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
    else:
        from reportlab.pdfgen import canvas

        pdf = canvas.Canvas(str(path))
        pdf.setFont(_pdf_font(), 11)
        for index, line in enumerate(lines):
            pdf.drawString(50, 800 - 20 * index, line)
        pdf.save()
    return load(path)


def table_in_form(form: str, tmp_path) -> Document:
    title = "某县政务服务中心2021年度项目支出绩效自评表"
    if form == "docx":
        return word_file(tmp_path / "self.docx", [title], SELF_EVALUATION_ROWS, SELF_EVALUATION_MERGES)
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _pdf_font()
    style = [("FONT", (0, 0), (-1, -1), font, 7), ("GRID", (0, 0), (-1, -1), 0.5, "black")]
    style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in SELF_EVALUATION_MERGES]
    path = tmp_path / "self.pdf"
    SimpleDocTemplate(str(path)).build([Paragraph(title, ParagraphStyle("title", fontName=font)),
                                        Table(SELF_EVALUATION_ROWS, style=TableStyle(style))])
    return load(path)


@pytest.mark.parametrize("form", ["txt", "docx", "pdf"])
def test_project_report_reads_alike_in_every_form(form, tmp_path):
    document = report_in_form(form, PROJECT_REPORT, tmp_path)
    extraction = extract(document)
    assert [(c.path, c.weight, c.claimed_score) for c in extraction.claims] == [
        (["项目决策"], D(20), D(18)),
        (["项目决策", "立项依据充分性"], D(5), D(5)),
        (["项目决策", "绩效目标合理性"], D(15), D(13)),
        (["项目过程"], D(20), D(17)),
        (["项目过程", "资金到位率"], D(20), D(17)),
    ]
    meta = extraction.meta
    assert [value for value, _ in meta.claimed_totals] == [D("85.5"), D(96)]
    assert (meta.claimed_total, meta.claimed_grade, meta.year, meta.kind) == (D(96), "良", 2021, "项目支出")
    assert document.text[meta.locs["claimed_total"].start:meta.locs["claimed_total"].end] == "自评得分96分"


@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_self_evaluation_table_reads_alike_in_word_and_pdf(form, tmp_path):
    extraction = extract(table_in_form(form, tmp_path))
    got = [(c.name, c.weight, c.claimed_score, c.stated_value, c.target, c.actual) for c in extraction.claims]
    assert got == [
        ("预算执行率", D(10), D("6.4"), "63.98%", None, None),
        ("改造面积", D(25), D(25), "520平方米", "≥500平方米", "520平方米"),
        ("验收合格率", D(25), D(25), "100%", "100%", "100%"),
        ("群众办事便利度", D(30), D(27), "部分达成", "明显提升", "部分达成"),
        ("群众满意度", D(10), D(10), "95%", "≥90%", "95%"),
    ]
    assert extraction.meta.claimed_total == D("93.4")
