"""The 自评表's own arithmetic (forms.md R1–R11) on tables built by hand: each rule's code, severity,
numbers and cells, and the tolerances of forms.md §4."""

from decimal import Decimal

from core.checks.forms import check_form
from core.forms.model import Value
from tests.form_tables import WEIGHTS_NOTE, funds, level_weight, loc, project_table, row, value


def _errors(form):
    return [f for f in check_form(form) if f.severity == "error"]


def _quotes(finding):
    return [loc.quote for loc in finding.locs]


def _only(form, code):
    found = [f for f in check_form(form) if f.code == code]
    assert len(found) == 1, found
    return found[0]


def test_a_clean_table_raises_nothing():
    assert check_form(project_table()) == []


def test_r10_a_total_row_of_zeros_above_its_parts():
    form = project_table()
    form.funds[0] = funds("年度资金总额", "total", budget_start="0", budget="0", executed="0", weight="10",
                          rate="", score="10")
    found = [f for f in check_form(form) if f.code == "PARTS_SUM"]
    columns = ("年初预算数", "全年预算数", "全年执行数")
    assert [f.about for f in found] == [f"年度资金总额（{column}）" for column in columns]
    assert all(f.severity == "error" and f.stated == "0万元" for f in found)
    assert found[2].expected.startswith("836万元") and _quotes(found[2]) == ["0", "760", "76"]


def test_r10_hunan_halves_each_make_up_the_total():
    form = project_table()
    form.funds = [
        funds("年度资金总额", "total", budget="100", executed="90"),
        funds("一般公共预算", group="按收入性质分", budget="60", executed="50"),
        funds("其他资金", group="按收入性质分", budget="40", executed="40"),
        funds("基本支出", group="按支出性质分", budget="70", executed="60"),
        funds("项目支出", group="按支出性质分", budget="20", executed="30"),
    ]
    finding = _only(form, "PARTS_SUM")
    assert finding.about == "年度资金总额（全年预算数）" and finding.expected.startswith("90万元")


def test_r10_rounding_of_printed_amounts_is_tolerated():
    form = project_table()
    form.funds[1] = funds("本年财政拨款", budget_start="800.01", budget="800", executed="760")
    assert check_form(form) == []


def test_r1_a_printed_rate_the_row_contradicts():
    form = project_table()
    form.funds[0].cells["rate"] = value("100%")
    finding = _only(form, "FIGURE_CONFLICT")
    assert finding.severity == "error" and finding.expected.startswith("95%")
    assert _quotes(finding) == ["100%", "836", "880"]


def test_r1_an_indicator_row_restating_the_execution_rate():
    form = project_table()
    form.indicators[0] = row("产出指标/数量指标/预算执行率", target="100%", actual="100%", weight="20", score="20")
    finding = _only(form, "FIGURE_CONFLICT")
    assert finding.about == "预算执行率" and finding.expected.startswith("95%") and _quotes(finding)[0] == "100%"
    form.indicators[0].cells["actual"] = value("95.0%")
    assert not [f for f in check_form(form) if f.code == "FIGURE_CONFLICT"]


def test_r1_printed_precision_is_tolerated():
    form = project_table()
    form.funds[0] = funds("年度资金总额", "total", budget="43.2", executed="37.24", weight="10", rate="86%",
                          score="9")
    form.funds[1:] = []
    assert not [f for f in check_form(form) if f.code in ("FIGURE_CONFLICT", "RULE_MISMATCH")]  # 86.2% → 86%,
    # 8.62 → 9
    form.funds[0].cells["executed"] = value("37.26")  # 86.25 %
    form.funds[0].cells["rate"] = value("86.2%")  # cut off, not rounded (86.3): within the last digit
    assert not [f for f in check_form(form) if f.code == "FIGURE_CONFLICT"]
    form.funds[0].cells["rate"] = value("86.1%")
    assert _only(form, "FIGURE_CONFLICT").expected.startswith("86.25%")


def test_r2_execution_score_is_rate_times_weight():
    form = project_table(total_score=value("100"))
    form.funds[0].cells["score"] = value("10")  # 9.5 printed as a whole point: rounding only
    assert check_form(form) == []
    form.funds[0].cells["score"] = value("8")
    form.total_score = value("98")
    finding = _only(form, "RULE_MISMATCH")
    assert finding.severity == "warning" and finding.expected == "9.5分" and finding.about == "预算执行率"


def test_r2_is_not_judged_against_a_weight_in_doubt():
    form = project_table()
    form.funds[0].cells["weight"] = value("17")  # Σ分值 107: the weight is wrong, not the score
    assert [f.code for f in check_form(form)] == ["WEIGHT_SUM"]


def test_r2_is_an_error_where_the_heading_states_the_rule():
    form = project_table(total_score=value("98.5"))
    form.funds[0].cells["weight"] = Value("10", loc("得分(10分*执行率)"), Decimal(10))  # read from the heading
    form.funds[0].cells["score"] = value("8")
    assert _only(form, "RULE_MISMATCH").severity == "error"


