"""Shapes of reports not among the samples (domain.md §1.2, §1.3 e, §1.6, §5.12 f), on small synthetic txt
texts: level summaries before their headings, totals and grades stated twice, grade-only and total-only
wordings, unfilled templates, the unit and year of a title, prose and table stating the same claims."""

from decimal import Decimal

import pytest

from conftest import text_document
from core.extraction import extract


def claims_of(text: str) -> list[tuple]:
    return [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]


D = Decimal

PROJECT_REPORT = """某县政务中心服务大厅改造项目绩效评价报告
一、基本情况
项目于2021年完成，全年预算2000万元。
二、综合评价情况及评价结论
经评价，本项目综合得分为85.5分，对照评价为优。其中项目决策类指标(20分)，自评得分18分；项目过程类指标(20分)，自评得分17分。
三、绩效评价指标分析
（一）项目决策(20分)
1、立项依据充分性(5分)
立项依据充分，得5分。
2、绩效目标合理性(15分)
目标合理，得13分。
（二）项目过程(20分)
1、资金到位率(20分)
资金到位率100%，得17分。
四、结论
综上，本项目自评得分96分，评价等级为“良”。
"""


def test_level_summary_before_its_heading_scores_the_heading():
    document = text_document(PROJECT_REPORT)
    claims = extract(document).claims
    assert [(c.path, c.weight, c.claimed_score) for c in claims] == [
        (["项目决策"], D(20), D(18)),
        (["项目决策", "立项依据充分性"], D(5), D(5)),
        (["项目决策", "绩效目标合理性"], D(15), D(13)),
        (["项目过程"], D(20), D(17)),
        (["项目过程", "资金到位率"], D(20), D(17)),
    ]
    assert claims[0].loc.quote == "（一）项目决策(20分)"
    assert document.text[claims[3].loc.start:claims[3].loc.end] == "（二）项目过程(20分)"


def test_level_summaries_without_headings_are_claims_of_their_own():
    text = ("某项目绩效自评报告\n一、评价结论\n自评得分为90分。其中项目决策类指标(20分)，自评得分18分；"
            "项目产出类指标得分36分。\n")
    claims = extract(text_document(text)).claims
    assert [(c.path, c.weight, c.claimed_score) for c in claims] == [
        (["项目决策"], D(20), D(18)), (["项目产出"], None, D(36))]
    assert claims[0].loc.quote == "项目决策类指标(20分)，自评得分18分"


def test_intro_and_conclusion_totals_and_grades_are_all_kept_the_conclusions_claimed():
    meta = extract(text_document(PROJECT_REPORT)).meta
    assert [(value, loc.quote) for value, loc in meta.claimed_totals] == [
        (D("85.5"), "综合得分为85.5分"), (D(96), "自评得分96分")]
    assert meta.claimed_total == D(96) and meta.locs["claimed_total"].quote == "自评得分96分"
    assert [grade for grade, _ in meta.claimed_grades] == ["优", "良"]
    assert meta.claimed_grade == "良"
    assert PROJECT_REPORT[meta.locs["claimed_grade"].start - 6:meta.locs["claimed_grade"].end] == "评价等级为“良"


def test_a_conclusion_section_before_the_analysis_gives_the_claimed_total():
    text = ("某局2021年度部门整体支出绩效自评报告\n一、自评结论\n自评综合得分88分，等级为良。\n"
            "二、指标分析\n本局全年工作综合得分95分。\n")
    meta = extract(text_document(text)).meta
    assert [value for value, _ in meta.claimed_totals] == [D(88), D(95)]
    assert meta.claimed_total == D(88)


@pytest.mark.parametrize("sentence, grade", [
    ("经自评，对照评价为优。", "优"),
    ("本单位评价等级为“良”。", "良"),
    ("经综合评定为良好。", "良好"),
])
def test_grade_only_wordings(sentence, grade):
    meta = extract(text_document(f"某局2021年度部门整体支出绩效自评报告\n一、评价结论\n{sentence}\n")).meta
    assert (meta.claimed_grade, meta.claimed_total) == (grade, None)
    assert meta.locs["claimed_grade"].quote == grade


@pytest.mark.parametrize("sentence, total", [
    ("本项目综合得分为85.5分。", D("85.5")),
    ("自评得分：96分。", D(96)),
    ("总得分96分，其中投入类指标得分18分。", D(96)),
])
def test_total_wordings(sentence, total):
    meta = extract(text_document(f"某局2021年度部门整体支出绩效自评报告\n一、评价结论\n{sentence}\n")).meta
    assert meta.claimed_total == total
    assert meta.locs["claimed_total"].quote.endswith(f"{total}分")


UNFILLED_TEMPLATE = """关于XX单位20XX年度部门整体支出绩效自评的报告
一、自评结果
包含整体支出绩效自评结论、自评分数和等级。XX单位自评得分XX分，评价等级为XX。
评价等级为“优”、“良”、“中”、“差”之一。
单位名称：____
（一）预算配置（XX分）
得分：____分。
XX单位
20XX年XX月XX日
"""


