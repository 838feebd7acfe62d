"""自评表 held out a second time (tests/variant_forms/specs_unseen2.yaml, written blind to core/forms by a second
reviewer) read as a reviewer reads them in every form a bureau receives but PDF (slow; tools/variant_forms.py
measures it), and the general rules their first reading showed missing: 满分 and a grade with its band, a
续表 joining its table, a 汇总 list that is no 自评表, a department's workbook of several units' tables."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal

import pytest
from conftest import ROOT

from core.checks import run_checks
from core.documents import load
from core.extraction import extract
from core.forms.tokens import is_unit, is_value
from test_forms_stream import PAGE_STYLES
from test_forms_unseen_variants import assert_read_as_the_reviewer_reads_it
from tools.evaluate import Tally, score_claims, score_meta

_spec = importlib.util.spec_from_file_location("variant_forms", ROOT / "tools" / "variant_forms.py")
variant_forms = sys.modules.setdefault("variant_forms", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(variant_forms)

UNSEEN2 = variant_forms.load_specs(ROOT / "tests" / "variant_forms" / "specs_unseen2.yaml")
BY_ID = {spec["id"]: spec for spec in UNSEEN2}
SUMMARY = "county-summary-sheet-no-indicators"


@pytest.mark.parametrize("form", ["xlsx", "docx", "txt", "web"])
@pytest.mark.parametrize("spec", [s for s in UNSEEN2 if s["claims"]], ids=lambda s: s["id"])
def test_a_second_held_out_table_reads_as_the_reviewer_reads_it(spec, form, tmp_path):
    assert_read_as_the_reviewer_reads_it(spec, form, tmp_path)


@pytest.mark.parametrize("style", list(PAGE_STYLES))
@pytest.mark.parametrize("spec", [s for s in UNSEEN2 if s["claims"]], ids=lambda s: s["id"])
def test_a_second_held_out_table_copied_from_a_page_every_way(spec, style, tmp_path):
    path = tmp_path / "web.txt"
    variant_forms.write_web(spec, path)
    path.write_text(PAGE_STYLES[style](path.read_text(encoding="utf-8")), encoding="utf-8")
    extraction = extract(load(path))
    tally = Tally()
    score_claims(variant_forms.gold_of(spec), extraction, tally, style)
    score_meta(variant_forms.gold_of(spec), extraction.meta, tally, style)
    assert tally.matched == tally.gold_claims == tally.pred_claims == len(spec["claims"]), tally.misses
    assert tally.weight_ok == tally.score_ok == tally.matched, tally.misses
    assert tally.figures()["meta_accuracy"] >= 0.8, tally.misses


@pytest.mark.parametrize("form", ["xlsx", "docx", "txt", "web"])
def test_a_summary_list_of_projects_is_no_self_evaluation_table(form, tmp_path):
    document = load(variant_forms.render(BY_ID[SUMMARY], form, tmp_path))
    extraction = extract(document)
    assert (extraction.forms, extraction.claims) == ([], [])
    assert extraction.meta.unit == "某县财政局"
    assert not [f for f in run_checks(document, extraction) if f.severity == "error"]


@pytest.mark.parametrize("form", ["xlsx", "txt"])
def test_a_workbook_of_several_units_is_the_departments_and_states_its_first_tables_total(form, tmp_path):
    extraction = extract(load(variant_forms.render(BY_ID["workbook-summary-and-unit-sheets"], form, tmp_path)))
    units = [table.fields["实施单位"].text for table in extraction.forms]
    assert units == ["某县人民医院", "某县疾病预防控制中心"]
    assert (extraction.meta.unit, extraction.meta.claimed_total) == ("某县卫生健康委员会", Decimal("95.5"))


@pytest.mark.parametrize("form", ["docx", "web"])
def test_a_continued_table_repeating_its_header_is_one_table(form, tmp_path):
    extraction = extract(load(variant_forms.render(BY_ID["continued-table-repeated-header"], form, tmp_path)))
    (table,) = extraction.forms
    assert (len(table.indicators), table.total_weight.number, table.total_score.number) == (10, 100, Decimal("98.3"))
    assert table.complete


@pytest.mark.parametrize("form", ["xlsx", "web"])
def test_full_marks_in_words_and_a_grade_with_its_band(form, tmp_path):
    scores = {c.name: c.claimed_score for c in
              extract(load(variant_forms.render(BY_ID["copied-targets-score-words"], form, tmp_path))).claims}
    assert (scores["预算执行率"], scores["改造公交化运营线路"], scores["线路开通时间"]) == (10, 15, Decimal("8.5"))
    graded = extract(load(variant_forms.render(BY_ID["grade-with-band-text"], form, tmp_path)))
    assert (graded.meta.claimed_grade, graded.meta.claimed_total) == ("优", Decimal("96.5"))


def test_a_unit_of_two_words_makes_a_number_a_value():
    assert is_unit("微克/立方米") and is_unit("元/吨") and not is_unit("明显/改善")
    assert is_value("33微克/立方米") and is_value("≤260元/平方米") and not is_value("部分老旧线路故障频发")


def test_a_funds_block_cut_short_is_still_a_self_evaluation_table(tmp_path):
    """Parts no fund vocabulary names but carrying no scores (a page stopped after the funds block): a 自评表."""
    spec = {"id": "funds-only", "rows": [
        ["项目支出绩效自评表", "<", "<", "<", "<", "<", "<"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "90", "100", "95", "10", "95%", "9.5"],
        ["人员类项目经费", "60", "70", "68", "—", "", "—"],
        ["运转类项目经费", "30", "30", "27", "—", "", "—"]]}
    extraction = extract(load(variant_forms.render(spec, "xlsx", tmp_path)))
    assert [(c.name, c.weight, c.claimed_score) for c in extraction.claims] == [("预算执行率", 10, Decimal("9.5"))]
