"""PDF reports: text with one box per character, wrapped lines joined into paragraphs, ruled tables."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from core.analysis_budget import allow as allow_analysis
from core.analysis_budget import check as check_analysis_budget
from core.documents.builder import Content, TextBuilder, render_table
from core.documents.model import (
    CHECK_PASSWORD, GET_COMPLETE_FILE, READING, RECOGNISING, SPLIT_OR_SHRINK, Cell, DocumentError, Page,
    ProgressCallback, Table,
)
from core.documents.pdf_chars import Char, page_chars
from core.documents.pdf_layout import Line, body_layout, continues, drop_page_numbers, group_lines, joiner
from core.documents.pdf_ocr import (
    OCR_MEMORY_BYTES, OCR_PAGE_SECONDS, OCR_START_SECONDS, OcrPage, check_ocr_pages, ocr_page,
)
from core.documents.pdf_table_text import TableBlock, table_block
from core.documents.pdf_tables import TableBox, cell_at, find_table_boxes, page_rules

# A complete PDF ends with its trailer; a file cut short lacks it even when pdfium could rebuild a part.
_TAIL_WINDOW = 4096
# A page whose characters are mostly unmapped glyphs has no usable text layer.
_MAX_GARBAGE_SHARE = 0.3
_PDFIUM_ERR_PASSWORD = 4
# A line set this much larger than the body text (by median character size) is a heading.
_HEADING_SIZE_RATIO = 1.2
_HEADING_MAX_CHARS = 40
_HEADING_LEVELS = 3
# A report has tens of pages, an annual budget book a few hundred; a damaged page tree can claim billions.
MAX_PAGES = 3000


@dataclass
class _PageLayout:
    number: int
    width: float
    height: float
    chars: list[Char]
    has_text: bool
    scanned: bool  # no usable text but images or unmapped glyphs: a reviewer must read it by eye
    rules: list[dict] | None  # candidate table rules (see pdf_tables.page_rules)
    blocks: list[Line | TableBlock] = field(default_factory=list)
    readable: bool = True  # False: pdfium could not load the page (a damaged page tree)
    recognised: OcrPage | None = None  # what OCR read on a page without a usable text layer


def load_pdf(data: bytes, password: str | None = None, progress: ProgressCallback | None = None) -> Content:
    if b"%%EOF" not in data[-_TAIL_WINDOW:]:
        raise _corrupt()
    layouts, ocr_warnings = _read_document(data, password, progress)
    candidates = {page.number: page.rules for page in layouts if page.has_text and page.rules != []}
    tables, tables_unread = find_table_boxes(data, candidates, password)
    for page in layouts:
        check_analysis_budget()
        page.blocks = _blocks(page, tables.get(page.number, []))
    _join_continued_tables(layouts)
    content = _compose(layouts)
    content.ocr_pages = [page.number for page in layouts if page.recognised]
    content.warnings.extend(ocr_warnings)
    unread = [page.number for page in layouts if not page.readable]
    if unread:
        content.warnings.append(f"PAGES_UNREADABLE: 第 {_page_list(unread)} 页已损坏，无法读取，按无文字页处理")
    if tables_unread:
        content.warnings.append(f"TABLES_UNREADABLE: 第 {_page_list(tables_unread)} 页的表格结构无法解析，"
                                "表格内容按普通文字读取")
    return content


def _page_list(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers)


def _read_document(data: bytes, password: str | None,
                   progress: ProgressCallback | None) -> tuple[list[_PageLayout], list[str]]:
    """Every page's layout; then the pages without a usable text layer read by OCR (when it is installed), with
    the warnings OCR gave."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PDFIUM_ERR_PASSWORD:
            raise _encrypted(password) from exc
        raise _corrupt() from exc
    try:
        count = len(pdf)
        if count == 0:
            raise _corrupt()
        if count > MAX_PAGES:
            raise DocumentError("TOO_LARGE", f"PDF 共 {count} 页，超过 {MAX_PAGES} 页的上限，无法分析。" + SPLIT_OR_SHRINK)
        layouts = []
        for index in range(count):
            check_analysis_budget()
            layouts.append(_read_page_or_mark(pdf, index))
            if progress is not None:
                progress(index + 1, count, READING)
        if not any(layout.readable for layout in layouts):
            raise _corrupt()
        return layouts, _recognise_scans(pdf, layouts, progress, data)
    finally:
        pdf.close()


