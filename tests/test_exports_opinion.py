"""复核意见 docx and pdf, opened with their own libraries: sections in order, every finding kept in the opinion,
the per-indicator deductions, the totals and grades, the reviewer; fonts declared (docx) and embedded (pdf);
the reviewer's wording of a section replaces the draft's."""

import re
import subprocess
from decimal import Decimal as D
from io import BytesIO

import pytest

from conftest import sample
from core.exports.facts import review_facts
from core.exports.opinion import SECTIONS, opinion_for
from core.exports.opinion_docx import docx_bytes
from core.exports.opinion_pdf import pdf_bytes
from core.review.session import ReviewSession
from review_helpers import make_document, make_extraction, make_framework, toy_checker


@pytest.fixture(scope="module")
def baojing():
    from core.analysis import open_report

    session = open_report(sample("pdf", "baojing-2019-dept"), reviewer="张三")
    dismissed = session.finding_keys[0]  # 在职人员控制率 EXPR_MISMATCH: the reviewer rejects it
    session.set_finding_state(dismissed, status="dismissed", note="不影响得分")
    facts = review_facts(session)
    return session, facts, opinion_for(session, facts), dismissed


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_draft_sections_and_content(baojing):
    session, facts, opinion, dismissed = baojing
    assert [s.heading for s in opinion.sections] == [h for _, h in SECTIONS]
    conclusion = opinion.section("conclusion").text
    assert "自评得分92分" in conclusion and "复核得分81分" in conclusion and "复核等级“良”" in conclusion
    assert "差异-11分" in conclusion and "偏差较大" in conclusion
    assert "预算完成率（5分）：自评5分，复核1分，扣4分" in conclusion
    assert "预算控制率（5分）：自评3分，复核4分，加1分" in conclusion
    paragraphs = opinion.section("problems").paragraphs
    problems = [p for p in paragraphs if not p.startswith("（")]
    kept = [f for f in facts.findings if f.in_opinion]
    assert len(problems) == len(kept) == len(session.findings) - 1
    assert [p.split(". ")[0] for p in problems] == [str(n) for n in range(1, len(kept) + 1)]  # numbered through
    assert all(any(f.message in p and f.location in p for p in problems) for f in kept)
    headings = [p for p in paragraphs if p.startswith("（")]  # （一）计算差错 … one per group (domain.md §1.5)
    assert headings[0] == f"（一）{kept[0].group}" and {h[3:] for h in headings} == {f.group for f in kept}
    assert not any(f.key == dismissed for f in kept)
    assert any("第4页" in p for p in problems)  # each problem names its page
    assert "张三" in opinion.section("basics").text


