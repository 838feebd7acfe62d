"""The 自评表 reader on the four development tables in every form, and on the local variants of forms.md §1
written as text copied out of Word (tab-separated rows)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache

import pytest
from conftest import SAMPLES, text_document

from core.documents import load
from core.extraction import extract

D = Decimal
FORMS_DIR = SAMPLES / "forms"
FORM_IDS = sorted(p.stem for p in (FORMS_DIR / "gold").glob("*.json"))
RENDITIONS = ("txt", "docx", "pdf", "xlsx")
META = ("unit", "year", "kind", "claimed_total", "claimed_grade")


@lru_cache(maxsize=None)
def read(form: str, form_id: str):
    document = load(FORMS_DIR / form / f"{form_id}.{form}")
    return document, extract(document)


def gold(form_id: str) -> dict:
    return json.loads((FORMS_DIR / "gold" / f"{form_id}.json").read_text(encoding="utf-8"))


def _tabs(text: str) -> str:
    return re.sub(r"\t+", "\t", text)


@pytest.mark.parametrize("form", RENDITIONS)
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_claims_weights_scores_and_quotes_match_the_gold(form, form_id):
    want = gold(form_id)["claims"]
    document, extraction = read(form, form_id)
    assert len(extraction.claims) == len(want) > 0
    for claim, expected in zip(extraction.claims, want):
        assert claim.name in expected["name"] and len(claim.name) >= 3
        assert (claim.weight, claim.claimed_score) == (
            None if expected["weight"] is None else D(str(expected["weight"])),
            None if expected["claimed_score"] is None else D(str(expected["claimed_score"])))
        assert claim.source == "table"
        assert _tabs(claim.loc.quote) == _tabs(expected["quote"])
        assert document.text[claim.loc.start:claim.loc.end] == claim.loc.quote


@pytest.mark.parametrize("form", RENDITIONS)
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_meta_matches_the_gold(form, form_id):
    meta = read(form, form_id)[1].meta
    want = gold(form_id)["meta"]
    got = {name: getattr(meta, name) for name in META}
    assert got == {**want, "claimed_total": None if want["claimed_total"] is None else D(want["claimed_total"])}


@pytest.mark.parametrize("form", RENDITIONS)
def test_every_value_points_at_its_cell(form):
    checked = 0
    for form_id in FORM_IDS:
        document, extraction = read(form, form_id)
        [table] = extraction.forms
        values = [v for row in table.indicators + table.funds for v in row.cells.values()]
        values += [v for v in (table.total_score, table.total_weight, *table.fields.values()) if v is not None]
        for value in values:
            assert document.text[value.loc.start:value.loc.end] == value.text
            checked += 1
    assert checked > 200


def test_the_anhui_table_in_full():
    """Placeholder rows skipped, level weights from the level cells and from the note, the 总分 row."""
    _, extraction = read("docx", "tianchang-shuili-2022-project-form")
    [table] = extraction.forms
    assert table.kind == "项目支出" and table.complete
    assert (table.total_weight.number, table.total_score.number) == (D(100), D(100))
    assert [(w.path, w.weight) for w in table.level_weights] == [
        (["产出指标"], D(50)), (["效益指标"], D(30)), (["满意度指标"], D(10)),  # the level cells
        (["产出指标"], D(50)), (["效益指标"], D(30)), (["服务对象满意度指标"], D(10)), (["预算资金执行率"], D(10))]
    assert table.notes[0].text.startswith("注:1.一级指标分值统一设置为")
    total = table.funds[0]
    assert (total.label, total.kind, total.number("budget"), total.number("executed"), total.number("weight")) == (
        "年度资金总额", "total", D(880), D(880), D(10))
    assert [f.label for f in table.funds] == ["年度资金总额", "本年财政拨款", "上年结转资金", "其他资金"]
    assert len(table.indicators) == 9
    assert {(f.label, f.value) for f in extraction.figures} >= {("项目预算数", D(880)), ("项目实际支出", D(880))}


def test_the_split_target_columns():
    _, extraction = read("txt", "jinzhai-2023-dept-form")
    row = extraction.forms[0].indicators[4]
    assert row.path == ["产出指标", "质量指标", "美丽宜居自然村庄验收通过率"]
    assert [row.cells[r].text for r in ("nature", "target", "unit", "actual")] == ["≥", "95", "%", "100%"]
    assert row.number("target") == D(95) and row.cells["actual"].percent


def test_an_execution_row_carrying_the_tables_total_is_the_total_not_a_claim():
    _, extraction = read("txt", "ezhou-2021-project-form")
    assert "预算执行率" not in [c.path[0] for c in extraction.claims]
    assert extraction.meta.claimed_total == D(98) and extraction.meta.locs["claimed_total"].quote == "98"


# --- local variants as copied text -------------------------------------------------------------------
def extract_text(text: str):
    return extract(text_document(text))


def claims(extraction) -> list[tuple]:
    return [(c.path, c.weight, c.claimed_score) for c in extraction.claims]


def tabbed(rows: str) -> str:
    return "\n".join(line.replace(" | ", "\t").replace("|", "\t") for line in rows.strip("\n").split("\n")) + "\n"


QINGSHEN = tabbed("""
项目支出绩效自评表
（2023年度）
项目名称 | 城乡环境综合治理
主管部门 | 某县住房和城乡建设局 | 实施单位 | 某县环境卫生管理所
项目资金（万元） |  | 年初预算数 | 调整后预算数 | 预算执行数 | 执行率权重 | 执行率 | 得分
 | 年度资金总额 | 200 | 180 | 171 | 10 | 95% | 9.5
 | 财政资金 | 200 | 180 | 171 |  |  | 
