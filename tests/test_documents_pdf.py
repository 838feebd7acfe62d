"""PDF loading: text with per-character boxes, joined paragraphs, ruled tables, scanned pages."""

import functools
from itertools import pairwise
import runpy
import unicodedata

import pytest

from conftest import REPORT_IDS, ROOT, SAMPLES, sample
from core.documents import DocumentError, load

PAGES = {"baojing-2019-dept": 10, "wugang-2020-dept": 12, "kaoping-20xx-project": 4, "jianghua-20xx-dept": 5,
         "bazhong-2022-dept": 5, "wuhua-2019-project": 7}


@functools.lru_cache
def loaded(path):
    return load(path)


def nfkc(text):
    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_pages_and_one_box_per_character(report_id):
    document = loaded(sample("pdf", report_id))
    assert document.format == "pdf" and document.text_layer and document.pages_without_text == []
    assert [p.number for p in document.pages] == list(range(1, PAGES[report_id] + 1))
    assert len(document.char_boxes) == len(document.text)
    # every line break and tab is inserted by the loader; every visible character has a box on its page
    for offset, (char, box) in enumerate(zip(document.text, document.char_boxes, strict=True)):
        if char in "\n\t":
            assert box is None
        elif not char.isspace():
            page = document.pages[document.page_of(offset) - 1]
            assert box is not None and 0 <= box.x0 < box.x1 <= page.width and 0 <= box.y0 < box.y1 <= page.height
    assert document.pages[0].start == 0 and document.pages[-1].end == len(document.text)
    assert all(a.end <= b.start for a, b in pairwise(document.pages))


def test_indicator_sentence_is_whole_in_reading_order():
    # the source PDF draws "≦" out of order; the loader orders characters by position
    text = nfkc(loaded(sample("pdf", "baojing-2019-dept")).text)
    assert "在职人员控制率=(7/8)×100%=100%≦100%,根据评分标准该项得3分。" in text
    assert "保财绩﹝2020﹞3号文件" in loaded(sample("pdf", "baojing-2019-dept")).text


def test_wrapped_lines_are_joined_into_the_published_paragraphs():
    document = loaded(sample("pdf", "baojing-2019-dept"))
    lines = document.text.split("\n")
    assert lines[1].startswith("为进一步规范财政资金管理") and lines[1].endswith("现将情况汇报如下:")
    assert "（1）在职人员控制率(3分)" in lines
    txt_lines = set(load(sample("txt", "baojing-2019-dept")).text.split("\n"))
    assert sum(line in txt_lines for line in lines) >= 0.95 * len(lines)


def test_paragraph_joined_across_pages_maps_back_to_both_pages():
    document = loaded(sample("pdf", "baojing-2019-dept"))
    start = document.text.index("预算完成率＝（136.73+253.21+13.38-46.84）/（136.73+253.21+13.38）×100%=88.39%")
    end = start + len("预算完成率＝（136.73+253.21+13.38-46.84）")
    rects = document.locate(start, end)
    assert [page for page, _ in rects] == [4, 5]
    assert rects[1][1].x0 < 100  # the continuation starts at the left margin of page 5
    assert document.page_of(start) == 4 and document.page_of(end - 1) == 5


@pytest.mark.parametrize("phrase, page", [("在职人员控制率", 4), ("政府采购执行率", 5), ("绩效评价报告", 1)])
def test_located_rectangles_hold_the_characters_pdfplumber_finds(phrase, page):
    import pdfplumber

    document = loaded(sample("pdf", "baojing-2019-dept"))
    start = document.text.index(phrase, document.pages[page - 1].start)
    rects = document.locate(start, start + len(phrase))
    assert {p for p, _ in rects} == {page}
    with pdfplumber.open(sample("pdf", "baojing-2019-dept"), pages=[page]) as pdf:
        hit = pdf.pages[0].search(phrase)[0]
    chars = [c for c in pdf.pages[0].chars if hit["x0"] - 0.5 <= c["x0"] and c["x1"] <= hit["x1"] + 0.5
             and abs(c["top"] - hit["top"]) < 2]
    assert len(chars) == len(phrase)
    for char in chars:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        assert any(r.x0 <= cx <= r.x1 and r.y0 <= cy <= r.y1 for _, r in rects), char["text"]


def test_wugang_tables_match_the_docx_tables():
    pdf = loaded(sample("pdf", "wugang-2020-dept"))
    docx = loaded(sample("docx", "wugang-2020-dept"))
    assert len(pdf.tables) == 10
    for from_pdf, from_docx in zip(pdf.tables, docx.tables, strict=True):
        assert (from_pdf.n_rows, from_pdf.n_cols) == (from_docx.n_rows, from_docx.n_cols)
        assert [(c.row, c.col, c.rowspan, c.colspan) for c in from_pdf.cells] == \
               [(c.row, c.col, c.rowspan, c.colspan) for c in from_docx.cells]
        assert [c.text.replace(" ", "") for c in from_pdf.cells] == [c.text.replace(" ", "") for c in from_docx.cells]
        for cell in from_pdf.cells:
            assert pdf.text[cell.start:cell.end] == cell.text


