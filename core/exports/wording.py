"""The words the outputs use for the engine's codes, as data: severities, origins, verdicts, statuses, and
what a unit is asked to do about each kind of finding (domain.md §1.5 整改建议, §5 codes)."""

from __future__ import annotations

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
ORIGIN = {"extracted": "报告正文", "table": "报告表格", "entered": "复核录入", "corrected": "复核更正"}
DECISION = {"open": "待处理", "accepted": "采纳", "dismissed": "驳回"}
NATURE = {"quantitative": "定量", "qualitative": "定性"}
TOTAL_STATUS = {"complete": "已确定", "provisional": "暂定", "undetermined": "待定"}
PENDING_GRADE = "待定"

# domain.md §1.5: the groups 发现的问题 are reported under.
GROUP = {
    "PARTS_SUM": "数据差错", "BUDGET_IDENTITY": "数据差错", "TABLE_SUM": "数据差错", "FIGURE_CONFLICT": "数据差错",
    "EXPR_MISMATCH": "计算差错", "RULE_MISMATCH": "计算差错", "SUBTOTAL_MISMATCH": "评分汇总差错",
    "WEIGHT_SUM": "评分汇总差错", "SCORE_OVER_WEIGHT": "评分汇总差错", "GRADE_MISMATCH": "等级评定差错",
    "FACT_CONTRADICTION": "表述与数据不符", "MISSING_DETAIL": "佐证不足",
}

ADVICE = {
    "EXPR_MISMATCH": "更正报告中的计算式及计算结果",
    "RULE_MISMATCH": "按评分标准重新计算并更正相关指标得分",
    "PARTS_SUM": "核对并更正合计数与分项数",
    "BUDGET_IDENTITY": "核对预算、支出及结转结余数据，使其相互衔接",
    "TABLE_SUM": "核对并更正表格合计、小计数",
    "SUBTOTAL_MISMATCH": "更正各级指标得分汇总",
    "WEIGHT_SUM": "按评价指标体系更正指标分值",
    "SCORE_OVER_WEIGHT": "更正超出分值或为负的指标得分",
    "GRADE_MISMATCH": "按复核得分重新确定评价等级",
    "FACT_CONTRADICTION": "更正与数据不符的表述",
    "FIGURE_CONFLICT": "统一同一数据在报告中的表述",
    "MISSING_DETAIL": "补充评分依据及佐证材料",
}
DEFAULT_ADVICE = "核实并更正相关内容"
RESUBMIT = "请于规定期限内更正自评报告及自评表并重新报送。"

REVIEW_METHOD = "书面复核"
EVALUATION_METHOD = "单位自评"
