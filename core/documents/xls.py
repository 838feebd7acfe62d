"""Legacy Excel workbooks (.xls, BIFF inside an OLE file) read with xlrd: values with their number formats,
merged ranges, dates in the workbook's own date system. Formulas always carry their last result in .xls."""

from __future__ import annotations

import io

from core.documents.builder import Content
from core.documents.model import GET_COMPLETE_FILE, DocumentError
from core.documents.sheets import SheetData, cell_text, workbook_content

# xlrd reads the whole file into Python objects at once: a .xls far beyond any 自评表 is refused before.
MAX_XLS_BYTES = 32 * 1024 * 1024
# Cells walked over all sheets; a 自评表 has a few thousand, and walking xlrd's cells costs about a second
# per million.
MAX_XLS_CELLS = 200_000


def load_xls(data: bytes, password: str | None = None) -> Content:
    """An .xls protected with an opening password is encrypted inside its Workbook stream (the OLE file
    does not show it): xlrd says so, and msoffcrypto decrypts it with `password`."""
    import xlrd

    if len(data) > MAX_XLS_BYTES:
        raise DocumentError("TOO_LARGE", f"旧版 Excel 工作簿（.xls）有 {len(data) / 1024 / 1024:.0f} MB，"
                                         "远超自评表的规模，无法读取。请删去与自评表无关的内容后另存为 xlsx 再打开。")
    try:
        # formatting_info: merged ranges and number formats are only read with it
        # ragged_rows: without it xlrd pads every row to the widest one, and a damaged merged range that
        # claims 65536 rows × 256 columns costs minutes
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True,
                                  logfile=io.StringIO())  # xlrd reports damage on stdout otherwise
    except xlrd.XLRDError as exc:
        if "encrypted" not in str(exc).lower():
            raise _corrupt() from exc
        from core.documents.office_crypto import decrypt_office

        return load_xls(decrypt_office(data, password))
    except Exception as exc:  # xlrd raises struct, index, value and assertion errors for a damaged file
        raise _corrupt() from exc
    sheets = book.sheets()
    if sum(sheet.row_len(row) for sheet in sheets for row in range(sheet.nrows)) > MAX_XLS_CELLS:
        raise DocumentError("TOO_LARGE", "旧版 Excel 工作簿（.xls）的表格范围远超自评表的规模，无法读取。"
                                         "请删去表格以外的内容后另存为 xlsx 再打开。")
    return workbook_content([_sheet_data(book, sheet) for sheet in sheets])


def _corrupt() -> DocumentError:
    return DocumentError("CORRUPT_FILE", "旧版 Excel 工作簿（.xls）已损坏或不完整，无法读取。" + GET_COMPLETE_FILE)


def _sheet_data(book, sheet) -> SheetData:
    texts = {}
    for row in range(sheet.nrows):
        for col, cell in enumerate(sheet.row(row)):
            text = cell_text(*_value_and_format(book, cell))
            if text:
                texts[(row + 1, col + 1)] = text
    # xlrd: (first row, row after last, first column, column after last), 0-based
    merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
    return SheetData(sheet.name, sheet.visibility != 0, texts, merged)


def _value_and_format(book, cell) -> tuple[object, str]:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None, "General"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR"), "General"
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value), "General"
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), "General"
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return cell.value, "General"
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return cell.value, _number_format(book, cell)
    return cell.value, "General"


def _number_format(book, cell) -> str:
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None and cell.xf_index < len(book.xf_list) else None
    shown = book.format_map.get(xf.format_key) if xf is not None else None
    return shown.format_str if shown is not None else "General"