def test_table_continued_on_next_page_is_one_table():
    document = loaded(sample("pdf", "wugang-2020-dept"))
    table = document.tables[4]
    assert table.page == 4 and (table.n_rows, table.n_cols) == (10, 4)
    merged = {c.text: (c.row, c.rowspan) for c in table.cells if c.rowspan > 1}
    assert merged["决算金额"] == (5, 3)  # split by the page break, rejoined
    last = max(table.cells, key=lambda c: c.row)
    assert document.page_of(last.start) == 5
    assert document.text[table.start:table.end].count("比较项目") == 1  # the repeated header is dropped
    page, rect = document.locate(last.start, last.end)[0]
    assert page == 5 and rect.y0 < 250  # near the top of page 5, below the repeated header


def test_scoresheet_table_merges_by_geometry():
    table = loaded(sample("pdf", "baojing-2019-scoresheet")).tables[0]
    assert (table.n_rows, table.n_cols) == (18, 5)
    merged = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in table.cells if c.rowspan > 1 or c.colspan > 1}
    assert merged["投入"] == (1, 0, 4, 1) and merged["过程"] == (5, 0, 10, 1)
    assert merged["合计"] == (17, 0, 1, 3)
    assert table.cell_at(17, 4).text == "92"


def test_scanned_pdf_without_ocr_has_no_text_layer(monkeypatch):
    monkeypatch.setattr("core.documents.ocr.available", lambda: False)  # as on a Python without the OCR wheel
    document = load(SAMPLES / "scanned" / "baojing-2019-dept-scanned.pdf")
    assert document.text_layer is False and document.text == "" and document.ocr_pages == []
    assert document.pages_without_text == list(range(1, 11))
    assert not any(page.has_text for page in document.pages)


def test_mixed_pdf_without_ocr_lists_its_scanned_pages(monkeypatch):
    monkeypatch.setattr("core.documents.ocr.available", lambda: False)
    document = load(SAMPLES / "scanned" / "wugang-2020-dept-mixed.pdf")
    assert document.text_layer is True and document.pages_without_text == [2, 3]
    assert [p.has_text for p in document.pages[:4]] == [True, False, False, True]
    assert document.pages[1].start == document.pages[1].end
    assert "绩效自评报告" in document.text


def test_truncated_pdf_is_refused_whole():
    with pytest.raises(DocumentError) as caught:
        load(SAMPLES / "bad" / "truncated.pdf")
    assert caught.value.code == "CORRUPT_FILE"


def test_hundred_page_pdf_loads_whole(tmp_path):
    """Its load time is printed by benchmarks/bench_load.py."""
    generator = runpy.run_path(str(ROOT / "tools" / "make_big_pdf.py"))
    path = generator["make_big_pdf"](tmp_path / "big.pdf", 100)
    document = load(path)
    assert len(document.pages) == 100 and len(document.char_boxes) == len(document.text) > 40000
    assert len(document.tables) >= 10


def test_every_box_holds_its_character_per_pdfplumber():
    """Independent check of the whole text: the glyph pdfplumber finds inside each box is that character."""
    import pdfplumber

    path = sample("pdf", "baojing-2019-dept")
    document = loaded(path)
    with pdfplumber.open(path) as pdf:
        glyphs = {number: [(c["text"], (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2) for c in page.chars]
                  for number, page in enumerate(pdf.pages, 1)}
    checked = 0
    for offset, (char, box) in enumerate(zip(document.text, document.char_boxes, strict=True)):
        if box is None or char.isspace():
            continue
        inside = [text for text, x, y in glyphs[document.page_of(offset)]
                  if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1]
        assert inside == [char], (offset, char, inside)
        checked += 1
    assert checked > 5000


def test_a_continued_table_drawing_fewer_column_lines_is_placed_on_the_grid_above():
    from core.documents.pdf_tables import TableBox

    grid = TableBox([0, 10, 20, 30, 40], [0, 5], [])
    assert grid.column_map(TableBox([0.5, 20, 30, 40], [0, 5], [])) == [0, 2, 3, 4]  # 10 merged away below
    assert grid.column_map(TableBox([0, 15, 40], [0, 5], [])) is None  # a line of its own: another table
    assert grid.column_map(TableBox([0, 20, 30], [0, 5], [])) is None  # narrower: another table
