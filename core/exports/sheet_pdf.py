"""复核表 as a PDF (reportlab), for printing: the xlsx's content as figures (A4 landscape): header, the score
rows with subtotals' result, the totals and grade, the base figures with their provenance, the findings."""

from __future__ import annotations

from io import BytesIO

from core.exports.facts import ReviewFacts, score_text


def sheet_pdf_bytes(facts: ReviewFacts) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from core.exports.annotated import summary_lines
    from core.exports.opinion_pdf import MM, grid_table, markup, paragraph_styles, registered_fonts

    fonts = registered_fonts()
    styles = paragraph_styles(fonts)
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), topMargin=15 * MM, bottomMargin=15 * MM,
                            leftMargin=15 * MM, rightMargin=15 * MM, title="复核表", creator="绩效复核台",
                            initialFontName=fonts.body, initialFontSize=12)
    story = [Paragraph("绩效自评复核表", styles["title"]), Spacer(1, 4)]
    story += [Paragraph(markup(line), styles["cell"]) for line in summary_lines(facts)]
    story.append(Spacer(1, 6))
    rows = [(r.level1, r.level2, r.name, score_text(r.weight), r.claimed_value, score_text(r.claimed_score),
             score_text(r.value), score_text(r.score) if r.counted else "不计入", score_text(r.difference),
             ("待定；" if r.pending and not r.reason.startswith("待定") else "") + r.reason) for r in facts.rows]
    t = facts.totals
    rows.append(("合计", "", "", score_text(t.max), "", score_text(t.claimed), "", score_text(t.reviewed),
                 score_text(t.difference), f"复核等级：{facts.grade}"))
    story.append(grid_table(("一级指标", "二级指标", "三级指标", "分值", "自评完成值", "自评得分", "复核完成值", "复核得分",
                         "差异", "复核说明"), rows, (12, 14, 22, 7, 14, 8, 12, 8, 7, 56), styles, fonts,
                        width=267 * MM))
    if facts.figures:
        story += [Spacer(1, 8), Paragraph("基础数据", styles["sub"])]
        story.append(grid_table(("数据", "数值", "单位", "来源", "位置", "原数"),
                            [(f.label, score_text(f.value), f.unit, f.origin, f.location,
                              score_text(f.corrected_from) if f.corrected_from is not None else "")
                             for f in facts.figures], (30, 14, 8, 12, 60, 14), styles, fonts, width=267 * MM))
    if facts.findings:
        story += [Spacer(1, 8), Paragraph("问题清单", styles["sub"])]
        story.append(grid_table(("序号", "程度", "位置", "问题", "复核处理"),
                            [(str(f.number), f.severity, f.location, f.message, f.decision) for f in facts.findings],
                            (6, 6, 30, 80, 10), styles, fonts, width=267 * MM))
    doc.build(story)
    return out.getvalue()
