"""Claim-based checks on constructed reports: weights, scores, subtotals, grades, rules, missing detail."""

from decimal import Decimal as D

import pytest

from conftest import text_document
from core.checks.evidence import check_missing_detail, check_report_kind, check_text_layer
from core.checks.grades import check_grades
from core.checks.rules import check_rules
from core.checks.scores import check_score_over_weight, check_subtotals, check_weights
from core.documents.model import Document, Page
from core.extraction.model import Claim, Extraction, Figure, Meta
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable
from core.scoring.result import IndicatorResult, Result, Totals
from gold_extraction import find_quote


def report(text: str, items, total=None, grade=None, figures=()):
    """(document, extraction) for `text`; items are (path, weight, score, quote[, indicator, stated_value])."""
    document = text_document(text)
    claims, position = [], 0
    for number, (path, weight, score, quote, *rest) in enumerate(items, start=1):
        loc = find_quote(document, quote, position)
        position = loc.start
        claims.append(Claim(f"c{number}", path.split("/"), None if weight is None else D(weight),
                            None if score is None else D(score), rest[1] if len(rest) > 1 else None, loc,
                            indicator=rest[0] if rest else None))
    meta = Meta(claimed_total=None if total is None else D(total), claimed_grade=grade)
    if total is not None:
        meta.locs["claimed_total"] = find_quote(document, f"得分{total}分")
    if grade is not None:
        meta.locs["claimed_grade"] = find_quote(document, grade)
    return document, Extraction(meta, claims, list(figures))


# --- WEIGHT_SUM ------------------------------------------------------------------------------------

BLOCKS = "一、投入(10分)\n1、目标设定(4分)\n2、预算配置(5分)\n二、过程(90分)\n1、预算执行(90分)\n"
BLOCK_ITEMS = [("投入", 10, None, "一、投入(10分)"), ("投入/目标设定", 4, None, "1、目标设定(4分)"),
               ("投入/预算配置", 5, None, "2、预算配置(5分)"), ("过程", 90, None, "二、过程(90分)"),
               ("过程/预算执行", 90, None, "1、预算执行(90分)")]


def test_children_weights_short_of_their_parent():
    [finding] = check_weights(*report(BLOCKS, BLOCK_ITEMS))
    assert (finding.code, finding.severity, finding.about) == ("WEIGHT_SUM", "error", "投入")
    assert (finding.stated, finding.expected) == ("10分", "9分（4+5）")
    assert finding.locs[0].quote == "一、投入(10分)"


def test_only_some_children_weighted_names_the_others():
    text = "（三）产出及效率(26分)\n1、重点工作(8分)该项得8分。\n2、整合资源……该项得6分。"
    items = [("产出及效率", 26, None, "（三）产出及效率(26分)"), ("产出及效率/重点工作", 8, 8, "1、重点工作(8分)"),
             ("产出及效率/整合资源", None, 6, "2、整合资源")]
    [finding] = check_weights(*report(text, items))
    assert (finding.about, finding.stated, finding.expected) == ("产出及效率", "26分", "8分（8）")
    assert "整合资源未标注分值" in finding.message


def test_unweighted_children_and_matching_weights_are_not_findings():
    text = "1、投入10分\n预算配置得10分。\n2、过程90分\n(1)预算执行(40分)\n(2)预算管理(50分)"
    items = [("投入", 10, None, "1、投入10分"), ("投入/预算配置", None, 10, "预算配置得10分"),
             ("过程", 90, None, "2、过程90分"), ("过程/预算执行", 40, None, "(1)预算执行(40分)"),
             ("过程/预算管理", 50, None, "(2)预算管理(50分)")]
    assert check_weights(*report(text, items)) == []


