"""Kind, unit and framework from what a narrative report says (issue: unseen project reports)."""

import pytest

from conftest import text_document
from core.extraction import extract, framework_choice
from core.frameworks import load_framework
from core.review.opening import start_session

# Project reports written the ways units write them: the project named in the title, by what it does
# (改造, 建设, 专项资金), its budget and spending in one sentence, no 项目支出 template wording.
PROJECT_REPORTS = {
    "renovation": (
        "政务服务中心大厅改造项目绩效自评报告\n一、基本情况\n为改善群众办事环境，县政务服务中心于2021年对办事大厅"
        "实施升级改造，项目预算资金85万元，全年实际支出82.3万元。\n二、自评结论\n自评得分93分，评价等级为优秀。\n"
        "县政务服务中心\n2022年3月15日", ("县政务服务中心", 2021, 85, "82.3")),
    "earmarked": (
        "关于2022年度便民服务中心标准化建设专项资金使用情况的自评报告\n2022年，镇便民服务中心标准化建设专项资金"
        "到位60万元，已支付54万元，主要用于窗口改造和设备购置。\n综合评价，自评得分88分，等级为良好。\n"
        "双峰镇便民服务中心\n2023年1月10日", ("双峰镇便民服务中心", 2022, 60, 54)),
    "construction": (
        "2020年度档案馆库房建设工程绩效评价报告\n一、项目概况\n本项目总投资120万元，年度实际支出118.5万元。"
        "\n二、评价结论\n评价得分为91分。\n市档案馆\n2021年2月1日", ("市档案馆", 2020, 120, "118.5")),
}


@pytest.mark.parametrize("name", sorted(PROJECT_REPORTS))
def test_a_narrative_project_report_gets_a_project_framework(name):
    text, (unit, year, budget, actual) = PROJECT_REPORTS[name]
    extraction = extract(text_document(text))
    assert (extraction.meta.kind, extraction.meta.unit, extraction.meta.year) == ("项目支出", unit, year)
    choice = framework_choice(extraction)
    assert choice.certain
    assert choice.id.startswith("proj-")
    figures = {f.label: f.value for f in extraction.figures}
    assert figures["项目预算数"] == budget and str(figures["项目实际支出"]) == str(actual)


def test_the_project_execution_rate_is_computed_from_the_sentence():
    text, _ = PROJECT_REPORTS["earmarked"]
    session = start_session(text_document(text))
    execution = next(r for r in session.result.indicators if r.inputs.get("project_actual") is not None)
    assert (execution.inputs["project_actual"], execution.inputs["project_budget"], execution.value) == (54, 60, 90)
    assert session.warnings == []


def test_a_department_report_stays_a_department_one():
    text = ("某县财政局2021年度部门整体支出绩效自评报告\n一、部门基本情况\n本局2021年全年收入215.6万元。\n"
            "自评得分90分，评价等级为优秀。")
    extraction = extract(text_document(text))
    assert (extraction.meta.kind, extraction.meta.kind_certain) == ("部门整体支出", True)
    assert framework_choice(extraction).id.startswith("dept-")
    assert not any(f.label.startswith("项目") for f in extraction.figures)


def test_an_uncertain_choice_says_so_and_offers_the_others():
    text = "2021年度绩效自评报告\n按照工作要求，我单位对2021年度资金使用情况开展了绩效自评。\n自评得分90分，评价等级为优秀。"
    session = start_session(text_document(text))
    choice = framework_choice(session.extraction)
    assert not choice.certain and choice.others
    (warning,) = session.warnings
    assert "未写明评价类型" in warning and session.framework.name in warning
    assert load_framework(choice.others[0]).name in warning