一级指标 | 二级指标 | 三级指标 | 年度指标值 |  |  | 完成值 | 权重 | 得分 | 未完成原因分析
 |  |  | 指标性质 | 指标值 | 度量单位 |  |  |  | 
产出指标 | 数量指标 | 清运垃圾量 | ≥ | 5000 | 吨 | 5200 | 20 | 20 | 
 |  | 保洁面积 | ≥ | 30 | 万平方米 | 28 | 20 | 18.7 | 部分路段未移交
效益指标 | 社会效益指标 | 群众满意度 | ≥ | 90 | % | 93% | 50 | 50 | 
合计 |  |  |  |  |  |  | 100 | 98.2 | 
""")


def test_two_row_split_header_with_weights_named_权重():
    extraction = extract_text(QINGSHEN)
    assert claims(extraction) == [
        (["预算执行率"], D(10), D("9.5")),
        (["产出指标", "数量指标", "清运垃圾量"], D(20), D(20)),
        (["产出指标", "数量指标", "保洁面积"], D(20), D("18.7")),
        (["效益指标", "社会效益指标", "群众满意度"], D(50), D(50)),
    ]
    [table] = extraction.forms
    assert table.funds[0].number("budget") == D(180)  # 调整后预算数 is the budget A
    assert table.indicators[1].cells["nature"].text == "≥" and table.indicators[1].cells["unit"].text == "万平方米"
    assert table.indicators[1].cells["reason"].text == "部分路段未移交"
    meta = extraction.meta
    assert (meta.unit, meta.year, meta.kind, meta.claimed_total) == ("某县环境卫生管理所", 2023, "项目支出", D("98.2"))


HUBEI = tabbed("""
项目支出绩效自评表
（2021年度）
项目名称 | 乡村道路养护 | 自评得分 | 96
主管部门 | 某市交通运输局 | 实施单位 | 某市公路事务中心
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 得分 | 偏差原因分析及改进措施
 | 产出指标 | 数量指标 | 养护里程 | 120公里 | 120公里 | 20 | 
 |  | 质量指标 | 路况优良率 | ≥85% | 88% | 20 | 
 | 效益指标 | 社会效益指标 | 通行条件改善 | 明显改善 | 明显改善 | 20 | 
 | 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 20 | 
项目资金（万元） |  | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | 得分（20分*执行率）
 | 年度资金总额 | 300 | 300 | 240 | 80% | 16
