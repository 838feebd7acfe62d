"""The worked review of domain.md §6 (seed 000), figures set by hand: item scores, totals, grade, verdict,
and the §6.4 sensitivity variants."""

from decimal import Decimal as D

import pytest

from core.frameworks import load_framework, with_indicator, with_options
from core.scoring.engine import compute, level_key
from core.scoring.result import Decision

# §6.1, fiscal scope. "无政府采购" and "没有新建楼堂馆所" are zero budget and zero spending (0/0 → na).
VALUES = {
    "staff_quota": D(8),
    "staff_actual": D(7),
    "sangong_budget": D(1),
    "sangong_budget_prev": D(1),
    "sangong_actual": D("1.7"),
    "carryover_prev": D("136.73"),
    "budget_initial": D("253.21"),
    "budget_added": D("13.38"),
    "carryover_end": D("46.84"),
    "public_budget": D("6.4"),
    "public_actual": D("6.4"),
    "procurement_budget": D(0),
    "procurement_actual": D(0),
    "building_area_approved": D(0),
    "building_area_actual": D(0),
    "building_invest_approved": D(0),
    "building_invest_actual": D(0),
    "satisfaction": D(96),
}
# §6.2 claimed column (履职效果 and 满意度 are not scored by the report) and the §1.3 level subtotals.
CLAIMED = {
    k: D(v)
    for k, v in {
        "goal_reasonableness": 3,
        "indicator_clarity": 3,
        "staff_control_rate": 3,
        "sangong_change_rate": 4,
        "budget_completion_rate": 5,
        "budget_control_rate": 3,
        "building_area_control_rate": 5,
        "building_invest_control_rate": 5,
        "public_control_rate": 8,
        "sangong_control_rate": 0,
        "procurement_rate": 6,
        "management_rules": 8,
        "fund_compliance": 6,
        "info_disclosure": 5,
        "key_task_rate": 8,
        "duty_output": 6,
        "投入": 13,
        "过程": 53,
        "产出及效率": 26,
    }.items()
}
REVIEW = {  # §6.2 review column
    "goal_reasonableness": "3.00",
    "indicator_clarity": "3.00",
    "staff_control_rate": "3.00",
    "sangong_change_rate": "4.00",
    "budget_completion_rate": "1.00",
    "budget_control_rate": "4.00",
    "building_area_control_rate": "5.00",
    "building_invest_control_rate": "5.00",
    "public_control_rate": "8.00",
    "sangong_control_rate": "0.00",
    "procurement_rate": "6.00",
    "management_rules": "8.00",
    "fund_compliance": "6.00",
    "info_disclosure": "5.00",
    "key_task_rate": "8.00",
    "duty_output": "6.00",
    "duty_effect": "0.00",
    "satisfaction_rate": "6.00",
}


@pytest.fixture(scope="module")
def framework():
    return load_framework("dept-hunan-county")


def review(fw, decisions=None):
    return compute(fw, VALUES, decisions or {}, CLAIMED, D(92), "优秀")


def test_recomputed_values_of_section_6_2(framework):
    by_id = review(framework).by_id
    assert by_id["budget_completion_rate"].value.quantize(D("0.0001")) == D("88.3864")
    assert by_id["budget_completion_rate"].value.quantize(D("0.01")) == D("88.39")
    assert by_id["budget_control_rate"].value.quantize(D("0.01")) == D("5.28")
    assert by_id["sangong_control_rate"].value == D(170)
    assert by_id["staff_control_rate"].value == D("87.5")
    assert by_id["sangong_change_rate"].value == D(0)
    assert by_id["public_control_rate"].value == D(100)


def test_item_scores_and_statuses(framework):
    result = review(framework)
    assert {r.id: str(r.score) for r in result.indicators} == REVIEW
    status = {r.id: r.status for r in result.indicators}
    assert status["procurement_rate"] == status["building_area_control_rate"] == "not_applicable"
    assert status["management_rules"] == status["key_task_rate"] == status["duty_output"] == "unjudged"
    assert status["duty_effect"] == "needs_input"
    assert status["budget_completion_rate"] == "ok"
    assert result.by_id["budget_completion_rate"].difference == D(-4)
    assert result.by_id["budget_control_rate"].difference == D(1)


