"""Mapping claims onto framework indicators and choosing the framework."""

import pytest

from conftest import sample, text_document
from core.documents import load
from core.documents.model import Document, Page
from core.extraction import choose_framework, extract, map_claims
from core.extraction.mapping import NameIndex
from core.frameworks import load_framework

BAOJING_IDS = {
    "绩效目标合理性": "goal_reasonableness",
    "绩效指标明确性": "indicator_clarity",
    "在职人员控制率": "staff_control_rate",
    "三公经费变动率": "sangong_change_rate",
    "预算完成率": "budget_completion_rate",
    "预算控制率": "budget_control_rate",
    "新建楼堂馆所面积控制率": "building_area_control_rate",
    "新建楼堂馆所投资概算控制率": "building_invest_control_rate",
    "公用经费控制率": "public_control_rate",
    "三公经费控制率": "sangong_control_rate",
    "政府采购执行率": "procurement_rate",
    "管理制度健全": "management_rules",
    "资金使用合规性": "fund_compliance",
    "预决算信息公开性": "info_disclosure",
    "重点工作实际完成率": "key_task_rate",
}
LEVELS = ("投入", "目标设定", "预算配置", "过程", "预算执行", "预算管理", "产出及效率")


@pytest.fixture(scope="module")
def hunan():
    return load_framework("dept-hunan-county")


@pytest.mark.parametrize("form", ["txt", "pdf"])
def test_baojing_claims_map_onto_hunan_ids(form, hunan):
    extraction = extract(load(sample(form, "baojing-2019-dept")))
    map_claims(extraction, hunan)
    mapped = {c.name: c.indicator for c in extraction.claims}
    assert {name: mapped[name] for name in BAOJING_IDS} == BAOJING_IDS
    assert all(mapped[level] is None for level in LEVELS)
    assert mapped["以整合审批资源为重点"] == "duty_output"  # by position, see below


def test_jianghua_short_names_map_through_synonyms(hunan):
    extraction = extract(load(sample("txt", "jianghua-20xx-dept")))
    map_claims(extraction, hunan)
    mapped = {c.name: c.indicator for c in extraction.claims}
    assert mapped["资金使用"] == "fund_compliance"
    assert mapped["预决算信息公开"] == "info_disclosure"
    assert mapped["预算执行"] is None  # a level, although close to 预算执行率


def test_fuzzy_match_needs_a_close_name(hunan):
    index = NameIndex(hunan)
    assert index.indicator_for("公用经费支出控制率") == "public_control_rate"
    assert index.indicator_for("窗口进驻单位") is None


def test_choose_framework_by_kind_and_claims():
    baojing = extract(load(sample("txt", "baojing-2019-dept")))
    kaoping = extract(load(sample("txt", "kaoping-20xx-project")))
    jianghua = extract(load(sample("txt", "jianghua-20xx-dept")))
    wugang = extract(load(sample("txt", "wugang-2020-dept")))
    assert choose_framework(baojing) == "dept-hunan-county"
    assert choose_framework(jianghua) == "dept-hunan-county@J"  # its level weights 10/50/40 are profile J's
    assert choose_framework(wugang) == "dept-national"  # no claims: the kind's default
    assert choose_framework(kaoping) in ("proj-self", "proj-eval")
    text = "项目支出绩效自评报告\n"
    assert choose_framework(extract(text_document(text))) in (
        "proj-self", "proj-eval")


@pytest.mark.parametrize("form", ["txt", "docx", "pdf"])
def test_an_item_named_by_its_content_takes_the_next_free_indicator(form, hunan):
    extraction = extract(load(sample(form, "baojing-2019-dept")))
    map_claims(extraction, hunan)
    item = next(c for c in extraction.claims if c.name == "以整合审批资源为重点")
    assert (item.indicator, item.mapped_by) == ("duty_output", "position")
    named = next(c for c in extraction.claims if c.name == "重点工作实际完成率")
    assert (named.indicator, named.mapped_by) == ("key_task_rate", "name")


def test_position_never_crosses_a_level_one_node_or_a_stated_weight(hunan):
    text = ("（三）产出及效率\n1、重点工作实际完成率(8分)\n该项得8分。\n2、窗口服务大提速(7分)\n该项得7分。\n"
            "3、新增便民举措\n该项得6分。\n")
    document = Document("t.txt", "t.txt", "0" * 64, "txt", text, [Page(1, 0, len(text))])
    extraction = extract(document)
    map_claims(extraction, hunan)
    by_name = {c.name: c for c in extraction.claims}
    assert by_name["窗口服务大提速"].indicator is None  # 7 points: no free indicator of that weight follows
    assert by_name["新增便民举措"].indicator is None  # its previous sibling did not map