def test_top_level_weights_implied_by_children_must_make_100():
    text = BLOCKS.replace("二、过程(90分)\n", "二、过程\n").replace("预算执行(90分)", "预算执行(95分)")
    items = [item for item in BLOCK_ITEMS if item[0] != "过程"]
    items[-1] = ("过程/预算执行", 95, None, "1、预算执行(95分)")
    inner, top = check_weights(*report(text, items))
    assert inner.about == "投入"
    assert (top.about, top.severity, top.stated, top.expected) == ("一级指标", "error", "105分（投入10、过程95）", "100分")
    assert "预算执行(95分)" in [loc.quote for loc in top.locs][-1]


def test_top_level_message_names_the_weight_that_would_make_100():
    text = "(一)投入\n1、目标设定(6分)\n2、预算配置(20分)\n（1）甲(3分)\n（2）乙(4分)\n(二)过程(87分)\n"
    items = [("投入/目标设定", 6, None, "1、目标设定(6分)"), ("投入/预算配置", 20, None, "2、预算配置(20分)"),
             ("投入/预算配置/甲", 3, 3, "（1）甲(3分)"), ("投入/预算配置/乙", 4, 4, "（2）乙(4分)"),
             ("过程", 87, None, "(二)过程(87分)")]
    inner, top = check_weights(*report(text, items))
    assert (inner.about, inner.expected) == ("预算配置", "7分（3+4）")
    assert top.stated.startswith("113分") and "预算配置按其下设指标分值计则合计为100分" in top.message


# --- SCORE_OVER_WEIGHT -----------------------------------------------------------------------------


def test_score_above_weight_and_negative_score():
    text = "（5）资金使用合规性(6分)……该项得7分。\n（6）信息公开(5分)……该项得-1分。\n（7）制度(8分)该项得8分。"
    items = [("资金使用合规性", 6, 7, "（5）资金使用合规性(6分)"), ("信息公开", 5, -1, "（6）信息公开(5分)"),
             ("制度", 8, 8, "（7）制度(8分)")]
    over, negative = check_score_over_weight(*report(text, items))
    assert (over.code, over.about, over.stated, over.expected) == ("SCORE_OVER_WEIGHT", "资金使用合规性", "7分", "≤6分")
    assert (negative.about, negative.stated) == ("信息公开", "-1分")


def test_total_above_full_marks():
    [finding] = check_score_over_weight(*report("综合评价得分102分。", [], total="102"))
    assert (finding.about, finding.stated) == ("总分", "102分")
    assert finding.locs[0].quote == "得分102分"


# --- SUBTOTAL_MISMATCH -----------------------------------------------------------------------------

SCORES = ("(1)预算执行得20分。预算完成率得5分;预算控制率得5分;无新建楼堂馆所得1分。\n"
          "(2)预算管理得30分。政府采购得6分;制度得8分;资金使用得6分;公开得10分。\n"
          "过程绩效为50分。综合评价得分50分。")
SCORE_ITEMS = [("过程/预算执行", None, 20, "(1)预算执行得20分"), ("过程/预算执行/预算完成率", None, 5, "预算完成率得5分"),
               ("过程/预算执行/预算控制率", None, 5, "预算控制率得5分"), ("过程/预算执行/楼堂馆所", None, 1, "无新建楼堂馆所得1分"),
               ("过程/预算管理", None, 30, "(2)预算管理得30分"), ("过程/预算管理/政府采购", None, 6, "政府采购得6分"),
               ("过程/预算管理/制度", None, 8, "制度得8分"), ("过程/预算管理/资金使用", None, 6, "资金使用得6分"),
               ("过程/预算管理/公开", None, 10, "公开得10分")]


def test_wrong_subtotal_once_with_the_total_it_inflates():
    text = "投入得50分。\n" + SCORES.replace("综合评价得分50分", "综合评价得分100分")
    [finding] = check_subtotals(*report(text, [("投入", None, 50, "投入得50分")] + SCORE_ITEMS, total="100"))
    assert (finding.code, finding.about, finding.stated, finding.expected) == (
        "SUBTOTAL_MISMATCH", "预算执行", "20分", "11分（5+5+1）")
    assert finding.locs[0].quote == "(1)预算执行得20分"
    assert "逐项合计为91分" in finding.message


