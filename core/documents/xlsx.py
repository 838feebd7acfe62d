"""Excel workbooks (xlsx) read with openpyxl: cached values, merged ranges, sizes checked before loading."""

from __future__ import annotations

import io
import warnings
import zipfile
from decimal import Decimal

from core.documents.builder import Content
from core.documents.model import GET_COMPLETE_FILE, DocumentError
from core.documents.sheets import SheetData, cell_text, workbook_content
from core.documents.xlsx_formulas import FormulaCells, uncached_formulas

# XML beyond this (uncompressed: sheets, shared strings, styles together) is no 自评表 and would take
# openpyxl minutes and gigabytes to build; refused before loading. Pictures are not parsed, so not counted.
MAX_XML_BYTES = 64 * 1024 * 1024
_UNPARSED_PREFIX = "xl/media/"


def load_xlsx(data: bytes) -> Content:
    archive = _archive(data)
    with warnings.catch_warnings():  # openpyxl warns on stderr about parts it skips; the load is ours to judge
        warnings.simplefilter("ignore")
        reader = _read_workbook(data)
        try:
            formulas = uncached_formulas(archive, reader)
        except Exception as exc:  # lxml, zipfile and openpyxl's formula translator raise many types
            raise _corrupt() from exc
    return workbook_content([_sheet_data(sheet, formulas.get(sheet.title)) for sheet in reader.wb.worksheets])


def _archive(data: bytes) -> zipfile.ZipFile:
    """The package, after checking its parts' declared sizes (zipfile stops reading at a declared size)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        xml_bytes = sum(info.file_size for info in archive.infolist()
                        if not info.filename.startswith(_UNPARSED_PREFIX))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise _corrupt() from exc
    if xml_bytes > MAX_XML_BYTES:
        raise DocumentError("TOO_LARGE", f"Excel 工作簿解压后共 {xml_bytes / 1024 / 1024:.0f} MB，远超自评表的规模，"
                                         "无法读取。请删去与自评表无关的工作表后另存再打开。")
    return archive


def _read_workbook(data: bytes):
    """openpyxl in normal mode (read-only mode drops merged ranges) with cached formula values."""
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=False, data_only=True, keep_links=False)
        reader.read()
    except Exception as exc:  # openpyxl raises zip, XML, key, type and value errors alike for a damaged package
        raise _corrupt() from exc
    return reader


def _corrupt() -> DocumentError:
    return DocumentError("CORRUPT_FILE", "Excel 工作簿（xlsx）已损坏或不完整，无法读取。" + GET_COMPLETE_FILE)


def _sheet_data(sheet, formulas: FormulaCells | None) -> SheetData:
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
    return SheetData(sheet.title, sheet.sheet_state != "visible", _cell_texts(sheet, formulas), merged)


def _cell_texts(sheet, formulas: FormulaCells | None) -> dict[tuple[int, int], str]:
    """(row, col) → text of every cell that shows something. openpyxl keeps only the cells the file
    stores in `_cells`; iterating the declared dimension instead would walk every empty position."""
    texts = {}
    for position, cell in sheet._cells.items():
        value = cell.value
        if value is None and formulas is not None:
            value = formulas.value(cell.coordinate)
        # number_format goes through openpyxl's style tables: asked only where it can change the text
        text = cell_text(value, cell.number_format if isinstance(value, (int, float, Decimal)) else "General")
        if text:
            texts[position] = text
    return texts
