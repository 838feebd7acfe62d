"""Meta extraction on every sample in every form, checked against gold by value and location."""

from decimal import Decimal

import pytest

from conftest import FORMS, REPORT_IDS, SAMPLES, SCORESHEET_ID, extracted, gold, text_document
from core.documents import load
from core.extraction import extract

ALL_IDS = REPORT_IDS + [SCORESHEET_ID]
FIELDS = ("unit", "year", "kind", "report_date", "claimed_total", "claimed_grade")


def gold_meta(report_id: str) -> dict:
    return gold(report_id)["meta"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", ALL_IDS)
def test_meta_matches_gold(form, report_id):
    _, extraction = extracted(form, report_id)
    meta, want = extraction.meta, gold_meta(report_id)
    got = {name: getattr(meta, name) for name in FIELDS}
    if got["claimed_total"] is not None:
        got["claimed_total"] = Decimal(got["claimed_total"])
    if want["claimed_total"] is not None:
        want = {**want, "claimed_total": Decimal(str(want["claimed_total"]))}
    assert got == {name: want[name] for name in FIELDS}
    assert meta.looks_like_report


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", ALL_IDS)
def test_meta_locations_quote_the_report(form, report_id):
    document, extraction = extracted(form, report_id)
    meta = extraction.meta
    for key, loc in meta.locs.items():
        assert document.text[loc.start:loc.end] == loc.quote, key
    if meta.unit is not None:
        assert meta.locs["unit"].quote == meta.unit
    if meta.claimed_grade is not None:
        assert meta.locs["claimed_grade"].quote == meta.claimed_grade
    if meta.claimed_total is not None:
        assert format(meta.claimed_total, "f") in meta.locs["claimed_total"].quote


@pytest.mark.parametrize("form", FORMS)
def test_baojing_meta_locations(form):
    document, extraction = extracted(form, "baojing-2019-dept")
    locs = extraction.meta.locs
    assert locs["claimed_total"].quote == "评价得分92分"
    assert locs["report_date"].quote == "2020年7月10"
    assert locs["unit"].quote == "保靖县政务服务中心"
    assert locs["unit"].start > len(document.text) * 0.9  # the signature, not the opening
    assert extraction.meta.year == 2019
    assert (locs["year"].page is not None) == (form == "pdf")


def test_masked_and_placeholder_values_are_none():
    bazhong = extracted("txt", "bazhong-2022-dept")[1].meta
    kaoping = extracted("txt", "kaoping-20xx-project")[1].meta
    assert bazhong.unit is None and "unit" not in bazhong.locs
    assert bazhong.year == 2022  # 2023 is the year the evaluation was written
    assert kaoping.year is None and kaoping.unit is None


def test_chinese_numeral_closing_date_and_grade():
    text = ("某县财政局2020年度部门整体支出绩效自评报告\n一、基本情况\n本单位2020年度评价得分为91.5分，等级为优秀。\n"
            "某县财政局\n二〇二一年七月十日\n")
    meta = extract(text_document(text)).meta
    assert meta.report_date == "2021-07-10"
    assert meta.locs["report_date"].quote == "二〇二一年七月十日"
    assert meta.claimed_total == Decimal("91.5")
    assert meta.claimed_grade == "优秀"  # longest match, not 优
    assert meta.unit == "某县财政局" and meta.year == 2020 and meta.kind == "部门整体支出"


def test_grade_only_words_after_an_evaluation_cue():
    assert extract(text_document("项目支出绩效评价\n对照评价为优。\n")).meta.claimed_grade == "优"
    assert extract(text_document("部门整体支出绩效\n考核等级为优秀。\n")).meta.claimed_grade is None
    assert extract(text_document("部门整体支出绩效\n评价为中心工作服务。\n")).meta.claimed_grade is None


def test_masked_signature_is_never_guessed():
    text = "市财政局:\n****中心2022年整体支出绩效自评为良好。\n五华区政务服务局是本级单位。\n****\n2023年5月30日\n"
    meta = extract(text_document(text)).meta
    assert meta.unit is None
    assert meta.claimed_grade == "良好"


def test_not_a_report():
    document = load(SAMPLES / "bad" / "not-a-report.txt")
    extraction = extract(document)
    assert extraction.meta.looks_like_report is False
    assert extraction.claims == []
    assert extraction.meta.claimed_total is None and extraction.meta.claimed_grade is None


def test_unit_from_a_title_with_the_year_after_the_name_and_a_stamped_signature():
    text = "关于武陵区政务服务中心2021年度部门整体支出绩效自评报告\n一、基本情况\n正文。\n"
    meta = extract(text_document(text)).meta
    assert (meta.unit, meta.year, meta.kind) == ("武陵区政务服务中心", 2021, "部门整体支出")
    signed = "项目支出绩效自评报告\n正文。\n单位:某县政务中心(盖章)\n2022.3.5\n"
    meta = extract(text_document(signed)).meta
    assert (meta.unit, meta.report_date, meta.kind) == ("某县政务中心", "2022-03-05", "项目支出")


def test_grade_options_and_scale_are_not_claims():
    text = "部门整体绩效自评\n评价等级:优秀、良好、合格、不合格。指标体系总分100分。\n"
    meta = extract(text_document(text)).meta
    assert meta.claimed_grade is None and meta.claimed_total is None
    assert meta.kind == "部门整体支出"


@pytest.mark.parametrize("text, unit", [
    ("某街道办事处2021年度部门整体支出绩效自评报告\n一、基本情况\n辖8个社区。\n", "某街道办事处"),
    ("某县政务服务中心服务大厅提质改造项目绩效评价报告\n项目实施单位为某县政务服务中心，资金已到位。\n",
     "某县政务服务中心"),
    ("某县文化旅游广电局2021年度乡村文化振兴专项资金项目支出绩效自评报告\n一、项目基本情况\n", "某县文化旅游广电局"),
    ("县财政局关于某县水利局2022年度部门整体支出绩效评价的报告\n正文。\n", "某县水利局"),
    ("  行政服务中心改造绩效评价报告2\n  根据通知，区财政局组织开展自评，北湖区政务服务中心组织专人开展了自评。\n",
     "北湖区政务服务中心"),
])
def test_unit_of_a_street_office_and_of_a_project_named_as_its_implementer(text, unit):
    meta = extract(text_document(text)).meta
    assert meta.unit == unit
    assert meta.locs["unit"].quote == unit


def test_a_total_after_the_word_for_the_result():
    text = "某县民政局2022年度部门整体支出绩效自评报告\n二、评价结论\n绩效自评结果：得分93分，等级优。\n"
    meta = extract(text_document(text)).meta
    assert (meta.claimed_total, meta.claimed_grade) == (Decimal(93), "优")
    assert meta.locs["claimed_total"].quote == "自评结果：得分93分"


def test_a_grade_with_its_total_in_brackets_but_not_a_scale():
    text = "某县人社局2022年度就业补助资金项目支出绩效自评报告\n二、评价结论\n经综合评价，该项目评价结论为：优秀（92分）。\n"
    meta = extract(text_document(text)).meta
    assert (meta.claimed_total, meta.claimed_grade) == (Decimal(92), "优秀")
    scale = "某县人社局2022年度项目支出绩效自评报告\n评价等级为：优秀（90分以上）、良好（80-89分）。\n"
    meta = extract(text_document(scale)).meta
    assert (meta.claimed_total, meta.claimed_grade) == (None, None)


def test_a_title_naming_a_programme_is_a_project_report():
    text = "某县2022年度义务教育学生营养改善计划绩效自评报告\n一、基本情况\n全年下达资金860万元，已支出842.5万元。\n"
    assert extract(text_document(text)).meta.kind == "项目支出"
