"""docx loading: paragraphs and tables in order, merged cells resolved from gridSpan/vMerge."""

import functools

import pytest

from conftest import SAMPLES, sample
from core.documents import load
from core.documents.numbering import chinese_numeral, format_number

# samples/README.md: rows × cols of wugang's ten tables
WUGANG_SHAPES = [(10, 2), (6, 4), (7, 3), (2, 5), (10, 4), (6, 4), (6, 4), (6, 4), (7, 7), (6, 4)]


@functools.lru_cache
def loaded(path):
    return load(path)


def spans(table):
    return {cell.text.replace(" ", ""): (cell.row, cell.col, cell.rowspan, cell.colspan)
            for cell in table.cells if cell.rowspan > 1 or cell.colspan > 1}


def test_wugang_has_ten_tables_of_the_stated_shapes():
    document = loaded(sample("docx", "wugang-2020-dept"))
    assert [(t.n_rows, t.n_cols) for t in document.tables] == WUGANG_SHAPES


def test_wugang_table5_merged_header_cells():
    table = loaded(sample("docx", "wugang-2020-dept")).tables[4]
    assert spans(table) == {
        "比较项目": (0, 0, 2, 1), "支出项目": (0, 1, 2, 1), "机关本级": (0, 2, 1, 2),
        "预算金额": (2, 0, 3, 1), "决算金额": (5, 0, 3, 1), "执行差异（预算-决算）": (8, 0, 2, 1),
    }
    assert table.cell_at(3, 0).text == "预算金额"
    assert table.cell_at(0, 3).text == "机关本级"
    assert table.cell_at(1, 3).text == "其中：财政拨款"


def test_wugang_table9_merged_header_cells():
    table = loaded(sample("docx", "wugang-2020-dept")).tables[8]
    assert spans(table) == {
        "费用项目": (0, 0, 2, 1), "预算金额": (0, 1, 1, 2), "决算金额": (0, 3, 1, 2), "增加额（预-决）": (0, 5, 1, 2),
    }


def test_tables_render_one_line_per_row_with_tabs():
    document = loaded(sample("docx", "wugang-2020-dept"))
    first = document.tables[0]
    assert document.text[first.start:first.end].split("\n")[:2] == ["预算项目\t合计（单位：万元）", "财政拨款\t280.48"]
    for table in document.tables:
        lines = document.text[table.start:table.end].split("\n")
        assert len(lines) == table.n_rows
        assert all(line.count("\t") == table.n_cols - 1 for line in lines)
        for cell in table.cells:
            assert document.text[cell.start:cell.end] == cell.text


def test_tables_sit_in_document_order_between_paragraphs():
    document = loaded(sample("docx", "wugang-2020-dept"))
    starts = [t.start for t in document.tables]
    assert starts == sorted(starts)
    before = document.text[:document.tables[0].start]
    assert before.endswith("\n") and "预算项目" not in before


def test_scoresheet_vertical_merges_and_total_row():
    table = loaded(sample("docx", "baojing-2019-scoresheet")).tables[0]
    assert (table.n_rows, table.n_cols) == (18, 5)
    assert spans(table)["投入"] == (1, 0, 4, 1)
    assert spans(table)["过程"] == (5, 0, 10, 1)
    assert spans(table)["预算管理(41分)"] == (9, 1, 6, 1)
    assert spans(table)["合计"] == (17, 0, 1, 3)
    assert table.cell_at(17, 4).text == "92"
    assert table.cell_at(3, 1).text == "预算配置(20分)"


def test_paragraphs_keep_their_text():
    document = loaded(sample("docx", "baojing-2019-dept"))
    assert document.format == "docx" and document.encoding is None
    assert "\n（1）在职人员控制率(3分)\n" in document.text
    assert "在职人员控制率＝（7/8）×100%=100%≦100%" in document.text


def test_headers_footers_ignored_and_numbering_rendered(tmp_path):
    import docx

    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "页眉文字"
    doc.sections[0].footer.paragraphs[0].text = "页脚文字"
    doc.add_paragraph("目标设定", style="List Number")
    doc.add_paragraph("预算配置", style="List Number")
    doc.add_paragraph("正文")
    doc.save(tmp_path / "n.docx")
    assert load(tmp_path / "n.docx").text == "1. 目标设定\n2. 预算配置\n正文\n"


@pytest.mark.parametrize("value, expected", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (21, "二十一"),
                                             (105, "一百零五"), (110, "一百一十")])
def test_chinese_numerals(value, expected):
    assert chinese_numeral(value, "零一二三四五六七八九") == expected


def test_number_formats():
    assert format_number(3, "chineseCounting") == "三"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(28, "lowerLetter") == "bb"


def test_docx_named_pdf_matches_the_docx():
    assert load(SAMPLES / "bad" / "docx-named.pdf").text == loaded(sample("docx", "wugang-2020-dept")).text
