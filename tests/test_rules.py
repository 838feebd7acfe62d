"""Each rule of domain.md §2 on its worked cases and at its boundaries."""

from decimal import Decimal as D

import pytest

from core.rulebook.params import RuleParamError, prepare
from core.scoring.result import Decision
from core.scoring.rules import RULES

HUNAN_BANDS = [["[0,0]", 1], ["(0,10]", 0.8], ["(10,20]", 0.6], ["(20,30]", 0.4], ["(30,inf)", 0]]


def score(rule, x, w, options=None, **params):
    prepared = prepare(rule, params, D(w), options or {})
    return RULES[rule](x, D(w), prepared)


def rate(numerator, denominator):
    return D(numerator) / D(denominator) * 100


# §2.1 threshold
@pytest.mark.parametrize(
    "value, expected",
    [
        (rate(4, 10), "5.00"),  # seed 002-3: 40% ≤ 100
        (rate(11, 10), "0.00"),  # seed 002-2: 110% > 100
        (D(100), "5.00"),  # exactly at the threshold
        (D("100.01"), "0.00"),  # over by 0.01
    ],
)
def test_threshold(value, expected):
    assert score("threshold", value, 5, target=100, op="<=").score == D(expected)


def test_threshold_else_fraction_and_explanation():
    result = score("threshold", D(120), 4, target=100, op="<=", else_fraction=0.5)
    assert result.score == D(2)
    assert result.explanation == "120% 不满足“≤ 100%” → 2 / 4"


# §2.2 deduct_per_point
def test_deduct_per_point_seed_000_sangong():
    result = score("deduct_per_point", D(170), 8, target=100, side="over", k=0.8)
    assert result.score == D(0)
    assert result.explanation == "170% 超过 100% 70 个百分点，扣 0.8 × 70 = 56 → 0 / 8"


def test_deduct_per_point_carryover_form_seed_001():
    value = D("561.94") / D("613.53") * 100
    assert score("deduct_per_point", value, 4, target=100, side="under", k=0.4).score == D("0.64")


@pytest.mark.parametrize(
    "value, expected",
    [
        (D("94.99"), "5.99"),
        (D(90), "3.00"),
        (D(120), "0.00"),
        (D(95), "6.00"),
        (D(105), "6.00"),
    ],
)
def test_deduct_per_point_dead_zone(value, expected):
    assert score("deduct_per_point", value, 6, target=100, side="both", k="w/10", dead_zone=5).score == D(expected)


def test_deduct_per_point_at_and_just_over_target():
    assert score("deduct_per_point", D(100), 3, target=100, side="over", k="w/10").score == D(3)
    assert score("deduct_per_point", D("100.01"), 3, target=100, side="over", k="w/10").score == D("3.00")
    assert score("deduct_per_point", D("100.05"), 3, target=100, side="over", k="w/10").score == D("2.99")
    assert score("deduct_per_point", D(110), 3, target=100, side="over", k="w/10").score == D(0)


# §2.3 deduct_per_step
BAOJING_RATE = D("356.48") / D("403.32") * 100
WUGANG_RATE = D("561.94") / D("613.53") * 100


@pytest.mark.parametrize(
    "value, partial, expected",
    [
        (BAOJING_RATE, "floor", "1.00"),
        (BAOJING_RATE, "ceil", "0.00"),
        (BAOJING_RATE, "linear", "0.35"),
        (WUGANG_RATE, "floor", "3.00"),
        (WUGANG_RATE, "ceil", "1.00"),
        (WUGANG_RATE, "linear", "1.64"),
        (D("95.01"), "floor", "5.00"),
        (D("95.01"), "ceil", "3.00"),  # gap 4.99
        (D(95), "floor", "3.00"),
        (D(95), "ceil", "3.00"),  # gap exactly one step
        (D(100), "ceil", "5.00"),
    ],
)
def test_deduct_per_step(value, partial, expected):
    result = score("deduct_per_step", value, 5, target=100, side="under", step=5, d=2, partial=partial)
    assert result.score == D(expected)


