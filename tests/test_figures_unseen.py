"""Base figures and the five figure checks on short reports written in the wordings of reports the app
was not built on (domain.md seeds 002-2 赫山, 002-4 霞山, 002-5 岳阳; §1.6 numbers and units)."""

from decimal import Decimal

from conftest import text_document
from test_checks_figures import CODES, covers, only, run

from core.extraction.figures import extract_figures
from core.extraction.table_reading import read_tables

HESHAN = """益阳市赫山区政务服务中心20xx年度部门整体支出绩效自评报告
一、部门基本情况
我中心核定编制10名，实有在编在岗人员11人。另有进驻窗口工作人员191人。
二、部门整体支出情况
20xx年全年可用预算资金1,280.50万元，其中上年结转80.5万元，本年收入1,200万元。全年实际支出1,150.5万元，\
其中基本支出1,005.64万元，项目支出144.86万元。项目支出144.86万元，其中：信息化建设16万元；办公设备5万元；\
宣传4万元；培训3万元；窗口运行50万元；其他66.86万元。年末结转130万元。
三、“三公”经费情况
20xx年“三公”经费预算数3.5万元，实际支出3.2万元，较上年减少0.3万元，下降8.57%。其中因公出国（境）费0元，\
公务用车购置及运行维护费2.2万元，公务接待费1万元。
四、政府采购情况
本年度政府采购预算20万元，实际采购金额19.8万元。
五、绩效情况
财政供养人员控制在预算编制以内,编制内在职人员控制率为100%。群众满意度达98%以上，办件1100多宗。
"""

XIASHAN = """湛江市霞山区人民政府行政服务中心20xx年度整体绩效自评报告
一、基本情况
本中心现有编制15名，其中行政编制10名，事业编制5名；在职人员14人。
二、预算执行情况
20xx年本年收入4,855万元，支出决算474万元，其中：工资福利支出161万元；商品与服务支出94万元；资本性支出214万元。
三、“三公”经费支出情况
表1 “三公”经费支出情况
单位：元
项目
预算数
决算数
公务接待费
20000
15000
公务用车购置及运行维护费
30000
28000
合计
50000
43000
本年度无因公出国（境）支出。
（一）自评结果
包含整体支出绩效自评结论……自评分数和等级。
"""

YUEYANG = """岳阳县政务中心服务大厅提质改造项目绩效评价报告
一、项目概况
本项目资金预算2000万元，全年执行数1279.56万元，预算执行率为64%。
二、项目管理情况
新添置了部分食堂设施设备，但因时间紧未办理采购手续。本项目无新建楼堂馆所。
三、项目资金使用情况
单位：万元
支出项目
预算数
执行数
差额
装修工程
1,500
1,000.56
499.44
设备购置
500
279
221
合计
2,000
1,279.56
720.44
四、评价结论
对照评价为优。
"""