def test_a_partial_score_sheet_is_not_held_against_the_total():
    text = "预算执行率(10分)得10分。产出指标(50分)得45分。综合评价得分90分，评价为优秀。"
    items = [("预算执行率", 10, 10, "预算执行率(10分)"), ("产出指标", 50, 45, "产出指标(50分)")]
    document, extraction = report(text, items, total="90", grade="优秀")
    assert check_subtotals(document, extraction) == []
    assert check_grades(document, extraction) == []


def test_level_score_stated_only_in_a_summary_is_located_there():
    text = "二、过程(60分)\n(1)预算执行得20分。\n(2)预算管理得30分。\n过程绩效为60分。"
    items = [("过程", 60, 60, "二、过程(60分)"), ("过程/预算执行", None, 20, "(1)预算执行得20分"),
             ("过程/预算管理", None, 30, "(2)预算管理得30分")]
    [finding] = check_subtotals(*report(text, items))
    assert (finding.about, finding.stated, finding.expected) == ("过程", "60分", "50分（20+30）")
    assert [loc.quote for loc in finding.locs] == ["过程绩效为60分", "二、过程(60分)"]


def test_total_against_top_levels_without_their_own_scores():
    text = "投入\n甲得3分\n过程\n乙得4分\n合计：92"
    items = [("投入/甲", None, 3, "甲得3分"), ("过程/乙", None, 4, "乙得4分")]
    document, extraction = report(text, items)
    extraction.meta.claimed_total = D(92)
    extraction.meta.locs["claimed_total"] = find_quote(document, "合计：92")
    [finding] = check_subtotals(document, extraction)
    assert (finding.about, finding.stated, finding.expected) == ("合计", "92分", "7分（3+4）")
    assert finding.locs[0].quote == "合计：92"


@pytest.mark.parametrize("scores, found", [(("2.49", "2.49", "2.49"), False), (("2.4", "2.4", "2.4"), True)])
def test_decimal_scores_have_a_rounding_tolerance(scores, found):
    text = "效益指标得7.5分。指标1得{}分,指标2得{}分,指标3得{}分".format(*scores)
    items = [("效益指标", None, "7.5", "效益指标得7.5分")] + [
        (f"效益指标/指标{n}", None, s, f"指标{n}得{s}分") for n, s in enumerate(scores, start=1)]
    assert bool(check_subtotals(*report(text, items))) is found


# --- GRADE_MISMATCH --------------------------------------------------------------------------------


def result_with(grade: str, total: str, indicators=()) -> Result:
    totals = Totals(max=D(100), claimed=None, reviewed=D(total), difference=None, grade_claimed=None,
                    grade_reviewed=grade, levels=[])
    return Result(list(indicators), totals)


def test_grade_that_does_not_fit_the_total():
    document, extraction = report("综合得分85分，评价等级为优秀。", [], total="85", grade="优秀")
    [finding] = check_grades(document, extraction)
    assert (finding.code, finding.severity, finding.expected) == ("GRADE_MISMATCH", "error", "良（85分）")
    assert [loc.quote for loc in finding.locs] == ["得分85分", "优秀"]


def test_grade_resting_on_a_total_the_items_do_not_support():
    text = "甲得40分。乙得38分。综合评价得分92分，优秀。"
    document, extraction = report(text, [("甲", None, 40, "甲得40分"), ("乙", None, 38, "乙得38分")],
                                  total="92", grade="优秀")
    [finding] = check_grades(document, extraction)
    assert (finding.severity, finding.stated, finding.expected) == ("error", "92分，优秀", "78分（中）")


def test_review_grade_is_a_warning_and_synonyms_match():
    document, extraction = report("综合评价得分92分，评价为优秀。", [], total="92", grade="优秀")
    assert check_grades(document, extraction, result=result_with("优", "91")) == []
    [finding] = check_grades(document, extraction, result=result_with("良", "81"))
    assert (finding.severity, finding.expected) == ("warning", "81分（良）")


# --- RULE_MISMATCH ---------------------------------------------------------------------------------

