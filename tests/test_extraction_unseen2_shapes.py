"""The general shapes the second blind set (tests/unseen_reports2) showed, each on a constructed case: prose
claims, score tables, figures, page furniture and PARTS_SUM in brackets."""

from decimal import Decimal

import pytest

from conftest import text_document
from core.checks import run_checks
from core.extraction import extract


def claims_of(text: str) -> list[tuple]:
    return [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]


def figures_of(text: str) -> set[tuple[str, Decimal]]:
    return {(f.label, f.value) for f in extract(text_document(text)).figures}


def findings_of(text: str, code: str) -> list:
    document = text_document(text)
    return [f for f in run_checks(document, extract(document), None) if f.code == code]


D = Decimal
CLAIM_CASES = {
    # an indicator paragraph opened by its weight in words
    "worded weight": ("（一）投入情况（10分）\n在职人员控制率本项满分5分。在职34人，编制36人，控制率94.44%，得5分。\n"
                      "重点支出安排率本项满分5分。重点支出保障较好，得4分。\n",
                      [(["投入情况"], D(10), None), (["投入情况", "在职人员控制率"], D(5), D(5)),
                       (["投入情况", "重点支出安排率"], D(5), D(4))]),
    # a heading whose next line lists several scores is not scored by the first
    "listed items": ("（一）投入指标（权重15分）\n预算配置方面，在职人员控制率为96.43%（27/28），得5分；"
                     "重点支出安排率为92%，得5分；社会矛盾化解明显，社会效益得5分。\n",
                     [(["投入指标"], D(15), None), (["投入指标", "在职人员控制率"], None, D(5)),
                      (["投入指标", "重点支出安排率"], None, D(5)), (["投入指标", "社会效益"], None, D(5))]),
    # a 序号 column gives the levels
    "serial column": ("序号\t指标名称\t分值\t自评得分\t扣分原因\n一\t投入\t10\t9\t\n1\t在职人员控制率\t5\t5\t\n"
                      "2\t重点支出安排率\t5\t4\t重点支出偏低\n合计\t\t10\t9\t\n",
                      [(["投入"], D(10), D(9)), (["投入", "在职人员控制率"], D(5), D(5)),
                       (["投入", "重点支出安排率"], D(5), D(4))]),
    # level rows numbered in their name cell, a 小计 row for each
    "subtotal rows": ("指标\t分值\t自评得分\t备注\n一、投入\t\t\t\n目标设定\t5\t5\t\n预算配置\t10\t9\t偏高\n"
                      "小计\t15\t14\t\n总计\t15\t14\t\n",
                      [(["投入"], D(15), D(14)), (["投入", "目标设定"], D(5), D(5)), (["投入", "预算配置"], D(10), D(9))]),
    # 评分标准 between the weight and score columns
    "standards column": ("一级指标\t三级指标\t分值\t评分标准\t自评得分\n"
                         "投入（10分）\t在职人员控制率\t5\t≤100%得5分，每超1个百分点扣0.5分。\t5\n"
                         "\t重点支出安排率\t5\t≥90%得5分；<90%得2分。\t4\n",
                         [(["投入"], D(10), None), (["投入", "在职人员控制率"], D(5), D(5)),
                          (["投入", "重点支出安排率"], D(5), D(4))]),
    # a score cut by a wrap keeps its unit
    "wrapped score": ("（一）投入（10分）\n1.资金使用合规性（10分）：个别项目资金拨付滞后，得9\n分。\n",
                      [(["投入"], D(10), None), (["投入", "资金使用合规性"], D(10), D(9))]),
    # a weight in percent; list items that state their weight and a deduction, not a score
    "weights only": ("（一）投入指标（权重20%），得19分。其中预算编制科学性满分10分，扣1分；在职人员控制率满分10分，不扣分。\n",
                     [(["投入指标"], D(20), D(19)), (["投入指标", "预算编制科学性"], D(10), None),
                      (["投入指标", "在职人员控制率"], D(10), None)]),
}


@pytest.mark.parametrize("case", sorted(CLAIM_CASES))
def test_claims_of_constructed_shapes(case):
    text, expected = CLAIM_CASES[case]
    assert claims_of(text) == expected


@pytest.mark.parametrize("line, weight, score", [
    ("1.数量指标：完成改造小区12个，得20分（分值20分）。", Decimal(20), Decimal(20)),
    ("受益群众满意度（10分）：满意度93.5%，该项得9分。", Decimal(10), Decimal(9)),
    ("决策指标：满分15分，该项得14分。", Decimal(15), Decimal(14)),
    ("投入类指标得分19分（满分20分）。", Decimal(20), Decimal(19)),
])
def test_a_weight_written_after_the_score_or_as_the_paragraphs_lead(line, weight, score):
    (claim,) = [c for c in claims_of(f"（四）其他\n{line}\n") if c[1] is not None or c[2] is not None][-1:]
    assert (claim[1], claim[2]) == (weight, score)


def test_figures_of_a_ratio_written_with_its_terms_and_of_a_figure_table():
    text = ("本项目实际支出2,864.30万元，调整后预算3,120.00万元。\n"
            "预算执行率=实际支出÷调整后预算×100%=2,846.30÷3,120.00×100%=91.23%。\n"
            "年末在职人员108人，在职人员控制率=106/113×100%=93.81%。\n")
    assert {("在职人数", Decimal(106)), ("在职人数", Decimal(108))} <= figures_of(text)
    table = "项目\t数值\t单位\n核定编制数\t46\t人\n年初预算\t3,285.60\t万元\n其中：基本支出\t1,846.27\t万元\n"
    assert {("编制数", Decimal(46)), ("年初预算", Decimal("3285.60")), ("基本支出", Decimal("1846.27"))} <= \
        figures_of(table)


def test_the_actual_column_of_a_budget_and_actual_table():
    table = ("表1 部门收支情况表（单位：千元）\n项目\t预算数\t决算数\n基本支出\t4,862.5\t4,798.2\n"
             "项目支出\t1,530.0\t1,412.6\n合计\t6,392.5\t6,310.8\n")
    assert {("基本支出", Decimal("479.82")), ("项目支出", Decimal("141.26")), ("本年支出", Decimal("631.08"))} <= \
        figures_of(table)
    assert [f.message for f in findings_of(table, "TABLE_SUM")]


def test_a_running_header_and_page_number_inside_a_sentence_are_skipped():
    header = "某局2022年度部门整体支出绩效自评报告"
    text = (f"{header}\n一、基本情况\n本年支出4,286.35万元，其中基本支出\n— 1 —\n{header}\n"
            f"1,925.40万元，项目支出2,360.95万元。\n— 2 —\n{header}\n二、其他\n")
    assert ("基本支出", Decimal("1925.40")) in figures_of(text)


@pytest.mark.parametrize("text, flagged", [
    ("项目预算资金520.00万元（市级专项资金400.00万元、镇级自筹资金130.00万元）。\n", True),
    ("核定编制52名（其中行政编制20名、事业编制30名），在职50人。\n", True),
    ("项目预算资金520.00万元（市级专项资金400.00万元、镇级自筹资金120.00万元）。\n", False),
    ("项目预算资金520.00万元（含市级专项资金400.00万元、镇级自筹资金130.00万元）。\n", False),
    ("本年支出500.00万元（主要用于设备购置100.00万元、工程款200.00万元）。\n", False),
])
def test_parts_in_brackets_after_their_total(text, flagged):
    found = findings_of(text, "PARTS_SUM")
    assert bool(found) == flagged
    if flagged:
        assert found[0].severity == "error" and "所列分项合计" in found[0].message
