"""Claims on every sample in every form: names, weights, scores in document order, and their locations."""

import re
from decimal import Decimal

import pytest

from conftest import FORMS, REPORT_IDS, SCORESHEET_ID, extracted, gold, text_document
from core.extraction import extract

ALL_IDS = REPORT_IDS + [SCORESHEET_ID]


def gold_claims(report_id: str) -> list[dict]:
    return gold(report_id)["claims"]


def plain(name: str) -> str:
    return re.sub(r"[\"“”\s]", "", name)


def number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", ALL_IDS)
def test_claims_match_gold_in_order(form, report_id):
    _, extraction = extracted(form, report_id)
    got = [(plain(c.name), c.weight, c.claimed_score) for c in extraction.claims]
    want = [(plain(g["name"]), number(g["weight"]), number(g["claimed_score"])) for g in gold_claims(report_id)]
    assert got == want


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", ["baojing-2019-dept", "jianghua-20xx-dept"])
def test_stated_values_match_gold(form, report_id):
    _, extraction = extracted(form, report_id)
    assert [c.stated_value for c in extraction.claims] == [g["stated_value"] for g in gold_claims(report_id)]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", [rid for rid in ALL_IDS if gold_claims(rid)])  # others have no claims to locate
def test_claim_locations_quote_the_report(form, report_id):
    document, extraction = extracted(form, report_id)
    for claim, expected in zip(extraction.claims, gold_claims(report_id), strict=True):
        assert document.text[claim.loc.start:claim.loc.end] == claim.loc.quote
        assert plain(expected["quote"])[:6] in plain(claim.loc.quote) or plain(claim.name) in plain(claim.loc.quote)
        assert (claim.loc.page is not None) == (form == "pdf")


@pytest.mark.parametrize("form", FORMS)
def test_baojing_staff_control_rate(form):
    _, extraction = extracted(form, "baojing-2019-dept")
    claim = next(c for c in extraction.claims if c.name == "在职人员控制率")
    assert (claim.weight, claim.claimed_score, claim.stated_value) == (Decimal(3), Decimal(3), "100%")
    assert claim.path == ["投入", "预算配置", "在职人员控制率"]
    assert "在职人员控制率(3分)" in claim.loc.quote
    assert claim.source == "prose"


@pytest.mark.parametrize("form", FORMS)
def test_baojing_level_scored_in_summary_is_placed_at_its_heading(form):
    _, extraction = extracted(form, "baojing-2019-dept")
    first = extraction.claims[0]
    assert (first.name, first.weight, first.claimed_score) == ("投入", None, Decimal(13))
    assert first.loc.quote == "投入绩效为13分"
    output = next(c for c in extraction.claims if c.name == "产出及效率")
    assert (output.weight, output.claimed_score) == (Decimal(26), Decimal(26))
    narrative = extraction.claims[-1]
    assert narrative.name == "以整合审批资源为重点" and narrative.claimed_score == Decimal(6)


@pytest.mark.parametrize("form", FORMS)
def test_scoresheet_table_with_merged_levels(form):
    _, extraction = extracted(form, SCORESHEET_ID)
    by_name = {c.name: c for c in extraction.claims}
    assert by_name["目标设定"].weight == Decimal(6) and by_name["目标设定"].claimed_score is None
    assert by_name["三公经费控制率"].path == ["过程", "预算管理", "三公经费控制率"]
    assert by_name["三公经费控制率"].claimed_score == Decimal(0)
    assert by_name["以整合审批资源为重点"].weight is None  # blank 分值 cell stays None
    assert {c.source for c in extraction.claims} == ({"flattened"} if form == "txt" else {"table"})
    assert extraction.meta.claimed_total == Decimal(92)


@pytest.mark.parametrize("form", FORMS)
def test_jianghua_inline_list(form):
    _, extraction = extracted(form, "jianghua-20xx-dept")
    by_name = {c.name: c for c in extraction.claims}
    assert (by_name["投入"].weight, by_name["投入"].claimed_score) == (Decimal(10), None)
    assert (by_name["预算配置"].weight, by_name["预算配置"].claimed_score) == (None, Decimal(10))
    change = by_name["三公经费变动率"]
    assert change.path == ["投入", "预算配置", "三公经费变动率"] and change.stated_value == "-6.67%"
    assert by_name["审批时间"].claimed_score == Decimal("2.5")
    assert by_name["审批时间"].path[-2] == "产出指标内容"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", ["wugang-2020-dept", "kaoping-20xx-project", "bazhong-2022-dept",
                                       "wuhua-2019-project"])
