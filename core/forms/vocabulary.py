"""The words of a 绩效自评表 (forms.md §1–§2) as data: column headings by role, block labels, fund rows,
header fields, totals, grades and template placeholders.

Headings are matched whole after `header.clean_heading` (NFKC, no spaces, bracketed notes such as (万元),
(A), (分) dropped), so each entry is a full heading, not a fragment; within a role the first entry that
matches wins over the later ones (调整指标值 over 年初指标值 when a table has both).
"""

from __future__ import annotations

# Indicator grid: role (core.forms.model.INDICATOR_ROLES) → headings, most specific first.
INDICATOR_HEADINGS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级"),
    "level2": ("二级指标", "二级"),
    "level3": ("三级指标", "指标名称", "绩效指标名称", "具体指标", "指标内容", "考核指标", "评价指标", "三级",
               "三级指标名称"),
    "nature": ("指标性质", "指标方向", "指标符号", "运算符号"),
    "target": ("调整指标值", "调整后指标值", "年度指标值", "全年指标值", "年度目标值", "预期指标值", "计划指标值",
               "指标值", "目标值", "绩效目标值", "年初指标值"),
    "unit": ("度量单位", "计量单位", "单位"),
    "actual": ("实际完成值", "全年完成值", "全年实际完成值", "实际完成指标值", "实际完成情况", "完成值", "实际值",
               "全年实际值", "实际达到值", "实际完成数", "完成情况", "实际完成"),
    "weight": ("分值", "权重", "指标权重", "参考分值", "指标分值", "标准分值", "权重分值", "权重分", "满分", "满分值",
               "标准分", "权数"),
    "score": ("得分", "自评得分", "指标得分", "实际得分", "评价得分", "考核得分", "自评分", "自评分数", "评分",
              "自评分值"),
    "reason": ("偏差原因分析及改进措施", "偏差原因分析及整改措施", "偏差原因分析", "未完成原因分析",
               "未完成原因分析及改进措施", "未完成原因及改进措施", "偏差原因及改进措施", "原因分析", "扣分原因",
               "偏差原因", "备注"),
}
# Any other heading with one of these words holds the reason text (偏差大或目标未完成原因分析 …).
REASON_MARKERS = ("原因", "改进措施", "整改措施")

# Funds block: role (core.forms.model.FUNDS_ROLES) → headings. A lone (A)/(B) head names the column too.
FUNDS_HEADINGS: dict[str, tuple[str, ...]] = {
    "budget_start": ("年初预算数", "年初预算", "年初预算金额"),
    "budget": ("全年预算数", "调整后预算数", "调整预算数", "全年预算", "预算数", "全年预算金额", "预算资金", "预算金额",
               "A"),
    "executed": ("全年执行数", "预算执行数", "实际执行数", "执行数", "全年实际支出", "实际支出", "决算数", "B"),
    "weight": ("分值", "权重", "执行率权重", "执行率分值", "指标权重", "参考分值", "权重分", "标准分值", "指标分值", "权数"),
    "rate": ("执行率", "预算执行率", "资金执行率", "B/A"),
    "score": ("得分", "自评得分", "执行率得分", "预算执行率得分", "指标得分", "自评分", "实际得分", "评价得分"),
}

# A funds score heading that states the weight itself: 得分(20分*执行率) (Hubei tables, forms.md §1).
FUNDS_WEIGHT_IN_SCORE = r"(\d+(?:\.\d+)?)\s*分\s*[*×xX]\s*执行率"

# Labels of the blocks of the table, written in a first column merged over the block's rows.
BLOCK_LABELS: dict[str, tuple[str, ...]] = {
    "funds": ("项目资金", "预算资金", "资金情况", "项目资金情况", "年度资金", "资金投入"),
    "goals": ("年度总体目标", "年度总体目标完成情况", "总体目标", "绩效目标", "年度绩效目标"),
    "indicators": ("绩效指标", "年度绩效指标完成情况", "绩效指标完成情况", "年度绩效指标"),
    # the national 部门整体 table's 任务名称 / 主要内容 / 预算数 / 执行数 block, before the funds
    "tasks": ("年度主要任务", "主要任务", "年度重点任务"),
}
# Blocks of text, whose rows no header keys: a label of one ends the block under way.
TEXT_BLOCKS = ("goals", "tasks")

# Rows of the funds block: the total, its parts, and Hunan's two halves (forms.md §2).
FUNDS_TOTAL_LABELS = ("年度资金总额", "资金总额", "年度资金合计", "合计", "总计")
FUNDS_PART_LABELS = ("本年财政拨款", "当年财政拨款", "财政拨款", "上年结转资金", "上年结转", "其他资金", "财政资金",
                     "财政专户管理资金", "单位资金", "一般公共预算", "一般公共预算拨款", "政府性基金拨款",
                     "纳入专户管理的非税收入拨款", "基本支出", "项目支出", "自有资金", "上级补助", "中央资金",
                     "中央补助资金", "省级资金", "省级补助资金", "市级资金", "市级配套资金", "县级资金", "县级配套资金",
                     "自筹资金", "社会资金", "债券资金")
FUNDS_GROUP_LABELS = ("按收入性质分", "按支出性质分")
FUNDS_PART_PREFIX = "其中"

