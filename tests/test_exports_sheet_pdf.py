"""复核表 as PDF (for printing): landscape pages with the summary, every indicator row, the total and the
grade, the base figures and the findings; fonts embedded."""

import re
from io import BytesIO

import pdfplumber

from conftest import sample
from core.exports.facts import review_facts
from core.exports.sheet_pdf import sheet_pdf_bytes


def test_sheet_pdf_content():
    from core.analysis import open_report

    facts = review_facts(open_report(sample("txt", "baojing-2019-dept"), reviewer="张三"))
    with pdfplumber.open(BytesIO(sheet_pdf_bytes(facts))) as pdf:
        assert all(p.width > p.height for p in pdf.pages)  # landscape
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert "绩效自评复核表" in text and "自评92分（优秀）→复核81分（良）" in text and "复核人：张三" in text
    assert "复核等级：良" in text
    for row in facts.rows:
        assert re.sub(r"\s+", "", row.name)[:6] in text
    assert re.sub(r"\s+", "", facts.findings[0].message)[:12] in text
    assert fonts and all("+" in f for f in fonts)  # subset-embedded TrueType only
