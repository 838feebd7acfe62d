"""Project self-evaluation table (proj-self) with report rows, the execution-rate cap, grade options, and
the J profile of dept-hunan-county with its output/benefit rows (domain.md §2.6, §2.10, §4.4)."""

from decimal import Decimal as D

import pytest

from core.frameworks import Row, load_framework, with_options, with_rows
from core.scoring.engine import compute
from core.scoring.grades import grade, normalize_grade, self_eval_quality, upper_total
from core.scoring.result import Decision

FULL = {"outputs": Decision(level=1), "benefits": Decision(level=1)}


@pytest.fixture(scope="module")
def proj_self():
    return load_framework("proj-self")


def test_kaoping_execution_rate_and_total(proj_self):
    values = {"project_budget": D("45.12"), "project_actual": D("37.2"), "satisfaction": D(95)}
    result = compute(proj_self, values, FULL, {}, D("98.2"), None)
    assert result.by_id["execution_rate"].score == D("8.24")
    assert result.totals.reviewed == D("98.24")
    # 82.45% < 90%: the default cap limits the grade to 良, so the claim (98.2 → 优) deviates by grade.
    assert result.totals.grade_reviewed == "良"
    assert result.totals.deviation["verdict"] == "偏差较大"
    uncapped = compute(with_options(proj_self, execution_cap={"enabled": False}), values, FULL, {}, D("98.2"))
    assert uncapped.totals.grade_reviewed == "优"
    assert uncapped.totals.deviation == {
        "points": D("0.04"),
        "grade_changed": False,
        "claimed_grade": "优",
        "verdict": "基本一致",
    }
    assert uncapped.totals.cap is None


def test_yueyang_cap_to_liang(proj_self):
    values = {"project_budget": D(2000), "project_actual": D("1279.56"), "satisfaction": D(100)}
    totals = compute(proj_self, values, FULL, {}, None, "优").totals
    assert totals.reviewed == D("96.40")
    assert totals.grade_reviewed == "良"
    assert totals.cap["changed"] is True and totals.cap["grade_before"] == "优"
    assert totals.deviation["verdict"] == "偏差较大"


def test_second_cap_tier(proj_self):
    fw = with_options(proj_self, execution_cap={"tiers": [[90, "良"], [60, "中"]]})
    values = {"project_budget": D(100), "project_actual": D(50), "satisfaction": D(100)}
    totals = compute(fw, values, FULL).totals
    assert (totals.reviewed, totals.grade_reviewed, totals.cap["max_grade"]) == (D(95), "中", "中")


def test_execution_rate_exactly_90_is_not_capped_and_missing_rate_notes(proj_self):
    values = {"project_budget": D(100), "project_actual": D(90), "satisfaction": D(100)}
    totals = compute(proj_self, values, FULL).totals
    assert (totals.reviewed, totals.grade_reviewed, totals.cap["triggered"]) == (D(99), "优", False)
    totals = compute(proj_self, {"satisfaction": D(100)}, FULL).totals
    assert totals.cap["value"] is None and totals.cap["note"] == "执行率待补充，暂不设等级上限"
    assert totals.reviewed == D(90) and totals.provisional_max == D(100)


def test_rows_of_a_self_evaluation_table(proj_self):
    rows = [
        Row("应进事项进驻", D(25), D(454), D(310), "positive", "数量指标", "项"),
        Row("窗口进驻单位", D(15), D(26), D(47), "positive", "数量指标", "个"),
        Row("审批时间", D(10), D(7), None, "reverse", "时效指标", "天"),
    ]
    fw = with_rows(proj_self, "outputs", rows)
    values = {"project_budget": D(100), "project_actual": D(100), "satisfaction": D(96)}
    result = compute(fw, values, {"benefits": Decision(level=2)}, {"outputs_3": D(10)})
    by_id = result.by_id
    assert by_id["outputs_1"].score == D("17.07")  # 25 × 310/454
    assert by_id["outputs_1"].explanation == "310项 < 454项（正向指标未达成），25 × 310 / 454 → 17.07 / 25"
    assert by_id["outputs_2"].score == D(15) and "偏离度 80.7692%" in by_id["outputs_2"].explanation
    assert by_id["outputs_2"].note == "偏离度 80.7692%，需说明原因"
    assert by_id["outputs_1"].note is None
    assert (by_id["outputs_3"].status, by_id["outputs_3"].score) == ("needs_input", D(0))
    assert by_id["benefits"].score == D(21)  # 30 × 0.7
    assert result.totals.reviewed == D(10) + D("17.07") + D(15) + D(0) + D(21) + D(10)
    corrected = compute(fw, {**values, "outputs_3_actual": D(5)}, {"benefits": Decision(level=2)})
    assert corrected.by_id["outputs_3"].score == D(10)


