"""Score tables of shapes not among the samples (domain.md §1.3 c, d; §4.4), built as docx files and loaded
through core.documents.load: the 项目支出绩效自评表 with its funds block, two-row headers with merged cells,
a first column without a 指标 header, and a report scoring in prose and again in an attached table."""

from decimal import Decimal

from docx import Document as WordDocument

from core.documents import load
from core.extraction import extract

D = Decimal


def word_file(path, paragraphs, rows, merges=(), after=()):
    """A docx with paragraphs, one table (merges: (row0, col0, row1, col1) cell ranges) and closing paragraphs."""
    document = WordDocument()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for text in after:
        document.add_paragraph(text)
    document.save(path)
    return load(path)


SELF_EVALUATION_ROWS = [
    ["项目名称", "服务大厅提质改造", "", "", "", "", "", "", ""],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "2000", "2000", "1279.56", "10", "63.98%", "6.4", ""],
    ["", "其中：本年财政拨款", "2000", "2000", "1279.56", "—", "—", "—", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "改造面积", "≥500平方米", "520平方米", "25", "25", ""],
    ["", "", "质量指标", "验收合格率", "100%", "100%", "25", "25", ""],
    ["", "效益指标", "社会效益指标", "群众办事便利度", "明显提升", "部分达成", "30", "27", ""],
    ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "93.4", ""],
]
SELF_EVALUATION_MERGES = [(0, 1, 0, 8), (1, 0, 3, 0), (4, 0, 8, 0), (5, 1, 6, 1), (9, 0, 9, 5)]


def test_self_evaluation_table_gives_the_execution_rate_and_rows_with_target_and_actual(tmp_path):
    document = word_file(tmp_path / "self.docx", ["某县政务服务中心2021年度项目支出绩效自评表"],
                         SELF_EVALUATION_ROWS, SELF_EVALUATION_MERGES)
    extraction = extract(document)
    got = [(c.path, c.weight, c.claimed_score, c.stated_value, c.target, c.actual) for c in extraction.claims]
    assert got == [
        (["预算执行率"], D(10), D("6.4"), "63.98%", None, None),
        (["产出指标", "数量指标", "改造面积"], D(25), D(25), "520平方米", "≥500平方米", "520平方米"),
        (["产出指标", "质量指标", "验收合格率"], D(25), D(25), "100%", "100%", "100%"),
        (["效益指标", "社会效益指标", "群众办事便利度"], D(30), D(27), "部分达成", "明显提升", "部分达成"),
        (["满意度指标", "服务对象满意度指标", "群众满意度"], D(10), D(10), "95%", "≥90%", "95%"),
    ]
    assert {c.source for c in extraction.claims} == {"table"}
    execution, area = extraction.claims[0], extraction.claims[1]
    assert execution.loc.quote.startswith("年度资金总额") and execution.loc.quote.endswith("6.4")
    # a 自评表 row is quoted whole, from its name to its last cell (forms/README "Gold")
    assert area.loc.quote == "改造面积\t≥500平方米\t520平方米\t25\t25"
    assert document.text[area.loc.start:area.loc.end] == area.loc.quote
    assert extraction.meta.claimed_total == D("93.4")
    assert extraction.meta.unit == "某县政务服务中心" and extraction.meta.year == 2021


def test_two_row_header_with_merged_cells_and_value_sub_headers(tmp_path):
    rows = [
        ["绩效指标", "", "", "指标值", "", "分值", "自评得分"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "", ""],
        ["产出指标(50分)", "数量指标", "应进事项进驻", "≥454项", "310项", "10", "6.83"],
        ["", "质量指标", "工单办结率", "=100%", "100%", "10", "10"],
        ["合计", "", "", "", "", "20", "16.83"],
    ]
    merges = [(0, 0, 0, 2), (0, 3, 0, 4), (0, 5, 1, 5), (0, 6, 1, 6), (2, 0, 3, 0), (4, 0, 4, 4)]
    extraction = extract(word_file(tmp_path / "two.docx", ["附表：评分表"], rows, merges))
    got = [(c.path, c.weight, c.claimed_score, c.target, c.actual) for c in extraction.claims]
    # a 自评表 (it states targets and results): rows with 分值/得分 are claims, a level cell's (50分) is the
    # table's level weight (forms/README "Gold")
    assert got == [
        (["产出指标", "数量指标", "应进事项进驻"], D(10), D("6.83"), "≥454项", "310项"),
        (["产出指标", "质量指标", "工单办结率"], D(10), D(10), "=100%", "100%"),
    ]
    [form] = extraction.forms
    assert [(w.path, w.weight, w.loc.quote) for w in form.level_weights] == [(["产出指标"], D(50), "产出指标(50分)")]
    assert extraction.meta.claimed_total == D("16.83")
    assert extraction.meta.locs["claimed_total"].quote == "16.83"  # the 总分 row's 得分 cell


def test_a_first_column_without_an_indicator_header_still_names_the_rows(tmp_path):
    rows = [["序号", "", "分值", "自评分"], ["1", "投入", "20", "18"], ["2", "过程", "30", "29"],
            ["合计", "", "100", "95"]]
    extraction = extract(word_file(tmp_path / "plain.docx", ["评分表"], rows))
    assert [(c.path, c.weight, c.claimed_score, c.loc.quote) for c in extraction.claims] == [
        (["投入"], D(20), D(18), "投入"), (["过程"], D(30), D(29), "过程")]
    assert extraction.meta.claimed_total == D(95)


def test_prose_scores_and_the_attached_table_merge_into_one_claim_each(tmp_path):
    paragraphs = ["某县政务服务中心2021年度部门整体支出绩效自评报告", "一、绩效指标分析", "（一）投入(20分)",
                  "1、预算编制(10分)", "预算编制科学，该项得9分。", "2、目标设定(10分)", "目标明确，该项得10分。",
                  "二、评价结论", "综上，自评得分为92分。", "附件：评分表"]
    rows = [["一级指标", "二级指标", "分值", "自评得分"], ["投入(20分)", "预算编制", "10", "9"],
            ["", "目标设定", "10", "10"], ["合计", "", "100", "92"]]
    document = word_file(tmp_path / "both.docx", paragraphs, rows, [(1, 0, 2, 0)])
    extraction = extract(document)
    assert [(c.id, c.path, c.weight, c.claimed_score, c.source) for c in extraction.claims] == [
        ("c1", ["投入"], D(20), None, "prose"),
        ("c2", ["投入", "预算编制"], D(10), D(9), "prose"),
        ("c3", ["投入", "目标设定"], D(10), D(10), "prose"),
    ]
    table_start = document.tables[0].start
    for claim in extraction.claims:
        assert len(claim.other_locs) == 1 and claim.other_locs[0].start >= table_start
    assert extraction.claims[0].other_locs[0].quote == "投入(20分)"
    assert [value for value, _ in extraction.meta.claimed_totals] == [D(92), D(92)]
