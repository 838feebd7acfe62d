"""The header matcher maps every variant's headings to column roles (forms.md §1 "Variants that exist")."""

import pytest

from core.forms.header import FUNDS, INDICATORS, is_sub_header, match_header, merge_header_rows, weight_in_heading

NATIONAL = "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施".split()


def test_national_header_in_any_column_order():
    columns = match_header(NATIONAL)
    assert columns.kind == INDICATORS
    assert columns.roles == {"level1": 1, "level2": 2, "level3": 3, "target": 4, "actual": 5, "weight": 6,
                             "score": 7, "reason": 8}
    shuffled = [NATIONAL[i] for i in (3, 1, 2, 7, 6, 5, 4, 8, 0)]
    assert match_header(shuffled).roles["weight"] == 4 and match_header(shuffled).roles["level3"] == 0


def test_two_row_header_splits_the_target():
    upper = "一级指标 二级指标 三级指标 年度指标值 完成值 权重 得分 未完成原因分析".split()
    lower = ["", "", "", "指标性质", "指标值", "度量单位", "", "", "", ""]
    columns = match_header(merge_header_rows(upper, lower))
    assert (columns.col("nature"), columns.col("target"), columns.col("unit")) == (3, 4, 5)
    assert (columns.col("actual"), columns.col("weight"), columns.col("score")) == (6, 7, 8)


@pytest.mark.parametrize("headings, role, col", [
    ("指标名称 计量单位 指标性质 年初指标值 调整指标值 全年完成值 得分系数(%) 指标权重(分) 指标得分(分)", "target", 4),
    ("指标名称 计量单位 指标性质 年初指标值 调整指标值 全年完成值 得分系数(%) 指标权重(分) 指标得分(分)", "score", 8),
    ("序号 一级指标 二级指标 三级指标 指标分值 指标解释 评分标准 自评得分", "weight", 4),
    ("一级指标 二级指标 三级指标 参考分值 自评得分", "weight", 3),
])
def test_local_headings(headings, role, col):
    assert match_header(headings.split()).col(role) == col


def test_funds_header_with_ab_heads_and_weight_in_the_score_heading():
    columns = match_header(["项目资金(万元)", "", "年初预算数", "调整后预算数(A)", "(B)", "执行率(B/A)",
                            "得分(20分*执行率)"])
    assert columns.kind == FUNDS
    assert columns.roles == {"budget_start": 2, "budget": 3, "executed": 4, "rate": 5, "score": 6}
    assert weight_in_heading("得分(20分*执行率)") == "20"


def test_goal_rows_are_no_header():
    assert match_header("年度总体目标 预期目标 实际完成情况".split()) is None


def test_ab_heads_on_a_row_of_their_own():
    upper = ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    lower = ["", "", "", "(A)", "(B)", "", "(B/A)", ""]
    assert is_sub_header(lower)
    columns = match_header(merge_header_rows(upper, lower))
    assert (columns.col("budget"), columns.col("executed"), columns.col("rate")) == (3, 4, 6)
