"""A spreadsheet printed to PDF (reportlab draws it as Calc and Excel do): a merged cell that a page break cuts
has no rule on the cut side and prints its text on both pages, part of it above the page. The cut cell holds
its text, the repeat above the next page's part is no line of its own, and the two parts are one table."""

from core.documents import load

X = [40, 120, 300, 380]  # the grid's vertical lines: 一级 | 三级 | 分值
ROW = 20


def _grid(pdf, top: float, rows: int, open_lines: set[int]) -> None:
    """Rules of a grid of `rows` rows whose horizontal lines `open_lines` (0 the top) stop short of the first
    column, which a merged cell covers there."""
    for k in range(rows + 1):
        pdf.line(X[1] if k in open_lines else X[0], top - k * ROW, X[-1], top - k * ROW)
    for x in X:
        pdf.line(x, top, x, top - rows * ROW)


def test_a_merged_cell_cut_by_a_page_break_keeps_its_text_and_the_table_is_one(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "sheet.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    top = 200
    pdf.setFont("STSong-Light", 10)
    _grid(pdf, top + ROW, 1, set())
    for x, text in zip(X, ("一级指标", "三级指标", "分值")):
        pdf.drawString(x + 4, top + 6, text)
    _grid(pdf, top, 3, {0, 1, 2, 3})
    pdf.drawString(X[0] + 4, top - 2 * ROW - 6, "效益指标")  # the cut cell's text on the first page
    for k, (name, weight) in enumerate((("受益人口", "10"), ("带动就业", "10"), ("增收效果", "10"))):
        pdf.drawString(X[1] + 4, top - (k + 1) * ROW + 6, name)
        pdf.drawString(X[2] + 4, top - (k + 1) * ROW + 6, weight)
    pdf.showPage()
    pdf.setFont("STSong-Light", 10)
    top = height - 60
    pdf.drawString(X[0] + 4, height + 30, "效益指标")  # the repeat, set above the page (clipped) …
    pdf.drawString(X[1] + 4, top + 4, "增收效果")  # … and the repeat of the cut row's name just above the part
    _grid(pdf, top, 2, {0})
    pdf.drawString(X[0] + 4, top - 2 * ROW + 6, "合计")
    for k, (name, weight) in enumerate((("群众满意度", "10"), ("", "40"))):
        pdf.drawString(X[1] + 4, top - (k + 1) * ROW + 6, name)
        pdf.drawString(X[2] + 4, top - (k + 1) * ROW + 6, weight)
    pdf.showPage()
    pdf.save()

    document = load(path)
    (table,) = document.tables
    first_column = sorted((cell.row, cell.text) for cell in table.cells if cell.col == 0 and cell.text)
    assert first_column == [(0, "一级指标"), (1, "效益指标"), (5, "合计")]
    assert [c.text for c in sorted(table.cells, key=lambda c: c.row) if c.col == 1 and c.text] == [
        "三级指标", "受益人口", "带动就业", "增收效果", "群众满意度"]
    assert document.text.count("效益指标") == 1