def test_docx_content_and_form(baojing):
    from docx import Document
    from docx.oxml.ns import qn

    _, facts, opinion, _ = baojing
    doc = Document(BytesIO(docx_bytes(opinion)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == opinion.title
    headings = [t for t in texts if t in {h for _, h in SECTIONS}]
    assert headings == [h for _, h in SECTIONS]
    body = "\n".join(texts)
    for finding in facts.opinion_findings:
        assert finding.message in body
    assert "复核人：张三" in body and "财政局（绩效科）" in body
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    first_body = next(p for p in doc.paragraphs if p.text.startswith("保靖县政务服务中心报送了"))
    run = first_body.runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋" and run.font.size.pt == 16
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == 28 and normal.line_spacing_rule == 4  # EXACTLY
    title_run = doc.paragraphs[0].runs[0]
    assert title_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    font_table = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml").blob
    assert re.search(rb'w:name="\xe6\x96\xb9\xe6\xad\xa3\xe5\xb0\x8f\xe6\xa0\x87\xe5\xae\x8b\xe7\xae\x80\xe4\xbd\x93">'
                     rb'<w:altName w:val="\xe9\xbb\x91\xe4\xbd\x93"/>', font_table)  # 方正小标宋简体 → 黑体
    scores, found = doc.tables
    assert len(scores.rows) == 1 + len(facts.rows) + 1
    assert [c.text for c in scores.rows[-1].cells][3:7] == ["100", "92", "81", "-11"]
    assert len(found.rows) == 1 + len(facts.findings)


def test_pdf_content_and_embedded_fonts(baojing, tmp_path):
    import pdfplumber

    _, facts, opinion, _ = baojing
    path = tmp_path / "opinion.pdf"
    path.write_bytes(pdf_bytes(opinion))
    with pdfplumber.open(path) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (595, 842)  # A4 portrait
        text = re.sub(r"—\d+—", "", _squash("".join(page.extract_text() or "" for page in pdf.pages)))
        cells = {_squash(cell or "") for page in pdf.pages for table in page.extract_tables()
                 for row in table for cell in row}
    assert _squash(opinion.title) in text and "复核人：张三" in text
    for finding in facts.opinion_findings:
        assert _squash(finding.message) in text, finding.message
    for row in facts.rows:  # the scoring sheet attachment, one table row per indicator
        assert _squash(row.name) in cells, row.name
    assert {"81", "92", "复核等级：良"} <= cells
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(line.split()[-5] == "yes" for line in rows), fonts  # emb column


def test_reviewer_wording_replaces_the_draft_and_survives_saving(tmp_path):
    from core.analysis import open_report
    from core.review.opening import open_review

    report = tmp_path / "report.txt"
    report.write_bytes(sample("txt", "baojing-2019-dept").read_bytes())
    session = open_report(report, reviewer="李四")
    session.set_opinion_section("requirements", "1. 补充满意度调查资料。\n2. 十个工作日内重新报送。")
    saved = session.save(tmp_path / "report.review.json")
    reopened = open_review(saved).session
    assert dict(reopened.opinion_edits) == {"requirements": "1. 补充满意度调查资料。\n2. 十个工作日内重新报送。"}
    opinion = opinion_for(reopened, review_facts(reopened))
    section = opinion.section("requirements")
    assert section.edited and section.paragraphs == ("1. 补充满意度调查资料。", "2. 十个工作日内重新报送。")
    assert not opinion.section("problems").edited
    reopened.set_opinion_section("requirements", "  ")  # blank: back to the draft
    assert not opinion_for(reopened, review_facts(reopened)).section("requirements").edited


def test_undetermined_total_states_no_grade():
    framework = make_framework(weights=(D(10), D(20), D(70)))  # 70 of 100 still unjudged
    session = ReviewSession(make_document(), make_extraction(), framework, checker=toy_checker)
    facts = review_facts(session)
    conclusion = opinion_for(session, facts).section("conclusion").text
    assert facts.status == "undetermined" and facts.grade == "待定"
    assert "复核等级待定" in conclusion and "复核等级“" not in conclusion and "自评质量" not in conclusion


def test_windows_fonts_are_preferred_where_present(tmp_path, monkeypatch):
    """simsun.ttc (sub-font 0) stands in for a Windows font folder; 黑体 absent → the bundled font."""
    from core.exports.opinion_pdf import BUNDLED_FONT, FALLBACK, registered_fonts

    fonts = tmp_path / "Fonts"
    fonts.mkdir()
    (fonts / "simsun.ttc").write_bytes(BUNDLED_FONT.read_bytes())
    monkeypatch.setenv("WINDIR", str(tmp_path))
    chosen = registered_fonts.__wrapped__()  # uncached: this process's fonts stay as they were
    assert (chosen.body, chosen.heading) == ("JXbody", FALLBACK)


def test_a_workbook_report_names_cells_not_pages():
    from conftest import SAMPLES
    from core.analysis import open_report

    workbook = sorted((SAMPLES / "forms" / "xlsx").glob("*.xlsx"))[0]
    facts = review_facts(open_report(workbook))
    located = [f.location for f in facts.findings if f.location]
    assert any(re.match(r"单元格 \S+![A-Z]+\d+ “", where) for where in located), located
    assert not any(re.search(r"第\d+页", where) for where in located)


@pytest.mark.parametrize("mark", ["，", "；", "：", "！", "？", "”", "》", "。", "、", "。”", "）。", "”，"])
def test_no_line_of_the_pdf_begins_with_closing_punctuation(mark):
    """reportlab's CJK breaker knows Japanese punctuation only; at every position where a line break would
    fall just before `mark`, the mark hangs at the end of the line instead of starting the next one."""
    from reportlab.platypus import Paragraph

    from core.exports.opinion_pdf import paragraph_styles, registered_fonts

    style = paragraph_styles(registered_fonts())["body"]
    starts = []
    for before in range(1, 40):
        paragraph = Paragraph("甲" * before + mark + "乙" * 80, style)
        paragraph.wrap(440, 2000)
        starts += ["".join(words)[:1] for _, words in paragraph.blPara.lines[1:]]
    assert len(starts) > 100 and not set(starts) & set(mark)
