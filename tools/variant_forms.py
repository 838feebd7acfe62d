"""Render the 自评表 variants of tests/variant_forms/specs.yaml as the files a bureau receives, and score
what the app reads from them against the claims a reviewer reads.

    .venv/bin/python tools/variant_forms.py [--specs PATH] [--out DIR] [--forms xlsx,docx,pdf,sheetpdf,txt,web] [-v]

Each spec is a grid of cells where "^" continues the cell above and "<" the cell to the left; it becomes an
xlsx workbook (merged ranges, numbers as numbers, the grid ruled, columns and rows sized to their text and
fitted to the page width), a docx table (vMerge/gridSpan), the PDF of either (LibreOffice: `pdf` from the
docx, `sheetpdf` the workbook printed by Calc), the text copied out of Word (tab-separated rows, a merged
cell once) and a web copy (cells joined by " | ", rows on their own lines). None of the layouts is a
development sample's: this is how the app meets tables it has not seen.
A row written as a plain string is a paragraph outside the table (text before, between or under tables);
`{sheet: NAME}` starts a worksheet of the workbook (in the other forms: a line with the name, as a person
copying the sheets one after the other heads them); `landscape: true` turns the page; `repeat_header: [rows]`
starts a Word table at those rows and repeats them on every page; `errors: [{code, about}]` lists the
arithmetic errors a spec carries on purpose.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SPECS = ROOT / "tests" / "variant_forms" / "specs.yaml"
FORMS = ("xlsx", "docx", "pdf", "sheetpdf", "txt", "web")
UP, LEFT = "^", "<"
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Merge:
    row: int
    col: int
    rowspan: int
    colspan: int


def load_specs(path: Path = SPECS) -> list[dict]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Segment:
    """A run of a spec's rows: a table grid (first row's index in the spec) or one paragraph of text."""

    start: int
    rows: list | None = None
    text: str | None = None


def text_of(row) -> str | None:
    """A row that is no grid row: a paragraph's text, or a sheet's name."""
    if isinstance(row, str):
        return row
    return str(row["sheet"]) if isinstance(row, dict) else None


def segments(spec: dict) -> list[Segment]:
    """The spec's rows cut into grids and paragraphs; a repeated header row opens a grid of its own, since
    Word repeats only the rows at a table's top."""
    out: list[Segment] = []
    breaks = set(spec.get("repeat_header", []))
    for index, row in enumerate(spec["rows"]):
        if text_of(row) is not None:
            out.append(Segment(index, text=text_of(row)))
        elif out and out[-1].rows is not None and not (index in breaks and index - 1 not in breaks):
            out[-1].rows.append(row)
        else:
            out.append(Segment(index, rows=[row]))
    return out


def merges(rows: list[list[str]]) -> list[Merge]:
    """The merged ranges of a grid written with ^ and < markers (each anchor's extent)."""
    out = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell in (UP, LEFT):
                continue
            width = 1
            while c + width < len(row) and row[c + width] == LEFT:
                width += 1
            height = 1
            while r + height < len(rows) and c < len(rows[r + height]) and rows[r + height][c] == UP:
                height += 1
            if width > 1 or height > 1:
                out.append(Merge(r, c, height, width))
    return out


def plain(cell) -> str:
    return "" if cell is None or cell in (UP, LEFT) else str(cell)


