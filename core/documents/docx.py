"""Word (docx) reports: body paragraphs and tables in document order; headers and footers are ignored."""

from __future__ import annotations

import io
import re

from core.analysis_budget import check as check_analysis_budget
from core.documents.builder import Content, TextBuilder, render_table
from core.documents.model import GET_COMPLETE_FILE, SPLIT_OR_SHRINK, Cell, DocumentError, Page, Table
from core.documents.numbering import W, Numbering, to_int

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Runs of these elements hold no visible body text (deleted text, field codes, alternate renderings).
_SKIPPED = {f"{W}del", f"{W}instrText", f"{W}delInstrText", _MC_FALLBACK, f"{W}rPr", f"{W}pPr"}
# Built-in heading styles are named "heading N" in styles.xml whatever the UI language shows.
_HEADING_STYLE_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_BODY_OUTLINE_LEVEL = 9  # w:outlineLvl 9 means "body text"
# Word tables have at most 63 columns; a span or grid far beyond is damage that would allocate a huge grid.
MAX_TABLE_COLUMNS = 1000
_MAX_LIST_LEVEL = 8
# libxml2 refuses nesting deeper than 256 and text nodes over 10 MB unless told XML_PARSE_HUGE; such a
# document is well-formed but beyond what a report needs.
_LIBXML_LIMIT_HINT = "XML_PARSE_HUGE"


def load_docx(data: bytes) -> Content:
    body, numbering, style_numbering, style_levels = _open(data)
    reader = _BodyReader(numbering, style_numbering, style_levels)
    reader.read(body)
    text = reader.out.text()
    content = Content(text=text, pages=[Page(number=1, start=0, end=len(text))], tables=reader.tables)
    content.headings = reader.headings
    return content


def _open(data: bytes):
    body, numbering_root, styles = _parts(data)
    return body, Numbering.from_part(numbering_root), _style_numbering(styles), _style_heading_levels(styles)


def _parts(data: bytes):
    """The XML roots of the body, the numbering part (or None) and the styles, as python-docx parses them.
    Only python-docx runs inside the try: a failure of ours must not pass for a damaged file."""
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return document.element.body, _numbering_root(document), document.styles.element
    except Exception as exc:  # python-docx raises zip, XML and key errors alike for a damaged package
        if _LIBXML_LIMIT_HINT in str(exc):
            raise DocumentError("TOO_COMPLEX", "Word 文档的结构嵌套过深或单段文字过长，超出可分析的范围，无法读取。"
                                               + SPLIT_OR_SHRINK) from exc
        raise DocumentError("CORRUPT_FILE", "Word 文档（docx）已损坏或不完整，无法读取。" + GET_COMPLETE_FILE) from exc


def _style_heading_levels(styles_root) -> dict[str, int]:
    """styleId -> heading level (1 = highest) of paragraph styles that make headings, following basedOn."""
    own: dict[str, int | None] = {}
    based_on: dict[str, str] = {}
    for style in styles_root.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        name = style.find(f"{W}name")
        named = _HEADING_STYLE_NAME.match((name.get(f"{W}val") or "").strip()) if name is not None else None
        outline = _outline_level(style)
        own[style_id] = outline if outline is not None else (int(named.group(1)) if named else None)
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based_on[style_id] = parent.get(f"{W}val")
    return _inherited(own, based_on)


def _outline_level(element) -> int | None:
    """w:pPr/w:outlineLvl as a heading level (1-based); None when absent or body text."""
    outline = element.find(f"{W}pPr/{W}outlineLvl")
    if outline is None:
        return None
    level = _int_val(outline, _BODY_OUTLINE_LEVEL)
    return level + 1 if 0 <= level < _BODY_OUTLINE_LEVEL else None