def test_explanations_show_the_arithmetic(framework):
    by_id = review(framework).by_id
    assert by_id["staff_control_rate"].explanation == "7 / 8 = 87.5% ≤ 100% → 3 / 3"
    assert "2 档" in by_id["budget_completion_rate"].explanation
    assert by_id["budget_completion_rate"].explanation.endswith("→ 1 / 5")
    assert "(0,10]" in by_id["budget_control_rate"].explanation
    assert by_id["staff_control_rate"].inputs == {"staff_actual": D(7), "staff_quota": D(8)}


def test_subtotals_total_grade_and_verdict(framework):
    totals = review(framework).totals
    levels = {level_key(lv.path): (lv.weight, lv.claimed, lv.reviewed) for lv in totals.levels}
    assert levels["投入"] == (D(13), D(13), D(13))
    assert levels["过程"] == (D(61), D(53), D(48))
    assert levels["过程/预算执行"][2] == D(15)
    assert levels["过程/预算管理"][2] == D(33)
    assert levels["产出及效率"] == (D(26), D(26), D(20))
    assert levels["产出及效率/履职效益"][2] == D(12)
    assert totals.reviewed == D("81.00") and totals.max == D(100)
    assert totals.grade_reviewed == "良"
    assert totals.difference == D(-11)
    assert totals.deviation == {"points": D(-11), "grade_changed": True, "claimed_grade": "优", "verdict": "偏差较大"}
    assert totals.provisional_max == D("87.00")
    assert totals.cap["triggered"] is True and totals.cap["changed"] is False
    assert totals.cap["max_grade"] == "良"


@pytest.mark.parametrize("partial, total, item", [("linear", "80.35", "0.35"), ("ceil", "80.00", "0.00")])
def test_step_partial_variants(framework, partial, total, item):
    result = review(with_options(framework, step_partial=partial))
    assert result.by_id["budget_completion_rate"].score == D(item)
    assert result.totals.reviewed == D(total)
    assert result.totals.grade_reviewed == "良"
    assert result.totals.deviation["verdict"] == "偏差较大"


def test_documented_effect_and_accepted_override(framework):
    effect = {"duty_effect": Decision(level=1)}
    assert review(framework, effect).totals.reviewed == D(87)
    override = {"budget_completion_rate": Decision(manual_score=D(5), manual_value=D(100), comment="结转为建设资金")}
    result = review(framework, override)
    assert result.totals.reviewed == D(85)
    assert result.by_id["budget_completion_rate"].status == "manual"
    both = review(framework, {**effect, **override}).totals
    assert (both.reviewed, both.grade_reviewed, both.deviation["verdict"]) == (D(91), "优", "基本一致")
    assert both.cap["triggered"] is False


def test_cap_limits_a_high_total_when_execution_is_low(framework):
    # Every judged indicator at full marks and 预算完成率 overridden to 5 without a new value: 88.39% < 90.
    decisions = {"budget_completion_rate": Decision(manual_score=D(5)), "duty_effect": Decision(level=1)}
    totals = review(framework, decisions).totals
    assert totals.reviewed == D(91)
    assert totals.grade_reviewed == "良"
    assert totals.cap["changed"] is True and totals.cap["grade_before"] == "优"
    cut = review(with_options(framework, execution_cap={"tiers": [[90, "良"]], "cap_mode": "total"}), decisions)
    assert (cut.totals.reviewed, cut.totals.grade_reviewed) == (D("89.99"), "良")