def write_txt(spec: dict, path: Path) -> None:
    """As copied out of Word: one line per row, a merged cell once (empty in the rows it continues)."""
    lines = []
    for row in spec["rows"]:
        if text_of(row) is not None:
            lines.append(text_of(row))
            continue
        cells = [plain(c) for c in row if c != LEFT]
        lines.append("\t".join(cells))
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def write_web(spec: dict, path: Path) -> None:
    """As copied from a web page: the non-empty cells of a row joined by pipes, page furniture above."""
    lines = ["发布时间：2023-06-30 10:21", "【字体：大 中 小】 打印"]
    for row in spec["rows"]:
        cells = [text_of(row)] if text_of(row) is not None else [plain(c) for c in row if plain(c)]
        if cells:
            lines.append(" | ".join(cells) + " |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(spec: dict, path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if spec.get("landscape"):
        _turn_page(doc.sections[0])
    repeated = set(spec.get("repeat_header", []))
    for segment in segments(spec):
        if segment.text is not None:
            doc.add_paragraph(segment.text)
        else:
            _add_table(doc, segment, repeated)
    doc.save(path)


def _add_table(doc, segment: Segment, repeated: set[int]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = segment.rows
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell not in (UP, LEFT):
                table.cell(r, c).text = plain(cell)
        if segment.start + r in repeated:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            table.rows[r]._tr.get_or_add_trPr().append(header)
    for m in merges(rows):
        anchor = table.cell(m.row, m.col)
        anchor.merge(table.cell(m.row + m.rowspan - 1, m.col + m.colspan - 1))
        anchor.text = plain(rows[m.row][m.col])


def _turn_page(section) -> None:
    from docx.enum.section import WD_ORIENT

    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def write_xlsx(spec: dict, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    places: dict[int, tuple] = {}
    line = 0
    for index, row in enumerate(spec["rows"]):
        if isinstance(row, dict):
            ws = ws if line == 0 else wb.create_sheet()
            ws.title, line = str(row["sheet"]), 0
            continue
        line += 1
        places[index] = (ws, line)
        if spec.get("landscape"):
            ws.page_setup.orientation = "landscape"
        _write_xlsx_row(ws, line, row)
    for segment in segments(spec):
        for m in merges(segment.rows or []):
            sheet, top = places[segment.start + m.row]
            sheet.merge_cells(start_row=top, start_column=m.col + 1,
                              end_row=top + m.rowspan - 1, end_column=m.col + m.colspan)
    for sheet in wb.worksheets:
        _print_setup(sheet)
    wb.save(path)


def _print_setup(ws) -> None:
    """Columns as wide as their single cells need (a CJK character is two widths, capped so long text wraps),
    rows as tall as their wrapped lines, the sheet fitted to the page width: a sheet as a unit prints it."""
    from openpyxl.utils import get_column_letter

    merged = {(r, c) for rng in ws.merged_cells.ranges for r in range(rng.min_row, rng.max_row + 1)
              for c in range(rng.min_col, rng.max_col + 1) if rng.max_col > rng.min_col}
    widths: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and (cell.row, cell.column) not in merged:
                widths[cell.column] = max(widths.get(cell.column, 6), min(_MAX_WIDTH, _text_width(cell.value) + 2))
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    for row in ws.iter_rows():
        lines = [-(-_text_width(c.value) // widths.get(c.column, _MAX_WIDTH)) + str(c.value).count("\n")
                 for c in row if c.value is not None]
        ws.row_dimensions[row[0].row].height = _LINE_HEIGHT * max(lines + [1])
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


_MAX_WIDTH = 24
_LINE_HEIGHT = 15


def _text_width(value) -> float:
    longest = max(str(value).split("\n"), key=len)
    return sum(2 if ord(ch) > 0x2E80 else 1.1 for ch in longest)


def _write_xlsx_row(ws, r: int, row) -> None:
    from openpyxl.styles import Alignment, Border, Side

    if isinstance(row, str):
        ws.cell(r, 1).value = row
        return
    thin = Side(style="thin")
    first = next((c for c, cell in enumerate(row, 1) if cell not in ("", None)), len(row) + 1)
    for c, cell in enumerate(row, 1):
        text = plain(cell)
        target = ws.cell(r, c)
        if c >= first:  # the grid's cells ruled, empty and merged ones too; a margin column left blank
            target.border = Border(thin, thin, thin, thin)
        if not text:
            continue
        target.value = _number(text)
        if text.endswith("%") and _NUMBER.match(text[:-1]):
            target.value = Decimal(text[:-1]) / 100
            target.number_format = "0%" if "." not in text else "0.00%"
        target.alignment = Alignment(wrap_text=True, vertical="center")


def _number(text: str):
    if _NUMBER.match(text):
        try:
            value = Decimal(text)
        except InvalidOperation:
            return text
        return int(value) if value == value.to_integral_value() else float(value)
    return text


def write_pdf(spec: dict, path: Path) -> None:
    """The docx exported by LibreOffice, as the development forms' PDFs were made."""
    docx = path.with_suffix(".docx")
    write_docx(spec, docx)
    _export_pdf(docx, path.parent)


def write_sheet_pdf(spec: dict, path: Path) -> None:
    """The workbook printed to PDF by LibreOffice Calc (fitted to the page width, rows as tall as their text)."""
    sheet = path.with_name(path.name.removesuffix(".sheet.pdf") + ".xlsx")
    write_xlsx(spec, sheet)
    _export_pdf(sheet, path.parent)
    sheet.with_suffix(".pdf").replace(path)


def _export_pdf(source: Path, folder: Path) -> None:
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise FileNotFoundError("LibreOffice (soffice) is needed for the pdf rendition")
    profile = folder / ".lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)


WRITERS = {"xlsx": (".xlsx", write_xlsx), "docx": (".docx", write_docx), "pdf": (".pdf", write_pdf),
           "sheetpdf": (".sheet.pdf", write_sheet_pdf), "txt": (".txt", write_txt), "web": (".web.txt", write_web)}


def render(spec: dict, form: str, folder: Path) -> Path:
    suffix, writer = WRITERS[form]
    path = folder / form / f"{spec['id']}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    writer(spec, path)
    return path


def gold_of(spec: dict) -> dict:
    """The spec in the layout of a gold file, for tools/evaluate.py's scoring."""
    claims = [{"name": name, "path": [name], "weight": weight, "claimed_score": score}
              for name, weight, score in spec["claims"]]
    errors = [{**error, "arithmetic": True} for error in spec.get("errors", [])]
    return {"id": spec["id"], "meta": spec["meta"], "claims": claims, "figures": [], "errors": errors}


def score_file(path: Path, gold: dict, label: str):
    """tools/evaluate.py's tally for one rendered file: claims, meta, the spec's errors caught and false
    arithmetic errors."""
    from core.documents import load
    from core.errors import CodedError
    from core.extraction import extract
    from tools.evaluate import META_FIELDS, Tally, run_findings, score_claims, score_findings, score_meta

    tally = Tally()
    try:
        document = load(path)
    except CodedError as error:
        tally.gold_claims, tally.meta_total = len(gold["claims"]), len(META_FIELDS)
        tally.gold_errors = len(gold["errors"])
        tally.misses.append(f"{label}: {error}")
        return tally
    extraction = extract(document)
    score_claims(gold, extraction, tally, label)
    score_meta(gold, extraction.meta, tally, label)
    score_findings(gold, run_findings(document, extraction) or [], tally, label)
    return tally


def main() -> int:
    from tools.evaluate import Tally

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=Path, default=SPECS, help="spec file (default specs.yaml)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--forms", default=",".join(FORMS))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="variant-forms-"))
    folder.mkdir(parents=True, exist_ok=True)
    overall = Tally()
    for form in args.forms.split(","):
        tally = Tally()
        for spec in load_specs(args.specs):
            one = score_file(render(spec, form, folder), gold_of(spec), f"{form}/{spec['id']}")
            print(f"{form:5} {spec['id']:40} " + _figures(one))
            tally.add(one)
        print(f"{form:5} {'(all tables)':40} " + _figures(tally))
        overall.add(tally)
        if args.verbose:
            print("\n".join(tally.misses))
    print(f"{'all':46} " + _figures(overall))
    print(f"files in {folder}")
    return 0


def _figures(tally) -> str:
    shown = ("claims_f1", "weight_accuracy", "score_accuracy", "meta_accuracy", "errors_caught", "false_errors")
    return "  ".join(f"{key.split('_')[0]} {value:.3f}" if isinstance(value, float) else f"{key} {value}"
                     for key, value in tally.figures().items() if key in shown)


if __name__ == "__main__":
    raise SystemExit(main())
