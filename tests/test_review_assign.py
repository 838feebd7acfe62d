"""Ranking the variables offered for a number selected in the report (设为…的值), and the unit check."""

import pytest

from conftest import sample
from core.analysis import open_report
from core.review.assign import proposals, selected_number, unit_fits, unit_warning


@pytest.fixture(scope="module")
def session():
    return open_report(sample("txt", "baojing-2019-dept"))


def select(session, before: str, digits: str):
    text = session.document.text
    start = text.index(before + digits) + len(before)
    return selected_number(text, start, start + len(digits))


@pytest.mark.parametrize(("before", "digits", "unit", "first"), [
    ("其中年初预算", "253.21", "万元", "budget_initial"),   # an amount: the label just before it
    ("本年追加", "13.38", "万元", "budget_added"),
    ("年末财政拨款结转和结余", "46.84", "万元", "carryover_end"),
    ("核准人员编制总计", "8", "人", "staff_quota"),        # a head count
])
def test_the_variable_named_before_the_number_comes_first(session, before, digits, unit, first):
    number = select(session, before, digits)
    assert (str(number.value), number.unit) == (digits, unit)
    ranked = proposals(session, number)
    assert ranked[0].var == first and ranked[0].fits and ranked[0].distance == 0
    assert {p.var for p in ranked} == set(session.variable_ids())


def test_units_that_do_not_fit_come_after_those_that_do(session):
    ranked = proposals(session, select(session, "其中年初预算", "253.21"))
    fits = [p.fits for p in ranked if p.distance is None]
    assert False in fits and fits.index(False) > max(i for i, f in enumerate(fits) if f)
    head_count = proposals(session, select(session, "核准人员编制总计", "8"))
    assert [p.var for p in head_count[:2]] == ["staff_quota", "staff_actual"]


def test_an_amount_stored_as_a_head_count_asks_first(session):
    amount = select(session, "其中年初预算", "253.21")
    warning = unit_warning(session, "staff_quota", amount)
    assert "万元" in warning and "编制数" in warning and "253.21" in warning
    assert unit_warning(session, "budget_initial", amount) is None
    assert (unit_fits("万元", None), unit_fits("项", "个"), unit_fits("%", "万元")) == (None, True, False)


def test_figures_lists_only_the_variables_the_framework_uses(session):
    ids = session.variable_ids()
    assert "staff_quota" in ids and "income_total" not in ids  # no dept-hunan-county formula reads 本年收入
