"""Layout rewrites of a 自评表, the ways real local variants differ (forms.md §1 "Variants that exist"), for
metamorphic tests of the one table reader.

    .venv/bin/python tools/perturb_forms.py [--ids a,b] [--only name,name]

A sample's own cells (its docx, loaded) become a `Grid` (texts and merged ranges); each perturbation
rewrites the grid — columns in another order, 权重 for 分值, 指标性质/指标值/度量单位 split under a two-row
header, a 指标值 group heading over 年度指标值/实际完成值, level names repeated on every row instead of
merged, the funds block below the goals, headings and names over two paragraphs — and a renderer writes it as
a Word table, an Excel sheet (also: behind another sheet, numbers stored as text, the 总分 row as SUM
formulas) or text copied out of Word (also: with OCR damage in the score columns). The claims (name,
weight, score) must not change. Without arguments the command prints, per sample and variant, whether
they did.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMS_DIR = ROOT.parent / "shared" / "samples" / "forms"
FORM_IDS = tuple(sorted(p.stem for p in (FORMS_DIR / "docx").glob("*.docx")))
_SPLIT_TARGET = re.compile(r"^(?P<sign>[≥≤=<>≧═])?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>\S{0,4})$")


@dataclass
class Grid:
    """A table as texts at top-left positions and merged ranges (r0, c0, r1, c1), inclusive."""

    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]]
    before: list[str] = field(default_factory=list)  # paragraphs above (title, year, 填报单位)
    after: list[str] = field(default_factory=list)  # paragraphs below (a note)

    @property
    def width(self) -> int:
        return len(self.rows[0])

    def find_row(self, *words: str) -> int:
        """The first row holding all the words as whole cells."""
        return next(r for r, row in enumerate(self.rows) if all(w in row for w in words))

    def insert_col(self, at: int) -> None:
        """An empty column before `at`; a cell spanning the place widens over it."""
        for row in self.rows:
            row.insert(at, "")
        self.merges = [(r0, c0 + (c0 >= at), r1, c1 + (c1 >= at)) for r0, c0, r1, c1 in self.merges]
        for r in range(len(self.rows)):
            if at > 0 and not self._merged_at(r, at) and not self._merged_at(r, at - 1):
                self.merges.append((r, at - 1, r, at))

    def insert_row(self, at: int) -> None:
        """An empty row before `at`; a cell spanning the place grows down over it."""
        self.rows.insert(at, [""] * self.width)
        self.merges = [(r0 + (r0 >= at), c0, r1 + (r1 >= at), c1) for r0, c0, r1, c1 in self.merges]

    def _merged_at(self, r: int, c: int) -> bool:
        return any(r0 <= r <= r1 and c0 <= c <= c1 for r0, c0, r1, c1 in self.merges)

    def merge_down(self, r: int, c: int) -> None:
        """Cell (r, c) (or its range) spans row r + 1 too."""
        for i, (r0, c0, r1, c1) in enumerate(self.merges):
            if r0 <= r <= r1 and c0 <= c <= c1:
                self.merges[i] = (r0, c0, max(r1, r + 1), c1)
                return
        self.merges.append((r, c, r + 1, c))


def grid_of(form_id: str) -> Grid:
    """A fresh copy of the sample's grid (rewrites change it in place)."""
    return copy.deepcopy(_loaded_grid(form_id))