RULE_TEXT = "（2）预算控制率(5分)\n预算控制率＝（13.38/253.21）×100%＝5.28%，根据评分标准该项得分3分。"


def indicator_result(score: str, status="ok", rule="bands", inputs=None, value="5.2842") -> IndicatorResult:
    return IndicatorResult("budget_control_rate", ("过程", "预算执行", "预算控制率"), D(5), rule,
                           inputs or {"budget_added": D("13.38"), "budget_initial": D("253.21")},
                           None if value is None else D(value), D(score), status, "13.38 / 253.21 = 5.2842%",
                           claimed_score=D(3))


def rule_report(stated_value=None):
    return report(RULE_TEXT, [("过程/预算执行/预算控制率", 5, 3, "（2）预算控制率(5分)", "budget_control_rate",
                               stated_value)])


def test_claimed_score_against_the_rule_on_the_reports_figure():
    document, extraction = rule_report("5.28%")
    framework = Framework("f", "f", "1", "部门整体支出", [])
    [finding] = check_rules(document, extraction, framework, result_with("良", "81", [indicator_result("4")]))
    assert (finding.code, finding.severity, finding.stated, finding.expected) == ("RULE_MISMATCH", "error", "3分", "4分")
    assert [loc.quote for loc in finding.locs] == ["（2）预算控制率(5分)", "该项得分3分"]


@pytest.mark.parametrize("stated_value, kwargs", [
    ("5.28%", {"score": "3"}),  # agrees
    ("5.28%", {"score": "4", "rule": "qualitative"}),  # a reviewer decision, not a finding
    ("5.28%", {"score": "4", "status": "needs_input"}),
    (None, {"score": "4"}),  # value from figures the report does not state
])
def test_rule_check_needs_a_disagreement_on_a_stated_figure(stated_value, kwargs):
    document, extraction = rule_report(stated_value)
    framework = Framework("f", "f", "1", "部门整体支出", [])
    assert check_rules(document, extraction, framework, result_with("良", "81", [indicator_result(**kwargs)])) == []


def test_rule_check_accepts_base_figures_the_report_states():
    document, extraction = rule_report(None)
    extraction.figures = [Figure(f"f{n}", var, var, D(1), "万元", extraction.claims[0].loc)
                          for n, var in enumerate(("budget_added", "budget_initial"))]
    framework = Framework("f", "f", "1", "部门整体支出", [])
    assert len(check_rules(document, extraction, framework, result_with("良", "81", [indicator_result("4")]))) == 1


# --- MISSING_DETAIL, NO_TEXT_LAYER, NOT_A_REPORT ---------------------------------------------------


@pytest.mark.parametrize("total, grade, about, quote", [
    ("90", None, "评价得分", "得分90分"), (None, "优秀", "评价等级", "优秀")])
def test_result_claimed_without_indicator_scores(total, grade, about, quote):
    document, extraction = report("本局2020年度评价得分90分。整体支出绩效自评为优秀。", [], total=total, grade=grade)
    [finding] = check_missing_detail(document, extraction)
    assert (finding.code, finding.severity, finding.about) == ("MISSING_DETAIL", "warning", about)
    assert finding.locs[0].quote == quote


def test_score_converted_from_an_undisclosed_assessment():
    text = "1、重点工作实际完成率(8分)\n根据绩效办对各部门重点工作考核分数折算，该项得分为8分。\n2、履职产出(6分)该项得6分。"
    items = [("重点工作实际完成率", 8, 8, "1、重点工作实际完成率(8分)"), ("履职产出", 6, 6, "2、履职产出(6分)")]
    [finding] = check_missing_detail(*report(text, items))
    assert finding.about == "重点工作实际完成率" and finding.locs[0].quote == "考核分数折算"


