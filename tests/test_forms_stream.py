"""自评表 copied from web pages (samples/forms/web): rows cut back from pipes, spaces, one cell per line and one
long line, against the gold; the same rows whatever way the page was copied; bounded on hostile text."""

import json
import re
from decimal import Decimal

import pytest
from conftest import SAMPLES, text_document

from core.documents import load
from core.extraction import extract
from core.forms.find import find_forms
from core.forms.model import execution_row
from core.forms.stream import copied_sources

WEB = SAMPLES / "forms" / "web"
WEB_IDS = sorted(p.stem for p in WEB.glob("*.txt"))
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def _gold(web_id: str) -> dict:
    return json.loads((WEB / f"{web_id}.gold.json").read_text(encoding="utf-8"))


def _form(text: str):
    forms = find_forms(text_document(text))
    assert len(forms) == 1
    return forms[0]


def _rows(form) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """What the table claims: the execution row (not where it carries the table's 100), then every indicator
    row with a weight or a score."""
    rows = []
    execution = execution_row(form)
    if execution is not None:
        rows.append((execution.label, execution.number("weight"), execution.number("score")))
    rows += [(row.name, row.number("weight"), row.number("score")) for row in form.indicators
             if row.number("weight") is not None or row.number("score") is not None]
    return rows


def _matches(gold_name: str, name: str) -> bool:
    bare = _BRACKETED.sub("", gold_name)
    return name in (gold_name, bare) or (len(name) >= 3 and name in gold_name) or (len(bare) >= 3 and bare in name)


@pytest.mark.parametrize("web_id", WEB_IDS)
def test_web_copy_gives_the_gold_rows_with_their_places(web_id):
    document = load(WEB / f"{web_id}.txt")
    form = _form(document.text)
    gold = _gold(web_id)
    rows = _rows(form)
    assert len(rows) == len(gold["claims"]) > 0
    for claim in gold["claims"]:
        found = [row for row in rows if _matches(claim["name"], row[0])]
        assert found, claim["name"]
        assert (found[0][1], found[0][2]) == (claim["weight"], claim["claimed_score"]), claim["name"]
    quotes = [(document.text.index(c["quote"]), len(c["quote"])) for c in gold["claims"]]
    for row in form.indicators:
        for value in row.cells.values():
            assert document.text[value.loc.start:value.loc.end] == value.loc.quote == value.text.strip()
        weight = row.cells["weight"].loc
        assert any(start <= weight.start and weight.end <= start + size for start, size in quotes), row.name


@pytest.mark.parametrize("web_id", WEB_IDS)
def test_web_copy_meta(web_id):
    meta = extract(load(WEB / f"{web_id}.txt")).meta
    expected = _gold(web_id)["meta"]
    assert (meta.unit, meta.year, meta.kind, meta.claimed_grade) == (
        expected["unit"], expected["year"], expected["kind"], expected["claimed_grade"])
    assert meta.claimed_total == (None if expected["claimed_total"] is None else Decimal(expected["claimed_total"]))


def test_cut_copy_is_incomplete_and_total_row_completes():
    assert [_form(load(WEB / f"{i}.txt").text).complete for i in WEB_IDS] == [False, False, False, True]
    total = _form(load(WEB / "tianchang-shuili-2022-project.txt").text)
    assert (total.total_weight.number, total.total_score.number) == (100, 100)
    assert total.notes and total.notes[0].text.startswith("注:1.一级指标分值统一设置为")


# --- the same table however the page was copied --------------------------------------------------------------

FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789%:()|"})
FURNITURE_BEFORE = "索引号: 000014349/2023-00012\n发布日期: 2023年02月01日\n【字体:大 中 小】\n"
FURNITURE_AFTER = "\n打印本页 关闭窗口\n上一篇: 关于做好预算公开工作的通知\n"


def _cells_to_lines(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u3000]*[|｜][ \t\u00a0\u3000]*|[ \t\u00a0\u3000]+", "\n", text)


def _to_pipes(text: str) -> str:
    lines = (re.sub(r"[ \t\u00a0\u3000]+", " | ", line.strip()) for line in text.split("\n"))
    return "\n".join(line + " |" for line in lines if line)


def _ocr_tens(text: str) -> str:
    """10 as IO in every weight and score cell (OCR damage of digits in numeric columns)."""
    form = _form(text)
    spans = sorted((v.loc.start, v.loc.end) for row in form.indicators for role, v in row.cells.items()
                   if role in ("weight", "score") and v.text == "10")
    assert spans
    for start, end in reversed(spans):
        text = text[:start] + "IO" + text[end:]
    return text