def values(text: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for figure in extract_figures(text_document(text)):
        out.setdefault(figure.label, []).append(figure.value)
    return out


def errors(text: str) -> list:
    return [f for f in run(text_document(text)) if f.code in CODES and f.severity == "error"]


def test_department_report_figures_with_commas_parts_and_service_hall_staff_left_out():
    found = values(HESHAN)
    assert found["编制数"] == [10] and found["在职人数"] == [11]  # the 191 window staff are not staff
    assert found["本年可用预算"] == [Decimal("1280.50")]
    assert found["上年结转"] == [Decimal("80.5")] and found["本年收入"] == [1200]  # parts named by total labels
    assert found["本年支出"] == [Decimal("1150.5")] and found["年末结转"] == [130]
    assert (found["基本支出"], found["项目支出"]) == ([Decimal("1005.64")], [Decimal("144.86")])
    assert found["三公经费实际支出较上年变动"] == [Decimal("-0.3")]
    assert (found["政府采购预算数"], found["政府采购实际金额"]) == ([20], [Decimal("19.8")])
    assert found["满意度"] == [98]


def test_department_report_that_adds_up_raises_only_the_staff_contradiction():
    [finding] = errors(HESHAN)
    assert finding.code == "FACT_CONTRADICTION" and "11人" in finding.message and "10人" in finding.message


def test_department_report_carry_over_that_does_not_follow():
    text = HESHAN.replace("年末结转130万元", "年末结转131万元")
    findings = [f for f in run(text_document(text)) if f.code == "BUDGET_IDENTITY"]
    assert len(findings) == 2  # I2 (可用 − 支出) and I3 (结转 + 收入 − 支出) both give 130
    assert all("131万元" in f.message and "130万元" in f.message and covers(f, text, "年末结转131万元")
               for f in findings)


def test_establishment_by_kind_is_one_quota_and_later_counts_are_the_units_own():
    found = values(XIASHAN)
    assert found["编制数"] == [15] and found["在职人数"] == [14]
    assert not any(label.startswith("下属单位") for label in found)


def test_expenditure_parts_that_do_not_add_up_and_a_table_in_yuan():
    findings = errors(XIASHAN)
    finding = only(findings, "PARTS_SUM")
    assert "469" in finding.message and covers(finding, XIASHAN, "支出决算474万元")
    assert [f.code for f in findings] == ["PARTS_SUM"]
    found = values(XIASHAN)
    assert found["三公经费预算数"] == [5] and found["三公经费实际支出"] == [Decimal("4.3")]  # 元 → 万元
    assert found["因公出国（境）费"] == [0]


def test_table_sum_in_a_yuan_table_speaks_in_yuan():
    text = XIASHAN.replace("\n20000\n", "\n25000\n")
    finding = only(run(text_document(text)), "TABLE_SUM")
    assert "50000元" in finding.message and "55000元" in finding.message and covers(finding, text, "50000")


def test_project_report_figures_and_no_false_procurement_absence():
    found = values(YUEYANG)
    assert found["项目预算数"] == [2000] and found["项目实际支出"] == [Decimal("1279.56")]
    assert "政府采购预算数" not in found  # 未办理采购手续 is a lapse, not "no procurement"
    assert found["新建楼堂馆所批复投资概算"] == [0]
    assert errors(YUEYANG) == []  # 64% is 1279.56/2000 at the printed precision; the table adds up


def test_project_table_difference_that_does_not_follow():
    text = YUEYANG.replace("\n720.44\n", "\n720\n")
    findings = [f for f in errors(text) if f.code == "TABLE_SUM"]
    assert findings and all("720.44" in f.message for f in findings)
    assert read_tables(text_document(text))[0].title == "三、项目资金使用情况 单位：万元"


def test_units_signs_and_qualifiers_of_section_1_6():
    text = ("20xx年本年收入1.2亿元，本年支出11,800万元，年末结转200万元，上年结转0万元。\n"
            "“三公”经费预算数12,000元，实际支出9,500元，较上年下降500元。\n"
            "公用经费预算数30万元，公用经费实际支出-2.5万元。群众满意度95%以上。\n")
    found = values(text)
    assert found["本年收入"] == [12000] and found["本年支出"] == [11800]
    assert found["三公经费预算数"] == [Decimal("1.2")] and found["三公经费实际支出"] == [Decimal("0.95")]
    assert found["三公经费实际支出较上年变动"] == [Decimal("-0.05")]
    assert found["公用经费实际支出"] == [Decimal("-2.5")]
    assert errors(text) == []  # 0 + 12000 − 11800 = 200


def test_columns_in_yuan_and_in_wan_yuan_in_one_table():
    text = ("表2 本单位20xx年度资金收支情况（按决算报表填列，两种单位并列）\n项目\n金额（元）\n金额（万元）\n"
            "本年收入\n1234500\n123.45\n本年支出\n1000000\n100\n说明：以上为决算数据，与报表一致。\n")
    table = read_tables(text_document(text))[0]
    assert [table.col_unit(c) for c in table.numeric_cols()] == ["元", "万元"]
    assert [table.in_wan_yuan(table.values[(1, c)], c) for c in table.numeric_cols()] == [
        Decimal("123.45"), Decimal("123.45")]


def test_flattened_table_whose_first_rows_leave_the_last_cell_empty():
    text = ("表3 支出明细\n项目\n预算数\n决算数\n差额\n办公费\n10\n9\n印刷费\n5\n4\n差旅费\n6\n5\n1\n合计\n21\n18\n3\n"
            "说明：差额为预算数减决算数。\n")
    table = read_tables(text_document(text))[0]
    assert (table.table.n_rows, table.table.n_cols) == (5, 4)
    assert table.table.cell_at(4, 3).text == "3" and table.table.cell_at(1, 3) is None
    assert errors(text) == []  # empty 差额 cells are not guessed


def test_unfilled_template_placeholders_are_not_data():
    text = ("20xx年本年收入XX万元，支出决算XX万元，其中：基本支出XX万元，项目支出XX万元。\n"
            "****中心核定编制X名，在职人员XX人。“三公”经费预算数XX万元。\n（一）自评结果\n"
            "包含整体支出绩效自评结论……自评分数和等级。\n")
    assert values(text) == {} and run(text_document(text)) == []
