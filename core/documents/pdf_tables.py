"""Ruled tables on PDF pages: pdfplumber finds the cell rectangles, we resolve merged cells by geometry."""

from __future__ import annotations

from dataclasses import dataclass

from core.analysis_budget import check as check_analysis_budget

# Below this many vector path objects a page cannot hold a ruled table worth looking for.
# Passing the paths pypdfium2 already parsed as explicit rules spares pdfplumber a full parse of the page.
MIN_PATH_OBJECTS = 4
# Cell edges closer than this (points) are the same grid line.
_EDGE_TOLERANCE = 2.0


@dataclass
class CellBox:
    row: int
    col: int
    rowspan: int
    colspan: int
    x0: float
    top: float
    x1: float
    bottom: float

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass
class TableBox:
    columns: list[float]  # x of each vertical grid line
    rows: list[float]  # y of each horizontal grid line
    cells: list[CellBox]

    @property
    def top(self) -> float:
        return self.rows[0]

    @property
    def n_rows(self) -> int:
        return len(self.rows) - 1

    @property
    def n_cols(self) -> int:
        return len(self.columns) - 1

    def holds(self, x: float, y: float) -> bool:
        return self.columns[0] <= x <= self.columns[-1] and self.rows[0] <= y <= self.rows[-1]

    def column_map(self, other: "TableBox") -> list[int] | None:
        """Where each vertical line of `other` stands in this table's grid, when `other` continues this table on
        the next page: every line of its own is one of this table's, and its outer edges are this table's. A
        continuation may draw fewer lines (its rows merge columns the rows above split), never others."""
        mapping = []
        for x in other.columns:
            at = next((k for k, own in enumerate(self.columns) if abs(own - x) <= _EDGE_TOLERANCE), None)
            if at is None:
                return None
            mapping.append(at)
        return mapping if mapping[0] == 0 and mapping[-1] == len(self.columns) - 1 else None