def test_framework_indicators_not_scored_and_inputs_not_given():
    def ind(id_, name, path):
        return Indicator(id_, name, D(6), Rule("threshold"), path=path)
    framework = Framework("f", "f", "1", "部门整体支出", [Node("产出", D(18), [
        ind("output", "履职产出", ("产出", "履职产出")), ind("effect", "履职效果", ("产出", "履职效果")),
        ind("satisfaction", "满意度", ("产出", "满意度"))])], variables={"sat": Variable("sat", "满意度调查结果", "%")})
    text = "1、履职产出(6分)得6分。2、满意度(6分)得6分。"
    document, extraction = report(text, [("产出/履职产出", 6, 6, "1、履职产出(6分)", "output"),
                                         ("产出/满意度", 6, 6, "2、满意度(6分)", "satisfaction")])
    pending = IndicatorResult("satisfaction", ("产出", "满意度"), D(6), "threshold", {"sat": None}, None, None,
                              "needs_input", "")
    inputs, unscored = check_missing_detail(document, extraction, framework, result_with("良", "80", [pending]))
    assert (inputs.about, inputs.expected) == ("满意度", "满意度调查结果")
    assert (unscored.about, unscored.expected) == ("产出", "履职效果")
    extraction.claims[1].stated_value = "96%"
    from_stated = IndicatorResult("satisfaction", ("产出", "满意度"), D(6), "threshold", {"sat": None}, D(96), D(6),
                                  "ok", "")
    inputs, _ = check_missing_detail(document, extraction, framework, result_with("良", "80", [from_stated]))
    assert "只给出结果96%" in inputs.message


def test_scanned_pdf_and_scanned_pages():
    pages = [Page(1, 0, 10), Page(2, 10, 10), Page(3, 10, 20)]
    partly = Document("a.pdf", "a.pdf", "", "pdf", "x" * 20, pages, pages_without_text=[2])
    [finding] = check_text_layer(partly)
    assert (finding.code, finding.severity) == ("NO_TEXT_LAYER", "warning") and "第2页" in finding.message
    assert [loc.page for loc in finding.locs] == [2]
    scanned = Document("b.pdf", "b.pdf", "", "pdf", "", pages, text_layer=False, pages_without_text=[1, 2, 3])
    assert check_text_layer(scanned)[0].message.startswith("该PDF没有文字层")
    assert check_text_layer(text_document("正文")) == []


def test_not_a_report():
    extraction = Extraction(Meta(looks_like_report=False), [], [])
    [finding] = check_report_kind(text_document("购物清单"), extraction)
    assert (finding.code, finding.severity) == ("NOT_A_REPORT", "warning")
    assert check_report_kind(text_document("报告"), Extraction(Meta(), [], [])) == []


def test_weights_other_than_the_frameworks_are_a_warning():
    framework = Framework("f", "县级指标表", "1", "部门整体支出", [Node("投入", D(10), [
        Indicator("staff", "在职人员控制率", D(5), Rule("threshold")),
        Indicator("sangong", "三公经费变动率", D(5), Rule("threshold"))])])
    text = "一、投入(10分)\n（1）在职人员控制率(3分)\n（2）三公经费变动率(7分)\n"
    document, extraction = report(text, [("投入", 10, None, "一、投入(10分)"),
                                         ("投入/在职人员控制率", 3, None, "（1）在职人员控制率(3分)", "staff"),
                                         ("投入/三公经费变动率", 7, None, "（2）三公经费变动率(7分)", "sangong")])
    assert check_weights(document, extraction) == []
    [finding] = check_weights(document, extraction, framework)
    assert (finding.severity, finding.stated, finding.expected) == ("warning", "3分、7分", "5分、5分")
    assert [loc.quote for loc in finding.locs] == ["（1）在职人员控制率(3分)", "（2）三公经费变动率(7分)"]


def test_top_level_weights_short_of_100_are_a_warning():
    text = "一、投入(10分)\n二、过程(85分)\n"
    [top] = check_weights(*report(text, [("投入", 10, None, "一、投入(10分)"), ("过程", 85, None, "二、过程(85分)")]))
    assert (top.severity, top.stated) == ("warning", "95分（投入10、过程85）")
