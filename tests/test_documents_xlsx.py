"""xlsx 自评表: sheets as Tables with merged spans, cell references, values as written, typed errors."""

import datetime
import io
import pathlib
import shutil
import zipfile

import openpyxl
import pytest

import core.documents.xlsx as xlsx_loader
from conftest import SAMPLES
from core.documents import DocumentError, load

FORMS_XLSX = SAMPLES / "forms" / "xlsx"
EZHOU = FORMS_XLSX / "ezhou-2021-project-form.xlsx"
TIANCHANG = FORMS_XLSX / "tianchang-shuili-2022-project-form.xlsx"
LANGFANG = FORMS_XLSX / "langfang-spgcxx-2019-project-form.xlsx"


def save(workbook, path):
    workbook.save(path)
    return path


def cell_with(document, text):
    return next(cell for table in document.tables for cell in table.cells if cell.text == text)


def test_each_sheet_is_a_page_with_its_name_and_the_used_range_a_table():
    document = load(LANGFANG)
    assert document.format == "xlsx" and document.warnings == []
    assert [(page.number, page.name, page.has_text) for page in document.pages] == [
        (1, "Sheet1", True), (2, "Sheet2", False), (3, "Sheet3", False)]
    (table,) = document.tables
    assert (table.sheet, table.page, table.n_rows, table.n_cols) == ("Sheet1", 1, 38, 9)


def test_rate_with_a_percent_format_reads_as_written_and_points_at_its_cell():
    document = load(EZHOU)
    rate = document.text.index("83.5%")
    assert openpyxl.load_workbook(EZHOU).active["H7"].value == 0.835
    assert document.cell_ref(rate, rate + 5) == "项目支出绩效自评表!H7"
    assert document.page_of(rate) == 1
    row = document.text[document.text.rindex("\n", 0, rate) + 1:document.text.index("\n", rate)]
    assert row.split("\t") == ["", "年度资金总额", "", "150万", "150万", "125.25万", "100", "83.5%", "98"]


def test_merged_ranges_become_spans_stored_once():
    document = load(EZHOU)
    sheet = openpyxl.load_workbook(EZHOU).active
    label = cell_with(document, "绩效指标")
    merged = next(r for r in sheet.merged_cells.ranges if sheet.cell(r.min_row, r.min_col).value == "绩效指标")
    assert (label.rowspan, label.colspan) == (merged.max_row - merged.min_row + 1, 1) and label.rowspan > 10
    assert document.cell_ref(label.start) == f"项目支出绩效自评表!A{merged.min_row}"
    assert document.tables[0].cell_at(label.row + 3, 0) is label
    assert document.text.count("绩效指标\t") == 1


def test_a_span_over_a_row_points_at_its_first_filled_cell():
    document = load(EZHOU)
    start = document.text.index("\t\t\t预算资金拨款率")  # the 一级/二级 continuation fields come first
    assert document.cell_ref(start, document.text.index("\n", start)) == "项目支出绩效自评表!D15"


def test_sum_formulas_read_their_cached_values():
    document = load(TIANCHANG)
    assert "总分\t\t\t\t\t\t100\t100\t" in document.text
    assert "=SUM" not in document.text
    assert [page.name for page in document.pages] == ["自评表", "填报说明"]
    note = document.text.index("注:1.")
    assert document.cell_ref(note) == "填报说明!A1" and document.page_of(note) == 2


def test_numbers_stored_as_text_stay_text():
    workbook = openpyxl.load_workbook(LANGFANG)
    assert workbook.active["F9"].value == "37.24"
    assert "43.2\t43.2\t37.24\t10\t86%\t9" in load(LANGFANG).text