""")


def test_hubei_scores_without_a_weight_column_and_the_funds_block_below():
    extraction = extract_text(HUBEI)
    assert claims(extraction) == [
        (["产出指标", "数量指标", "养护里程"], None, D(20)),
        (["产出指标", "质量指标", "路况优良率"], None, D(20)),
        (["效益指标", "社会效益指标", "通行条件改善"], None, D(20)),
        (["满意度指标", "服务对象满意度指标", "群众满意度"], None, D(20)),
        (["预算执行率"], D(20), D(16)),
    ]
    assert extraction.meta.claimed_total == D(96)  # 自评得分 in the header block
    assert extraction.meta.unit == "某市公路事务中心"


CHONGQING = tabbed("""
部门整体支出绩效自评表
（2022年度）
单位名称 | 某区文化和旅游发展委员会
指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 | 得分系数(%) | 指标权重(分) | 指标得分(分)
文化活动场次 | 场 | 定量 | 120 | 150 | 156 | 100 | 30 | 30
图书借阅人次 | 万人次 | 定量 | 20 | 20 | 18 | 90 | 30 | 27
群众满意度 | % | 定性 | 90 | 90 | 92 | 100 | 40 | 40
总分 |  |  |  |  |  |  | 100 | 97 | 优
""")


def test_chongqing_flat_list_with_grade_in_the_total_row():
    extraction = extract_text(CHONGQING)
    assert claims(extraction) == [(["文化活动场次"], D(30), D(30)), (["图书借阅人次"], D(30), D(27)),
                                  (["群众满意度"], D(40), D(40))]
    [table] = extraction.forms
    assert table.indicators[0].cells["target"].text == "150"  # 调整指标值 over 年初指标值
    meta = extraction.meta
    assert (meta.kind, meta.unit, meta.claimed_total, meta.claimed_grade) == (
        "部门整体支出", "某区文化和旅游发展委员会", D(97), "优")


HUNAN = tabbed("""
部门整体支出绩效自评表
（2022年度）
部门名称 | 某县自然资源局
预算资金（万元） |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
 | 年度资金总额 | 1000 | 1200 | 1150 | 10 | 95.83% | 9.58
 | 按收入性质分 |  |  |  |  |  | 
 | 一般公共预算 | 900 | 1000 | 960 |  |  | 
 | 其他资金 | 100 | 200 | 190 |  |  | 
 | 按支出性质分 |  |  |  |  |  | 
 | 基本支出 | 600 | 650 | 640 |  |  | 
 | 项目支出 | 400 | 550 | 510 |  |  | 
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
 | 产出指标(50分) | 数量指标 | 完成不动产登记 | ≥3000件 | 3200件 | 50 | 50 | 
 | 满意度指标(10分) | 服务对象满意度指标 | 办事群众满意度 | ≥90% | 96% | 10 | 10 | 
""")


def test_hunan_halves_of_the_funds_block():
    [table] = extract_text(HUNAN).forms
    assert [(f.label, f.kind, f.group, f.number("budget")) for f in table.funds] == [
        ("年度资金总额", "total", None, D(1200)),
        ("一般公共预算", "part", "按收入性质分", D(1000)), ("其他资金", "part", "按收入性质分", D(200)),
        ("基本支出", "part", "按支出性质分", D(650)), ("项目支出", "part", "按支出性质分", D(550))]
    assert [(w.path, w.weight) for w in table.level_weights] == [(["产出指标"], D(50)), (["满意度指标"], D(10))]
    assert not table.complete  # no 总分 row: the checks must not count its weights as the whole table


def test_a_cell_of_several_paragraphs_breaks_its_row_over_lines():
    text = tabbed("""
项目支出绩效自评表
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
 | 产出指标 | 数量指标 | 培训人次 | ≥500人次 | 450人次 | 20 | 18 | 部分学员因疫情未能参训；
下半年补训。
 |  | 质量指标 | 合格率 | 100% | 100% | 20 | 20 | 
""")
    [table] = extract_text(text).forms
    assert [(r.name, r.number("score")) for r in table.indicators] == [("培训人次", D(18)), ("合格率", D(20))]
    assert table.indicators[0].cells["reason"].text == "部分学员因疫情未能参训；\n下半年补训。"


def test_ocr_damage_is_read_only_where_the_column_makes_it_certain():
    text = tabbed("""
项目支出绩效自评表
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 实际完成值 | 分值 | 得分
 | 产出指标 | 数量指标 | 新建公厕 | 2 | IO | 座 | 12 | IO | IO
 |  | 质量指标 | 验收合格率 | = | 100 | % | 1OO% | 10 | 9.5