def test_deduct_per_step_partial_defaults_to_framework_option():
    params = {"target": 100, "side": "under", "step": 5, "d": 2}
    assert score("deduct_per_step", BAOJING_RATE, 5, **params).score == D(1)
    assert score("deduct_per_step", BAOJING_RATE, 5, {"step_partial": "linear"}, **params).score == D("0.35")


def test_deduct_per_step_explanation_counts_steps():
    result = score("deduct_per_step", BAOJING_RATE, 5, target=100, side="under", step=5, d=2)
    assert result.explanation == (
        "88.3864% 低于 100% 11.6136 个百分点，每 5 个百分点扣 2 分，按完整档计 2 档，扣 4 → 1 / 5"
    )


# §2.4 bands
@pytest.mark.parametrize(
    "value, expected",
    [
        (D("13.38") / D("253.21") * 100, "4.00"),  # seed 000: 5.2842%
        (D("267.62") / D("280.48") * 100, "0.00"),  # seed 001: 95.415%
        (D(0), "5.00"),
        (D(10), "4.00"),
        (D("10.004"), "3.00"),
        (D(30), "2.00"),
        (D("30.01"), "0.00"),
    ],
)
def test_bands_hunan_budget_control(value, expected):
    assert score("bands", value, 5, bands=HUNAN_BANDS).score == D(expected)


def test_bands_below_first_band_needs_input():
    result = score("bands", D(-1), 5, bands=HUNAN_BANDS)
    assert result.score is None
    assert "不在任何评分区间" in result.explanation


@pytest.mark.parametrize(
    "table, problem",
    [
        ([["[0,10]", 1], ["[10,inf)", 0]], "缺口或重叠"),
        ([["[0,10)", 1], ["(10,inf)", 0]], "缺口或重叠"),
        ([["[0,10]", 1], ["(10,20]", 0]], "inf"),
        ([["[0,10]", 1.5], ["(10,inf)", 0]], "0到1"),
        ([["0-10", 1]], "格式"),
    ],
)
def test_bands_validation(table, problem):
    with pytest.raises(RuleParamError) as err:
        prepare("bands", {"bands": table}, D(5), {})
    assert any(problem in p for p in err.value.problems)


# §2.5 proportional
@pytest.mark.parametrize(
    "value, expected",
    [
        (D("37.2") / D("45.12") * 100, "8.24"),  # seed 002-1 (rate rounded first would give 8.25)
        (D("1279.56") / D(2000) * 100, "6.40"),  # seed 002-5
        (D(100), "10.00"),
        (D("100.01"), "10.00"),
        (D(0), "0.00"),
    ],
)
def test_proportional(value, expected):
    assert score("proportional", value, 10).score == D(expected)


def test_proportional_zero_below():
    assert score("proportional", D(59), 10, zero_below=60).score == D(0)
    assert score("proportional", D(60), 10, zero_below=60).score == D(6)


# §2.6 target
@pytest.mark.parametrize(
    "actual, target, direction, w, expected",
    [
        (D(310), D(454), "positive", 10, "6.83"),
        (D(100), D(100), "positive", 10, "10.00"),
        (D("1.7"), D(1), "reverse", 10, "5.88"),
        (D("37.2"), D("45.12"), "reverse", 8, "8.00"),
        (D(5), D(0), "positive", 4, "4.00"),
        (D(0), D(0), "reverse", 4, "4.00"),
        (D(1), D(0), "reverse", 4, "0.00"),
        (D(90), D(100), "exact", 10, "9.00"),
        (D(110), D(100), "exact", 10, "9.09"),
    ],
)
def test_target(actual, target, direction, w, expected):
    assert score("target", actual, w, direction=direction, target=target).score == D(expected)


def test_target_over_achievement_note_and_deduct():
    noted = score("target", D(47), "2.5", direction="positive", target=26, unit="个")
    assert noted.score == D("2.5")
    assert noted.note == "偏离度 80.7692%，需说明原因"
    cut = score("target", D(47), "2.5", direction="positive", target=26, over_policy="deduct")
    assert cut.score == D("2.00")
    within = score("target", D("37.2"), 8, direction="reverse", target="45.12")
    assert within.note is None