def test_unfilled_template_text_yields_no_claims_and_no_meta_values():
    extraction = extract(text_document(UNFILLED_TEMPLATE))
    meta = extraction.meta
    assert extraction.claims == []
    assert (meta.unit, meta.year, meta.report_date, meta.claimed_total, meta.claimed_grade) == (
        None, None, None, None, None)
    assert meta.claimed_totals == [] and meta.claimed_grades == []
    assert meta.kind == "部门整体支出"


@pytest.mark.parametrize("title, unit, year", [
    ("关于某县政务服务中心2021年度部门整体支出绩效自评的报告", "某县政务服务中心", 2021),
    ("某县财政局20xx年度部门整体支出绩效自评报告", "某县财政局", None),
    ("某市行政审批服务局2020年度整体支出绩效自评报告", "某市行政审批服务局", 2020),
])
def test_unit_and_year_from_the_title(title, unit, year):
    text = f"{title}\n一、基本情况\n单位设3个股室。2022年将继续加强管理，2022年预算另行安排。\n"
    meta = extract(text_document(text)).meta
    assert (meta.unit, meta.year) == (unit, year)
    assert meta.locs["unit"].quote == unit


def test_unit_from_a_name_field_when_the_signature_names_none():
    body = "\n".join(f"（{n}）工作开展情况良好，按计划推进。" for n in "一二三四五六七八")
    text = f"部门整体支出绩效自评报告\n单位名称：某县政务服务中心\n{body}\n评价小组\n"
    meta = extract(text_document(text)).meta
    assert meta.unit == "某县政务服务中心"
    assert text[meta.locs["unit"].start - 5:meta.locs["unit"].start] == "单位名称："


def test_year_is_the_titles_year_evaluated_never_the_writing_date():
    text = ("某县政务服务中心\n2021年度部门整体支出绩效自评报告\n一、基本情况\n"
            "2022年1月开展自评，2022年2月完成。\n某县政务服务中心\n2022年3月1日\n")
    meta = extract(text_document(text)).meta
    assert (meta.year, meta.report_date, meta.unit) == (2021, "2022-03-01", "某县政务服务中心")
    assert meta.locs["year"].quote == "2021年"


PROSE_AND_TABLE = """某县政务服务中心2021年度部门整体支出绩效自评报告
一、绩效指标分析
（一）投入(20分)
1、预算编制(10分)
预算编制科学，该项得9分。
2、目标设定(10分)
目标明确，该项得10分。
二、评价结论
综上，自评得分为92分。
附件：评分表
一级指标
二级指标
分值
自评得分
投入(20分)
预算编制
10
{score}
目标设定
10
10
合计
100
92
"""


def test_prose_and_an_attached_table_give_each_claim_once_with_both_places():
    text = PROSE_AND_TABLE.format(score=9)
    claims = extract(text_document(text)).claims
    assert [(c.id, c.path, c.weight, c.claimed_score) for c in claims] == [
        ("c1", ["投入"], D(20), None),
        ("c2", ["投入", "预算编制"], D(10), D(9)),
        ("c3", ["投入", "目标设定"], D(10), D(10)),
    ]
    assert claims[1].loc.quote == "1、预算编制(10分)" and claims[1].source == "prose"
    assert [loc.quote for loc in claims[1].other_locs] == ["预算编制"]
    assert claims[1].other_locs[0].start > text.index("附件")


def test_prose_and_table_that_disagree_stay_two_claims():
    claims = extract(text_document(PROSE_AND_TABLE.format(score=8))).claims
    scores = [(c.name, c.claimed_score, c.source) for c in claims if c.name == "预算编制"]
    assert scores == [("预算编制", D(9), "prose"), ("预算编制", D(8), "flattened")]


def test_a_table_total_row_is_among_the_claimed_totals():
    meta = extract(text_document(PROSE_AND_TABLE.format(score=9))).meta
    assert [(value, loc.quote) for value, loc in meta.claimed_totals] == [
        (D(92), "自评得分为92分"), (D(92), "合计\n100\n92")]
    assert meta.locs["claimed_total"].quote == "自评得分为92分"


FLAT_SELF_EVALUATION = """项目支出绩效自评表
项目资金（万元）
年初预算数
全年预算数
全年执行数
分值
执行率
得分
年度资金总额
2000
2000
1279.56
10
63.98%
6.4
一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
偏差原因分析及改进措施
产出指标
数量指标
改造面积
≥500平方米
520平方米
25
25

质量指标
验收合格率
100%
100%
25
25

总分




100
93.4

"""