def test_formulas_without_cached_values_are_evaluated(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append(["分值", 10, 20, 30.5])
    sheet.append(["合计", "=SUM(B1:D1)", "=B1*2-C1/4", "=ROUND(B1,0)"])
    sheet.append(["执行率", "=B2/100", "=SUM(B1,C1)+$D$1", "=A1+1"])
    sheet["B3"].number_format = "0.0%"
    sheet.append(["环", "=C4", "=B4"])
    document = load(save(workbook, tmp_path / "written.xlsx"))
    rows = document.text.splitlines()
    assert rows[1] == "合计\t60.5\t15\t"  # ROUND is not evaluated: left empty, never guessed
    assert rows[2] == "执行率\t60.5%\t60.5\t"  # text in arithmetic has no value
    assert rows[3] == "环\t\t\t"  # a circular reference has none either


def test_shared_formula_dependents_are_translated(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append([1, 2, 3])
    workbook.active.append([4, 5, 6])
    path = save(workbook, tmp_path / "shared.xlsx")
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    sheet_xml = sheet_xml.replace('<c r="C1" t="n"><v>3</v></c>',
                                  '<c r="C1"><f t="shared" ref="C1:C2" si="0">A1+B1</f></c>')
    sheet_xml = sheet_xml.replace('<c r="C2" t="n"><v>6</v></c>', '<c r="C2"><f t="shared" si="0"/></c>')
    assert sheet_xml.count("<f") == 2
    rewritten = tmp_path / "rewritten.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = sheet_xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, data)
    assert load(rewritten).text.splitlines() == ["1\t2\t3", "4\t5\t9"]


def test_dates_booleans_and_line_breaks(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append([datetime.date(2023, 5, 1), datetime.datetime(2023, 5, 1, 8, 30), True, "实际\n完成值\t"])
    assert load(save(workbook, tmp_path / "d.xlsx")).text == "2023-05-01\t2023-05-01 08:30:00\tTRUE\t实际 完成值\n"


def test_hidden_sheet_is_read_and_marked(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "自评表"
    hidden = workbook.create_sheet("底稿")
    hidden["B2"] = 98
    hidden.sheet_state = "hidden"
    document = load(save(workbook, tmp_path / "h.xlsx"))
    assert [page.hidden for page in document.pages] == [False, True]
    assert document.warnings == ["HIDDEN_SHEET: 工作表“底稿”是隐藏的，其内容也已读取"]
    assert document.cell_ref(document.text.index("98")) == "底稿!B2"


def test_sheet_names_are_quoted_as_excel_quotes_them(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "2023 自评's"
    workbook.active["C3"] = "得分"
    document = load(save(workbook, tmp_path / "q.xlsx"))
    assert document.cell_ref(0) == "'2023 自评''s'!C3"


def test_workbook_without_any_filled_cell_is_empty(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active["A1"].number_format = "0%"
    workbook.create_sheet("Sheet2")
    with pytest.raises(DocumentError) as caught:
        load(save(workbook, tmp_path / "empty.xlsx"))
    assert caught.value.code == "EMPTY_FILE" and "没有任何填写了内容的单元格" in caught.value.message


def test_far_apart_cells_are_refused_without_building_the_grid(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "自评表"
    workbook.active["XFD1048576"] = "x"
    with pytest.raises(DocumentError) as caught:
        load(save(workbook, tmp_path / "far.xlsx"))
    assert caught.value.code == "TOO_LARGE" and "1048576 行 × 16384 列" in caught.value.message


def test_declared_sheet_size_is_checked_before_loading(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_loader, "MAX_XML_BYTES", 1000)
    with pytest.raises(DocumentError) as caught:
        load(EZHOU)
    assert caught.value.code == "TOO_LARGE" and "工作簿解压后" in caught.value.message


def test_damaged_workbook_is_corrupt(tmp_path):
    target = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets>")
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "CORRUPT_FILE" and "Excel 工作簿（xlsx）已损坏" in caught.value.message


def test_xlsx_under_another_extension_loads_with_a_warning(tmp_path):
    target = shutil.copy(EZHOU, tmp_path / "form.docx")
    document = load(target)
    assert document.format == "xlsx" and document.warnings == ["EXTENSION_MISMATCH: 内容为 xlsx，扩展名为 .docx"]


def test_docx_named_xlsx_loads_as_docx(tmp_path):
    target = shutil.copy(SAMPLES / "forms" / "docx" / "ezhou-2021-project-form.docx", tmp_path / "form.xlsx")
    document = load(target)
    assert document.format == "docx" and document.warnings == ["EXTENSION_MISMATCH: 内容为 docx，扩展名为 .xlsx"]
    assert document.cell_ref(0) is None and document.page_of(0) is None


def test_encrypted_workbook_opens_with_its_password(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    with EZHOU.open("rb") as plain:
        OOXMLFile(plain).encrypt("机密2024", encrypted)
    target = tmp_path / "locked.xlsx"
    target.write_bytes(encrypted.getvalue())
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "ENCRYPTED" and "请提供密码" in caught.value.message
    with pytest.raises(DocumentError) as caught:
        load(target, password="0000")
    assert caught.value.code == "ENCRYPTED" and "密码不正确" in caught.value.message
    document = load(target, password="机密2024")
    assert document.format == "xlsx" and "83.5%" in document.text


XLS = pathlib.Path(__file__).parent / "data" / "tianchang-shuili-2022-project-form.xls"  # the xlsx saved by LibreOffice


def test_legacy_xls_reads_as_its_xlsx_does():
    document = load(XLS)
    assert document.format == "xls" and document.warnings == []
    assert [page.name for page in document.pages] == ["自评表", "填报说明"]
    assert document.text == load(TIANCHANG).text
    execution = document.text.index("880")
    assert document.cell_ref(execution) == "自评表!D6" and document.page_of(execution) == 1
    label = cell_with(document, "年度绩效指标完成情况")
    assert (label.rowspan, label.colspan) == (28, 1) and document.cell_ref(label.start) == "自评表!A12"
    assert "90%\t100%\t10\t10" in document.text  # percent formats read from the BIFF formats


def test_damaged_xls_is_corrupt(tmp_path):
    data = bytearray(XLS.read_bytes())
    data[4096:8192] = bytes(4096)
    target = tmp_path / "cut.xls"
    target.write_bytes(bytes(data))
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "CORRUPT_FILE" and "（.xls）已损坏" in caught.value.message


@pytest.mark.parametrize("value, number_format, shown", [
    (0.1 + 0.2, "General", "0.3"),  # Excel shows 15 significant digits
    (1.0259, "0.00%", "102.59%"),
    (-0.0, "General", "0"),
    (12, '0"%"', "12"),  # a quoted % is a literal, not a percent format
    (0.5, "0.0\\%", "0.5"),
])
def test_numbers_read_as_excel_shows_them(value, number_format, shown):
    from core.documents.sheets import cell_text

    assert cell_text(value, number_format) == shown


def test_ole_header_with_an_absurd_sector_size_is_corrupt():
    # a fuzzed copy of the .xls above: olefile overflowed turning the sector size into text (ValueError)
    with pytest.raises(DocumentError) as caught:
        load(XLS.parent / "damaged-ole-header.xls")
    assert caught.value.code == "CORRUPT_FILE" and "损坏的 Office 复合文档" in caught.value.message


def test_zip_with_an_unknown_version_is_corrupt(tmp_path):
    data = bytearray(EZHOU.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 6] = 189  # "version needed to extract" 18.9: zipfile raises NotImplementedError
    target = tmp_path / "version.xlsx"
    target.write_bytes(bytes(data))
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "CORRUPT_FILE"


def test_password_protected_xls_opens_with_its_password():
    # the .xls above saved by LibreOffice with the opening password 1234 (RC4 inside the Workbook stream)
    encrypted = XLS.parent / "encrypted-1234.xls"
    for password, words in ((None, "请提供密码"), ("0000", "密码不正确")):
        with pytest.raises(DocumentError) as caught:
            load(encrypted, password=password)
        assert caught.value.code == "ENCRYPTED" and words in caught.value.message
    document = load(encrypted, password="1234")
    assert document.format == "xls" and document.text == load(XLS).text
