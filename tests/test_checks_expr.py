"""EXPR_MISMATCH: written calculations evaluated as written, compared at printed precision (domain.md §5.1)."""

from decimal import Decimal

import pytest

from conftest import FORMS, REPORT_IDS, SCORESHEET_ID, sample, text_document
from core.checks.expressions import check_expressions, find_written
from core.documents import load
from core.extraction.normalize import normalize
from gold_extraction import covers, gold, gold_errors, locate_error


def findings_for(text: str):
    return check_expressions(text_document(text))


@pytest.mark.parametrize("text, about, stated, expected", [
    ("在职人员控制率＝（7/8）×100%=100%≦100%,根据评分标准该项得3分。", "在职人员控制率", "100%", "87.5%"),
    ("“三公经费”变动率＝（1-1）/1×100％=100%≦0，根据评分标准该项得4分。", "三公经费变动率", "100%", "0%"),
    ("公用经费控制率＝（6.4-6.4）/6.4×100%=100%，得分为8分。", "公用经费控制率", "100%", "0%"),
    ("其中:在职人员控制率:在职4人/编制10人*1%=40%,得5分;", "在职人员控制率", "40%", "0.4%"),
    ("合计＝2,829+3,216=6,054件。", "合计", "6,054件", "6045"),
    ("执行率=12,108,236.50/12,690,480.00×100%=96.41%。", "执行率", "96.41%", "95.41%"),
    ("预算执行率=实际支出482.3万元÷全年预算500万元×100%=96.56%。", "预算执行率", "96.56%", "96.46%"),
])
def test_wrong_results_are_found(text, about, stated, expected):
    [finding] = findings_for(text)
    assert (finding.code, finding.severity) == ("EXPR_MISMATCH", "error")
    assert (finding.about, finding.stated, finding.expected) == (about, stated, expected)


@pytest.mark.parametrize("text", [
    "预算完成率＝(136.73+253.21+13.38-46.84)/(136.73+253.21+13.38)×100%=88.39%，",  # 88.3864 → 88.39
    "预算控制率＝（13.38/253.21）×100%＝5.28%，根据评分标准该项得分3分。",
    "三公经费控制率＝（1.7/1）×100%＝170%,根据公式计算，该项得分0分。",
    "控制率=7/8×100=87.5%。",  # the % only labels the result
    "控制率=(7/8)×100%=87.5，",  # … or only the expression
    "控制率=7/8=87.5%≤100%。",
    "变动率=(1.4-1.5)/1.5×100%=-6.67%。",  # negative result, half up at 2 decimals
    "比例=1/8=0.13。",  # 0.125 half up, not to even
    "执行率=(0/0)×100%=100%。",  # 0/0 is undefined: nothing to compare
    "预算完成率=实际支出/预算数×100%=88%。",  # a formula in words is not a calculation
    "2019年1-6月，共100人。",  # no `=`
    "执行率=12,108,236.50/12,690,480.00×100%=95.41%。",  # amounts in 元 with separators and decimals
])
def test_right_or_uncheckable_calculations_are_not_flagged(text):
    assert findings_for(text) == []


def test_a_false_comparison_alone_is_flagged():
    [finding] = findings_for("控制率=(7/8)×100%=87.5%≦80%，得3分。")
    assert finding.stated == "87.5%"
    assert "不成立" in finding.message and "87.5%≦80%" in finding.message


def test_the_span_covers_the_label_and_the_whole_chain():
    text = "年末实有人数7人,在职人员控制率＝（7/8）×100%=100%≦100%,根据评分标准该项得3分。"
    [finding] = findings_for(text)
    [loc] = finding.locs
    assert loc.quote == "在职人员控制率＝（7/8）×100%=100%≦100%"
    assert text[loc.start:loc.end] == loc.quote


def test_an_expression_broken_over_a_line_is_read_whole():
    written = find_written(normalize("预算完成率=(136.73+253.21)/\n(403.32)×100%=88.39%").text)
    assert len(written) == 1 and written[0].expression.value == Decimal("389.94") / Decimal("403.32")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", REPORT_IDS + [SCORESHEET_ID])
def test_samples_give_exactly_the_gold_expression_errors(form, report_id):
    document = load(sample(form, report_id))
    findings = check_expressions(document)
    expected = gold_errors(report_id, "EXPR_MISMATCH")
    assert len(findings) == len(expected)
    for error in expected:
        span = locate_error(document, error)
        assert any(covers(loc, span) for f in findings for loc in f.locs), error["quote"]
        assert any(f.about == error["about"] for f in findings)
    for tolerated in gold(report_id)["tolerated"]:
        span = locate_error(document, tolerated)
        assert not any(loc.overlaps(span) for f in findings for loc in f.locs), tolerated["about"]


def test_percentage_points_are_percent_units():
    assert findings_for("满意度提高=96%-95%=1个百分点。") == []
    [finding] = findings_for("满意度提高=96%-95%=2个百分点。")
    assert finding.expected == "1%"