def test_a_flattened_self_evaluation_table_keeps_targets_actuals_and_the_execution_rate():
    extraction = extract(text_document(FLAT_SELF_EVALUATION))
    got = [(c.path, c.weight, c.claimed_score, c.stated_value, c.target, c.actual, c.source)
           for c in extraction.claims]
    # one cell per line, it is read by the 自评表 reader like any table
    assert got == [
        (["预算执行率"], D(10), D("6.4"), "63.98%", None, None, "table"),
        (["产出指标", "数量指标", "改造面积"], D(25), D(25), "520平方米", "≥500平方米", "520平方米", "table"),
        (["产出指标", "质量指标", "验收合格率"], D(25), D(25), "100%", "100%", "100%", "table"),
    ]
    assert extraction.claims[0].loc.quote.startswith("年度资金总额")
    assert extraction.meta.claimed_total == D("93.4")


def test_padding_a_report_to_ten_pages_keeps_its_meta_and_claims():
    """The extraction time of such a report is printed by benchmarks/bench_extraction.py."""
    section = PROJECT_REPORT.split("三、", 1)[1]
    text = PROJECT_REPORT + "\n".join(f"第{n}部分 工作情况说明。" + "本年度各项工作有序推进，预算执行良好。" * 80
                                      + "\n三、" + section for n in range(10))
    padded, plain = extract(text_document(text)), extract(text_document(PROJECT_REPORT))
    assert len(text) > 15000 and plain.claims
    assert padded.meta.claimed_total == plain.meta.claimed_total
    assert [c.name for c in padded.claims[:len(plain.claims)]] == [c.name for c in plain.claims]


NARRATIVE_SCORES = """某局部门整体支出绩效自评报告
一、指标分析
1、预算执行(20分)
其中：预算执行率为98%，得10分；预算控制率为100%，得10分。
2、预算管理(10分)
建立健全了各项管理制度，按照评分标准，完成得5分，未完成不得分。
该项得10分。
二、评价结论
本单位在全市绩效考核中综合得分98分，排名第一。本次自评综合得分92分。
"""


def test_scoring_standards_and_other_bodies_scores_are_not_claims():
    extraction = extract(text_document(NARRATIVE_SCORES))
    assert [(c.path, c.weight, c.claimed_score, c.stated_value) for c in extraction.claims] == [
        (["预算执行"], D(20), None, None),
        (["预算执行", "预算执行率"], None, D(10), "98%"),
        (["预算执行", "预算控制率"], None, D(10), "100%"),
        (["预算管理"], D(10), D(10), None),
    ]
    assert [value for value, _ in extraction.meta.claimed_totals] == [D(92)]
    assert extraction.meta.claimed_total == D(92)


def test_a_levels_score_is_not_a_claimed_total():
    text = ("某项目支出绩效自评报告\n本单位开展了项目支出绩效自评工作，自评综合得分98.2分。\n四、绩效评价指标分析\n"
            "（一）项目产出类指标（50分），自评得分50分。\n（二）项目效益类指标（30分），自评得分28.2分。\n")
    extraction = extract(text_document(text))
    assert [value for value, _ in extraction.meta.claimed_totals] == [D("98.2")]
    assert extraction.meta.claimed_total == D("98.2")
    assert [(c.name, c.weight, c.claimed_score) for c in extraction.claims] == [
        ("项目产出类指标", D(50), D(50)), ("项目效益类指标", D(30), D("28.2"))]


def test_a_grading_standard_is_not_a_claimed_grade():
    text = ("某局2021年度部门整体支出绩效自评报告\n（三）评价标准\n评价等级为优(90-100分)、良(80-89分)、中(60-79分)、差(60分以下)。\n"
            "四、评价结论\n经综合评定为良好。\n")
    meta = extract(text_document(text)).meta
    assert [grade for grade, _ in meta.claimed_grades] == ["良好"]
    assert meta.claimed_grade == "良好"


FLAT_TWO_ROW_HEADER = """附表：评分表
绩效指标
指标值
分值
自评得分
一级指标
二级指标
三级指标
年度指标值
实际完成值
产出指标(50分)
数量指标
应进事项进驻
≥454项
310项
10
6.83
质量指标
工单办结率
=100%
100%
10
10
合计




20
16.83
"""


def test_a_flattened_two_row_header_spreads_its_group_cells_over_the_lower_row():
    extraction = extract(text_document(FLAT_TWO_ROW_HEADER))
    assert [(c.path, c.weight, c.claimed_score, c.target, c.actual) for c in extraction.claims] == [
        (["产出指标", "数量指标", "应进事项进驻"], D(10), D("6.83"), "≥454项", "310项"),
        (["产出指标", "质量指标", "工单办结率"], D(10), D(10), "=100%", "100%"),
    ]
    # the 自评表 reader keeps a level cell's (50分) as the form's level weight, not as a claim
    assert [(w.path, w.weight) for w in extraction.forms[0].level_weights] == [(["产出指标"], 50)]
    assert extraction.meta.claimed_total == D("16.83")