def test_procurement_excluded_rescale_and_redistribute(framework):
    excluded = with_indicator(framework, "procurement_rate", na_policy="exclude")
    rescaled = review(excluded)
    assert rescaled.by_id["procurement_rate"].score is None
    assert (rescaled.totals.reviewed, rescaled.totals.grade_reviewed) == (D("79.79"), "中")
    assert rescaled.totals.deviation["verdict"] == "偏差较大"
    redistributed = review(with_options(excluded, na_mode="redistribute"))
    scores = {r.id: r.score for r in redistributed.indicators}
    assert [
        scores[k]
        for k in (
            "public_control_rate",
            "sangong_control_rate",
            "management_rules",
            "fund_compliance",
            "info_disclosure",
        )
    ] == [D("9.37"), 0, D("9.37"), D("7.03"), D("5.86")]
    levels = {level_key(lv.path): lv.reviewed for lv in redistributed.totals.levels}
    assert levels["过程/预算管理"] == D("31.63")
    assert (redistributed.totals.reviewed, redistributed.totals.grade_reviewed) == (D("79.63"), "中")


def test_missing_figures_give_needs_input_and_zero(framework):
    values = {k: v for k, v in VALUES.items() if k not in ("staff_quota", "staff_actual")}
    result = compute(framework, values, {}, CLAIMED, D(92), "优秀")
    staff = result.by_id["staff_control_rate"]
    assert (staff.status, staff.score, staff.value) == ("needs_input", D(0), None)
    assert "编制数" in staff.explanation and "在职人数" in staff.explanation
    assert result.totals.reviewed == D(78)
    accepting = compute(with_options(framework, missing_quant_policy="accept_claim"), values, {}, CLAIMED)
    assert accepting.by_id["staff_control_rate"].score == D(3)


def test_stated_value_is_used_when_figures_are_missing(framework):
    values = {k: v for k, v in VALUES.items() if k != "carryover_end"}
    values["budget_completion_rate"] = D("88.39")
    item = compute(framework, values, {}, CLAIMED).by_id["budget_completion_rate"]
    assert (item.status, item.score, item.value) == ("ok", D(1), D("88.39"))
    assert item.explanation.startswith("报告所述值")


def test_decisions_score_judged_indicators(framework):
    decisions = {
        "indicator_clarity": Decision(checked=(True, True, False, False)),
        "fund_compliance": Decision(violations=1),
        "duty_output": Decision(level=2),
        "key_task_rate": Decision(not_applicable=True),
    }
    by_id = review(framework, decisions).by_id
    assert by_id["indicator_clarity"].score == D("1.50")
    assert by_id["fund_compliance"].score == D(5)
    assert by_id["duty_output"].score == D("4.80")
    assert (by_id["key_task_rate"].status, by_id["key_task_rate"].score) == ("not_applicable", None)


def test_compute_is_pure(framework):
    first = review(framework)
    second = review(framework)
    assert [(r.id, r.score, r.explanation) for r in first.indicators] == [
        (r.id, r.score, r.explanation) for r in second.indicators
    ]
    assert first.totals == second.totals


def test_zero_denominators(framework):
    values = {**VALUES, "sangong_budget": D(0), "sangong_budget_prev": D(0), "public_budget": D(0)}
    by_id = compute(framework, values, {}, CLAIMED).by_id
    # 三公 spent without a budget: the indicator says x/0 scores 0.
    sangong = by_id["sangong_control_rate"]
    assert (sangong.status, sangong.score, sangong.value) == ("ok", D(0), None)
    assert "分母为0而分子不为0" in sangong.explanation
    # 0/0 change rate counts as 0% (no increase) → full marks.
    change = by_id["sangong_change_rate"]
    assert (change.status, change.value, change.score) == ("ok", D(0), D(4))
    # Other x/0: the reviewer must check the figures; provisional 0.
    public = by_id["public_control_rate"]
    assert (public.status, public.score) == ("needs_input", D(0))
    assert public.explanation == "6.4 / 0 = 分母为0而分子不为0，需核实；无法核实，暂计0分 → 0 / 8"
    both_zero = compute(framework, {**values, "sangong_actual": D(0)}, {}, CLAIMED).by_id["sangong_control_rate"]
    assert (both_zero.status, both_zero.score) == ("not_applicable", D(8))
