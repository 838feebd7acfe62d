"""PARTS_SUM, BUDGET_IDENTITY, TABLE_SUM, FIGURE_CONFLICT, FACT_CONTRADICTION (domain.md §5)."""

import dataclasses
from functools import cache

import pytest
from conftest import FORMS, REPORT_IDS, gold, sample, text_document

from core.checks.budget import check_budget
from core.checks.facts import check_facts
from core.checks.figures import check_figures
from core.checks.parts import check_parts
from core.checks.tables import check_tables
from core.documents import load
from core.documents.model import Cell, Document, Table
from core.extraction.figures import extract_figures
from core.extraction.model import Extraction, Meta

CHECKS = (check_parts, check_tables, check_budget, check_figures, check_facts)
CODES = {"PARTS_SUM", "TABLE_SUM", "BUDGET_IDENTITY", "FIGURE_CONFLICT", "FACT_CONTRADICTION"}


def run(document: Document):
    extraction = Extraction(Meta(), [], extract_figures(document))
    return [finding for check in CHECKS for finding in check(document, extraction)]


def only(findings, code):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, [(f.code, f.message) for f in findings]
    return hits[0]


def covers(finding, text: str, region: str) -> bool:
    """Some location of the finding lies inside, or overlaps, where `region` is in `text`."""
    at = text.find(region)
    assert at >= 0, region
    return any(loc.start < at + len(region) and at < loc.end for loc in finding.locs)


# --- PARTS_SUM --------------------------------------------------------------------------------------

def test_parts_that_do_not_add_up():
    text = "支出决算474万元，其中：工资福利支出161万元；商品与服务支出94万元；资本性支出214万元。"
    finding = only(run(text_document(text)), "PARTS_SUM")
    assert finding.severity == "error"
    assert (finding.stated, finding.expected.split("（")[0]) == ("474万元", "469万元")
    assert covers(finding, text, "支出决算474万元")


@pytest.mark.parametrize("text", [
    "2019年度收入310.86万元，其中一般公共预算财政拨款收入250.6万元，政府性基金财政预算拨款收入15.98万元；其他收入44.27万元。",
    "合计107.66万元。其中基本支出107.66万元,项目支出0元;20xx年全年实际支出107.66万元;结余财政资金0元。",
    "2019年总收入253.21万元，其中包括：一般公共预算拨款收入103.21万元（含纳入预算管理的非税拨款收入0元），政府性基金预算拨款收入150万元。",
    "两批共1044项，其中，国家目录518项、省级目录526项。",
])
def test_parts_within_tolerance_or_listed_early_are_not_findings(text):
    assert [f for f in run(text_document(text)) if f.code == "PARTS_SUM"] == []


def test_counts_are_exact_and_may_continue_into_the_next_sentence():
    text = "共梳理清单30960条，其中市本级3141条，本级发布3141条，乡镇3564条。村级填报24155条。实现就近可办。"
    finding = only(run(text_document(text)), "PARTS_SUM")
    assert finding.expected.startswith("30860条")


@pytest.mark.parametrize("text, expected", [
    ("全年受理办件12000件，其中网上办理5000件，即办件3000件。", "8000件"),
    ("项目支出144.86万元，其中平台建设50万元，设备购置16万元。", "66万元"),
])
def test_a_list_far_short_of_its_total_is_only_a_warning(text, expected):
    finding = only(run(text_document(text)), "PARTS_SUM")
    assert (finding.severity, finding.expected.split("（")[0]) == ("warning", expected)


# --- BUDGET_IDENTITY --------------------------------------------------------------------------------

def test_available_budget_that_adds_the_year_end_carry_over():
    text = "全年可用预算资金665.12万元，其中年初预算280.48万元，上年结转65.43万元，本年追加资金267.62万元,本年结转51.59万元。"
    finding = only(run(text_document(text)), "BUDGET_IDENTITY")
    assert finding.about == "本年可用预算"
    assert finding.expected.startswith("613.53万元")
    assert "年末结转51.59万元" in finding.message
    assert covers(finding, text, "全年可用预算资金665.12万元")


