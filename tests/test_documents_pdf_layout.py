"""Paragraph rules on a PDF laid out by hand (reportlab): wraps joined, paragraph ends kept, page numbers
dropped, a paragraph running over a page break rejoined."""

import pytest

from core.documents import load

LEFT, SIZE, TOP = 72, 12, 780
FULL = 37  # characters of a full line: 37 × 12 pt fill the 451 pt text width of A4 with 72 pt margins


def cjk(count, seed="预算执行情况良好资金使用规范"):
    return (seed * (count // len(seed) + 1))[:count]


@pytest.fixture(scope="module", params=[1.5, 2.4], ids=["pitch1.5", "pitch2.4"])
def laid_out(tmp_path_factory, request):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path_factory.mktemp("layout") / "layout.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pages = [
        [(0, "一、基本情况"),
         (2, cjk(FULL - 2)), (0, cjk(FULL)), (0, "3、" + cjk(FULL - 3) + "。"),  # an inline list wraps
         (0, "4、" + cjk(10) + "。"),  # a list item after a full line that ends a sentence
         (2, cjk(FULL - 2)), (0, cjk(FULL - 1) + "。"), (0, "（二）产出情况"),  # a heading after a full sentence
         (2, cjk(FULL - 2)), (0, cjk(FULL))],  # runs over the page break
        [(0, cjk(12) + "完成。"), (2, "下一段落。")],
    ]
    for number, lines in enumerate(pages, 1):
        pdf.setFont("STSong-Light", SIZE)
        for index, (indent, text) in enumerate(lines):
            pdf.drawString(LEFT + indent * SIZE, TOP - index * request.param * SIZE, text)
        pdf.drawCentredString(A4[0] / 2, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return load(path), pages


def test_paragraphs_are_rebuilt(laid_out):
    document, pages = laid_out
    (_, l1), (_, l2), (_, l3), (_, l4), (_, l5), (_, l6), (_, l7), (_, l8), (_, l9), (_, l10) = pages[0]
    (_, m1), (_, m2) = pages[1]
    assert document.text.split("\n") == [
        l1,
        l2 + l3 + l4,
        l5,
        l6 + l7,
        l8,
        l9 + l10 + m1,  # over the page break, page number dropped
        m2,
    ]


def test_page_numbers_are_not_text_and_pages_split_inside_the_paragraph(laid_out):
    document, pages = laid_out
    assert "- 1 -" not in document.text and "- 2 -" not in document.text
    second = document.pages[1]
    assert document.text[second.start:].startswith(pages[1][0][1])
    assert document.text[second.start - 1] != "\n"
    start = document.text.index(pages[1][0][1])
    assert [page for page, _ in document.locate(start - 3, start + 3)] == [1, 2]


def test_inserted_characters_have_no_box(laid_out):
    document, _ = laid_out
    assert all((box is None) == (char == "\n") for char, box in zip(document.text, document.char_boxes, strict=True))


def minimal_pdf(content: bytes) -> bytes:
    """One A4 page drawn by `content` with font F1: a Type0 font whose glyph ids have no Unicode map."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe)"
        b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0"
        b" /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_text_without_unicode_map_counts_as_no_text(tmp_path):
    path = tmp_path / "cid.pdf"
    path.write_bytes(minimal_pdf(b"BT /F1 12 Tf 72 700 Td <01010202030304040505060607070808> Tj ET"))
    document = load(path)
    assert document.text_layer is False and document.pages_without_text == [1]
    assert document.text == ""


def test_ruled_table_of_another_producer_resolves_spans(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    table = Table([["项目", "预算", "", "决算"], ["", "金额", "比例", "金额"], ["基本支出", "100.5", "50%", "98.2"],
                   ["合计", "", "", "98.2"]])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 10.5),
                               ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (2, 0)), ("SPAN", (0, 3), (2, 3))]))
    SimpleDocTemplate(str(tmp_path / "t.pdf"), pagesize=A4).build([table])
    document = load(tmp_path / "t.pdf")
    assert len(document.tables) == 1
    found = document.tables[0]
    assert (found.n_rows, found.n_cols) == (4, 4)
    assert [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in found.cells if c.rowspan > 1 or c.colspan > 1] == [
        ("项目", 0, 0, 2, 1), ("预算", 0, 1, 1, 2), ("合计", 3, 0, 1, 3)]
    assert document.text[found.start:found.end].split("\n")[2] == "基本支出\t100.5\t50%\t98.2"
    cell = found.cell_at(2, 1)
    [(page, rect)] = document.locate(cell.start, cell.end)
    assert page == 1 and rect.x1 - rect.x0 < 40  # the rectangle of "100.5" alone, not of the row
