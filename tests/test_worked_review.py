"""domain.md §6, end to end: the baojing report in each form analysed with no hand-set figure."""

import pytest

from conftest import FORMS, sample
from core.analysis import open_report, to_json

# §6.2: reviewed score per indicator under dept-hunan-county, profile B
REVIEWED = {
    "staff_control_rate": 3, "sangong_change_rate": 4, "budget_completion_rate": 1, "budget_control_rate": 4,
    "building_area_control_rate": 5, "building_invest_control_rate": 5, "public_control_rate": 8,
    "sangong_control_rate": 0, "procurement_rate": 6, "duty_effect": 0, "satisfaction_rate": 6,
}


@pytest.fixture(scope="module", params=FORMS)
def analysis(request):
    return to_json(open_report(sample(request.param, "baojing-2019-dept")))


def test_every_quantitative_indicator_scores_as_the_worked_review(analysis):
    scores = {i["id"]: i["score"] for i in analysis["indicators"]}
    assert {key: scores[key] for key in REVIEWED} == REVIEWED
    statuses = {i["id"]: i["status"] for i in analysis["indicators"]}
    assert statuses["procurement_rate"] == statuses["building_area_control_rate"] == "not_applicable"


def test_total_grade_and_verdict(analysis):
    totals = analysis["totals"]
    assert analysis["framework"]["id"] == "dept-hunan-county"
    assert (totals["claimed"], totals["reviewed"], totals["difference"]) == (92, 81, -11)
    assert (totals["grade_claimed"], totals["grade_reviewed"]) == ("优秀", "良")
    assert totals["deviation"]["verdict"] == "偏差较大"
    levels = {tuple(level["path"]): level["reviewed"] for level in totals["levels"]}
    assert (levels[("投入",)], levels[("过程",)], levels[("产出及效率",)]) == (13, 48, 20)


def test_findings_of_the_worked_review_are_reported(analysis):
    found = {(f["code"], f["about"]) for f in analysis["findings"]}
    for expected in [("RULE_MISMATCH", "预算完成率"), ("RULE_MISMATCH", "预算控制率"),
                     ("SUBTOTAL_MISMATCH", "过程"), ("SUBTOTAL_MISMATCH", "产出及效率"),
                     ("EXPR_MISMATCH", "在职人员控制率"), ("PARTS_SUM", "三公经费实际支出")]:
        assert expected in found
    rules = {f["about"] for f in analysis["findings"] if f["code"] == "RULE_MISMATCH"}
    assert rules == {"预算完成率", "预算控制率"}  # not-applicable indicators are not misjudged
