"""The built-in frameworks (domain.md §4): listing, loading, weights at every level, validation messages."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from core.frameworks import (
    FrameworkError,
    Indicator,
    Node,
    list_frameworks,
    load_framework,
    shared_variables,
    with_rows,
)
from core.rulebook.formula import compile_formula

BUILT_INS = [
    "dept-national",
    "dept-hunan-county",
    "dept-hunan-county@J",
    "proj-eval",
    "proj-eval@mid-term",
    "proj-self",
]


def test_list_frameworks_gives_every_built_in_and_profile():
    listed = dict(list_frameworks())
    assert sorted(listed) == sorted(BUILT_INS)
    assert "湖南" in listed["dept-hunan-county"]
    assert "方案J" in listed["dept-hunan-county@J"]


def _check_sums(node: Node, found: list[str]) -> None:
    total = sum(c.weight for c in node.children)
    if total != node.weight:
        found.append(f"{node.name}: {node.weight} != {total}")
    for child in node.children:
        if isinstance(child, Node):
            _check_sums(child, found)


@pytest.mark.parametrize("fid", BUILT_INS)
def test_weights_sum_at_every_level_and_to_100(fid):
    fw = load_framework(fid)
    assert sum(r.weight for r in fw.roots) == 100
    found: list[str] = []
    for root in fw.roots:
        _check_sums(root, found)
    assert found == []


@pytest.mark.parametrize("fid", BUILT_INS)
def test_formulas_use_known_variables_and_one_execution_indicator(fid):
    fw = load_framework(fid)
    for ind in fw.indicators():
        if ind.formula:
            assert set(compile_formula(ind.formula).variables) <= set(fw.variables), ind.id
    assert [i.id for i in fw.indicators() if i.execution] in (["budget_completion_rate"], ["execution_rate"])


@pytest.mark.parametrize(
    "fid, level1",
    [
        ("dept-national", {"投入": 15, "过程": 35, "产出": 25, "效果": 25}),
        ("dept-hunan-county", {"投入": 13, "过程": 61, "产出及效率": 26}),
        ("dept-hunan-county@J", {"投入": 10, "过程": 50, "产出及效率": 40}),
        ("proj-eval", {"决策": 20, "过程": 20, "产出": 30, "效益": 30}),
        ("proj-self", {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}),
    ],
)
def test_level_one_weights(fid, level1):
    assert {r.name: r.weight for r in load_framework(fid).roots} == {k: D(v) for k, v in level1.items()}


def test_hunan_profiles_differ_as_in_section_4_2():
    b = load_framework("dept-hunan-county")
    j = load_framework("dept-hunan-county@J")
    assert b.indicator("staff_control_rate").weight == 3 and j.indicator("staff_control_rate").weight == 5
    assert b.indicator("info_disclosure").weight == 5 and j.indicator("info_disclosure").weight == 10
    missing_in_j = {i.id for i in b.indicators()} - {i.id for i in j.indicators()}
    assert missing_in_j == {"goal_reasonableness", "indicator_clarity", "public_control_rate", "sangong_control_rate"}
    assert b.indicator("staff_control_rate").path == ("投入", "预算配置", "在职人员控制率")
    assert j.options["profile"] == "J"


def test_load_is_cached_and_accepts_a_path():
    assert load_framework("dept-national") is load_framework("dept-national")
    path = Path(__file__).resolve().parent.parent / "resources" / "frameworks" / "proj-self.yaml"
    assert load_framework(path).id == "proj-self"


def test_unknown_framework_lists_the_available_ones():
    with pytest.raises(FrameworkError) as err:
        load_framework("no-such-framework")
    assert "dept-national" in err.value.problems[0]
    with pytest.raises(FrameworkError) as err:
        load_framework("dept-hunan-county@X")
    assert "没有权重方案“X”" in err.value.problems[0]


def test_framework_error_on_one_line_names_the_file():
    single = FrameworkError(["文件内容不是一个映射（键: 值）"], "x.yaml")
    assert single.one_line() == "指标体系“x.yaml”：文件内容不是一个映射（键: 值）"
    several = FrameworkError(["甲", "乙"], "x.yaml")
    assert several.one_line() == "指标体系“x.yaml”有 2 处问题：1. 甲；2. 乙"
    assert str(several) == "指标体系“x.yaml”有 2 处问题：\n1. 甲\n2. 乙"


def test_shared_variables_carry_domain_synonyms():
    variables = shared_variables()
    assert {"staff_quota", "carryover_prev", "satisfaction", "time_actual"} <= set(variables)
    assert "年末实有人数" in variables["staff_actual"].synonyms
    assert "年初财政拨款结转和结余" in variables["carryover_prev"].synonyms
    assert variables["budget_initial"].unit == "万元"


BROKEN = """
id: broken
name: 有错误的体系
tree:
  - name: 投入
    weight: 20
    children:
      - id: a
        name: 甲
        weight: 5
        formula: staff_actual / nobody * 100
        rule: {type: deduct_per_point, target: 100, side: sideways, k: 0.5}
      - id: a
        name: 乙
        weight: 10
        formula: (staff_actual
        rule: {type: bands, bands: [["[0,10]", 1], ["(20,inf)", 0]]}
  - name: 过程
    weight: 70
    children:
      - id: c
        name: 丙
        weight: 70
        kind: qualitative
        rule: {type: checklist, items: [[x, 1], [y, 1]]}
"""


def test_validation_lists_every_problem_in_chinese(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(FrameworkError) as err:
        load_framework(path)
    problems = err.value.problems
    expected = [
        "一级指标分值合计 90，应为 100",
        "“投入”分值 20 ≠ 下级分值合计 5 + 10 = 15",
        "指标“甲”（a）公式引用了未定义的变量：nobody",
        "指标“甲”（a）规则 deduct_per_point 参数有误：参数 side 应为 over/under/both 之一，实为“sideways”",
        "指标“乙”（a）规则 bands 参数有误：区间 [0,10] 与 (20,inf) 之间有缺口或重叠",
        "指标“丙”（c）规则 checklist 参数有误：要点分值合计 2 不等于指标分值 70",
        "指标编号“a”重复",
    ]
    for line in expected:
        assert line in problems
    assert any(p.startswith("指标“乙”（a）公式有误") for p in problems)
    assert "指标体系" in str(err.value) and "1. " in str(err.value)


def test_with_rows_replaces_a_sole_placeholder_in_its_level():
    fw = load_framework("proj-self")
    rows = [
        ("应进事项进驻", D(10), D(454), D(310), "positive", "数量指标", "项"),
        ("12345工单办结率", D(10), D(100), D(100), "exact", "质量指标", "%"),
        ("社会效益", None, None, None, "qualitative", "质量指标"),
    ]
    out = with_rows(fw, "outputs", rows)
    block = out.roots[1]
    assert [c.name for c in block.children] == ["数量指标", "质量指标"]
    assert block.children[1].weight == 40  # 10 + the remaining 30 given to the weightless row
    ids = [i.id for i in out.indicators()]
    assert ids == ["execution_rate", "outputs_1", "outputs_2", "outputs_3", "benefits", "satisfaction_rate"]
    row = out.indicator("outputs_1")
    assert row.path == ("产出指标", "数量指标", "应进事项进驻")
    assert row.formula == "outputs_1_actual" and out.variables["outputs_1_actual"].default == 310
    assert row.rule.params["direction"] == "positive"
    assert out.indicator("outputs_3").rule.type == "qualitative"
    assert "outputs" not in ids and fw.indicator("outputs").weight == 50  # the original is untouched


def test_with_rows_wraps_a_placeholder_that_has_siblings():
    fw = load_framework("dept-hunan-county@J")
    rows = [(f"产出{n}", None, D(100), D(100), "positive") for n in range(4)]
    out = with_rows(fw, "duty_output", rows)
    node = next(c for c in out.roots[2].children[1].children if isinstance(c, Node))
    assert (node.name, node.weight) == ("履职产出", D(10))
    assert [c.weight for c in node.children] == [D("2.5")] * 4
    assert all(isinstance(c, Indicator) for c in node.children)


def test_row_weights_split_to_cents_and_still_add_up():
    rows = [(f"行{n}", None, D(1), D(1), "positive") for n in range(3)]
    out = with_rows(load_framework("proj-self"), "benefits", rows)
    assert [c.weight for c in out.roots[2].children] == [D(10), D(10), D(10)]
    out = with_rows(load_framework("proj-self"), "outputs", rows)
    assert [c.weight for c in out.roots[1].children] == [D("16.67"), D("16.67"), D("16.66")]