def test_reports_claiming_only_a_total_or_grade_have_no_claims(form, report_id):
    assert extracted(form, report_id)[1].claims == []


def test_weight_inside_a_table_name_is_split_out():
    text = ("一级指标\n二级指标\n分值\n得分\n决策(10 分)\n相关性(5 分)\n\n4\n"
            "合规性\n5\n5\n合计\n\n9\n")
    extraction = extract(text_document(text))
    got = [(c.path, c.weight, c.claimed_score) for c in extraction.claims]
    assert got == [(["决策"], Decimal(10), None),
                   (["决策", "相关性"], Decimal(5), Decimal(4)),
                   (["决策", "合规性"], Decimal(5), Decimal(5))]
    assert extraction.meta.claimed_total == Decimal(9)


def test_score_referring_back_goes_to_the_weighted_heading():
    text = ("四、评价\n（一）产出(10分)\n1、完成率(4分)\n完成率为95%，该项得4分。\n"
            "2、宣传工作成效明显\n（1）开展活动\n举办活动3场。\n（2）发放资料\n共发放500份，该项得5分。\n")
    got = [(c.name, c.weight, c.claimed_score, c.stated_value) for c in extract(text_document(text)).claims]
    assert got == [("产出", Decimal(10), None, None), ("完成率", Decimal(4), Decimal(4), "95%"),
                   ("宣传工作成效明显", None, Decimal(5), None)]


def test_flattened_table_with_blank_separator_lines():
    cells = ["一级指标", "二级指标", "分值", "得分", "产出(20分)", "数量指标", "10", "9", "质量指标", "10", "10",
             "合计", "19"]
    text = "项目支出绩效自评\n\n" + "\n\n".join(cells) + "\n\n对照评价为优。\n"
    extraction = extract(text_document(text))
    got = [(c.path, c.weight, c.claimed_score, c.source) for c in extraction.claims]
    assert got == [(["产出"], Decimal(20), None, "flattened"),
                   (["产出", "数量指标"], Decimal(10), Decimal(9), "flattened"),
                   (["产出", "质量指标"], Decimal(10), Decimal(10), "flattened")]
    assert extraction.meta.claimed_total == Decimal(19)
    assert extraction.meta.claimed_grade == "优"


