"""Excel export/import of frameworks: a round trip keeps everything; a broken sheet names its rows."""

import json

import pytest
from openpyxl import load_workbook

from core.frameworks import FrameworkError, load_framework
from core.frameworks.xlsx import COLUMNS, export_xlsx, import_xlsx


@pytest.mark.parametrize("fid", ["dept-hunan-county", "dept-national", "proj-self"])
def test_round_trip(tmp_path, fid):
    original = load_framework(fid)
    path = tmp_path / f"{fid}.xlsx"
    export_xlsx(original, path)
    assert import_xlsx(path) == original


def test_sheet_layout(tmp_path):
    path = tmp_path / "hunan.xlsx"
    export_xlsx(load_framework("dept-hunan-county"), path)
    book = load_workbook(path)
    rows = list(book["指标"].iter_rows(values_only=True))
    assert rows[0][:8] == ("一级指标", "二级指标", "三级指标", "分值", "计算公式", "评分标准", "规则类型", "规则参数")
    assert rows[1][:4] == ("投入", None, None, 13)
    assert rows[2][:4] == ("投入", "目标设定", None, 6)
    staff = next(r for r in rows if r[2] == "在职人员控制率")
    assert staff[3:5] == (3, "staff_actual / staff_quota * 100")
    assert staff[6] == "deduct_per_point"
    assert json.loads(staff[7]) == {"target": 100, "side": "over", "k": "w/10"}
    assert book["变量"]["A1"].value == "变量编号"
    assert book["说明"]["B1"].value == "dept-hunan-county"


def _broken_sheet(tmp_path):
    path = tmp_path / "broken.xlsx"
    export_xlsx(load_framework("dept-hunan-county"), path)
    book = load_workbook(path)
    sheet = book["指标"]
    row_of = {
        sheet.cell(r, 3).value or sheet.cell(r, 2).value or sheet.cell(r, 1).value: r
        for r in range(2, sheet.max_row + 1)
    }
    sheet.cell(row_of["在职人员控制率"], 4).value = "三"  # weight not a number
    sheet.cell(row_of["预算控制率"], 8).value = "{bands: oops"  # params not JSON
    book.save(path)
    return path, row_of


def test_broken_sheet_lists_problems_with_row_numbers(tmp_path):
    path, row_of = _broken_sheet(tmp_path)
    with pytest.raises(FrameworkError) as err:
        import_xlsx(path)
    problems = err.value.problems
    assert f"指标表第{row_of['在职人员控制率']}行：分值“三”不是数字" in problems
    assert any(p.startswith(f"指标表第{row_of['预算控制率']}行：规则参数不是有效的 JSON") for p in problems)
    assert len(problems) == 2


def test_semantic_problems_get_row_numbers(tmp_path):
    path = tmp_path / "semantic.xlsx"
    export_xlsx(load_framework("dept-hunan-county"), path)
    book = load_workbook(path)
    sheet = book["指标"]
    rows = {sheet.cell(r, 3).value or sheet.cell(r, 2).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["公用经费控制率"], 5).value = "public_actual / nothing * 100"
    sheet.cell(rows["政府采购执行率"], 7).value = "lottery"
    sheet.cell(rows["预算执行"], 4).value = 25
    book.save(path)
    with pytest.raises(FrameworkError) as err:
        import_xlsx(path)
    problems = err.value.problems
    assert (
        f"指标表第{rows['公用经费控制率']}行：指标“公用经费控制率”（public_control_rate）公式引用了未定义的变量：nothing"
        in problems
    )
    assert any(
        p.startswith(f"指标表第{rows['政府采购执行率']}行：") and "未知的规则类型“lottery”" in p for p in problems
    )
    assert f"指标表第{rows['预算执行']}行：“预算执行”分值 25 ≠ 下级分值合计 5 + 5 + 5 + 5 = 20" in problems
    assert any("“过程”分值 61" in p for p in problems)


def test_missing_columns_and_unreadable_file(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "指标"
    book.active.append(["一级指标", "分值"])
    path = tmp_path / "columns.xlsx"
    book.save(path)
    with pytest.raises(FrameworkError) as err:
        import_xlsx(path)
    assert err.value.problems[0].startswith("指标表第1行：缺少列 二级指标、三级指标")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(FrameworkError) as err:
        import_xlsx(bad)
    assert err.value.problems[0].startswith("无法读取 Excel 文件")
    assert COLUMNS[:3] == ("一级指标", "二级指标", "三级指标")