def test_year_end_identity_per_scope_with_tolerance():
    ok = ("2019年财政拨款收支决算情况\n上年结转136.73万元，财政拨款收入266.59万元。财政拨款支出356.48万元。"
          "年末财政拨款结转和结余46.84万元。\n")
    assert [f for f in run(text_document(ok)) if f.code == "BUDGET_IDENTITY"] == []
    rounding = "部门决算情况\n年初结转结余171.71万元，本年收入310.86万元，总支出392.45万元。年末结转和结余90.11万元。\n"
    assert [f for f in run(text_document(rounding)) if f.code == "BUDGET_IDENTITY"] == []
    wrong = rounding.replace("90.11", "95.11")
    finding = only(run(text_document(wrong)), "BUDGET_IDENTITY")
    assert (finding.about, finding.stated) == ("年末结转", "95.11万元")
    assert finding.expected.startswith("90.12万元")


# --- TABLE_SUM --------------------------------------------------------------------------------------

def grid_table(rows: list[list[str]], text_start: int = 0) -> tuple[str, Table]:
    """A Document table rendered one row per line, tab-separated, with cell spans."""
    text, cells = "", []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if c:
                text += "\t"
            cells.append(Cell(value, r, c, start=text_start + len(text), end=text_start + len(text) + len(value)))
            text += value
        text += "\n"
    return text, Table(len(rows), len(rows[0]), cells, text_start, text_start + len(text) - 1)


def test_total_row_that_does_not_add_up():
    title = "“三公”经费预算情况 单位：万元\n"
    body, table = grid_table([["费用项目", "金额"], ["公务接待费", "5.00"], ["公车运行维护费", "2.00"], ["合计", "6.00"]],
                             len(title))
    text = title + body
    finding = only(run(text_document(text, [table])), "TABLE_SUM")
    assert (finding.stated, finding.expected.split("（")[0]) == ("6万元", "7万元")
    assert finding.locs[0].quote == "6.00"
    assert finding.locs[0].start == text.index("6.00")


def test_derived_column_with_its_formula_in_the_header():
    title = "对比情况 单位：万元\n"
    body, table = grid_table([
        ["费用项目", "2019年决算数", "2020年决算数", "增减情况2020-2019"],
        ["公务接待费", "0.41", "1.00", "0.59"],
        ["公车运行维护费", "0", "2.00", "1.00"],
    ], len(title))
    finding = only(run(text_document(title + body, [table])), "TABLE_SUM")
    assert (finding.stated, finding.expected.split("（")[0]) == ("1万元", "2万元")
    assert finding.locs[0].start == (title + body).index("1.00\n")


def test_difference_without_formula_may_be_taken_either_way():
    body, table = grid_table([["预算项目", "预算数", "决算数", "差额"], ["基本支出", "10.00", "8.00", "-2.00"],
                              ["项目支出", "5.00", "4.00", "3.00"]])
    finding = only(run(text_document(body, [table])), "TABLE_SUM")
    assert finding.stated == "3万元" and finding.locs[0].quote == "3.00"


def test_parts_rows_are_not_summed():
    body, table = grid_table([
        ["预算项目", "合计"], ["基本支出", "280.48"], ["其中：财政拨款支出", "280.48"], ["项目支出", "0"],
        ["其中：财政拨款支出", "0"], ["支出预算合计", "280.48"]])
    assert [f for f in run(text_document(body, [table])) if f.code == "TABLE_SUM"] == []
    body, table = grid_table([["预算项目", "合计"], ["基本支出", "280.48"], ["项目支出", "10"], ["支出预算合计", "280.48"]])
    assert only(run(text_document(body, [table])), "TABLE_SUM").expected.startswith("290.48万元")


def test_score_tables_are_left_to_the_claim_checks():
    body, table = grid_table([["指标", "分值", "自评得分"], ["投入", "20", "13"], ["过程", "80", "53"],
                              ["合计", "100", "92"]])
    assert [f for f in run(text_document(body, [table])) if f.code == "TABLE_SUM"] == []