""")
    [table] = extract_text(text).forms
    first, second = table.indicators
    assert (first.number("weight"), first.number("score"), first.cells["nature"].text) == (D(10), D(10), "≥")
    assert first.number("target") is None  # an indicator value column is not known to hold a number
    assert first.cells["weight"].text == "IO"  # as written; only its number is repaired
    assert second.number("actual") is None and second.number("score") == D("9.5")


def test_a_report_attaching_a_self_evaluation_table_keeps_its_own_meta():
    text = ("某县卫生健康局2022年度部门整体支出绩效自评报告\n一、基本情况\n某县卫生健康局内设7个股室。\n"
            "二、评价结论\n综上，自评得分为95分，评价等级为优。\n" + "正文说明。" * 200 + "\n附件\n" + QINGSHEN)
    extraction = extract_text(text)
    meta = extraction.meta
    assert (meta.kind, meta.claimed_total, meta.claimed_grade) == ("部门整体支出", D(95), "优")
    assert [t for t, _ in meta.claimed_totals] == [D(95), D("98.2")]
    assert len([c for c in extraction.claims if c.source == "table"]) == 4


@pytest.mark.parametrize("text", [
    "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t得分\n",
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t\t\t\t\t\t\n",
    "项目名称\t\n主管部门\t\t实施单位\n",
    "总分\t100\t\n" * 3,
    "一级指标\t二级指标\t三级指标\t分值\t得分\n" + "\t\t……\t\t\n" * 500,
])
def test_fragments_give_no_form_and_no_error(text):
    extraction = extract_text(text)
    assert extraction.forms == [] and [c for c in extraction.claims if c.source == "table"] == []


ANHUI_COUNTY = tabbed("""
某县2023年度部门整体支出绩效自评表
单位名称：某县农业农村局
自评总分 | 92.5 | 评价等级 | 优
序号 | 一级指标 | 二级指标 | 三级指标 | 指标分值 | 指标解释 | 评分标准 | 自评得分
1 | 决策(20分) | 目标设定 | 绩效目标合理性 | 10 | 是否符合发展规划 | 符合得10分，否则酌情扣分 | 10
2 |  |  | 绩效指标明确性 | 10 | 是否细化量化 | 明确得10分 | 8
3 | 过程(30分) | 资金管理 | 预算执行率 | 30 | 执行数/预算数 | 执行率×30 | 27.5
""")


def test_a_county_scoring_sheet_titled_自评表_is_read_as_one():
    extraction = extract_text(ANHUI_COUNTY)
    assert claims(extraction) == [
        (["决策", "目标设定", "绩效目标合理性"], D(10), D(10)),
        (["决策", "目标设定", "绩效指标明确性"], D(10), D(8)),
        (["过程", "资金管理", "预算执行率"], D(30), D("27.5")),
    ]
    [table] = extraction.forms
    assert [(w.path, w.weight) for w in table.level_weights] == [(["决策"], D(20)), (["过程"], D(30))]
    meta = extraction.meta
    assert (meta.unit, meta.year, meta.kind, meta.claimed_total, meta.claimed_grade) == (
        "某县农业农村局", 2023, "部门整体支出", D("92.5"), "优")


def test_a_name_cell_spanning_two_columns_and_amounts_in_yuan():
    text = tabbed("""
项目支出绩效自评表
项目资金（元） |  |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
 | 年度资金总额 | 500000 | 500000 | 450000 | 10 | 90% | 9
 | 按收入性质分 | 一般公共预算 | 500000 | 500000 | 450000 |  |  | 
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差大或目标未完成原因分析
 | 产出指标 | 数量指标 | 维修道路 | 10公里 | 10公里 | 40 | 40 | 
 | 满意度指标 | 服务对象满意度 | ≥90% | 95% | 50 | 50 | 
""")
    extraction = extract_text(text)
    assert claims(extraction) == [(["预算执行率"], D(10), D(9)), (["产出指标", "数量指标", "维修道路"], D(40), D(40)),
                                  (["满意度指标", "服务对象满意度"], D(50), D(50))]
    [table] = extraction.forms
    assert table.indicators[1].cells["target"].text == "≥90%"
    assert (table.funds[1].label, table.funds[1].group) == ("一般公共预算", "按收入性质分")
    assert {(f.label, f.value) for f in extraction.figures} >= {("项目预算数", D(50)), ("项目实际支出", D(45))}


def test_header_fields_with_notes_and_several_on_a_line():
    text = "项目支出绩效自评表\n（2022年度）\n填报单位（盖章）：某县水务局    填报日期：2023年3月1日\n" + HUBEI.split("\n", 4)[4]
    extraction = extract_text(text)
    [table] = extraction.forms
    unit, day = table.fields["填报单位"], table.fields["填报日期"]
    assert (unit.text, day.text) == ("某县水务局", "2023年3月1日")
    assert text[unit.loc.start:unit.loc.end] == "某县水务局"
    assert extraction.meta.unit == "某县水务局" and extraction.meta.year == 2022


@pytest.mark.parametrize("total_row, weight, score", [
    ("总分\t100\t\t", D(100), None),  # the template's scale, no score written
    ("总分\t100\t96.5\t", D(100), D("96.5")),
    ("总分\t100\t96.5", D(100), D("96.5")),  # a copy that dropped the trailing empty cell
    ("合计\t\t\t\t\t\t100\t96.5\t", D(100), D("96.5")),  # every grid column kept
])
def test_the_total_row_however_it_was_copied(total_row, weight, score):
    text = tabbed("""
