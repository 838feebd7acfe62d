"""Base figures (domain.md §3) on hand-made texts, flattened tables, and the samples against gold."""

from decimal import Decimal
from functools import cache

import pytest
from conftest import FORMS, REPORT_IDS, gold, sample, text_document

from core.documents import load
from core.documents.model import Cell, Document, Page, Table
from core.extraction.figures import extract_figures
from core.extraction.table_reading import read_tables, rebuild_flattened


def figures_of(text: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for figure in extract_figures(text_document(text)):
        out.setdefault(figure.label, []).append(figure)
    return out


@cache
def loaded(form: str, report_id: str) -> Document:
    return load(sample(form, report_id))


def test_label_value_unit_and_location():
    text = "核准人员编制总计8人，2019年度末在职预算人员7人。"
    found = figures_of(text)
    quota, staff = found["编制数"][0], found["在职人数"][0]
    assert (quota.var, quota.value, quota.unit) == ("staff_quota", Decimal(8), "人")
    assert (staff.var, staff.value) == ("staff_actual", Decimal(7))
    assert text[quota.loc.start:quota.loc.end] == quota.loc.quote == "核准人员编制总计8人"


def test_amounts_in_wan_yuan_with_context_and_parts():
    found = figures_of("2019年“三公经费”预算数1万元，实际支出1.7万\t元，其中因公出（国）境费0元，公务接待费0万元。")
    assert found["三公经费预算数"][0].value == 1
    assert found["三公经费实际支出"][0].value == Decimal("1.7")
    assert found["因公出国（境）费"][0].value == 0
    assert found["公务接待费"][0].value == 0


def test_scope_from_phrase_and_heading():
    text = ("1、2019年部门决算收支总体情况\n(1) 收入总体情况：年初结转结余171.71万元，2019年度收入310.86万元。\n"
            "2、2019年财政拨款收支决算情况\n收入情况：上年结转136.73万元，2019年财政拨款收入266.59万元。\n")
    found = figures_of(text)
    assert {(f.scope, f.value) for f in found["上年结转"]} == {("部门决算", Decimal("171.71")),
                                                             ("财政拨款", Decimal("136.73"))}
    assert {(f.scope, f.value) for f in found["本年收入"]} == {("部门决算", Decimal("310.86")),
                                                             ("财政拨款", Decimal("266.59"))}


def test_part_of_a_total_is_not_read_as_the_total():
    found = figures_of("2019年度收入310.86万元，其中一般公共预算财政拨款收入250.6万元，其他收入44.27万元。")
    assert [f.value for f in found["本年收入"]] == [Decimal("310.86")]


def test_count_given_by_its_parts_is_their_sum():
    found = figures_of("其中行政编18人，事业编6人，工勤编1人。现有在职在编人员21人。")
    assert [f.value for f in found["编制数"]] == [25]
    assert found["编制数"][0].loc.quote == "其中行政编18人，事业编6人，工勤编1人"
    assert found["在职人数"][0].value == 21


def test_sub_unit_counts_and_gross_income():
    found = figures_of("中心事业编制26名，现在编在岗工作人员26名；下属单位2个,其中:某中心,事业编制7名,现在岗4名。\n"
                       "财政资金收入2100.09万元,其中:上年结转资金收入42.13万元,当年一般公共预算收入2057.96万元。")
    assert [f.value for f in found["编制数"]] == [26]
    assert [f.value for f in found["下属单位编制数"]] == [7]
    assert [f.value for f in found["下属单位在职人数"]] == [4]
    assert [f.value for f in found["收入总计"]] == [Decimal("2100.09")]
    assert [f.value for f in found["本年收入"]] == [Decimal("2057.96")]


def test_change_and_qualifier():
    found = figures_of("“三公”经费预算数减少1000元。群众满意度达到96%以上。")
    change = found["三公经费预算数较上年变动"][0]
    assert (change.value, change.var) == (Decimal("-0.1"), None)
    assert (found["满意度"][0].value, found["满意度"][0].qualifier) == (96, "以上")


def test_different_values_are_kept_as_alternatives():
    found = figures_of("全年可用预算资金665.12万元。本年基本支出预算可用指标716.90万元。")
    values = sorted(f.value for f in found["本年可用预算"])
    assert values == [Decimal("665.12"), Decimal("716.90")]
    first = found["本年可用预算"][0]
    assert [a.value for a in first.alternatives] == [Decimal("716.90")]


FLAT = ("如下：\n项 目\n\n基本支出\n\n项目支出\n\n合 计\n\n年初预算\n\n280.48\n0\n\n280.48\n上年结转\n\n65.43\n0\n\n65.43\n"
        "小 计\n\n345.91\n0\n\n345.91\n从上表可以反映：可用资金345.91万元。")


def test_flattened_table_is_rebuilt_with_cell_spans():
    [table] = rebuild_flattened(FLAT)
    assert (table.n_rows, table.n_cols) == (4, 4)
    grid = table.grid()
    assert grid[0] == ["项 目", "基本支出", "项目支出", "合 计"]
    assert grid[3] == ["小 计", "345.91", "0", "345.91"]
    cell = table.cell_at(2, 3)
    assert FLAT[cell.start:cell.end] == "65.43"


def test_flattened_table_with_row_groups():
    text = ("表\n比较项目\n支出项目\n机关本级\n合 计\n其中：财政拨款\n预算金额\n基本支出\n548.10\n548.10\n项目支出\n0\n\n0\n"
            "合 计\n548.10\n548.10\n决算金额\n基本支出\n716.90\n716.90\n项目支出\n0\n0\n合 计\n716.90\n716.90\n"
            "执行差异\n（预算-决算）\n基本支出\n-168.8\n-168.8\n项目支出\n0\n0\n这是说明文字，长度超过二十个字的一句话。")
    [reading] = read_tables(text_document(text))
    assert reading.header_rows == 2 and reading.label_cols == 2
    assert reading.col_labels[3] == "机关本级|其中：财政拨款"
    row = next(r for r, label in enumerate(reading.row_labels) if label == "决算金额|合 计")
    assert reading.values[(row, 2)] == Decimal("716.90")
    assert reading.row_labels[-2] == "执行差异（预算-决算）|基本支出"


def test_table_figures_from_headers_and_groups():
    text = ("2020年局本级财政拨款收入决算情况  单位：万元\n预算可用指标\n财政拨款收入\n本年度指标结余\n上年度指标结余\n结余增加\n"
            "280.48\n548.10\n51.59\n65.43\n-13.84\n说明：以上数据来自部门决算报表的相关栏次内容。")
    found = figures_of(text)
    assert [(f.scope, f.value, f.origin) for f in found["本年收入"]] == [("财政拨款", Decimal("548.10"), "table")]
    assert found["年末结转"][0].value == Decimal("51.59")
    assert found["上年结转"][0].value == Decimal("65.43")


@pytest.mark.parametrize("report_id", REPORT_IDS)
@pytest.mark.parametrize("form", FORMS)
def test_gold_figures_are_found(form, report_id):
    document = loaded(form, report_id)
    got = {(f.label, f.value) for f in extract_figures(document)}
    missing = [(g["label"], g["value"]) for g in gold(report_id)["figures"]
               if (g["label"], Decimal(str(g["value"]))) not in got]
    assert missing == []


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_forms_give_the_same_figures(report_id):
    by_form = [{(f.label, f.scope, f.value) for f in extract_figures(loaded(form, report_id))} for form in FORMS]
    assert by_form[0] == by_form[1] == by_form[2]


@pytest.mark.parametrize("form", FORMS)
def test_locations_quote_the_document(form):
    document = loaded(form, "baojing-2019-dept")
    for figure in extract_figures(document):
        assert document.text[figure.loc.start:figure.loc.end] == figure.loc.quote
        assert figure.loc.page == document.page_of(figure.loc.start)
    staff = next(f for f in extract_figures(document) if f.label == "在职人数")
    assert "在职预算人员7人" in staff.loc.quote


def test_sangong_table_reads_the_total_row_by_column_group():
    title = "“三公”经费预算执行情况 单位：万元\n"
    spec = [("费用项目", 0, 0, 2, 1), ("预算金额", 0, 1, 1, 2), ("决算金额", 0, 3, 1, 2),
            ("基本支出", 1, 1, 1, 1), ("项目支出", 1, 2, 1, 1), ("基本支出", 1, 3, 1, 1), ("项目支出", 1, 4, 1, 1),
            ("公务接待", 2, 0, 1, 1), ("5.0", 2, 1, 1, 1), ("1.0", 2, 2, 1, 1), ("1.00", 2, 3, 1, 1), ("0.5", 2, 4, 1, 1),
            ("合计", 3, 0, 1, 1), ("5.0", 3, 1, 1, 1), ("1.0", 3, 2, 1, 1), ("1.00", 3, 3, 1, 1), ("0.5", 3, 4, 1, 1)]
    text, cells = title, []
    for row in range(4):
        for col in range(5):
            text += "\t" if col else ""
            for value, r, c, rowspan, colspan in spec:
                if (r, c) == (row, col):
                    cells.append(Cell(value, r, c, rowspan, colspan, len(text), len(text) + len(value)))
                    text += value
        text += "\n"
    document = Document("t", "t.docx", "0", "docx", text, [Page(1, 0, len(text))], [Table(4, 5, cells, len(title), len(text) - 1)])
    found = {f.label: f for f in extract_figures(document)}
    assert found["三公经费预算数"].value == 6
    assert found["三公经费实际支出"].value == Decimal("1.5")
    assert found["三公经费实际支出"].loc.start == text.rindex("1.00")


def test_fund_named_by_its_purpose_is_not_the_years_spending():
    found = figures_of("用于专项业务工作的经费预算总支出323.04万元，如窗口工作经费等，与上年对比增加106.79万元。")
    assert "本年支出" not in found
    assert found["专项业务经费预算"][0].value == Decimal("323.04")
    assert found["专项业务经费预算较上年增加"][0].value == Decimal("106.79")


def test_fund_named_by_its_grant_and_a_decrease_against_last_year():
    found = figures_of("县财政每年拨付50万元工作经费。本年收入300万元，较上年减少12.5万元。")
    assert found["每年拨付工作经费"][0].value == 50
    assert found["每年拨付工作经费"][0].loc.quote == "县财政每年拨付50万元"
    assert found["本年收入较上年变动"][0].value == Decimal("-12.5")
    assert [f.value for f in found["本年收入"]] == [300]


def test_establishment_by_kind_after_other_words_is_one_quota():
    found = figures_of("中心核定行政编制8名、事业编制14名，年末在职人员20人。")
    assert [f.value for f in found["编制数"]] == [22]
    assert found["在职人数"][0].value == 20


def test_sangong_budgets_named_by_year():
    found = figures_of("“三公”经费本年预算18.5万元，上年预算20万元。重点项目支出612.3万元，项目支出总额705.8万元。")
    assert [f.value for f in found["三公经费预算数"]] == [Decimal("18.5")]
    assert [f.value for f in found["上年三公经费预算数"]] == [20]
    assert [f.value for f in found["重点项目支出"]] == [Decimal("612.3")]
    assert [f.value for f in found["项目支出"]] == [Decimal("705.8")]
    assert "年初预算" not in found


def test_budget_wordings_of_final_accounts():
    found = figures_of("2022年度部门预算批复数为1150万元，执行中追加50万元，调整后预算1200万元。"
                       "在职人员数为32人。政府采购预算金额为50万元，实际完成政府采购48.5万元。")
    assert {label: [f.value for f in figures] for label, figures in found.items()} == {
        "年初预算": [1150], "在职人数": [32], "政府采购实际金额": [Decimal("48.5")],
        "政府采购预算数": [50], "本年追加": [50], "调整后预算数": [1200]}


def test_funds_arrived_beside_the_project_budget():
    text = "项目预算资金2000万元，实际到位2000万元，到位率100%。截至年底项目实际支出1279.56万元。"
    found = {f.label: f.value for f in extract_figures(text_document(text), "项目支出")}
    assert found == {"项目预算数": 2000, "实际到位资金": 2000, "项目实际支出": Decimal("1279.56")}


def test_budget_wordings_of_a_county_report():
    found = figures_of("年初预算安排资金856.4万元，年中追加预算资金120万元，上年结转资金30.5万元，全年可支配资金1006.9万元。"
                       "全年累计支出980.2万元，结余26.7万元。“三公”经费年初预算8万元，全年实际支出7.6万元。核定编制48个。")
    assert {label: [f.value for f in figures] for label, figures in found.items()} == {
        "年初预算": [Decimal("856.4")], "本年追加": [120], "上年结转": [Decimal("30.5")],
        "本年可用预算": [Decimal("1006.9")], "本年支出": [Decimal("980.2")], "年末结转": [Decimal("26.7")],
        "三公经费预算数": [8], "三公经费实际支出": [Decimal("7.6")], "编制数": [48]}


def test_a_label_cut_by_a_line_wrap_and_a_cell_alone_on_its_line():
    found = figures_of("本年支出1528.6万元，其中基本支\n出702.4万元，项目支出\n826.2万元。\n")
    assert {label: [f.value for f in figures] for label, figures in found.items()} == {
        "本年支出": [Decimal("1528.6")], "基本支出": [Decimal("702.4")], "项目支出": [Decimal("826.2")]}
    assert figures_of("基本支出\n88.1\n项目支出\n12万元\n") == {}  # cells one per line: the table readers' part