PERTURBATIONS = {
    "pipes to spaces": lambda t: t.replace("|", " "),
    "cells to pipes": _to_pipes,
    "one cell per line": _cells_to_lines,
    "one long line": lambda t: re.sub(r"\s*\n\s*", " ", t),
    "full width": lambda t: t.translate(FULL_WIDTH),
    "furniture": lambda t: FURNITURE_BEFORE + t + FURNITURE_AFTER,
    "empty cells as &nbsp;": lambda t: re.sub(r"\|(?=\s*\|)", "| &nbsp;", t).replace("\n\n \n\n", "\n\n&nbsp;\n\n"),
    "ocr tens": _ocr_tens,
}


@pytest.mark.parametrize("perturbation", sorted(PERTURBATIONS))
@pytest.mark.parametrize("web_id", WEB_IDS)
def test_same_rows_however_copied(web_id, perturbation):
    text = load(WEB / f"{web_id}.txt").text
    original = _form(text)
    changed = _form(PERTURBATIONS[perturbation](text))
    assert _rows(changed) == _rows(original)
    assert (changed.kind, changed.fields["年度"].number) == (original.kind, original.fields["年度"].number)


def test_tab_copied_form_reads_the_same_as_a_web_copy():
    """The Word copies (tab-separated rows) cut by the stream with their tabs turned into pipes."""
    for path in sorted((SAMPLES / "forms" / "txt").glob("*.txt")):
        text = load(path).text
        assert _rows(_form(text.replace("\t", " | "))) == _rows(_form(text)), path.name


# --- what is no table, and hostile sizes ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "|||| | ||\n" * 50,
    "三级指标",
    "一级指标 二级指标 三级指标 分值 得分",
    "项目支出绩效自评表\n（2021年度）\n年度总体目标 预期目标 实际完成情况",
    "1\n" * 200_000,
    "三级指标\n" * 20_000,
    "一级指标 二级指标 三级指标 分值 得分 " * 5_000,
])
def test_no_rows_from_text_without_a_table(text):
    assert find_forms(text_document(text)) == []


def test_a_long_run_of_rows_is_cut_to_a_window():
    text = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n" + "产出指标 数量指标 办件数量 ≥100件 96件 10 9\n" * 20_000
    sources = copied_sources(text)
    assert len(sources) == 1 and 100 < len(sources[0].rows) < 20_000
    form = _form(text[:2_000])
    assert form.indicators[0].path == ["产出指标", "数量指标", "办件数量"]
    assert (form.indicators[0].number("weight"), form.indicators[0].number("score")) == (10, 9)


# --- local variants (forms.md §1) as a page copy gives them: cells joined by spaces, rows by line breaks -------

SPLIT_TARGET = """项目支出绩效自评表
（2023年度）
项目名称 乡村道路养护 实施单位 某镇人民政府
绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 权重 得分 未完成原因分析
指标性质 指标值 度量单位
产出指标 数量指标 养护道路里程 ≥ 50 公里 52公里 30 30
效益指标 社会效益指标 群众出行便利 定性 明显改善 明显改善 30 28 部分路段仍需改造。
满意度指标 服务对象满意度指标 群众满意度 ≥ 90 % 92% 30 30
"""
WEIGHT_IN_SCORE_HEADING = """项目支出绩效自评表
（2021年度）
项目名称 政务服务大厅运行经费 实施单位 某市政务服务中心
项目资金（万元） 年初预算数 全年预算数 全年执行数 执行率 得分(20分*执行率)
年度资金总额 200 200 190 95% 19
绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 得分 偏差原因分析及改进措施
产出指标 数量指标 进驻事项数量 ≥800项 856项 40
效益指标 社会效益指标 群众办事便利度 明显提升 明显提升 38
总分 97
"""
COUNTY_SHEET = """部门整体支出绩效自评表
（2022年度）
单位名称：某县市场监督管理局 自评得分：92
序号 一级指标 二级指标 三级指标 指标分值 指标解释 评分标准 自评得分
1 决策 目标设定 绩效目标合理性 5 部门绩效目标是否依据充分。 完全符合得5分。 5
2 过程 资金管理 预算执行率 10 预算执行率=实际支出/预算数。 执行率100%得满分。 9
3 产出 数量 检查企业数量 20 完成检查企业户数。 完成得满分。 20
"""
FLAT_LIST = """部门整体支出绩效自评表
（2022年度）
部门名称 某区政务服务中心
指标名称 计量单位 指标性质 年初指标值 调整指标值 全年完成值 得分系数(%) 指标权重(分) 指标得分(分)
办件数量 件 定量 20000 20000 21500 100 20 20
窗口服务规范 定性 好 好 好 100 20 20
"""
FUND_HALVES = """部门整体支出绩效自评表
(2021年度)
部门（单位）名称 某县政务服务中心
预算资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 500 520 510 10 98.08% 9.8
按收入性质分 一般公共预算 500 520 510
按支出性质分 基本支出 300 310 305
项目支出 200 210 205
绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
效益指标 社会效益指标 办事效率 提升 提升 30 28 部分事项办理时间偏长
满意度指标 服务对象满意度指标 满意度 ≥90% 95% 20 20 总分 100 97.8 优
"""
D = Decimal