def page_rules(page, page_height: float) -> list[dict] | None:
    """Bounds of the page's vector paths as pdfplumber rect objects (top-left origin), the candidates for
    table rules; [] when too few to draw a table; None when paths sit inside form XObjects, whose
    coordinates only pdfplumber's own parser resolves."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    # Raw calls: pypdfium2's object wrappers cost more than the whole table test on text pages.
    rules = []
    nested = False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            nested = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPageObj_GetBounds(
                obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)):
            rules.append({"object_type": "rect", "x0": left.value, "x1": right.value, "y0": bottom.value,
                          "y1": top.value, "top": page_height - top.value, "bottom": page_height - bottom.value,
                          "doctop": page_height - top.value, "width": right.value - left.value,
                          "height": top.value - bottom.value})
    if nested:
        return None
    return rules if len(rules) >= MIN_PATH_OBJECTS else []


def find_table_boxes(data: bytes, rules: dict[int, list[dict] | None], password: str | None
                     ) -> tuple[dict[int, list[TableBox]], list[int]]:
    """(1-based page number -> the ruled tables on that page, for the pages in `rules` (their page_rules);
    the pages whose structure pdfplumber could not parse).

    pdfminer is stricter than pdfium: a file pdfium repaired may still fail here. Its text is already
    read, so such a page keeps its text and loses only its table grid."""
    if not rules:
        return {}, []
    import io
    import logging

    import pdfplumber

    # pdfminer logs every damaged xref entry as a warning, which Python prints on standard error when the
    # application configures no logging (the command line promises one 错误 line there); what matters
    # reaches the reviewer as TABLES_UNREADABLE.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data), pages=sorted(rules), password=password or "")
    except Exception:  # noqa: BLE001 — pdfminer raises any type on a damaged file; only its frames run here
        return {}, sorted(rules)
    try:
        found = _tables_of_pages(pdf, rules)
    finally:
        _close(pdf)
    return found, sorted(set(rules) - set(found))


def _tables_of_pages(pdf, rules: dict[int, list[dict] | None]) -> dict[int, list[TableBox]]:
    try:
        pages = pdf.pages
    except Exception:  # noqa: BLE001 — as above (the page tree is parsed here)
        return {}
    found: dict[int, list[TableBox]] = {}
    for page in pages:
        check_analysis_budget()
        cells = _page_table_cells(page, rules[page.page_number])
        if cells is not None:
            boxes = [table_box(table) for table in cells]
            found[page.page_number] = [box for box in boxes if box is not None]
    return found


def _close(pdf) -> None:
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 — close() re-reads the page tree that may just have failed; nothing leaks
        pass


def _page_table_cells(page, page_rules: list[dict] | None) -> list[list[tuple]] | None:
    """Cell rectangles of each table pdfplumber finds on `page`; None when it cannot parse the page."""
    settings = None if page_rules is None else {
        "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
        "explicit_vertical_lines": page_rules, "explicit_horizontal_lines": page_rules}
    try:
        return [table.cells for table in page.find_tables(settings)]
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 — as above: a library failure on a damaged page, not ours
        return None


def cell_at(tables: list[TableBox], x: float, y: float) -> tuple[int, int] | None:
    """(table, cell) indexes of the cell holding the point, None outside every cell."""
    for table_index, table in enumerate(tables):
        if table.holds(x, y):
            for cell_index, cell in enumerate(table.cells):
                if cell.holds(x, y):
                    return table_index, cell_index
    return None


def table_box(cells: list[tuple[float, float, float, float]]) -> TableBox | None:
    """The grid of a table's cells (x0, top, x1, bottom): its lines, each cell's row, column and spans."""
    if len(cells) < 2:
        return None
    xs = _grid_lines([c[0] for c in cells] + [c[2] for c in cells])
    ys = _grid_lines([c[1] for c in cells] + [c[3] for c in cells])
    boxes = []
    for x0, top, x1, bottom in cells:
        col, col_end = _nearest(xs, x0), _nearest(xs, x1)
        row, row_end = _nearest(ys, top), _nearest(ys, bottom)
        if col_end > col and row_end > row:
            boxes.append(CellBox(row, col, row_end - row, col_end - col, x0, top, x1, bottom))
    boxes += _open_cells(xs, ys, boxes)
    boxes.sort(key=lambda b: (b.row, b.col))
    return TableBox(xs, ys, boxes)


def _open_cells(xs: list[float], ys: list[float], boxes: list[CellBox]) -> list[CellBox]:
    """A merged cell a page break cut has no rule on the cut side, so no rectangle: in each column, the run of
    grid rows no cell covers at the table's bottom (or top) edge is that cell, which holds the text a
    spreadsheet prints there."""
    covered = {(r, c) for b in boxes for r in range(b.row, b.row + b.rowspan) for c in range(b.col, b.col + b.colspan)}
    rows = len(ys) - 1
    out = []
    for col in range(len(xs) - 1):
        free = [r for r in range(rows) if (r, col) not in covered]
        runs = {(min(run), max(run)) for run in (_edge_run(free, rows, True), _edge_run(free, rows, False)) if run}
        out += [CellBox(first, col, last - first + 1, 1, xs[col], ys[first], xs[col + 1], ys[last + 1])
                for first, last in sorted(runs)]
    return out


def _edge_run(free: list[int], rows: int, from_top: bool) -> list[int]:
    """The uncovered rows of a column that run from the table's top (or bottom) edge."""
    run: list[int] = []
    for r in (range(rows) if from_top else range(rows - 1, -1, -1)):
        if r not in free:
            break
        run.append(r)
    return run


def _grid_lines(values: list[float]) -> list[float]:
    lines: list[float] = []
    for value in sorted(values):
        if not lines or value - lines[-1] > _EDGE_TOLERANCE:
            lines.append(value)
    return lines


def _nearest(lines: list[float], value: float) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))
