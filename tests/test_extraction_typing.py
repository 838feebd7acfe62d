"""The ways a report may be typed that tools/perturb.py found read wrongly, one rule each: soft line breaks and
page-number lines, score wordings, spaces around numbers, numbering variants, full-width table labels."""

from __future__ import annotations

from decimal import Decimal

from conftest import text_document
from core.checks.expressions import check_expressions
from core.extraction import extract
from core.extraction.normalize import normalize
from core.extraction.numbers import find_quantities
from core.extraction.soft_breaks import dropped_offsets
from core.extraction.table_reading import read_tables

PARAGRAPH = "根据县委县政府的中心工作把全年工作做好严格执行国家财务制度和财经纪律合理开支厉行节约"


def claims_of(text: str) -> list[tuple]:
    return [(c.name, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]


def wrapped(text: str, chars: int) -> str:
    return "\n".join(text[i:i + chars] for i in range(0, len(text), chars))


def test_lines_broken_at_one_page_width_are_read_as_paragraphs():
    body = wrapped(PARAGRAPH * 3 + "预算完成率为88.39%。", 20)
    text = "（一）过程\n" + body + "\n- 2 -\n" + wrapped(PARAGRAPH * 2 + "。", 20)
    joined = normalize(text).text
    assert joined.split("\n") == ["(一)过程", PARAGRAPH * 3 + "预算完成率为88.39%。", PARAGRAPH * 2 + "。"]
    assert normalize(text).to_source(joined.index("88.39")) == text.index("88.39")


def test_one_line_per_paragraph_and_table_cells_are_not_joined():
    prose = "\n".join(PARAGRAPH[:n] for n in (40, 12, 33, 25, 40, 18, 29, 40, 7))
    assert dropped_offsets(prose) == frozenset()
    cells = "\n".join(["费用项目", "预算金额", "决算金额"] + ["公务接待费", "5.00", "1.00"] * 6)
    assert dropped_offsets(cells) == frozenset()
    items = "\n".join(f"指标{n}:受理办理业务达到年度目标并完成考核任务,得2.5分" for n in range(1, 9))
    assert dropped_offsets(items) == frozenset()


def test_a_full_line_that_ends_its_sentence_keeps_its_break_before_a_signature_only():
    text = wrapped(PARAGRAPH * 3, 20) + "\n" + PARAGRAPH[:19] + "。\n保靖县政务服务中心\n2020年7月10日"
    assert normalize(text).text.endswith(PARAGRAPH[:19] + "。\n保靖县政务服务中心\n2020年7月10日")
    text = wrapped(PARAGRAPH * 3, 20) + "\n" + PARAGRAPH[:19] + "。\n其中市本级3141条，乡镇3564条。"
    assert normalize(text).text.endswith(PARAGRAPH[:19] + "。其中市本级3141条,乡镇3564条。")


def test_a_label_split_by_the_page_width_is_one_label():
    text = wrapped(PARAGRAPH * 3, 20) + "\n" + PARAGRAPH[:16] + "。2019年上\n年结转136.73万元。"
    figures = {(f.label, f.value) for f in extract(text_document(text)).figures}
    assert ("上年结转", Decimal("136.73")) in figures


def test_score_wordings_without_closing_fen_or_after_a_referring_clause():
    text = ("（1）绩效目标合理性(3分):根据中心工作,目标符合规划,根据评价标准得分3分。\n"
            "（2）管理制度健全(8分)\n2019年管理制度健全,相关制度已得到有效的执行,得8分。\n"
            "指标 1:审批时间缩短至1-7天,该项得分2.5\n")
    assert claims_of(text) == [("绩效目标合理性", Decimal(3), Decimal(3)), ("管理制度健全", Decimal(8), Decimal(8)),
                               ("审批时间", None, Decimal("2.5"))]


def test_gai_xiang_in_a_qi_zhong_list_scores_the_item_the_clause_names():
    text = ("1、投入10分\n预算配置得10分。其中:在职人员控制率:在职4人/编制10人*1%=40%,得分5分;"
            "“三公”经费预算数减少1000元,变动率等于-6.67%,该项得5分。\n")
    assert claims_of(text) == [("投入", Decimal(10), None), ("预算配置", None, Decimal(10)),
                               ("在职人员控制率", None, Decimal(5)), ("三公经费变动率", None, Decimal(5))]


def test_top_level_numbered_with_a_dot_is_a_heading():
    text = "一.基本情况\n（一）投入(20分)\n1.目标设定(20分)\n该项得20分。\n二.结论\n"
    assert [(c.path, c.claimed_score) for c in extract(text_document(text)).claims] == [
        (["投入"], None), (["投入", "目标设定"], Decimal(20))]


def test_spaces_between_numbers_and_units_in_a_calculation_and_a_signed_amount():
    text = "在职人员控制率＝（7 / 8）×100 %=100 %≦100 %，减少 1000 元。"
    [finding] = check_expressions(text_document(text))
    assert finding.code == "EXPR_MISMATCH" and finding.expected == "87.5%"
    assert Decimal("-0.1") in [q.value for q in find_quantities(text)]


def test_caption_stating_its_unit_without_spaces_is_not_a_cell_and_full_width_years_count():
    text = ("3.“三公”经费与上年对比情况单位：万元\n费用项目\n２０１９年决算数\n２０２０年决算数\n"
            "公务接待费\n0.41\n1.00\n合计\n0.41\n1.00\n")
    [reading] = read_tables(text_document(text))
    assert reading.title == "3.“三公”经费与上年对比情况单位：万元"
    assert reading.row_labels[reading.header_rows:] == ["公务接待费", "合计"]
    figures = {(f.label, f.value) for f in extract(text_document(text)).figures}
    assert ("上年三公经费实际支出", Decimal("0.41")) in figures