def _recognise_scans(pdf, layouts: list[_PageLayout], progress: ProgressCallback | None, data: bytes) -> list[str]:
    """OCR of the scanned pages, each under its own time allowance; a page OCR finds nothing on stays a scan.
    Returns the warnings: the engine's libraries would not load."""
    from core.documents import ocr

    scans = [layout for layout in layouts if layout.scanned]
    if not scans or not ocr.available():
        return []
    check_ocr_pages([layout.number for layout in scans])
    allow_analysis(OCR_START_SECONDS, OCR_MEMORY_BYTES)
    try:
        ocr.start()
    except ocr.OcrUnavailable as exc:
        return [f"OCR_UNAVAILABLE: 文字识别组件无法加载（{exc}），第 {_page_list([p.number for p in scans])} 页"
                "按无文字页处理"]
    digest = hashlib.sha256(data).digest()
    for layout in scans:
        check_analysis_budget()
        allow_analysis(OCR_PAGE_SECONDS)
        page = pdf[layout.number - 1]
        try:
            recognised = ocr_page(page, layout.number, layout.width, layout.height, digest)
        finally:
            page.close()
        if recognised:
            layout.recognised, layout.has_text, layout.scanned = recognised, True, False
        if progress is not None:
            progress(layout.number, len(layouts), RECOGNISING)
    return []


def _read_page_or_mark(pdf, index: int) -> _PageLayout:
    """The page's layout; a page pdfium cannot load (a broken page tree) is kept as an unreadable,
    empty page so that the rest of the report still opens."""
    import pypdfium2 as pdfium

    page = None
    try:
        page = pdf[index]
        return _read_page(page, index + 1)
    except pdfium.PdfiumError:
        return _PageLayout(index + 1, 0.0, 0.0, [], False, False, [], readable=False)
    finally:
        if page is not None:
            page.close()


def _read_page(page, number: int) -> _PageLayout:
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    textpage = page.get_textpage()
    chars, garbage = page_chars(textpage, height)
    textpage.close()
    visible = sum(1 for c in chars if not c.text.isspace())
    has_text = visible > 0 and garbage <= _MAX_GARBAGE_SHARE * (visible + garbage)
    scanned = not has_text and (garbage > 0 or any(
        True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)))
    return _PageLayout(number, width, height, chars if has_text else [], has_text, scanned,
                       page_rules(page, height) if has_text else [])


def _blocks(page: _PageLayout, tables: list[TableBox]) -> list[Line | TableBlock]:
    """Lines and tables of a page, top to bottom; each table takes the characters inside its cells."""
    if page.recognised is not None:
        return page.recognised.blocks(page.height)
    in_cells: list[list[list[Char]]] = [[[] for _ in table.cells] for table in tables]
    free = [char for char in page.chars if not _place_in_table(char, tables, in_cells)] if tables else page.chars
    blocks: list[Line | TableBlock] = list(drop_page_numbers(group_lines(free), page.height))
    blocks.extend(table_block(table, cells) for table, cells in zip(tables, in_cells))
    blocks.sort(key=lambda block: block.y0)
    return blocks


def _place_in_table(char: Char, tables: list[TableBox], in_cells: list[list[list[Char]]]) -> bool:
    found = cell_at(tables, (char.x0 + char.x1) / 2, char.cy)
    if found is None:
        return False
    in_cells[found[0]][found[1]].append(char)
    return True


def _join_continued_tables(layouts: list[_PageLayout]) -> None:
    """A table that ends one page and starts the next on its column grid (all of its lines, or fewer where the
    rows there merge columns) is one table."""
    open_table: TableBlock | None = None
    for layout in layouts:
        blocks = layout.blocks
        spill = _spill(open_table, blocks) if open_table is not None else 0
        columns = open_table.last_box.column_map(blocks[spill].box) \
            if open_table is not None and len(blocks) > spill and isinstance(blocks[spill], TableBlock) else None
        if columns is not None:
            del blocks[:spill]
            open_table.absorb(blocks.pop(0), layout.number, columns)
            if not blocks:
                continue
        open_table = blocks[-1] if blocks and isinstance(blocks[-1], TableBlock) else None


def _spill(table: TableBlock, blocks: list) -> int:
    """Lines at the top of a page that repeat a merged cell of the table's last rows (a spreadsheet prints the
    text of a cell a page break cuts on both pages): how many, before the table's continuation."""
    last = ["".join(c.text.split()) for c in table.cells if c.row + c.rowspan == table.n_rows and c.text.strip()]
    count = 0
    for block in blocks:
        text = "".join(block.text_and_boxes()[0].split()) if isinstance(block, Line) else ""
        if not text or not any(text in cell for cell in last):
            break
        count += 1
    return count