# --- FIGURE_CONFLICT --------------------------------------------------------------------------------

def test_one_quantity_two_values():
    text = "全年可用预算资金665.12万元。另：本年基本支出预算可用指标716.90万元。"
    finding = only(run(text_document(text)), "FIGURE_CONFLICT")
    assert finding.about == "本年可用预算"
    assert covers(finding, text, "预算可用指标716.90万元") and covers(finding, text, "665.12万元")


def test_stated_rate_contradicted_by_own_figures():
    text = ("收到财政资金107.66万元,年初结转结余0元,合计107.66万元。全年实际支出107.66万元;结余财政资金0元。\n"
            "预算完成率1%得5分。预算执行率100%。")
    finding = only(run(text_document(text)), "FIGURE_CONFLICT")
    assert (finding.stated, finding.expected.split("（")[0]) == ("1%", "100%")
    assert finding.locs[0].quote == "预算完成率1%"


def test_project_rate_from_project_figures():
    text = "本项目资金预算100万元，实际使用80万元。预算执行率80%。"
    assert [f for f in run(text_document(text)) if f.code == "FIGURE_CONFLICT"] == []
    finding = only(run(text_document(text.replace("执行率80%", "执行率90%"))), "FIGURE_CONFLICT")
    assert finding.expected.startswith("80%")


def test_qualified_rates_are_not_a_conflict():
    text = "群众满意度达到96%以上。热线群众满意率95%以上。"
    assert [f for f in run(text_document(text)) if f.code == "FIGURE_CONFLICT"] == []


# --- FACT_CONTRADICTION -----------------------------------------------------------------------------

def test_sangong_within_budget_claim_against_actual():
    text = "三公”经费各费用均控制在预算范围内，“三公经费”预算数1万元，实际支出1.7万元。"
    finding = only(run(text_document(text)), "FACT_CONTRADICTION")
    assert finding.about == "三公经费"
    assert finding.locs[0].quote == "三公”经费各费用均控制在预算范围内"


def test_staff_claim_and_kept_promise():
    over = "核定编制10人，实有在编在岗人员11人，财政供养人员控制在预算编制以内。"
    finding = only(run(text_document(over)), "FACT_CONTRADICTION")
    assert finding.expected == "11人＞10人"
    kept = "核准人员编制总计8人，年末实有人数7人，预算人员数控制在核定人员编制职数范围内。"
    assert [f for f in run(text_document(kept)) if f.code == "FACT_CONTRADICTION"] == []


def test_spending_claim_is_not_confused_with_sangong():
    text = ("预算金额合计548.10万元。本年决算金额716.90万元。"
            "支出总额控制在预算总额以内；“三公”经费总体控制较好，未超本年预算。")
    assert [f for f in run(text_document(text)) if f.code == "FACT_CONTRADICTION"] == []


def test_unpaid_while_balanced_is_a_warning():
    text = ("财政资金收入2100.09万元,其中:上年结转资金收入42.13万元,当年一般公共预算收入2057.96万元。"
            "财政资金支出2100.09万元。个别项目存在跨年度支付，资金未完全支付。")
    finding = only(run(text_document(text)), "FACT_CONTRADICTION")
    assert finding.severity == "warning"
    assert finding.locs[0].quote == "跨年度支付"


# --- the samples against gold -----------------------------------------------------------------------

@cache
def findings_of(form: str, report_id: str):
    return run(load(sample(form, report_id)))


@pytest.mark.parametrize("report_id", REPORT_IDS)
@pytest.mark.parametrize("form", FORMS)
def test_gold_errors_found_at_their_place_and_nothing_else(form, report_id):
    document = load(sample(form, report_id))
    errors = [e for e in gold(report_id)["errors"]
              if e["code"] in CODES and e["arithmetic"]]
    findings = [f for f in findings_of(form, report_id) if f.severity == "error"]
    assert sorted(f.code for f in findings) == sorted(e["code"] for e in errors)
    for error in errors:
        assert any(f.code == error["code"] and (error["about"] in (f.about or "") + f.message
                                                or _shares_quote(document.text, f, error["quote"]))
                   for f in findings), error