def _numbering_root(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _style_numbering(styles_root) -> dict[str, tuple[str, int]]:
    """styleId -> (numId, ilvl) for paragraph styles that number their paragraphs, following basedOn."""
    own: dict[str, tuple[str, int] | None] = {}
    based_on: dict[str, str] = {}
    for style in styles_root.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        num_pr = style.find(f"{W}pPr/{W}numPr")
        own[style_id] = _num_pr(num_pr) if num_pr is not None else None
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based_on[style_id] = parent.get(f"{W}val")
    return _inherited(own, based_on)


def _inherited(own: dict, based_on: dict[str, str]) -> dict:
    """styleId -> the style's own setting, else the nearest one up its basedOn chain (unset ones left out)."""
    resolved = {}
    for style_id in own:
        seen, current = set(), style_id
        while current and current not in seen and own.get(current) is None:
            seen.add(current)
            current = based_on.get(current)
        if current and own.get(current):
            resolved[style_id] = own[current]
    return resolved


def _num_pr(num_pr) -> tuple[str, int] | None:
    num_id = num_pr.find(f"{W}numId")
    ilvl = num_pr.find(f"{W}ilvl")
    if num_id is None:
        return None
    return num_id.get(f"{W}val"), to_int(ilvl.get(f"{W}val"), 0, 0, _MAX_LIST_LEVEL) if ilvl is not None else 0


class _BodyReader:
    def __init__(self, numbering: Numbering, style_numbering: dict[str, tuple[str, int]],
                 style_levels: dict[str, int]):
        self.numbering = numbering
        self.style_numbering = style_numbering
        self.style_levels = style_levels
        self.out = TextBuilder()
        self.tables: list[Table] = []
        self.headings: list[tuple[int, int, int]] = []

    def read(self, container) -> None:
        for child in container:
            check_analysis_budget()
            if child.tag == f"{W}p":
                text = self.paragraph_text(child)
                start, end = self.out.append(text)
                self.out.append("\n")
                level = self.heading_level(child)
                if level and text.strip():
                    self.headings.append((start, end, level))
            elif child.tag == f"{W}tbl":
                table = self.table(child)
                if table.n_rows:
                    render_table(table, self.out)
                    self.tables.append(table)
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.read(content)

    def paragraph_text(self, paragraph) -> str:
        return self.number_label(paragraph) + "".join(_run_texts(paragraph))

    def heading_level(self, paragraph) -> int | None:
        own = _outline_level(paragraph)
        if own is not None:
            return own
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        return self.style_levels.get(style.get(f"{W}val")) if style is not None else None

    def number_label(self, paragraph) -> str:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        numbered = _num_pr(num_pr) if num_pr is not None else None
        if numbered is None:
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            numbered = self.style_numbering.get(style.get(f"{W}val")) if style is not None else None
        if numbered is None or numbered[0] == "0":
            return ""
        return self.numbering.label(*numbered)

    def table(self, tbl) -> Table:
        cells: list[Cell] = []
        open_cells: dict[int, Cell] = {}  # grid column -> the cell a vertical merge continues
        n_cols = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        rows = tbl.findall(f"{W}tr")
        for row_index, tr in enumerate(rows):
            check_analysis_budget()
            col = _int_val(tr.find(f"{W}trPr/{W}gridBefore"), 0, 0)
            for tc in tr.iter(f"{W}tc"):
                if _enclosing_row(tc) is not tr:
                    continue  # a cell of a nested table
                span = _int_val(tc.find(f"{W}tcPr/{W}gridSpan"), 1, 1)
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                continuing = merge is not None and merge.get(f"{W}val", "continue") == "continue"
                above = open_cells.get(col)
                if continuing and above is not None and above.row + above.rowspan == row_index:
                    above.rowspan += 1
                else:
                    cell = Cell(text=self.cell_text(tc), row=row_index, col=col, colspan=span)
                    cells.append(cell)
                    open_cells[col] = cell
                col += span
            n_cols = max(n_cols, col)
        if n_cols > MAX_TABLE_COLUMNS:
            raise DocumentError("TOO_LARGE", f"Word 文档中有表格超过 {MAX_TABLE_COLUMNS} 列（合并单元格的跨度异常），"
                                             "无法读取。" + GET_COMPLETE_FILE)
        return Table(n_rows=len(rows), n_cols=n_cols, cells=cells)

    def cell_text(self, tc) -> str:
        lines = []
        for child in tc:
            if child.tag == f"{W}p":
                lines.append(self.paragraph_text(child))
            elif child.tag == f"{W}tbl":
                lines.append(" ".join(cell.text for cell in self.table(child).cells if cell.text))
        # A cell is one field of its table line: its paragraphs are joined by spaces, tabs and breaks flattened.
        return " ".join(line for line in lines if line.strip()).replace("\t", " ").replace("\n", " ").strip()


def _run_texts(element):
    for child in element:
        if child.tag in _SKIPPED:
            continue
        if child.tag == f"{W}t":
            yield child.text or ""
        elif child.tag == f"{W}tab":
            yield "\t"
        elif child.tag in (f"{W}br", f"{W}cr"):
            yield "\n"
        elif child.tag == f"{W}noBreakHyphen":
            yield "-"
        else:
            yield from _run_texts(child)


def _enclosing_row(tc):
    parent = tc.getparent()
    while parent is not None and parent.tag != f"{W}tr":
        parent = parent.getparent()
    return parent


def _int_val(element, default: int, low: int = 0) -> int:
    """w:val as a number from `low` up; a huge one is kept just past MAX_TABLE_COLUMNS so that the table
    is refused before any grid of that size is allocated."""
    if element is None:
        return default
    return min(to_int(element.get(f"{W}val"), default, low, 10 ** 30), MAX_TABLE_COLUMNS + 1)