def test_hunan_j_profile_with_rows():
    fw = load_framework("dept-hunan-county@J")
    rows = [
        (name, None, D(100), D(100), "positive")
        for name in ("受理办理业务", "发布政府信息", "审批时间", "窗口进驻单位")
    ]
    fw = with_rows(fw, "duty_output", rows)
    claimed = {f"duty_output_{n}": D("2.5") for n in range(1, 5)}
    result = compute(fw, {}, {}, claimed)
    node = next(lv for lv in result.totals.levels if lv.path == ("产出及效率", "履职效益", "履职产出"))
    assert (node.weight, node.reviewed) == (D(10), D(10))
    assert result.by_id["duty_output_1"].path == ("产出及效率", "履职效益", "履职产出", "受理办理业务")
    assert result.by_id["duty_output_1"].claimed_score == D("2.5")


def test_grade_bands_words_and_synonyms(proj_self):
    assert [grade(D(x)) for x in ("90", "89.99", "80", "60", "59.99")] == ["优", "良", "良", "中", "差"]
    assert [normalize_grade(w) for w in ("优秀", "良好", "合格", "中等", "较差", "不合格", "满分")] == [
        "优",
        "良",
        "中",
        "中",
        "差",
        "差",
        None,
    ]
    assert upper_total("良", ((D(90), "优"), (D(80), "良"), (D(60), "中"), (D(0), "差"))) == D("89.99")
    words = with_options(proj_self, grade_words=["优秀", "良好", "中", "差"], execution_cap={"enabled": False})
    values = {"project_budget": D(1), "project_actual": D(1), "satisfaction": D(100)}
    assert compute(words, values, FULL).totals.grade_reviewed == "优秀"


@pytest.mark.parametrize(
    "claimed, claimed_grade, reviewed, reviewed_grade, verdict",
    [
        (D(88), None, D(80), "良", "存在偏差"),
        (D(92), "优", D(82), "良", "偏差较大"),
        (D(85), None, D(95), "优", "偏差较大"),
        (D("89.99"), None, D("79.99"), "中", "偏差较大"),
        (D(90), None, D(95), "优", "基本一致"),
        (D(90), None, D("95.01"), "优", "存在偏差"),
        (D(100), None, D(90), "优", "存在偏差"),
        (None, "优秀", D(81), "良", "偏差较大"),
        (None, "良好", D(81), "良", "基本一致"),
        (None, None, D(81), "良", "自评结果缺失"),
    ],
)
def test_self_evaluation_verdict_boundaries(claimed, claimed_grade, reviewed, reviewed_grade, verdict):
    assert self_eval_quality(claimed, claimed_grade, reviewed, reviewed_grade) == verdict


def test_sangong_change_basis_option_switches_the_formula():
    # seed 001: no previous-year budget, 决算 0.41 → 1.00 (+143.90%).
    fw = load_framework("dept-national")
    values = {"sangong_budget": D(5), "sangong_actual": D(1), "sangong_actual_prev": D("0.41")}
    default = compute(fw, values).by_id["sangong_change_rate"]
    assert (default.status, default.score) == ("needs_input", D(0))
    actual = compute(with_options(fw, sangong_change_basis="actual"), values).by_id["sangong_change_rate"]
    assert actual.value.quantize(D("0.01")) == D("143.90")
    assert (actual.status, actual.score) == ("ok", D(0))
    assert actual.inputs == {"sangong_actual": D(1), "sangong_actual_prev": D("0.41")}


@pytest.mark.parametrize("fid", ["dept-national", "dept-hunan-county", "dept-hunan-county@J", "proj-eval", "proj-self"])
def test_without_inputs_everything_is_open_and_could_reach_100(fid):
    totals = compute(load_framework(fid), {}).totals
    assert totals.reviewed == 0
    assert totals.provisional_max == 100
    # cli.md: below half the weight settled there is no grade and no deviation verdict.
    assert (totals.status, totals.grade_reviewed, totals.deviation) == ("undetermined", None, None)
    assert (totals.provisional_min, totals.provisional_max) == (0, 100)
    statuses = {r.status for r in compute(load_framework(fid), {}).indicators}
    assert statuses == {"needs_input"}


def test_redistribute_moves_up_when_a_whole_level_is_excluded(proj_self):
    values = {"project_budget": D(100), "project_actual": D(100)}
    decisions = {**FULL, "satisfaction_rate": Decision(not_applicable=True), "benefits": Decision(level=2)}
    rescaled = compute(proj_self, values, decisions).totals
    assert rescaled.reviewed == D("90.00")  # (10 + 50 + 21) / 90 × 100
    spread = compute(with_options(proj_self, na_mode="redistribute"), values, decisions)
    scores = {r.id: r.score for r in spread.indicators}
    assert [scores["execution_rate"], scores["outputs"], scores["benefits"]] == [D("11.11"), D("55.56"), D("23.33")]
    assert spread.totals.reviewed == D("90.00")
    assert [lv.path for lv in spread.totals.levels] == [("预算执行率",), ("产出指标",), ("效益指标",)]