# Header fields above the grid (label cell, then value cell; or 标签：值 in one cell or line).
HEADER_FIELDS = ("项目名称", "发文单位", "主管部门", "实施单位", "项目主管部门", "项目实施单位",
                 "部门", "部门名称", "部门(单位)名称", "单位名称", "填报单位", "预算单位",
                 "一级预算单位名称", "预算单位名称", "项目单位", "项目负责人", "联系电话", "填报日期", "年度",
                 "自评得分", "自评总分", "评价等级", "自评等级", "自评结果", "自评结论", "评价结论")
# Which fields name the unit, the best first (the unit evaluated before the one supervising it).
UNIT_FIELDS = ("实施单位", "项目实施单位", "单位名称", "预算单位名称", "预算单位", "项目单位", "填报单位", "部门名称", "部门(单位)名称",
               "一级预算单位名称", "部门", "主管部门", "项目主管部门", "发文单位")
TOTAL_FIELDS = ("自评总分", "自评得分")
GRADE_FIELDS = ("评价等级", "自评等级", "自评结果", "自评结论", "评价结论")

# The first cell of the row closing the grid.
TOTAL_ROW_LABELS = ("总分", "合计", "总计", "总得分", "自评总分", "自评得分", "综合得分", "得分合计")
# A row summing the level it stands under (小计 under a 二级, 合计 under a 一级), never the table's total.
SUBTOTAL_ROW_LABELS = ("小计", "分项小计")
# Grades as a table writes them (R7), the longest first so that 优秀 is not read as 优.
GRADES = ("不合格", "优秀", "良好", "合格", "中等", "较差", "优", "良", "中", "差")
# A grade followed by its band in brackets: 优（90分以上）, 良(80-90分).
GRADE_WITH_BAND = r"^(?P<grade>{grades})\s*[(（][^()（）]{{1,16}}[)）]$"
# A score cell stating full marks in words: the row's weight is its score.
FULL_MARKS = ("满分", "得满分", "全分")

# Template rows a unit left unfilled: 指标2:, ……, …
PLACEHOLDER = r"(?:指标\s*\d+\s*[:：]?|[…．.·]{1,6}|[…]+)"
# The numbering in front of an indicator name: 指标1:, 指标1 (the gold drops it, forms.md §1).
NAME_NUMBERING = r"^指标\s*\d+\s*[:：]?\s*"
# A list number a unit typed before a name (1. 2、 （1） ①), dropped as the gold drops it; 1.5米 keeps its number.
LIST_NUMBERING = r"^\s*(?:\d{1,2}\s*[.、．](?=\D)|[(（]\s*\d{1,2}\s*[)）]|[①-⑳])\s*"
# Words saying a row does not apply (R11).
NOT_APPLICABLE = ("/", "／", "不适用", "无", "—", "-", "N/A", "n/a", "NA")

# Header fields that give the kind where no title does: a project table names its project, a department's
# table its department.
KIND_FIELDS = (("项目名称", "项目支出"), ("部门名称", "部门整体支出"), ("一级预算单位名称", "部门整体支出"),
               ("部门", "部门整体支出"))
# Titles that give the table's kind.
KINDS = (("部门整体支出", "部门整体支出"), ("整体支出", "部门整体支出"), ("项目支出", "项目支出"))
TITLE_WORDS = ("绩效自评表", "自评表", "绩效自评")
# A title that makes a grid a 自评表 even without funds or target columns (a county scoring sheet).
FORM_TITLES = ("自评表",)
# Notes under the table begin so.
NOTE_PREFIXES = ("注", "说明", "备注", "填报说明")

# Level cells of the indicator grid (一级 and 二级), as a copied table writes them once per merged run.
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "决策", "过程", "管理", "产出", "效益", "投入", "效果", "满意度")
LEVEL2_NAMES = ("数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
                "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "社会公众满意度指标",
                "项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "项目产出", "项目效益",
                "数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续影响",
                "产出数量", "产出质量", "产出时效", "产出成本", "服务对象满意度", "社会公众满意度")
LEVEL_NAMES = LEVEL1_NAMES + LEVEL2_NAMES
# A weight written on a level cell or under it: (50分), 产出指标(50分).
LEVEL_WEIGHT = r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]$"
# Fields of a web page around the table (forms.md §4: page furniture), left out; its publisher (发文单位, a
# header field) names the unit only where the table names none. Words ending a page stop a table cut short.
PAGE_FIELDS = ("索引号", "发文字号", "发文日期", "发文单位", "发布日期", "发布时间", "发布机构", "主题分类", "效力状态",
               "信息来源", "来源", "浏览次数", "点击数", "字体", "分享到", "文号", "成文日期", "有效性")
PAGE_END_WORDS = ("打印本页", "关闭窗口", "扫一扫在手机打开当前页", "上一篇", "下一篇", "【打印】", "【关闭】")
# OCR misreadings inside vocabulary words whose reading is certain (项Fl for 项目).
OCR_WORD_REPAIRS = {"Fl": "目"}
# The ordinal column some sheets open with (序号 | 一级指标 | …): its cells number the rows.
ORDINAL_HEADINGS = ("序号", "编号")
# Units a 度量单位 cell holds on its own (the split 年度指标值: ≥ | 95 | %), and the 指标性质 words of the flat list.
UNIT_WORDS = ("%", "个", "人", "人次", "次", "项", "件", "户", "家", "天", "元", "万", "万元", "亿元", "年", "月", "日", "分",
              "台", "辆", "套", "座", "处", "所", "公里", "米", "平方米", "亩", "吨", "份", "场", "期", "条", "批", "张",
              "篇", "宗", "名", "村", "小时", "工作日")
NATURE_WORDS = ("定性", "定量")