@pytest.mark.parametrize("text, rows", [
    (SPLIT_TARGET, [("养护道路里程", D(30), D(30)), ("群众出行便利", D(30), D(28)), ("群众满意度", D(30), D(30))]),
    (WEIGHT_IN_SCORE_HEADING, [("年度资金总额", D(20), D(19)), ("进驻事项数量", None, D(40)),
                               ("群众办事便利度", None, D(38))]),
    (COUNTY_SHEET, [("绩效目标合理性", D(5), D(5)), ("预算执行率", D(10), D(9)), ("检查企业数量", D(20), D(20))]),
    (FLAT_LIST, [("办件数量", D(20), D(20)), ("窗口服务规范", D(20), D(20))]),
    (FUND_HALVES, [("年度资金总额", D(10), D("9.8")), ("办事效率", D(30), D(28)), ("满意度", D(20), D(20))]),
], ids=["split target", "weight in score heading", "county sheet", "flat list", "fund halves"])
def test_local_variants_read_by_their_header(text, rows):
    assert _rows(_form(text)) == rows


def test_variant_cells_land_in_their_columns():
    split = _form(SPLIT_TARGET).indicators
    assert (split[0].cells["nature"].text, split[0].cells["target"].number, split[0].cells["unit"].text) == (
        "≥", 50, "公里")
    assert split[1].cells["reason"].text == "部分路段仍需改造。"
    county = _form(COUNTY_SHEET)
    assert county.indicators[0].path == ["决策", "目标设定", "绩效目标合理性"]
    assert (county.fields["单位名称"].text, county.total_score.number) == ("某县市场监督管理局", 92)
    halves = _form(FUND_HALVES)
    assert [(row.label, row.group) for row in halves.funds] == [
        ("年度资金总额", None), ("一般公共预算", "按收入性质分"), ("基本支出", "按支出性质分"), ("项目支出", "按支出性质分")]
    assert halves.indicators[0].cells["reason"].text == "部分事项办理时间偏长"
    assert (halves.total_weight.number, halves.total_score.number, halves.grade.text) == (100, D("97.8"), "优")
    assert _form(FLAT_LIST).indicators[1].cells["target"].text == "好"


def test_funds_block_under_the_grid_and_ocr_damaged_labels():
    text = """项Fl支出绩效自评表 （2022年度）
项Fl名称 道路维护 实施单位 某街道办事处
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 维护道路长度 ≥10公里 12公里 IO 9
项Fl资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 50 50 45 10 90% 9
"""
    form = _form(text)
    assert (form.kind, form.fields["项目名称"].text, form.fields["实施单位"].text) == ("项目支出", "道路维护", "某街道办事处")
    assert _rows(form) == [("年度资金总额", D(10), D(9)), ("维护道路长度", D(10), D(9))]
    weight = form.indicators[0].cells["weight"]
    assert (weight.text, text[weight.loc.start:weight.loc.end]) == ("IO", "IO")


# --- the development tables rewritten as local variants (tools/perturb_forms.py), then copied from a web page --