def test_prose_weight_and_score_variants():
    text = "（一）决策（分值：6分）\n1、立项依据充分性（权重3分）\n依据充分，该项得分：3分。\n"
    got = [(c.name, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]
    assert got == [("决策", Decimal(6), None), ("立项依据充分性", Decimal(3), Decimal(3))]


def test_heading_scores_without_a_name_and_level_scores_in_a_summary():
    text = ("（一）投入（20分），得分18分\n1、预算完成率：5分\n预算完成率为98%，评分4分。\n"
            "（二）过程（30分）\n1、资金使用合规性(10分)\n符合规定，得10分。\n"
            "综上，过程类指标得分25分。\n")
    got = [(c.name, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]
    assert got == [("投入", Decimal(20), Decimal(18)), ("预算完成率", Decimal(5), Decimal(4)),
                   ("过程", Decimal(30), Decimal(25)), ("资金使用合规性", Decimal(10), Decimal(10))]


def test_flattened_table_with_text_columns_around_the_numbers():
    cells = ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "得分", "扣分原因",
             "产出(30分)", "数量指标", "办件量", "完成≥3000件得满分", "10", "8", "未完成",
             "质量指标", "办结率", "100%得满分", "10", "10", "",
             "效益(20分)", "满意度", "", "≥90%得满分", "20", "", "未调查",
             "合计", "", "", "18", ""]
    text = "项目支出绩效自评表\n" + "\n".join(cells) + "\n填表说明：本表由单位填写。\n"
    extraction = extract(text_document(text))
    got = [(c.path, c.weight, c.claimed_score) for c in extraction.claims]
    # a 自评表 copied one cell per line is read by the 自评表 reader: its level weights are the form's, not claims
    assert got == [(["产出", "数量指标", "办件量"], Decimal(10), Decimal(8)),
                   (["产出", "质量指标", "办结率"], Decimal(10), Decimal(10)),
                   (["效益", "满意度"], Decimal(20), None)]
    assert [(w.path, w.weight) for w in extraction.forms[0].level_weights] == [(["产出"], 30), (["效益"], 20)]


def test_scoring_standards_in_the_text_are_not_claims():
    text = ("（一）满意度(10分)\n评分标准：满意度≥90%得10分，80%-90%得8分。\n"
            "≥90%得10分，80%-90%得8分；调查满意度为95%，该项得10分。\n")
    got = [(c.name, c.weight, c.claimed_score, c.stated_value) for c in extract(text_document(text)).claims]
    assert got == [("满意度", Decimal(10), Decimal(10), "95%")]


def test_project_report_with_unnumbered_level_and_named_inline_items():
    text = ("某中心改造项目绩效自评报告\n（二）项目过程（20分）\n1.预算执行率（5分）\n预算执行率为63.98%，得3.2分。\n"
            "产出指标(30分)\n数量指标：完成改造面积2000平方米，得10分；\n质量指标(10分)：验收合格率100%，得9分。\n"
            "综上，本项目自评得分为91.2分，对照评价为优。\n")
    extraction = extract(text_document(text))
    got = [(c.path, c.weight, c.claimed_score, c.stated_value) for c in extraction.claims]
    assert got == [(["项目过程"], Decimal(20), None, None),
                   (["项目过程", "预算执行率"], Decimal(5), Decimal("3.2"), "63.98%"),
                   (["产出指标"], Decimal(30), None, None),
                   (["产出指标", "数量指标"], None, Decimal(10), None),
                   (["产出指标", "质量指标"], Decimal(10), Decimal(9), "100%")]
    assert (extraction.meta.claimed_total, extraction.meta.claimed_grade) == (Decimal("91.2"), "优")


def test_an_indicators_own_self_score_is_not_the_total():
    text = ("本项目自评得分95分。\n（一）产出（30分）\n1）完成率（10分）\n完成率100%，自评得分10分。\n"
            "2）及时率（20分）\n按期完成，自评得分15分。\n")
    extraction = extract(text_document(text))
    got = [(c.name, c.weight, c.claimed_score) for c in extraction.claims]
    assert got == [("产出", Decimal(30), None), ("完成率", Decimal(10), Decimal(10)),
                   ("及时率", Decimal(20), Decimal(15))]
    assert extraction.meta.claimed_total == Decimal(95)


def test_several_scored_items_in_one_clause_under_a_scored_level():
    text = "（一）投入（20分），得分19分：目标设定（8分）得8分，预算配置（12分）得11分。\n"
    got = [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]
    assert got == [(["投入"], Decimal(20), Decimal(19)), (["投入", "目标设定"], Decimal(8), Decimal(8)),
                   (["投入", "预算配置"], Decimal(12), Decimal(11))]


def test_a_level_weight_set_off_by_spaces_and_a_list_up_to_the_sentence_end():
    text = ("2、过程35分  预算执行得19分，其中：预算完成率=97.24%，得5分；预算控制率为0，得5分。预算管理得15分。\n")
    got = [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]
    assert got == [(["过程"], Decimal(35), None), (["过程", "预算执行"], None, Decimal(19)),
                   (["过程", "预算执行", "预算完成率"], None, Decimal(5)),
                   (["过程", "预算执行", "预算控制率"], None, Decimal(5)),
                   (["过程", "预算管理"], None, Decimal(15))]


def test_level_summaries_with_full_marks_and_their_listed_items():
    text = ("评分表主要内容如下：项目决策类指标满分20分，自评得20分；项目过程类指标满分20分，自评得18分，"
            "其中预算执行率指标（10分）得9.5分，资金管理指标（10分）得8.5分；项目产出类指标满分40分，自评得37分。\n")
    got = [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]
    assert got == [(["项目决策"], Decimal(20), Decimal(20)), (["项目过程"], Decimal(20), Decimal(18)),
                   (["项目过程", "预算执行率指标"], Decimal(10), Decimal("9.5")),
                   (["项目过程", "资金管理指标"], Decimal(10), Decimal("8.5")),
                   (["项目产出"], Decimal(40), Decimal(37))]


@pytest.mark.parametrize("rule", ["", "|---|---|---|---|\n"])
def test_a_score_table_typed_with_pipes(rule):
    text = ("部门整体支出绩效评价评分表\n| 一级指标 | 二级指标 | 分值 | 自评得分 |\n" + rule
            + "| 投入（20分） | 目标设定 | 8 | 8 |\n|  | 预算配置 | 12 | 11 |\n| 合计 |  | 20 | 19 |\n")
    got = [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]
    assert got == [(["投入"], Decimal(20), None), (["投入", "目标设定"], Decimal(8), Decimal(8)),
                   (["投入", "预算配置"], Decimal(12), Decimal(11))]


def test_a_score_table_copied_from_word_with_tabs():
    rows = ["一级指标\t二级指标\t分值\t自评得分\t扣分原因", "投入（20分）\t目标设定\t8\t8\t", "\t预算配置\t12\t11\t超支",
            "合计\t\t20\t19\t"]
    extraction = extract(text_document("部门整体支出绩效评价评分表\n" + "\n".join(rows) + "\n"))
    got = [(c.path, c.weight, c.claimed_score, c.source) for c in extraction.claims]
    assert got == [(["投入"], Decimal(20), None, "flattened"), (["投入", "目标设定"], Decimal(8), Decimal(8), "flattened"),
                   (["投入", "预算配置"], Decimal(12), Decimal(11), "flattened")]
    assert extraction.meta.claimed_total == Decimal(19)


def test_weights_in_square_brackets_and_scores_after_a_deduction():
    text = ("（一）投入【20分】\n1、预算编制科学性【10分】：预算编制依据充分，实得10分。\n"
            "2、在职人员控制率[10分]：控制率93.33%，扣0分，实得10分。\n")
    got = [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]
    assert got == [(["投入"], Decimal(20), None), (["投入", "预算编制科学性"], Decimal(10), Decimal(10)),
                   (["投入", "在职人员控制率"], Decimal(10), Decimal(10))]


def test_a_level_scored_as_this_part():
    text = "（一）项目决策（20分）\n项目立项依据充分，绩效目标明确。该部分得分20分。\n"
    got = [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]
    assert got == [(["项目决策"], Decimal(20), Decimal(20))]


def test_level_scores_with_their_full_marks_in_brackets_and_a_graded_sum():
    text = ("二、自评得分\n根据评分标准，各项得分为：投入19分（满分20分），过程27分（满分30分），"
            "产出25分（满分30分），效益17分（满分20分），合计88分，等级为良好。\n")
    extraction = extract(text_document(text))
    got = [(c.path, c.weight, c.claimed_score) for c in extraction.claims]
    assert got == [(["投入"], Decimal(20), Decimal(19)), (["过程"], Decimal(30), Decimal(27)),
                   (["产出"], Decimal(30), Decimal(25)), (["效益"], Decimal(20), Decimal(17))]
    assert (extraction.meta.claimed_total, extraction.meta.claimed_grade) == (Decimal(88), "良好")


def test_weight_and_score_in_one_bracket_are_no_report_total():
    text = ("（一）投入（分值20分，得分19分）\n1.预算编制（分值10分，得分9分）：编制较科学。\n"
            "（二）过程（分值30分，自评得分28分）\n1.预算执行率（分值15分，自评得分13分）：执行率93%。\n")
    extraction = extract(text_document(text))
    got = [(c.path, c.weight, c.claimed_score) for c in extraction.claims]
    assert got == [(["投入"], Decimal(20), Decimal(19)), (["投入", "预算编制"], Decimal(10), Decimal(9)),
                   (["过程"], Decimal(30), Decimal(28)), (["过程", "预算执行率"], Decimal(15), Decimal(13))]
    assert extraction.meta.claimed_total is None


def test_indicators_written_as_fields():
    text = ("三、自评情况\n1.指标名称：预算编制科学性，分值：5分，自评得分：4分，扣分原因：个别项目预算调整。\n"
            "2.指标名称：群众满意度，分值：10分，自评得分：10分。\n自评总分：14分。\n")
    extraction = extract(text_document(text))
    got = [(c.path, c.weight, c.claimed_score) for c in extraction.claims]
    assert got == [(["预算编制科学性"], Decimal(5), Decimal(4)), (["群众满意度"], Decimal(10), Decimal(10))]
    assert extraction.meta.claimed_total == Decimal(14)


def test_a_word_table_with_level_weights_in_full_width_brackets():
    from core.documents.model import Cell, Table

    grid = [["一级指标", "二级指标", "分值", "自评得分"], ["投入（20分）", "目标设定", "8", "8"],
            [None, "预算配置", "12", "11"]]
    text, cells = "评分表\n", []
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            cells.append(Cell(cell, r, c, rowspan=2 if (r, c) == (1, 0) else 1, start=len(text),
                              end=len(text) + len(cell)))
            text += cell + "\t"
        text += "\n"
    table = Table(3, 4, cells, start=len("评分表\n"), end=len(text))
    got = [(c.path, c.weight, c.claimed_score) for c in extract(text_document(text, [table])).claims]
    assert got == [(["投入"], Decimal(20), None), (["投入", "目标设定"], Decimal(8), Decimal(8)),
                   (["投入", "预算配置"], Decimal(12), Decimal(11))]