def test_a_funds_row_carrying_the_table_total_is_not_an_execution_score():
    form = project_table(complete=False, total_weight=None, total_score=None, grade=None)
    form.funds[0].cells["weight"] = value("100")
    form.funds[0].cells["score"] = value("98")
    assert _errors(form) == []


def test_r3_score_above_weight():
    form = project_table()
    form.indicators[1].cells["score"] = value("16")
    finding = _only(form, "SCORE_OVER_WEIGHT")
    assert finding.about == "工程质量合格率" and _quotes(finding) == ["16", "15"]
    # the 总分 99.5 holds with that score at its 分值: no second finding about the same excess
    assert [f.code for f in check_form(form)] == ["SCORE_OVER_WEIGHT"]


def test_r4_weights_not_adding_to_the_total():
    form = project_table()
    form.indicators[2].cells["weight"] = value("18")
    finding = _only(form, "WEIGHT_SUM")
    assert finding.severity == "error" and finding.stated == "103分" and finding.expected == "100分"
    assert "18" in _quotes(finding)


def test_r4_rows_without_weights_leave_the_sum_open():
    form = project_table()
    form.funds[0].cells["weight"] = value("20")  # 得分(20分*执行率): the indicators are weighted elsewhere
    for r in form.indicators:
        r.cells.pop("weight", None)
    assert not [f for f in check_form(form) if f.code == "WEIGHT_SUM"]


def test_r4_an_incomplete_table_says_so_instead():
    form = project_table(complete=False)
    form.indicators[2].cells["weight"] = value("12")  # 97: the missing rows may make up the rest
    form.indicators[2].cells["score"] = value("12")
    found = check_form(form)
    assert [(f.code, f.severity) for f in found if f.about == "自评表"] == [("MISSING_DETAIL", "info")]
    assert not [f for f in found if f.severity == "error"]


def test_an_excess_is_proven_even_on_an_incomplete_table():
    form = project_table(complete=False, level_weights=[level_weight("满意度指标", "10")])
    form.indicators[0].cells["weight"] = value("30")  # 110 already, with rows possibly missing
    form.indicators[-1].cells["weight"] = value("12")  # the last level, possibly cut, already above its 10
    found = {f.about: f for f in check_form(form) if f.code == "WEIGHT_SUM"}
    assert found["满意度指标"].severity == "error" and found["满意度指标"].expected == "12分"
    form.level_weights = []
    form.indicators[-1].cells["weight"] = value("10")
    assert _only(form, "WEIGHT_SUM").stated == "110分"


def test_r5_level_cell_weight_against_its_rows():
    form = project_table(level_weights=[level_weight("产出指标", "50")])
    form.indicators[0].cells["weight"] = value("25")
    found = [f for f in check_form(form) if f.code == "WEIGHT_SUM"]
    assert len(found) == 1  # the level explains the wrong sum: one finding
    # … and the row's score is not judged again against a weight in doubt (R8, R9)
    assert [f.code for f in check_form(form)] == ["WEIGHT_SUM"]
    assert found[0].about == "产出指标" and found[0].expected == "55分" and "25" in _quotes(found[0])


def test_r5_principle_split_is_a_warning_and_a_note_makes_it_an_error():
    form = project_table()
    form.indicators[0].cells["weight"] = value("25")
    form.indicators[3].cells["weight"] = value("15")
    finding = next(f for f in check_form(form) if f.code == "WEIGHT_SUM" and f.about == "产出指标")
    assert finding.severity == "warning" and finding.expected == "50分"
    form.notes = [value(WEIGHTS_NOTE)]
    finding = next(f for f in check_form(form) if f.code == "WEIGHT_SUM" and f.about == "产出指标")
    assert finding.severity == "error"


def test_r5_a_note_fixing_the_execution_weight():
    form = project_table(notes=[value(WEIGHTS_NOTE)])
    form.funds[0].cells["weight"] = value("20")
    form.indicators[0].cells["weight"] = value("10")
    form.indicators[0].cells["score"] = value("10")
    form.funds[0].cells["score"] = value("19")
    found = [f for f in check_form(form) if f.code == "WEIGHT_SUM"]
    assert [(f.about, f.severity, f.expected) for f in found] == [
        ("产出指标", "error", "50分"), ("预算执行率", "error", "10分")]


def test_r6_total_against_the_sum_of_scores():
    form = project_table(total_score=value("100"), grade=value("优"))
    finding = _only(form, "SUBTOTAL_MISMATCH")
    assert finding.stated == "100分" and finding.expected == "99.5分" and _quotes(finding)[0] == "100"


