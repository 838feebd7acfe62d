"""Statements that an activity did not happen → zero figures (qualifier 无) → 0/0 → not applicable."""

from decimal import Decimal

import pytest
from conftest import FORMS, sample
from test_cli import analyze_json
from test_figures import figures_of

PROCUREMENT = {"政府采购预算数", "政府采购实际金额"}
BUILDINGS = {"新建楼堂馆所批准建设面积", "新建楼堂馆所实际建设面积", "新建楼堂馆所批复投资概算", "新建楼堂馆所实际投资"}


@pytest.mark.parametrize("text, quote", [
    ("2019年无政府采购，执行率为0，没有超过及降低5%。", "无政府采购"),
    ("本年度未发生政府采购行为。", "未发生政府采购行为"),
    ("我单位不涉及政府采购。", "不涉及政府采购"),
    ("政府采购：无。", "政府采购：无"),
])
def test_no_procurement_gives_zero_budget_and_actual(text, quote):
    found = figures_of(text)
    assert set(found) == PROCUREMENT
    for label in PROCUREMENT:
        figure = found[label][0]
        assert (figure.value, figure.unit, figure.qualifier, figure.loc.quote) == (Decimal(0), "万元", "无", quote)
        assert text[figure.loc.start:figure.loc.end] == quote
    assert found["政府采购预算数"][0].var == "procurement_budget"


def test_no_new_buildings_gives_zero_area_and_investment():
    found = figures_of("2019年度没有新建楼堂馆所,根据公式计算控制率为100%。")
    assert set(found) == BUILDINGS
    assert {found[label][0].unit for label in BUILDINGS} == {"平方米", "万元"}
    assert {found[label][0].var for label in BUILDINGS} == {
        "building_area_approved", "building_area_actual", "building_invest_approved", "building_invest_actual"}


def test_a_list_after_one_negation_names_each_activity():
    found = figures_of("本年度无因公出国（境）、公务接待支出。")
    assert {label: found[label][0].value for label in found} == {"因公出国（境）费": 0, "公务接待费": 0}


@pytest.mark.parametrize("text, label", [
    ("本年度未购置公务用车。", "公务用车购置费"),
    ("未安排公务用车购置预算。", "公务用车购置费"),
    ("全年未组织因公出国(境)。", "因公出国（境）费"),
])
def test_vehicle_purchase_and_travel_abroad_absences(text, label):
    found = figures_of(text)
    assert list(found) == [label] and found[label][0].value == 0


def test_no_sangong_gives_zero_budget_and_spending_with_unbalanced_quotes():
    found = figures_of("2019年三公”经费：无。")
    assert {label: found[label][0].value for label in found} == {"三公经费预算数": 0, "三公经费实际支出": 0}


@pytest.mark.parametrize("text", [
    "全面推行无纸化政府采购。",
    "核查有无政府采购。",
    "全年无政府采购违规行为。",
    "办件无差错，政府采购预算10万元。",
    "“三公”经费未超本年预算。",
])
def test_words_that_are_not_an_absence_give_no_zero(text):
    assert not any(f.qualifier == "无" for figures in figures_of(text).values() for f in figures)


def test_a_stated_amount_outweighs_the_absence():
    found = figures_of("无政府采购预算，政府采购支出5万元。")
    assert set(found) == {"政府采购实际金额"} and found["政府采购实际金额"][0].value == 5
    found = figures_of("2019年无政府采购。全年政府采购预算10万元。")
    assert [f.value for f in found["政府采购预算数"]] == [10]
    assert [f.value for f in found["政府采购实际金额"]] == [0]


@pytest.mark.parametrize("form", FORMS)
def test_baojing_procurement_and_buildings_not_applicable_full_marks(capsys, form):
    analysis = analyze_json(capsys, sample(form, "baojing-2019-dept"))
    by_id = {i["id"]: i for i in analysis["indicators"]}
    for ind, weight in (("procurement_rate", 6), ("building_area_control_rate", 5),
                        ("building_invest_control_rate", 5)):
        assert (by_id[ind]["status"], by_id[ind]["score"]) == ("not_applicable", weight)
    about = [f for f in analysis["findings"] if f["code"] in ("RULE_MISMATCH", "MISSING_DETAIL")
             and ("采购" in f["message"] or "楼堂馆所" in f["message"])]
    assert about == []