def _compose(layouts: list[_PageLayout]) -> Content:
    body = body_layout([_lines_of(page) for page in layouts])
    # A scanned page sits on the paper as it was fed: its margins are its own.
    bodies = {page.number: body_layout([_lines_of(page)]) for page in layouts if page.recognised}
    out = TextBuilder(with_boxes=True)
    starts: dict[int, int] = {}  # page number -> offset of its first character
    ends: dict[int, int] = {}
    tables: list[Table] = []
    paragraphs: list[tuple[int, int, float]] = []  # (start, end, font size) of each run of joined lines
    previous: Line | None = None
    for layout in layouts:
        for block in layout.blocks:
            if isinstance(block, Line):
                joined = previous is not None and continues(previous, block, bodies.get(layout.number, body),
                                                            same_page=layout.number in starts)
                _separate(out, joiner(previous, block) if joined else "\n")
                starts.setdefault(layout.number, out.length)
                start, end = out.append(*block.text_and_boxes())
                if joined and paragraphs:
                    start = paragraphs.pop()[0]
                paragraphs.append((start, end, block.size))
                previous = block
            else:
                _separate(out, "\n")
                starts.setdefault(layout.number, out.length)
                tables.append(_render_table(block, layout.number, out, starts))
                previous = None
        if not layout.blocks:
            previous = None
        ends[layout.number] = out.length
    pages = _pages(layouts, starts, ends)
    content = Content(text=out.text(), pages=pages, tables=tables, char_boxes=out.boxes,
                      pages_without_text=[page.number for page in layouts if page.scanned])
    content.headings = _headings(paragraphs)
    return content


def _lines_of(page: _PageLayout) -> list[Line]:
    return [block for block in page.blocks if isinstance(block, Line)]


def _headings(paragraphs: list[tuple[int, int, float]]) -> list[tuple[int, int, int]]:
    """Short paragraphs set clearly larger than the body text; the largest size is level 1."""
    if not paragraphs:
        return []
    by_length = sorted((size, end - start) for start, end, size in paragraphs)
    half, seen, body = sum(n for _, n in by_length) / 2, 0, by_length[-1][0]
    for size, length in by_length:  # the size of the median character
        seen += length
        if seen >= half:
            body = size
            break
    found = [(start, end, size) for start, end, size in paragraphs
             if size >= body * _HEADING_SIZE_RATIO and end - start <= _HEADING_MAX_CHARS]
    sizes = sorted({round(size * 2) for _, _, size in found}, reverse=True)
    return [(start, end, min(sizes.index(round(size * 2)) + 1, _HEADING_LEVELS)) for start, end, size in found]


def _pages(layouts: list[_PageLayout], starts: dict[int, int], ends: dict[int, int]) -> list[Page]:
    pages = []
    following_start = ends[layouts[-1].number]
    for layout in reversed(layouts):
        start = starts.get(layout.number, min(ends[layout.number], following_start))
        end = min(ends[layout.number], following_start)
        pages.append(Page(layout.number, min(start, end), end, layout.width, layout.height, layout.has_text))
        following_start = min(start, end)
    return pages[::-1]


def _separate(out: TextBuilder, separator: str) -> None:
    if out.length and not out.ends_with_newline():
        out.append(separator)


def _render_table(block: TableBlock, page: int, out: TextBuilder, starts: dict[int, int]) -> Table:
    cells = [Cell(c.text, c.row, c.col, c.rowspan, c.colspan) for c in block.cells]
    table = Table(n_rows=block.n_rows, n_cols=block.box.n_cols, cells=cells, page=page)
    row_starts = render_table(table, out, {index: c.boxes for index, c in enumerate(block.cells)})
    for continued_page, first_row in block.continuations:
        starts[continued_page] = row_starts[first_row]
    return table


def _corrupt() -> DocumentError:
    return DocumentError("CORRUPT_FILE",
                         "PDF 文件已损坏或不完整（缺少交叉引用表或文件尾），无法读取。" + GET_COMPLETE_FILE)


def _encrypted(password: str | None) -> DocumentError:
    if password:
        return DocumentError("ENCRYPTED", "PDF 文件已加密，提供的密码不正确，无法读取。" + CHECK_PASSWORD)
    return DocumentError("ENCRYPTED", "PDF 文件已加密（需要密码），无法读取。请提供密码，或取消密码后另存再打开。")
