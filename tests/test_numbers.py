"""Number normalisation and parsing (domain.md §1.6)."""

from decimal import Decimal

import pytest

from core.extraction.normalize import fold, normalize, normalize_report
from core.extraction.numbers import (
    find_quantities,
    parse_chinese_int,
    parse_number,
    printed_decimals,
)
from core.decimals import round_half_up


def only(text):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def test_normalize_maps_fullwidth_and_operators_and_keeps_offsets():
    src = "（７）２．整体　５０％＝≦≧×÷"
    norm = normalize(src)
    assert norm.text == "(7)2.整体 50%=≤≥*/"
    assert [norm.to_source(i) for i in range(len(norm.text))] == list(range(len(src)))


def test_normalize_keeps_circled_numbers_as_markers():
    norm = normalize("①预算②")
    assert norm.text == "①预算②"
    assert find_quantities("①预算②") == []


def test_normalize_expansion_maps_back_to_one_source_char():
    src = "面积12㎡止"
    norm = normalize(src)
    assert norm.text == "面积12m2止"
    start = norm.text.index("m2")
    assert norm.span_to_source(start, start + 2) == (4, 5)
    assert norm.to_normalized(5) == norm.text.index("止")


@pytest.mark.parametrize("text", ["（７）２．整体　５０％＝≦", "①预算②面积12㎡", "4,855.50", "", "上年结转\n１２万元"])
def test_fold_is_the_normalised_text(text):
    assert fold(text) == normalize(text).text


def test_a_report_is_normalised_once():
    text = "２０２１年度自评报告\n预算数１２万元"
    first = normalize_report(text)
    assert first.text == normalize(text).text
    assert normalize_report(text) is first


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("收入4,855万元，其中", "4855", "万元", None),
    ("实际支出1.7万\t元", "1.7", "万元", None),
    ("因公出（国）境费0元", "0", "万元", None),
    ("减少1000元", "-0.1", "万元", None),
    ("2亿元", "20000", "万元", None),
    ("7.5万宗", "75000", "宗", None),
    ("272.65万件", "2726500", "件", None),
    ("近20万人次", "200000", "人次", "近"),
    ("96%以上", "96", "%", "以上"),
    ("９６％以上", "96", "%", "以上"),
    ("1100多宗", "1100", "宗", "多"),
    ("258余件", "258", "件", "余"),
    ("事业编制26名", "26", "人", None),
    ("结余增加－13.84", "-13.84", None, None),
    ("下降5个百分点", "-5", "百分点", None),
    ("三个股室", "3", "个", None),
    ("一百零五项", "105", "项", None),
    ("两千人", "2000", "人", None),
    ("实施清单30960条", "30960", "条", None),
])
def test_quantity_value_unit_qualifier(text, value, unit, qualifier):
    q = only(text)
    assert (q.value, q.unit, q.qualifier) == (Decimal(value), unit, qualifier)


def test_quantity_span_points_into_source():
    text = "年初结转结余１７１.７１万元，"
    q = only(text)
    assert text[q.start:q.end] == "１７１.７１万元"
    assert text[q.num_start:q.num_end] == "１７１.７１"
    assert q.decimals == 2


def test_clause_comma_is_not_a_thousands_separator():
    values = [q.value for q in find_quantities("收入266.59万元,其中250.6万元,15,98")]
    assert values == [Decimal("266.59"), Decimal("250.6"), Decimal(15), Decimal(98)]


def test_placeholders_and_list_markers_are_not_numbers():
    assert find_quantities("20xx年度，****单位") == []
    assert [q.value for q in find_quantities("一、基本情况（一）机构")] == []


def test_number_wrapped_across_lines_is_joined():
    text = "年初结转结余171.\n71万元，收入2\n100.09万元"
    assert [q.value for q in find_quantities(text)] == [Decimal("171.71"), Decimal("2100.09")]


def test_table_cells_one_per_line_stay_apart():
    assert [q.value for q in find_quantities("合 计\n264.75\n0\n\n548.10\n51.59\n")] == [
        Decimal("264.75"), Decimal(0), Decimal("548.10"), Decimal("51.59")]


def test_expression_operands_keep_minus_as_operator():
    assert [q.value for q in find_quantities("（1-1）/1×100％=100%")] == [1, 1, 1, 100, 100]


@pytest.mark.parametrize("text, value", [
    ("4,855.50", "4855.50"), ("－13.84", "-13.84"), (" 716.90 ", "716.90"), ("十二", "12"),
    ("一百零五", "105"), ("两千", "2000"), ("1.2万", "12000"), ("二十", "20"),
])
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


def test_parse_number_rejects_text():
    assert parse_number("合 计") is None
    assert parse_number("") is None


def test_chinese_ints():
    assert parse_chinese_int("三万五千") == 35000
    assert parse_chinese_int("十") == 10
    assert parse_chinese_int("abc") is None


def test_round_half_up_and_decimals():
    assert round_half_up(Decimal("88.385"), 2) == Decimal("88.39")
    assert round_half_up(Decimal("87.5"), 0) == Decimal(88)
    assert printed_decimals("88.39") == 2
    assert printed_decimals("100") == 0


def test_line_spans_cover_each_lines_content_blank_lines_included():
    from core.extraction.lines import line_spans

    text = "  标题 \n\n\t分值\n"
    assert line_spans(text) == [(2, 4), (6, 6), (8, 10), (11, 11)]
    assert [text[s:e] for s, e in line_spans(text)] == ["标题", "", "分值", ""]
    assert line_spans("") == [(0, 0)]


def test_a_unit_wrapped_onto_the_next_line_stays_with_its_number():
    found = [(q.value, q.unit) for q in find_quantities("截至年底，项目实际支出1279.56\n万元。\n合计\n15\n人\n")]
    assert found == [(Decimal("1279.56"), "万元"), (15, None)]  # a table cell alone on its line is not text