def test_r6_total_above_what_the_rows_can_reach():
    form = project_table(total_score=value("100"))
    del form.indicators[0].cells["score"]
    form.indicators[1].cells["score"] = value("10")
    finding = _only(form, "SUBTOTAL_MISMATCH")
    assert finding.expected == "≤94.5分"


def test_r6_not_applicable_rows_rescale():
    form = project_table(total_score=value("99.5"))
    form.indicators[5] = row("效益指标/可持续影响指标/工程良性运行", na=True, target="/", actual="/", weight="10")
    form.total_score = value("99.44")  # Σ 89.5 over the 90 applicable points, rescaled to 100
    assert not [f for f in check_form(form) if f.code == "SUBTOTAL_MISMATCH"]


def test_r7_grade_against_total():
    form = project_table(grade=value("良"))
    finding = _only(form, "GRADE_MISMATCH")
    assert finding.expected.startswith("优") and _quotes(finding) == ["良", "99.5"]


def test_r7_grade_against_the_sum_of_a_whole_table_without_a_total():
    form = project_table(total_score=None, grade=value("良"))
    finding = _only(form, "GRADE_MISMATCH")
    assert finding.stated == "99.5分，良" and "各项得分合计" in finding.message


def test_r1_a_rate_over_the_initial_budget_is_another_base():
    form = project_table()
    form.funds[0].cells["budget_start"] = value("836")
    form.funds[1].cells["budget_start"] = value("760")
    form.funds[2].cells["budget_start"] = value("76")
    form.funds[0].cells["rate"] = value("100%")  # 836 / 836 (年初预算数)
    assert not [f for f in check_form(form) if f.code == "FIGURE_CONFLICT"]


def test_r9_met_with_reduced_score_and_missed_with_full_marks():
    form = project_table(total_score=value("97.5"))
    form.indicators[2].cells["score"] = value("13")
    form.indicators[2].cells["reason"] = value("考核扣分")
    finding = _only(form, "RULE_MISMATCH")
    assert finding.severity == "warning" and finding.about == "完成及时率" and finding.expected == "15分"
    form = project_table()
    form.indicators[2].cells["actual"] = value("80%")
    finding = _only(form, "RULE_MISMATCH")
    assert finding.expected == "13.33分" and _quotes(finding) == ["15", "80%", "≥90%"]


def test_r9_qualitative_tiers_and_reverse_targets():
    form = project_table(total_score=value("93.5"))
    form.indicators[3].cells["actual"] = value("部分达成")
    form.indicators[3].cells["score"] = value("14")
    form.indicators[3].cells["reason"] = value("部分项目延期")
    assert check_form(form) == []
    form.indicators[3].cells["score"] = value("20")
    form.total_score = value("99.5")
    assert _only(form, "RULE_MISMATCH").expected == "12–16分"
    form = project_table()
    form.indicators[5].cells["actual"] = value("4次")
    assert _only(form, "RULE_MISMATCH").expected == "7.5分"  # ≤3 missed with 4: 10 × 3/4


def test_r11_a_not_applicable_row_with_a_score():
    form = project_table()
    form.indicators[4].cells["score"] = value("5")
    assert _only(form, "RULE_MISMATCH").about == "生态改善"


def test_r8_missing_reason_where_the_row_falls_short():
    form = project_table(total_score=value("97.5"))
    form.indicators[2].cells["score"] = value("13")
    assert not [f for f in check_form(form) if f.code == "MISSING_DETAIL"]  # no row writes reasons: no column?
    form.indicators[5].cells["reason"] = value("按期完成")
    finding = _only(form, "MISSING_DETAIL")
    assert finding.severity == "warning" and finding.about == "完成及时率"


def test_doubtful_cells_raise_nothing():
    form = project_table()
    form.indicators[0].cells["actual"] = value("月均3万余件")  # unit differs from 个: not comparable
    form.indicators[1].cells["target"] = value("9月前")
    assert check_form(form) == []


def test_a_copy_that_lost_its_level_cells_is_not_held_to_the_block_weights():
    form = project_table(notes=[value(WEIGHTS_NOTE)])
    for r in form.indicators:
        r.path = r.path[1:]  # 社会效益指标/保护人口: the 一级 cell did not survive the copy
    assert check_form(form) == []


def test_on_copied_text_a_short_sum_is_a_warning_and_an_excess_an_error():
    form = project_table(source="text", total_score=value("100"))
    form.indicators[2].cells["weight"] = value("12")  # Σ 97: the copy may have lost a row
    form.indicators[2].cells["score"] = value("12")
    found = {f.code: f.severity for f in check_form(form)}
    assert found == {"WEIGHT_SUM": "warning", "SUBTOTAL_MISMATCH": "warning"}
    form.indicators[2].cells["weight"] = value("18")  # Σ 103: no lost row explains an excess
    form.indicators[2].cells["score"] = value("15")
    form.total_score = value("99.5")
    assert {f.code: f.severity for f in check_form(form)} == {"WEIGHT_SUM": "error"}
