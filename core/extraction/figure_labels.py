"""The base-figure vocabulary (domain.md §3): gold labels, variable ids and the phrases reports use,
and the record the prose and table readers produce.

Data only. A phrase matches when the clause before a number ends with it (after connectors such as
为/达到 are dropped); `context` must then occur earlier in the same sentence. `part` phrases are also
read inside a "其中" list (the parts of a total); the others name totals only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.extraction.model import Figure, Loc


@dataclass(frozen=True)
class LabelSpec:
    label: str  # gold label
    var: str | None  # domain.md §3 variable id
    unit_kind: str  # amount | count | rate | area
    phrases: tuple[str, ...]
    context: str | None = None  # regex that must occur earlier in the sentence
    part: bool = False  # may be read as one part of a "其中" list
    scoped: bool = True  # carries a 财政拨款 / 部门决算 / 预算 scope
    pattern: str | None = None  # regex the clause may match instead of ending with a phrase
    other_units: tuple[str, ...] = ()  # units read as the kind's own (编制48个: posts counted like people)


BUILDINGS = "楼堂馆所"
BUILDING_AREA_APPROVED, BUILDING_AREA_ACTUAL = "新建楼堂馆所批准建设面积", "新建楼堂馆所实际建设面积"
BUILDING_INVEST_APPROVED, BUILDING_INVEST_ACTUAL = "新建楼堂馆所批复投资概算", "新建楼堂馆所实际投资"

SPECS: tuple[LabelSpec, ...] = (
    LabelSpec("编制数", "staff_quota", "count", (
        "核准人员编制总计", "核准人员编制", "核定人员编制", "核定编制", "人员编制", "编制数", "参公编制",
        "现有编制", "事业编制", "行政编制", "全额拨款事业编制", "人员编制职数", "编制人数"), scoped=False,
        other_units=("个",)),
    LabelSpec("在职人数", "staff_actual", "count", (
        "在职预算人员", "在职人员", "年末实有人数", "实有人数", "在职工作人员", "实有在编在岗人员",
        "现有在职在编人员", "在职在编人员", "实有在职在编人数", "在编在岗工作人员", "在编在岗人员",
        "在编在岗", "事业在编", "在职人数", "现在岗", "在职职工", "在职在编", "实有在编人员", "在职", "在职人员数"),
        scoped=False),
    LabelSpec("上年三公经费预算数", "sangong_budget_prev", "amount", (
        "上年度三公经费预算数", "上年三公经费预算数", "上年度三公经费预算", "上年三公经费预算"),
        scoped=False),
    LabelSpec("三公经费预算数", "sangong_budget", "amount", (
        "三公经费预算数", "三公经费预算金额", "三公经费预算", "年初预算安排的三公经费"), scoped=False),
    LabelSpec("上年三公经费预算数", "sangong_budget_prev", "amount", ("上年预算数", "上年度预算", "上年预算"),
              context="三公", scoped=False),
    # in a sentence about 三公, its budget may be called the year's or the initial one (本年预算, 年初预算)
    LabelSpec("三公经费预算数", "sangong_budget", "amount", (
        "预算数", "预算金额", "预算", "本年预算", "年初预算", "年初预算数"), context="三公", scoped=False),
    LabelSpec("上年三公经费实际支出", "sangong_actual_prev", "amount", (
        "上年决算数", "去年同期", "上年实际支出", "上年度实际支出", "上年支出", "上年决算"), context="三公", scoped=False),
    LabelSpec("三公经费实际支出", "sangong_actual", "amount", ("三公经费实际支出", "三公经费支出"), scoped=False),
    LabelSpec("三公经费实际支出", "sangong_actual", "amount", (
        "实际支出", "决算数", "决算金额", "支出决算", "全年实际支出", "本年实际支出"), context="三公", scoped=False),
    LabelSpec("公用经费预算数", "public_budget", "amount", ("公用经费预算数", "日常公用经费预算", "公用经费预算"),
              scoped=False),
    LabelSpec("公用经费预算数", "public_budget", "amount", ("预算数", "预算"), context="公用经费", scoped=False),
    LabelSpec("公用经费实际支出", "public_actual", "amount", ("公用经费实际支出", "公用经费支出"), scoped=False),
    LabelSpec("公用经费实际支出", "public_actual", "amount", ("实际支出",), context="公用经费", scoped=False),
    # 本年支出…，其中人员经费…，公用经费186.35万元: among the year's spending, the actual
    LabelSpec("公用经费实际支出", "public_actual", "amount", ("公用经费", "日常公用经费"), context="支出", part=True,
              scoped=False),
    LabelSpec("机关运行经费", None, "amount", ("机关运行经费",), scoped=False),
    LabelSpec("因公出国（境）费", None, "amount", (
        "因公出国(境)费", "因公出(国)境费", "因公出国境费", "因公出国费用", "因公出国费"), part=True, scoped=False),
    LabelSpec("公务用车购置及运行维护费", None, "amount", (
        "公务用车购置及运行维护费", "公务用车运行维护费", "公务用车购置及运行费", "公务用车运行费"), part=True, scoped=False),
    LabelSpec("公务接待费", None, "amount", ("公务接待费",), part=True, scoped=False),
    LabelSpec("上年结转", "carryover_prev", "amount", (
        "上年结转", "年初结转结余", "上年结转结余", "上年度指标结余", "年初财政拨款结转和结余",
        "上年结转资金收入", "上年结转资金", "上年度本级结转资金", "上年结余", "年初结转和结余"), part=True),
    LabelSpec("年初预算", "budget_initial", "amount", (
        "年初预算", "本年预算", "年初批复预算", "预算批复", "年初预算数", "财政拨款预算", "预算批复数", "年初预算资金",
        "年初预算安排资金", "年初预算安排", "年初安排资金", "年初安排"),
        part=True,
        scoped=False, pattern=r"年初(?:下达|批复|安排)[^,，。;；]{0,6}预算(?:资金|数)?$"),
    LabelSpec("本年追加", "budget_added", "amount", (
        "本年追加", "追加预算", "年中追加", "本年追加指标", "本年追加资金", "追加", "追加预算资金", "追加资金"), part=True,
        scoped=False),
    LabelSpec("本年可用预算", "budget_available", "amount", (
        "全年可用预算资金", "可用预算资金", "本年可用指标", "预算可用指标", "年度可用指标", "可用指标",
        "全年可用资金", "全年可用预算", "本年可用预算", "可支配资金")),
    # 年初预算 + 本年追加, without the carry-over (gold/README): not the available budget of identity I2
    LabelSpec("调整后预算数", None, "amount", ("调整后预算数", "调整后预算"), scoped=False),
    LabelSpec("年末结转", "carryover_end", "amount", (
        "年末结转和结余", "年末结转", "本年结转", "年末财政拨款结转和结余", "本年度指标结余", "结余财政资金",
        "年末结余", "年末结转结余", "年末结转资金", "年末结余资金", "结余"), part=True),
    LabelSpec("本年收入", "income_total", "amount", (
        "本年收入", "年度收入", "总收入", "本年收入合计", "财政拨款收入", "收到财政资金", "财政资金收入",
        "单位收入", "部门收入")),
    LabelSpec("本年收入", "income_total", "amount", ("当年一般公共预算收入", "当年财政拨款收入"), part=True),
    LabelSpec("本年支出", "expense_total", "amount", (
        "总支出", "支出决算", "全年实际支出", "本年决算金额", "财政资金支出", "财政拨款支出", "本年支出",
        "支出合计", "本年实际支出", "年度实际支出", "全年累计支出", "年度支出", "全年支出")),
    LabelSpec("收入总计", None, "amount", ("收入总计",), scoped=False),
    LabelSpec("基本支出", "expense_basic", "amount", ("基本支出",), part=True),
    # the numerator of 重点支出安排率, not the year's project spending
    LabelSpec("重点项目支出", "key_project_expense", "amount", ("重点项目支出", "重点支出"), scoped=False),
    LabelSpec("项目支出", "expense_project", "amount", ("项目支出", "单位专项经费", "专项业务经费"), part=True),
    LabelSpec("工资福利支出", None, "amount", ("工资福利支出",), part=True, scoped=False),
    LabelSpec("商品和服务支出", None, "amount", ("商品和服务支出", "商品与服务支出"), part=True, scoped=False),
    LabelSpec("资本性支出", None, "amount", ("资本性支出",), part=True, scoped=False),
    LabelSpec("政府采购预算数", "procurement_budget", "amount", (
        "政府采购预算数", "政府采购预算", "政府采购预算金额"), scoped=False),
    LabelSpec("政府采购实际金额", "procurement_actual", "amount", (
        "实际采购金额", "政府采购支出", "政府采购合同金额", "政府采购金额", "完成政府采购", "政府采购实际金额",
        "实际采购"), scoped=False),
    LabelSpec("项目预算数", "project_budget", "amount", (
        "全年预算数", "项目资金预算", "本项目资金预算", "项目支出规模", "项目预算"), scoped=False,
        pattern=r"年度预算[^,，。;；预算]{2,20}经费$"),
    LabelSpec("项目实际支出", "project_actual", "amount", (
        "全年执行数", "实际使用情况", "实际使用", "已使用", "项目支出完成"), scoped=False),
    LabelSpec("满意度", "satisfaction", "rate", (
        "满意度", "满意率", "群众满意度", "服务对象满意度", "好评率", "好差评满意率", "满意度调查结果",
        "满意度测评结果"), scoped=False),
    LabelSpec(BUILDING_AREA_APPROVED, "building_area_approved", "area", ("批准建设面积", "核定建设面积"),
              context=BUILDINGS, scoped=False),
    LabelSpec(BUILDING_AREA_ACTUAL, "building_area_actual", "area", ("实际建设面积",), context=BUILDINGS,
              scoped=False),
    LabelSpec(BUILDING_INVEST_APPROVED, "building_invest_approved", "amount", ("批复投资概算", "投资概算"),
              context=BUILDINGS, scoped=False),
    LabelSpec(BUILDING_INVEST_ACTUAL, "building_invest_actual", "amount", ("实际完成投资", "实际投资", "决算投资"),
              context=BUILDINGS, scoped=False),
)

# A report about one project states the project's money without naming it (项目预算资金85万元, 已支付54万元):
# read only in such reports, where the year's budget and spending are the project's.
PROJECT_SPECS: tuple[LabelSpec, ...] = (
    LabelSpec("项目预算数", "project_budget", "amount", (
        "预算资金", "项目资金", "预算总额", "总预算", "资金预算", "预算投资", "计划投资", "总投资", "批复资金",
        "安排资金", "下达资金", "资金到位", "到位资金", "到位"), scoped=False),
    LabelSpec("项目实际支出", "project_actual", "amount", (
        "实际支出", "已支付", "支付资金", "实际使用资金", "使用资金", "完成支出", "累计支出", "已支出",
        "实际完成投资", "完成投资", "支付工程款", "工程款", "支付"), scoped=False),
    # what actually arrived, beside the budget (预算资金2000万元，实际到位2000万元): the base of 预算执行率 and
    # 资金到位率 in the project evaluation framework
    LabelSpec("实际到位资金", "funds_arrived", "amount", ("实际到位资金", "实际到位", "资金实际到位"), scoped=False),
)
# In a project report the year's budget and spending are the project's (first label found wins).
PROJECT_BUDGET_SOURCES = ("本年可用预算", "调整后预算数", "年初预算")
PROJECT_ACTUAL_SOURCES = ("本年支出",)

# Ratio indicators and the figures their written operands are (numerator, denominator): 在职人员控制率=106/113.
RATIO_TERMS = {
    "在职人员控制率": ("在职人数", "编制数"),
    "三公经费控制率": ("三公经费实际支出", "三公经费预算数"),
    "公用经费控制率": ("公用经费实际支出", "公用经费预算数"),
    "政府采购执行率": ("政府采购实际金额", "政府采购预算数"),
}

# Words that deny the phrase after them (未支付资金52万元 is what was not paid).
NEGATIONS = ("未", "没有", "尚待", "待")

# Clause endings between a label and its number that carry no meaning.
CONNECTORS = ("达到了", "达到", "达", "为", "是", "共计", "合计共", "合计", "总计", "共", "约", "累计", "总额")

# Table cells: a group or column header names the figure of its 合计 row.
TABLE_GROUPS = {"预算金额": "调整后预算数", "决算金额": "本年支出"}
ADJUSTED_BUDGET = "调整后预算数"
INCOME_GROSS = "收入总计"
SUB_UNIT_PREFIX = "下属单位"
CHANGE_SUFFIX = "较上年变动"
# Establishment given only by kind (行政编18人，事业编6人，工勤编1人): the quota is their sum.
QUOTA_KINDS = ("行政编", "事业编", "工勤编", "参公编", "行政编制", "事业编制", "工勤编制", "参公编制")

# The unit each kind of figure is stored in.
UNIT_OF_KIND = {"amount": "万元", "count": "人", "rate": "%", "area": "平方米"}
FISCAL, FINAL, BUDGET = "财政拨款", "部门决算", "预算"
# Labels that read as actuals but, in a budget section, hold the approved budget.
BUDGET_AS_ACTUAL = {"本年收入", "本年支出", "基本支出", "项目支出"}
QUOTES = re.compile(r"[“”\"'‘’\s]")  # quote marks and spaces, dropped when labels are compared



@dataclass(frozen=True)
class Activity:
    """Something a report may say did not happen in the year ("本年度无政府采购"): then each figure it
    names is 0, so its indicators evaluate 0/0 → not applicable (domain.md §2.0, §2.10.2)."""

    names: tuple[str, ...]  # regexes for how reports name it, on NFKC text (quote marks optional)
    key: str  # regex: a clause about it; a non-zero amount in such a clause outweighs the absence
    labels: tuple[str, ...]  # gold labels of the figures its absence sets to 0


_Q = "[“”\"']?"  # quote marks reports put around 三公, often unbalanced
ACTIVITIES: tuple[Activity, ...] = (
    Activity(("政府采购",), "采购", ("政府采购预算数", "政府采购实际金额")),
    Activity(("新建楼堂馆所", "楼堂馆所"), BUILDINGS, (BUILDING_AREA_APPROVED, BUILDING_AREA_ACTUAL,
                                                  BUILDING_INVEST_APPROVED, BUILDING_INVEST_ACTUAL)),
    Activity((rf"{_Q}三公{_Q}经费{_Q}",), "三公", ("三公经费预算数", "三公经费实际支出")),
    Activity((r"因公出\(?国\)?\(?境\)?", r"出国\(境\)"), "出国|出境", ("因公出国（境）费",)),
    Activity(("公务用车购置", "购置公务用车"), "购置", ("公务用车购置费",)),
    Activity(("公务接待",), "接待", ("公务接待费",)),
)


@dataclass
class Found:
    """A figure as a reader found it, before merging, with where it was found."""

    figure: Figure
    sentence: tuple[int, int]  # normalised span of its sentence (prose) or its table's span
    in_parts: bool = False  # one part of a "其中" list


def make_loc(document, start: int, end: int) -> Loc:
    return Loc(start, end, document.page_of(start), document.text[start:end])


def var_of(label: str) -> str | None:
    return next((spec.var for spec in SPECS if spec.label == label), None)


def unit_of(label: str) -> str:
    """The unit a label's figures are stored in; labels outside SPECS (三公 components …) are amounts."""
    kind = next((spec.unit_kind for spec in SPECS if spec.label == label), "amount")
    return UNIT_OF_KIND[kind]