def _shares_quote(text: str, finding, quote: str) -> bool:
    at = text.find(quote)
    return at >= 0 and any(loc.start < at + len(quote) and at < loc.end for loc in finding.locs)


def test_table_sum_sees_a_pdf_table_rejoined_across_a_page_break():
    document = load(sample("pdf", "wugang-2020-dept"))
    index, table = next((i, t) for i, t in enumerate(document.tables)
                        if document.page_of(t.start) != document.page_of(t.end - 1) and "决算金额" in t.grid()[5])
    total = table.cell_at(7, 2)  # 决算金额 合计, on the page after its parts
    assert document.page_of(total.start) == document.page_of(table.cell_at(5, 2).start) + 1
    cells = [dataclasses.replace(c, text="700.00") if c is total else c for c in table.cells]
    tables = list(document.tables)
    tables[index] = dataclasses.replace(table, cells=cells)
    finding = only(check_tables(dataclasses.replace(document, tables=tables), None), "TABLE_SUM")
    assert "716.9" in finding.message
    assert {loc.page for loc in finding.locs} == {4, 5}


def test_a_list_of_a_budget_and_its_spending_is_no_breakdown():
    text = "年末结转结余52.7万元。其中公用经费预算45万元，公用经费实际支出48.6万元。"
    assert [f for f in run(text_document(text)) if f.code == "PARTS_SUM"] == []


def test_an_available_budget_found_wrong_is_reported_once():
    text = ("上年结转356.2万元，年初预算12500万元，本年追加780.3万元，全年可用预算13689.5万元。"
            "全年实际支出13100万元。年末结转资金536.5万元。")
    finding = only(run(text_document(text)), "BUDGET_IDENTITY")
    assert (finding.about, finding.stated) == ("本年可用预算", "13689.5万元")
    assert finding.expected.startswith("13636.5万元")


def test_a_change_on_the_year_before_against_the_two_years():
    text = "“三公”经费预算6万元，实际支出5.2万元，上年实际支出4.8万元，“三公”经费支出较上年减少。"
    finding = only(run(text_document(text)), "FACT_CONTRADICTION")
    assert (finding.about, finding.stated) == ("三公经费实际支出较上年减少", "较上年减少")
    assert finding.expected.startswith("增加0.4万元")
    assert covers(finding, text, "较上年减少")


@pytest.mark.parametrize("text", [
    "“三公”经费实际支出4.2万元，上年实际支出4.8万元，“三公”经费支出较上年减少。",
    "“三公”经费实际支出4.8万元，上年实际支出4.8万元，较上年持平。",
    "“三公”经费本年预算18.5万元，上年预算20万元，实际支出19万元，上年实际支出18万元，预算较上年减少。",
])
def test_a_change_the_figures_bear_out_is_no_finding(text):
    assert [f for f in run(text_document(text)) if f.code == "FACT_CONTRADICTION"] == []


@pytest.mark.parametrize("text, opener, expected", [
    ("“三公”经费实际支出5.2万元，分别为公务接待费2.1万元、公务用车运行维护费3.5万元。", "分别为", "5.6万元"),
    ("本年支出836.2万元，包括基本支出366.2万元、项目支出460万元。", "包括", "826.2万元"),
])
def test_parts_listed_after_other_words_than_qizhong(text, opener, expected):
    finding = only(run(text_document(text)), "PARTS_SUM")
    assert finding.expected.startswith(expected)
    assert f"“{opener}”所列分项" in finding.message


def test_no_balance_claimed_while_a_year_end_balance_is_stated():
    text = "本年收入500万元，本年支出480万元，年末结转20万元。全年资金全部支出，无结余。"
    finding = only(run(text_document(text)), "FACT_CONTRADICTION")
    assert (finding.about, finding.expected) == ("无结余", "年末结转20万元")
    assert covers(finding, text, "无结余") and covers(finding, text, "年末结转20万元")
    assert [f for f in run(text_document(text.replace("年末结转20万元", "年末结转0万元")))
            if f.code == "FACT_CONTRADICTION"] == []