项目支出绩效自评表
项目资金（万元） |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
 | 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10
 | 合计 | 100 | 100 | 100 |  |  | 
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
 | 产出指标 | 数量指标 | 维修道路 | 10公里 | 10公里 | 90 | 86.5 | 
""") + total_row + "\n"
    [table] = extract_text(text).forms
    assert [f.label for f in table.funds] == ["年度资金总额", "合计"]  # the funds 合计 does not end the table
    assert (table.total_weight and table.total_weight.number, table.total_score and table.total_score.number) == (
        weight, score)
    assert table.complete


def test_a_table_written_as_two_word_tables_is_one_form(tmp_path):
    from docx import Document as WordDocument

    lines = [line.split("\t") for line in QINGSHEN.strip("\n").split("\n")]
    document = WordDocument()
    for text in ("项目支出绩效自评表", "（2023年度）"):
        document.add_paragraph(text)
    for part in (lines[2:7], lines[7:]):  # header fields and funds; then the indicator grid
        width = max(len(row) for row in part)
        table = document.add_table(rows=len(part), cols=width)
        for r, row in enumerate(part):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.add_paragraph("")
    document.save(tmp_path / "two.docx")
    extraction = extract(load(tmp_path / "two.docx"))
    [table] = extraction.forms
    assert (len(table.funds), len(table.indicators), table.total_score.number) == (2, 3, D("98.2"))
    assert claims(extraction)[0] == (["预算执行率"], D(10), D("9.5")) and len(extraction.claims) == 4
    assert extraction.meta.unit == "某县环境卫生管理所"


def test_prose_scoring_the_tables_rows_again_gives_each_claim_once():
    text = ("某县环境卫生管理所2023年度项目支出绩效自评报告\n一、绩效指标完成情况\n"
            "1、清运垃圾量（20分）：全年清运5200吨，得20分。\n2、保洁面积（20分）：完成28万平方米，得18.7分。\n"
            "二、评价结论\n综上，自评得分为98.2分。\n" + "正文说明。" * 300 + "\n附件\n" + QINGSHEN)
    extraction = extract_text(text)
    named = [(c.name, c.weight, c.claimed_score, c.source) for c in extraction.claims]
    # the table's row is the better informed statement (target, actual); the prose one is its other place
    assert [n for n in named if n[0] in ("清运垃圾量", "保洁面积")] == [
        ("清运垃圾量", D(20), D(20), "table"), ("保洁面积", D(20), D("18.7"), "table")]
    merged = next(c for c in extraction.claims if c.name == "清运垃圾量")
    assert len(merged.other_locs) == 1 and merged.other_locs[0].start < text.index("附件")
    assert len(extraction.claims) == 4


def test_kind_from_the_header_fields_and_a_year_in_the_title():
    text = "2023年绩效自评表\n" + QINGSHEN.split("\n", 2)[2].replace("（2023年度）\n", "")
    meta = extract_text(text).meta
    assert (meta.kind, meta.year) == ("项目支出", 2023)  # 项目名称: a project's table
    department = extract_text(HUNAN.replace("部门整体支出绩效自评表", "绩效自评表")).meta
    assert department.kind == "部门整体支出"  # 部门名称


def test_a_note_far_below_the_total_row_is_not_the_tables():
    text = CHONGQING + "正文说明。\n" * 10 + "注：以上情况属实。\n" + HUNAN
    first, second = extract_text(text).forms
    assert first.notes == [] and first.complete
    assert second.funds[0].number("budget") == D(1200)


def test_a_header_row_broken_by_headings_of_two_paragraphs():
    text = QINGSHEN.replace("\t年度指标值\t", "\t年度\n指标值\t", 1).replace("\t未完成原因分析\n", "\t未完成\n原因分析\n")
    assert "年度\n指标值" in text and "未完成\n原因分析" in text
    extraction = extract_text(text)
    assert claims(extraction) == claims(extract_text(QINGSHEN))
    assert extraction.forms[0].indicators[0].cells["nature"].text == "≥"


def test_a_note_on_the_workbooks_next_sheet_is_the_tables():
    _, extraction = read("xlsx", "tianchang-shuili-2022-project-form")
    [table] = extraction.forms
    assert table.notes[0].text.startswith("注:1.一级指标分值统一设置为")
    assert (["预算资金执行率"], D(10)) in [(w.path, w.weight) for w in table.level_weights]


def test_the_total_and_grade_written_below_the_table():
    text = HUNAN + "自评得分：98.5分    评价等级：优秀\n填报人：张三\n"
    extraction = extract_text(text)
    [table] = extraction.forms
    assert (table.total_score.number, table.grade.text) == (D("98.5"), "优秀")
    assert (extraction.meta.claimed_total, extraction.meta.claimed_grade) == (D("98.5"), "优秀")


def test_a_header_repeated_at_a_page_break_continues_the_table():
    lines = HUNAN.strip("\n").split("\n")
    at = next(k for k, line in enumerate(lines) if line.startswith("绩效指标\t一级指标"))
    text = "\n".join(lines[:at + 2] + [lines[at]] + lines[at + 2:]) + "\n"
    [table] = extract_text(text).forms
    assert [r.name for r in table.indicators] == ["完成不动产登记", "办事群众满意度"]
    assert table.indicators[1].path[0] == "满意度指标" and len(table.funds) == 5


def _pdf_table_document(rows: list[list[str]], page_break_row: int):
    """A PDF-like Document: the rows as one ruled table, a page break before row `page_break_row`."""
    from core.documents.model import Cell, Document, Page, Table

    text, cells, row_starts = "", [], []
    for r, row in enumerate(rows):
        row_starts.append(len(text))
        for c, cell in enumerate(row):
            cells.append(Cell(cell, r, c, start=len(text), end=len(text) + len(cell)))
            text += cell + ("\t" if c < len(row) - 1 else "\n")
    split = row_starts[page_break_row]
    pages = [Page(1, 0, split), Page(2, split, len(text))]
    table = Table(len(rows), len(rows[0]), cells, 0, len(text), 1)
    return Document("form.pdf", "form.pdf", "", "pdf", text, pages, [table])


def test_a_row_split_by_a_page_break_is_one_row():
    rows = [["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
            ["", "产出指标", "数量指标", "指标1:大厅运行正常", "100%", "98%", "10", "9.8", "个别设备检修，已于"],
            ["", "", "", "率", "", "", "", "", "次月修复。"],
            ["", "", "", "指标2:", "", "", "", "", ""],
            ["", "", "质量指标", "群众满意度", "≥90%", "95%", "10", "10", ""]]
    extraction = extract(_pdf_table_document(rows, 2))
    [table] = extraction.forms
    assert [(r.path, r.number("score")) for r in table.indicators] == [
        (["产出指标", "数量指标", "大厅运行正常率"], D("9.8")), (["产出指标", "质量指标", "群众满意度"], D(10))]
    assert table.indicators[0].cells["reason"].text == "个别设备检修，已于次月修复。"
    same_page = extract(_pdf_table_document(rows, 4)).forms[0]
    assert [r.name for r in same_page.indicators] == ["大厅运行正常", "率", "群众满意度"]  # no break: rows as written


FUNDS_AB = {"ezhou-2021-project-form": ("150", "125.25"), "jinzhai-2023-dept-form": ("329.77", "338.31"),
            "langfang-spgcxx-2019-project-form": ("43.2", "37.24"), "tianchang-shuili-2022-project-form": ("880", "880")}


@pytest.mark.parametrize("form", RENDITIONS)
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_the_funds_block_gives_the_projects_budget_and_spending(form, form_id):
    figures = {f.label: f.value for f in read(form, form_id)[1].figures}
    budget, spent = FUNDS_AB[form_id]
    assert figures == {"项目预算数": D(budget), "项目实际支出": D(spent)}