def _tool(name: str):
    """tools/<name>.py as a module, loaded once (the tools are scripts, not a package)."""
    import importlib.util
    import sys

    from conftest import ROOT

    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def _web_copy(grid, joiner: str) -> str:
    """As a page shows the table: a merged cell once, the cells it covers not at all, empty cells dropped
    where cells are joined by whitespace."""
    covered = {(r, c) for r0, c0, r1, c1 in grid.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    lines = list(grid.before)
    for r, row in enumerate(grid.rows):
        cells = [text.replace("\n", " ") for c, text in enumerate(row) if (r, c) not in covered]
        lines.append(joiner.join(cells if "|" in joiner else [c for c in cells if c.strip()]))
    return "\n".join(lines + grid.after) + "\n"


JOINERS = {"pipes": " | ", "spaces": " ", "lines": "\n"}
_REWRITE_NAMES = ["none", "swap_columns", "weight_heading", "repeated_levels", "split_target",
                  "value_group_header", "funds_below_goals"]
LAYOUT_CASES = [(form_id, name, joiner) for i, name in enumerate(_REWRITE_NAMES)
                for j, form_id in enumerate(_tool("perturb_forms").FORM_IDS)
                for joiner in ([list(JOINERS)[(i + j) % 3]] if name != "none" else list(JOINERS))]


def _claims(text: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(c.name, c.weight, c.claimed_score) for c in extract(text_document(text)).claims]


@pytest.mark.parametrize("form_id, rewrite, joiner", LAYOUT_CASES)
def test_rewritten_tables_copied_from_a_page_give_the_same_claims(form_id, rewrite, joiner):
    perturb = _tool("perturb_forms")
    want = _claims(perturb.to_text(perturb.grid_of(form_id)))
    assert len(want) >= 6
    grid = perturb.grid_of(form_id)
    if rewrite != "none":
        grid = perturb.REWRITES[rewrite](grid)
    assert _claims(_web_copy(grid, JOINERS[joiner])) == want


# --- the local variants of forms.md §1 no sample has (tools/variant_forms.py), copied from a page every way ---

VARIANTS = _tool("variant_forms").load_specs()
PAGE_STYLES = {
    "pipes": lambda t: t,
    "spaces": lambda t: re.sub(r" ?[|] ?", " ", t),
    "one cell per line": _cells_to_lines,
    "one long line": lambda t: re.sub(r"\s*\n\s*", " ", t),
    "full width": lambda t: t.translate(FULL_WIDTH),
    "ocr tens": lambda t: re.sub(r"(?<=\| )10(?= \|)", "IO", t),
}


@pytest.mark.parametrize("style", list(PAGE_STYLES))
@pytest.mark.parametrize("spec", VARIANTS, ids=[s["id"] for s in VARIANTS])
def test_a_variant_copied_from_a_page_gives_the_reviewers_claims_and_meta(spec, style, tmp_path):
    variant_forms = _tool("variant_forms")
    path = tmp_path / "web.txt"
    variant_forms.write_web(spec, path)
    extraction = extract(text_document(PAGE_STYLES[style](path.read_text(encoding="utf-8"))))
    want = [(name, None if w is None else D(str(w)), None if s is None else D(str(s))) for name, w, s in spec["claims"]]
    got = [(c.name, c.weight, c.claimed_score) for c in extraction.claims]
    assert len(got) == len(want) > 0
    for (name, weight, score), (want_name, want_weight, want_score) in zip(got, want):
        assert name in want_name and (weight, score) == (want_weight, want_score)
    meta = spec["meta"]
    assert (extraction.meta.unit, extraction.meta.year, extraction.meta.kind, extraction.meta.claimed_grade) == (
        meta["unit"], meta["year"], meta["kind"], meta["claimed_grade"])
    assert extraction.meta.claimed_total == (None if meta["claimed_total"] is None else D(str(meta["claimed_total"])))


def test_a_name_broken_over_lines_and_numbered_names():
    text = """部门整体支出绩效自评表 （2023年度）
部门 某县乡村振兴服务中心
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 完成农村户用卫生厕所
改造数量 ≥2000 3061 10 10
1.满意度 ≥90% 95% 10 9
效益指标 社会效益指标 群众办事便利度 明显提升 明显提升 20 20
"""
    form = _form(text)
    assert _rows(form) == [("完成农村户用卫生厕所改造数量", D(10), D(10)), ("满意度", D(10), D(9)),  # numbering dropped
                           ("群众办事便利度", D(20), D(20))]
    broken = form.indicators[0]
    assert (broken.cells["target"].text, broken.cells["actual"].text) == ("≥2000", "3061")
    assert form.indicators[2].cells["target"].text == "明显提升"


def test_the_grid_header_repeated_after_a_page_break_is_skipped():
    header = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
    text = ("项目支出绩效自评表 (2022年度)\n项目名称 道路维护\n" + header
            + "产出指标 数量指标 维护里程 ≥10公里 12公里 30 30\n" + header
            + "效益指标 社会效益指标 出行便利 明显改善 明显改善 30 28\n总分 60 58\n")
    form = _form(text)
    assert _rows(form) == [("维护里程", D(30), D(30)), ("出行便利", D(30), D(28))]
    assert (form.total_score.number, form.complete) == (58, True)


def test_a_sign_or_percent_cut_off_its_number_is_joined_back():
    text = """项目支出绩效自评表 (2022年度)
项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 150 150 125.25 10 83.5 % 8
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 质量指标 验收合格率 ≥ 95% 100 % 10 10
"""
    form = _form(text)
    assert _rows(form) == [("年度资金总额", D(10), D(8)), ("验收合格率", D(10), D(10))]
    row = form.indicators[0]
    assert (row.cells["target"].text, row.cells["target"].number, row.cells["actual"].number) == ("≥ 95%", 95, 100)
    assert form.funds[0].cells["rate"].loc.quote == "83.5 %"


def test_a_funds_total_named_like_a_closing_row_stays_in_the_funds_block():
    text = """部门整体支出绩效自评表 (2022年度)
预算资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分
基本支出 300 310 305
项目支出 200 210 205
合计 500 520 510 10 98.08% 9.8
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 办件量 ≥10万件 11万件 20 20
合计 30 29.8
"""
    form = _form(text)
    assert [(row.label, row.kind) for row in form.funds] == [("基本支出", "part"), ("项目支出", "part"), ("合计", "total")]
    assert _rows(form) == [("合计", D(10), D("9.8")), ("办件量", D(20), D(20))]
    assert (form.total_weight.number, form.total_score.number) == (30, D("29.8"))


def test_ocr_two_for_greater_equal_in_a_nature_column():
    text = """项目支出绩效自评表 (2023年度)
一级指标 二级指标 三级指标 指标性质 指标值 度量单位 完成值 权重 得分
产出指标 质量指标 垃圾无害化处理率 2 95 % 96% 15 15
"""
    row = _form(text).indicators[0]
    assert (row.cells["nature"].text, row.cells["target"].number, row.cells["unit"].text) == ("≥", 95, "%")
    assert (row.number("weight"), row.number("score")) == (15, 15)


@pytest.mark.parametrize("line", ["填报单位（盖章）：某县水利局  填报日期：2023年3月1日", "填报单位（盖章） 某县水利局"])
def test_a_header_field_label_with_a_note(line):
    text = f"项目支出绩效自评表（2022年度）\n{line}\n项目名称 防汛经费\n" \
           "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n产出指标 数量指标 巡查次数 ≥10次 12次 20 20\n"
    form = _form(text)
    assert (form.fields["填报单位"].text, form.fields["项目名称"].text) == ("某县水利局", "防汛经费")
    assert extract(text_document(text)).meta.unit == "某县水利局"


def test_short_level_names_are_levels_not_names():
    text = """项目支出绩效自评表 (2022年度)
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量 办件量 ≥100件 120件 10 10
效益指标 社会效益 群众满意度提升 明显 明显 20 18
"""
    form = _form(text)
    assert [row.path for row in form.indicators] == [["产出指标", "数量", "办件量"], ["效益指标", "社会效益", "群众满意度提升"]]
    assert _rows(form) == [("办件量", D(10), D(10)), ("群众满意度提升", D(20), D(18))]


@pytest.mark.parametrize("path", sorted((SAMPLES / "forms" / "txt").glob("*.txt")), ids=lambda p: p.stem)
def test_a_tab_copy_whose_rows_ran_together_is_read_as_a_stream(path):
    """Tabs between cells, but two rows on every line: the reading that finds more scored rows wins."""
    text = load(path).text
    lines = text.split("\n")
    paired = "\n".join("\t".join(lines[i:i + 2]) for i in range(0, len(lines), 2))
    assert _rows(_form(paired)) == _rows(_form(text))


@pytest.mark.parametrize("cell, value", [("5G基站数", False), ("1.满意度", False), ("12345热线办结率", False),
                                         ("9月前", True), ("≥95%", True), ("IO", True), ("150万", True), ("—", True)])
def test_what_a_value_cell_is(cell, value):
    from core.forms.tokens import is_value

    assert is_value(cell) is value