@lru_cache(maxsize=None)
def _loaded_grid(form_id: str) -> Grid:
    from core.documents import load

    document = load(FORMS_DIR / "docx" / f"{form_id}.docx")
    [table] = document.tables
    rows = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    merges = []
    for cell in table.cells:
        rows[cell.row][cell.col] = cell.text
        if cell.rowspan > 1 or cell.colspan > 1:
            merges.append((cell.row, cell.col, cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
    before = [line for line in document.text[:table.start].split("\n") if line.strip()]
    after = [line for line in document.text[table.end:].split("\n") if line.strip()]
    return Grid(rows, merges, before, after)


# --- grid rewrites -----------------------------------------------------------------------------------
def _indicator_header(grid: Grid) -> int:
    return grid.find_row("一级指标", "二级指标")


def _col(grid: Grid, row: int, *headings: str) -> int:
    return next(c for c, text in enumerate(grid.rows[row]) if text in headings)


def swap_columns(grid: Grid) -> Grid:
    """年度指标值 ↔ 实际完成值 and 分值 ↔ 得分 under the indicator header (the 总分 row too)."""
    head = _indicator_header(grid)
    pairs = [(_col(grid, head, "年度指标值"), _col(grid, head, "实际完成值")),
             (_col(grid, head, "分值", "权重"), _col(grid, head, "得分"))]
    for row in grid.rows[head:]:
        for a, b in pairs:
            row[a], row[b] = row[b], row[a]
    return grid


def weight_heading(grid: Grid) -> Grid:
    """权重 for 分值 in every header."""
    grid.rows = [["权重" if text == "分值" else text for text in row] for row in grid.rows]
    return grid


def repeated_levels(grid: Grid) -> Grid:
    """Level names written on every row of the grid instead of merged down."""
    head = _indicator_header(grid)
    levels = [_col(grid, head, "一级指标"), _col(grid, head, "二级指标")]
    kept = []
    for r0, c0, r1, c1 in grid.merges:
        if r0 > head and c0 == c1 and c0 in levels:
            for r in range(r0 + 1, r1 + 1):
                grid.rows[r][c0] = grid.rows[r0][c0]
        else:
            kept.append((r0, c0, r1, c1))
    grid.merges = kept
    return grid


def split_target(grid: Grid) -> Grid:
    """年度指标值 split into 指标性质 | 指标值 | 度量单位 under a two-row header (Yunnan, Sichuan)."""
    head = _indicator_header(grid)
    if "指标性质" in grid.rows[head]:
        return grid
    target = _col(grid, head, "年度指标值")
    grid.insert_col(target + 1)
    grid.insert_col(target + 1)
    grid.merges = [m for m in grid.merges if not (m[0] >= head and m[0] == m[2] and m[1] == target)]
    for row in grid.rows[head + 1:]:
        m = _SPLIT_TARGET.match(row[target].strip())
        if m and not _total_row(row):
            row[target:target + 3] = [m.group("sign") or "", m.group("num"), m.group("unit")]
    grid.insert_row(head + 1)
    for c in range(grid.width):
        if target <= c < target + 3:
            continue
        if not any(r0 <= head <= r1 and c0 <= c <= c1 and c0 < c for r0, c0, r1, c1 in grid.merges):
            grid.merge_down(head, c)
    grid.merges.append((head, target, head, target + 2))
    grid.rows[head + 1][target:target + 3] = ["指标性质", "指标值", "度量单位"]
    return grid


def value_group_header(grid: Grid) -> Grid:
    """A 指标值 heading over the columns from 年度指标值 to 实际完成值, every other heading spanning both
    header rows."""
    head = _indicator_header(grid)
    first, last = sorted([_col(grid, head, "年度指标值"), _col(grid, head, "实际完成值")])
    grid.insert_row(head + 1)
    for c in range(grid.width):
        if not first <= c <= last:
            grid.merge_down(head, c)
    grid.rows[head + 1][first:last + 1] = grid.rows[head][first:last + 1]
    grid.rows[head][first:last + 1] = ["指标值"] + [""] * (last - first)
    grid.merges.append((head, first, head, last))
    return grid


def funds_below_goals(grid: Grid) -> Grid:
    """The funds block after the goals block (as `forms/langfang` has it), or before it where it was after."""
    funds = grid.find_row("年初预算数")
    goals = next(r for r, row in enumerate(grid.rows) if row[0].startswith("年度总体目标"))
    indicators = _indicator_header(grid)
    first, second = sorted([funds, goals])
    end = indicators
    order = list(range(second, end)) + list(range(first, second))
    new_index = {old: first + i for i, old in enumerate(order)}
    grid.rows[first:end] = [grid.rows[r] for r in order]
    grid.merges = [(new_index.get(r0, r0), c0, new_index.get(r0, r0) + r1 - r0, c1) for r0, c0, r1, c1 in grid.merges]
    return grid


def paragraph_breaks(grid: Grid) -> Grid:
    """Long headings and indicator names written over two paragraphs (年度 / 指标值), as narrow columns get
    them: a copied row then breaks over lines."""
    head = _indicator_header(grid)
    name = _col(grid, head, "三级指标")
    for r, row in enumerate(grid.rows[head:], start=head):
        for c, text in enumerate(row):
            if (r == head and len(text) >= 4 and c > 0) or (c == name and len(text) >= 8):
                row[c] = text[:len(text) // 2] + "\n" + text[len(text) // 2:]
    return grid


def _total_row(row: list[str]) -> bool:
    return row[0] in ("总分", "合计")


# --- renderers ---------------------------------------------------------------------------------------
def to_docx(grid: Grid, path: Path) -> Path:
    from docx import Document as WordDocument

    document = WordDocument()
    for text in grid.before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"  # ruled, as the forms are (a PDF export keeps the rules)
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for r0, c0, r1, c1 in grid.merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for text in grid.after:
        document.add_paragraph(text)
    document.save(path)
    return path


@dataclass(frozen=True)
class XlsxOptions:
    numbers_as_text: bool = False
    cover_sheet: bool = False  # another sheet first
    sum_formulas: bool = False  # the 总分 row's 分值 and 得分 as SUM formulas (computed on load)


def to_xlsx(grid: Grid, path: Path, options: XlsxOptions = XlsxOptions()) -> Path:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    if options.cover_sheet:
        sheet.title = "填报说明"
        sheet["A1"] = "请按财政部门要求填报本表，分值和得分保留整数。"
        sheet = book.create_sheet("自评表")
    top = len(grid.before)
    for r, text in enumerate(grid.before, start=1):
        sheet.cell(r, 1, text)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=grid.width)
    for r, row in enumerate(grid.rows, start=top + 1):
        for c, text in enumerate(row, start=1):
            if text:
                sheet.cell(r, c, text if options.numbers_as_text else _typed(text))
    for r0, c0, r1, c1 in grid.merges:
        sheet.merge_cells(start_row=r0 + top + 1, start_column=c0 + 1, end_row=r1 + top + 1, end_column=c1 + 1)
    if options.sum_formulas:
        _sum_total_row(grid, sheet, top, get_column_letter)
    book.save(path)
    return path


def _typed(text: str):
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def _sum_total_row(grid: Grid, sheet, top: int, letter) -> None:
    total = next((r for r, row in enumerate(grid.rows) if _total_row(row)), None)
    if total is None:
        return
    head = _indicator_header(grid)
    funds = grid.find_row("年初预算数")
    for heading in ("分值", "权重", "得分"):
        col = next((c for c, text in enumerate(grid.rows[head]) if text == heading), None)
        if col is None:
            continue
        funds_col = grid.rows[funds].index(heading) if heading in grid.rows[funds] else None
        cells = [f"{letter(col + 1)}{head + top + 2}:{letter(col + 1)}{total + top}"]
        if funds_col is not None:
            cells.append(f"{letter(funds_col + 1)}{funds + top + 2}")
        sheet.cell(total + top + 1, col + 1, f"=SUM({','.join(cells)})")


def to_text(grid: Grid, ocr: bool = False) -> str:
    """As Word copies a table: a cell merged across columns once, a cell merged down leaves an empty field."""
    covered = {(r, c): (r0, c0) for r0, c0, r1, c1 in grid.merges
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    lines = list(grid.before)
    for r, row in enumerate(grid.rows):
        fields = []
        for c, text in enumerate(row):
            origin = covered.get((r, c))
            if origin is None:
                fields.append(_ocr(text) if ocr else text)
            elif origin[1] == c:
                fields.append("")  # merged down from above
        lines.append("\t".join(fields))
    return "\n".join(lines + grid.after) + "\n"


def _ocr(text: str) -> str:
    """10 read as IO and 0 as O, where a score cell holds a whole number."""
    return text.replace("10", "IO") if re.fullmatch(r"\d+", text) else text


# --- the variants --------------------------------------------------------------------------------------
Rewrite = Callable[[Grid], Grid]
REWRITES: dict[str, Rewrite] = {
    "swap_columns": swap_columns,
    "weight_heading": weight_heading,
    "repeated_levels": repeated_levels,
    "split_target": split_target,
    "value_group_header": value_group_header,
    "funds_below_goals": funds_below_goals,
    "paragraph_breaks": paragraph_breaks,
}


def render(grid: Grid, form: str, tmp: Path, name: str, options: XlsxOptions = XlsxOptions(), ocr: bool = False):
    """The grid as a loaded Document in `form` (docx, xlsx, txt)."""
    from core.documents import load

    if form == "docx":
        return load(to_docx(grid, tmp / f"{name}.docx"))
    if form == "xlsx":
        return load(to_xlsx(grid, tmp / f"{name}.xlsx", options))
    path = tmp / f"{name}.txt"
    path.write_text(to_text(grid, ocr), encoding="utf-8")
    return load(path)


def claims_of(document) -> list[tuple[str, object, object]]:
    from core.extraction import extract

    return [(c.name, c.weight, c.claimed_score) for c in extract(document).claims]


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description="Layout rewrites of the development 自评表.")
    parser.add_argument("--ids", default="")
    parser.add_argument("--only", default="")
    args = parser.parse_args(argv)
    ids = [i for i in args.ids.split(",") if i] or FORM_IDS
    names = [n for n in args.only.split(",") if n] or list(REWRITES)
    with tempfile.TemporaryDirectory() as tmp:
        for form_id in ids:
            want = claims_of(render(grid_of(form_id), "docx", Path(tmp), "original"))
            for name in names:
                for form in ("docx", "xlsx", "txt"):
                    got = claims_of(render(REWRITES[name](grid_of(form_id)), form, Path(tmp), name))
                    print(f"{form_id:36} {name:20} {form:5} {'same' if got == want else 'DIFFERENT'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
