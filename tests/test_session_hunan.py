"""The session over the real dept-hunan-county framework (profile B) with the worked review of
domain.md §6 entered by hand: figures, not-applicable decisions and the external-assessment score."""

from decimal import Decimal as D

import pytest

from core.extraction.model import Claim, Extraction, Loc, Meta
from core.frameworks import load_framework
from core.review.session import ReviewSession
from review_helpers import make_document

# domain.md §6.1, fiscal scope where a figure has two
FIGURES = {
    "staff_quota": "8", "staff_actual": "7", "sangong_budget": "1", "sangong_budget_prev": "1",
    "sangong_actual": "1.7", "carryover_prev": "136.73", "budget_initial": "253.21", "budget_added": "13.38",
    "carryover_end": "46.84", "public_budget": "6.4", "public_actual": "6.4", "satisfaction": "96",
}
# domain.md §6.2: claimed score per indicator as the report writes it
CLAIMED = {
    "goal_reasonableness": 3, "indicator_clarity": 3, "staff_control_rate": 3, "sangong_change_rate": 4,
    "budget_completion_rate": 5, "budget_control_rate": 3, "building_area_control_rate": 5,
    "building_invest_control_rate": 5, "public_control_rate": 8, "sangong_control_rate": 0,
    "procurement_rate": 6, "management_rules": 8, "fund_compliance": 6, "info_disclosure": 5,
    "key_task_rate": 8, "duty_output": 6,
}


@pytest.fixture(scope="module")
def framework():
    return load_framework("dept-hunan-county")


@pytest.fixture
def session(framework):
    claims = [Claim(f"c{i}", list(framework.indicator(ind).path), framework.indicator(ind).weight, D(score),
                    None, Loc(0, 1, None, "某"), indicator=ind)
              for i, (ind, score) in enumerate(CLAIMED.items(), 1)]
    extraction = Extraction(Meta(unit="某政务服务中心", year=2019, claimed_total=D(92), claimed_grade="优秀"),
                            claims, [])
    s = ReviewSession(make_document(), extraction, framework)
    for var, value in FIGURES.items():
        s.set_value(var, D(value))
    for ind in ("building_area_control_rate", "building_invest_control_rate", "procurement_rate"):
        s.set_not_applicable(ind, True)
    s.set_manual_score("key_task_rate", D(8))  # converted from the external 绩效办 assessment
    return s


def levels(result):
    return {lv.path: lv.reviewed for lv in result.totals.levels}


def test_worked_review_totals(session):
    staff = session.result.by_id["staff_control_rate"]
    assert (staff.value, staff.score) == (D("87.5"), D(3))
    assert session.result.by_id["budget_completion_rate"].score == D(1)
    assert session.result.by_id["budget_control_rate"].score == D(4)
    lv = levels(session.result)
    assert (lv[("投入",)], lv[("过程",)], lv[("产出及效率",)]) == (D(13), D(48), D(20))
    assert session.result.totals.reviewed == D(81)
    assert session.result.totals.grade_reviewed in ("良", "良好")
    assert session.value("staff_actual").origin == "entered"


def test_staff_change_updates_indicator_levels_total_and_grade(session):
    before = session.result
    change = session.set_value("staff_actual", D(9))
    assert change.label == "修改 在职人数: 7 → 9"
    assert change.indicators == {"staff_control_rate"}
    assert change.levels == {("投入",), ("投入", "预算配置")}
    assert change.totals
    staff = session.result.by_id["staff_control_rate"]
    assert (staff.value, staff.score) == (D("112.5"), D(0))  # 3 − 12.5 × 0.3 < 0 → 0
    lv = levels(session.result)
    assert (lv[("投入", "预算配置")], lv[("投入",)]) == (D(4), D(10))
    assert session.result.totals.reviewed == D(78)
    assert session.result.totals.grade_reviewed in ("中", "中等")
    after = session.result
    session.undo()
    assert session.result == before
    session.redo()
    assert session.result == after


def test_qualitative_level_label_and_undo(session):
    before = session.result
    change = session.set_checked("indicator_clarity", (True, True, False, False))
    assert change.label == "设置 绩效指标明确性 评分要点: ✓✓✗✗"
    assert session.result.by_id["indicator_clarity"].score == D("1.5")
    assert session.result.totals.reviewed == D("79.5")
    session.undo()
    assert session.result == before


def test_violations_of_a_deducting_checklist(session):
    change = session.set_violations("fund_compliance", 2)
    assert change.label == "设置 资金使用合规性 不符合例数: 2"
    assert session.result.by_id["fund_compliance"].score == D(4)  # 6 − 2 × 1
    assert change.indicators == {"fund_compliance"} and ("过程", "预算管理") in change.levels


@pytest.mark.parametrize("form", ["txt", "docx", "pdf"])
def test_sample_report_with_figures_set_by_hand(form):
    from conftest import sample
    from core.analysis import open_report

    session = open_report(sample(form, "baojing-2019-dept"), template="dept-hunan-county", sets=FIGURES)
    staff = session.result.by_id["staff_control_rate"]
    assert (staff.value, staff.score) == (D("87.5"), D(3))
    before = session.result
    change = session.set_value("staff_actual", D(9))
    assert change.indicators == {"staff_control_rate"} and change.totals
    after = session.result
    assert after.by_id["staff_control_rate"].score == D(0)
    assert levels(after)[("投入",)] == levels(before)[("投入",)] - 3
    assert after.totals.reviewed == before.totals.reviewed - 3
    session.undo()
    assert session.result == before
    session.redo()
    assert session.result == after