def test_target_without_target_needs_input():
    assert score("target", D(3), "2.5", direction="positive").score is None


# §2.7 qualitative
def test_qualitative_four_levels():
    assert score("qualitative", Decision(level=2), 10, scale="qual4").score == D(8)
    assert score("qualitative", Decision(level=1), 8, scale="qual4").score == D(8)
    assert score("qualitative", Decision(level=4), 8, scale="qual4").score == D(0)
    result = score("qualitative", Decision(level=2), 10, scale="qual4")
    assert result.explanation == "评定为“较好”，10 × 0.8 → 8 / 10"


def test_qualitative_three_tiers_and_five_levels():
    assert score("qualitative", Decision(level=2), "2.5", scale="qual3").score == D("1.75")
    five = {"qual4_fractions": [1, 0.8, 0.6, 0.4, 0]}
    assert score("qualitative", Decision(level=4), 5, five, scale="qual4").score == D(2)


def test_qualitative_without_level_or_with_bad_level():
    assert score("qualitative", None, 10, scale="qual4").score is None
    assert score("qualitative", Decision(level=9), 10, scale="qual4").score is None


def test_qual3_default_outside_its_range_is_rejected():
    with pytest.raises(RuleParamError):
        prepare("qualitative", {"scale": "qual3"}, D(10), {"qual3_defaults": [1, "0.8", "0.3"]})


# §2.8 checklist
FOUR = [["a", 0.75], ["b", 0.75], ["c", 0.75], ["d", 0.75]]


def test_checklist_award():
    assert score("checklist", Decision(checked=(True,) * 4), 3, items=FOUR).score == D(3)
    partial = score("checklist", Decision(checked=(True, True, False, False)), 3, items=FOUR)
    assert partial.score == D("1.50")
    assert partial.explanation == "满足 2/4 项要点（①②），合计 1.5 → 1.5 / 3"
    assert score("checklist", Decision(checked=(False,) * 4), 3, items=FOUR).score == D(0)
    assert score("checklist", None, 3, items=FOUR).score is None


def test_checklist_points_must_sum_to_weight():
    with pytest.raises(RuleParamError) as err:
        prepare("checklist", {"items": FOUR}, D(4), {})
    assert err.value.problems == ["要点分值合计 3 不等于指标分值 4"]


def test_checklist_weight_relative_points():
    items = [["a", "0.4*w"], ["b", "0.4*w"], ["c", "0.2*w"]]
    assert score("checklist", Decision(checked=(True, False, True)), 10, items=items).score == D(6)


@pytest.mark.parametrize("violations, w, expected", [(1, 3, "2.00"), (1, 6, "5.00"), (0, 3, "3.00"), (4, 3, "0.00")])
def test_checklist_deduct(violations, w, expected):
    result = score("checklist", Decision(violations=violations), w, mode="deduct", per_violation=1)
    assert result.score == D(expected)


def test_checklist_deduct_unknown_violations():
    assert score("checklist", Decision(), 3, mode="deduct", per_violation=1).score is None


# §2.9 manual
def test_manual_clamped_and_explained():
    result = score("manual", Decision(manual_score=D(8), comment="按绩效办考核结果折算"), 8)
    assert result.score == D(8)
    assert result.explanation == "复核人录入（按绩效办考核结果折算） → 8 / 8"
    assert score("manual", Decision(manual_score=D(12)), 8).score == D(8)
    assert score("manual", Decision(manual_score=D(-1)), 8).score == D(0)
    assert score("manual", None, 8).score is None


# parameter checking
def test_unknown_rule_and_bad_params_are_listed():
    with pytest.raises(RuleParamError) as err:
        prepare("magic", {}, D(5), {})
    assert "未知的规则类型" in err.value.problems[0]
    with pytest.raises(RuleParamError) as err:
        prepare("deduct_per_point", {"target": "abc", "side": "left"}, D(5), {})
    assert len(err.value.problems) == 3  # target not a number, k missing, side invalid


def test_weight_relative_parameter():
    assert prepare("deduct_per_point", {"target": 100, "k": "w/10"}, D(8), {})["k"] == D("0.8")
