"""Errors injected into the development 自评表 in each form a bureau receives (txt, docx, xlsx, pdf).

An injection names a cell by its row (a cell text the row contains), its current text and which
occurrence of that text in the row it is (`after` = 1: the cell right after it), and the text written
instead. txt: the tab-separated row line is edited; docx: the cell's runs (python-docx); xlsx: the cell
(openpyxl; numbers stay numbers, percentages keep their format; formula cells are replaced by their
cached values, which openpyxl would otherwise drop on save); pdf: the injected docx files converted by
LibreOffice in one call; web: the token after the row's key in the page as copied (forms/web).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

FORMS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "forms"
INJECTIONS_FILE = Path(__file__).resolve().parent / "form_injections.yaml"
TXT_ENCODINGS = {"jinzhai-2023-dept-form": "gb18030", "langfang-spgcxx-2019-project-form": "utf-8-sig"}


@dataclass(frozen=True)
class Injection:
    rule: str  # forms.md rule the error breaks
    row: str  # a text the row's cells contain
    old: str  # the cell's text now
    occurrence: int  # which cell of the row with that text
    new: str  # the text written instead
    code: str  # the finding code expected
    after: int = 0  # 1: write into the cell right after the one found

    @property
    def name(self) -> str:
        """Safe in a file name (LibreOffice reads % in a path as a URL escape)."""
        return re.sub(r"[^\w.-]", "_", f"{self.rule}-{self.row[:8]}-{self.new}")


def load_injections() -> dict[str, tuple[Injection, ...]]:
    """tests/form_injections.yaml: per development table, the errors injected into it."""
    import yaml

    data = yaml.safe_load(INJECTIONS_FILE.read_text(encoding="utf-8"))
    return {table: tuple(Injection(**{**entry, "occurrence": int(entry["occurrence"]), "new": str(entry["new"]),
                                      "old": str(entry["old"])}) for entry in entries)
            for table, entries in data.items()}


# --- txt ---------------------------------------------------------------------------------------------


def inject_txt(source: Path, target: Path, injection: Injection) -> None:
    encoding = TXT_ENCODINGS.get(source.stem, "utf-8")
    raw = source.read_bytes().decode(encoding)
    lines = raw.split("\n")
    index = next(i for i, line in enumerate(lines) if injection.row in line)
    fields = lines[index].rstrip("\r").split("\t")
    position = [i for i, field in enumerate(fields) if field.strip() == injection.old][injection.occurrence]
    fields[position + injection.after] = injection.new
    lines[index] = "\t".join(fields) + ("\r" if lines[index].endswith("\r") else "")
    target.write_bytes("\n".join(lines).encode(encoding))


# --- web copy ----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\s|]+")  # cells of a copied web page: between spaces, pipes and line breaks


def web_source(table: str) -> Path:
    return FORMS_DIR / "web" / f"{table.removesuffix('-form')}.txt"


def inject_web(source: Path, target: Path, injection: Injection) -> None:
    """The token after the row's key (rows break anywhere in a web copy); `after` inserts a new cell."""
    text = source.read_text(encoding="utf-8")
    tokens = [m for m in _TOKEN.finditer(text, text.index(injection.row)) if m.group() == injection.old]
    token = tokens[injection.occurrence]
    if injection.after:
        text = f"{text[:token.end()]} {injection.new}{text[token.end():]}"
    else:
        text = text[:token.start()] + injection.new + text[token.end():]
    target.write_text(text, encoding="utf-8")


# --- docx --------------------------------------------------------------------------------------------


def _unique_cells(row) -> list:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _set_text(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    runs = paragraph.runs
    if runs:
        runs[0].text = text
        for run in runs[1:]:
            run.text = ""
    else:
        paragraph.add_run(text)


def inject_docx(source: Path, target: Path, injection: Injection) -> None:
    import docx

    document = docx.Document(str(source))
    table = document.tables[0]
    row = next(r for r in table.rows if any(injection.row in c.text for c in _unique_cells(r)))
    cells = _unique_cells(row)
    position = [i for i, cell in enumerate(cells) if cell.text.strip() == injection.old][injection.occurrence]
    _set_text(cells[position + injection.after], injection.new)
    document.save(str(target))


# --- xlsx --------------------------------------------------------------------------------------------


def shown(cell) -> str:
    """The cell as Excel shows it: 0.835 with format 0.0% → 83.5%."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if "%" in cell.number_format:
        decimals = len(cell.number_format.split(".")[1].rstrip("%")) if "." in cell.number_format else 0
        return f"{Decimal(str(value)) * 100:.{decimals}f}%"
    return format(Decimal(str(value)).normalize(), "f")


def _typed(cell, text: str):
    """The new text as the kind of value the cell held: a number stays a number, a rate a fraction."""
    if isinstance(cell.value, str) or not re.fullmatch(r"-?\d+(?:\.\d+)?%?", text):
        return text
    if text.endswith("%"):
        return float(Decimal(text[:-1]) / 100)
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def _freeze_formulas(workbook, cached) -> None:
    for sheet, values in zip(workbook.worksheets, cached.worksheets, strict=True):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.value = values[cell.coordinate].value


def inject_xlsx(source: Path, target: Path, injection: Injection) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    _freeze_formulas(workbook, openpyxl.load_workbook(source, data_only=True))
    sheet = workbook.worksheets[0]
    row = next(r for r in sheet.iter_rows() if any(injection.row in shown(c) for c in r))
    inner = _merged_inner(sheet)
    cells = [cell for cell in row if cell.coordinate not in inner]
    position = [i for i, cell in enumerate(cells) if shown(cell) == injection.old][injection.occurrence]
    cell = cells[position + injection.after]
    cell.value = _typed(cell, injection.new)
    workbook.save(target)


def _merged_inner(sheet) -> set[str]:
    """Cells inside a merged range other than its top-left one (they hold nothing)."""
    inner = set()
    for merged in sheet.merged_cells.ranges:
        for row in sheet.iter_rows(min_row=merged.min_row, max_row=merged.max_row, min_col=merged.min_col,
                                   max_col=merged.max_col):
            inner.update(cell.coordinate for cell in row)
        inner.discard(sheet.cell(merged.min_row, merged.min_col).coordinate)
    return inner


# --- pdf ---------------------------------------------------------------------------------------------


def convert_to_pdf(docx_files: list[Path], out_dir: Path) -> bool:
    """All files in one LibreOffice run (starting it dominates the cost); False without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    profile = out_dir / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), *map(str, docx_files)],
                   check=True, capture_output=True, timeout=600)
    return True


INJECTORS = {"txt": inject_txt, "docx": inject_docx, "xlsx": inject_xlsx, "web": inject_web}


def source(form: str, table: str) -> Path:
    """A development table in `form`; `web` is the table as copied from its web page."""
    return web_source(table) if form == "web" else FORMS_DIR / form / f"{table}.{form}"
