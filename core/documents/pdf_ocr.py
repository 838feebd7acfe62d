"""A PDF page without a usable text layer (a scan, or glyphs without a Unicode map) read by OCR: the page
rendered with pypdfium2, recognised (core.documents.ocr), and its characters given boxes in PDF points,
top-left origin, as a text layer's are, so highlights and the 批注版 marks land on the scanned words. Its
ruled tables (core.documents.ocr_tables) become grids whose cells take the characters inside them."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from core.documents.model import SPLIT_OR_SHRINK, DocumentError
from core.analysis_budget import allow as allow_analysis
from core.documents.ocr import MAX_SIDE_PIXELS, PageText, read_image, read_skewed, upright_image
from core.documents.pdf_chars import Char
from core.documents.pdf_layout import Line, drop_page_numbers
from core.documents.pdf_table_text import TableBlock, table_block
from core.documents.pdf_tables import TableBox, cell_at, table_box

# Rendered at 200 dpi, its long side capped at MAX_SIDE_PIXELS (171 dpi on A4), the size rapidocr shrinks to
# anyway: on the scanned sample report its text matches the text layer best (similarity 0.993, against 0.985
# at 150 dpi or 200 dpi uncapped and 0.982 at 300 dpi, which takes three times as long; bench_ocr.py --dpi).
OCR_DPI = 200
# A long scanned report has a few dozen pages; at ~2 s a page, more would keep a reviewer waiting minutes.
MAX_OCR_PAGES = 60
# What the analysis budget grants OCR: measured 2 s a page on a quiet 2-core machine, 5-11 s on one shared
# by three test runs, ~0.9 GB peak (benchmarks/bench_ocr.py).
OCR_PAGE_SECONDS = 15.0
OCR_START_SECONDS = 10.0  # importing onnxruntime and OpenCV, loading the models
OCR_MEMORY_BYTES = 1024 * 1024 * 1024
# An embedded image this large (a 600 dpi A3 colour scan has 70 M pixels) is no page of a report.
MAX_IMAGE_PIXELS = 150_000_000
# The OCR box of a line is about 1.1 times the type size it was set in.
_BOX_PER_TYPE_SIZE = 1.1
# Lines of one type size get boxes up to a quarter apart (quotes, brackets and descenders reach beyond the
# characters): within this share of the page's median they are taken as one size, so that wrapped lines still
# join into paragraphs; a title (1.4 times the body and more) keeps its own.
_SAME_SIZE_SHARE = 0.3
# A page skewed more than this is read again turned upright: the recogniser misreads lines tilted by 2° (on the
# two report pages scanned at 2° or 3°, one of three formulas came out garbled; at 1.5° none).
_REREAD_SKEW_RADIANS = math.radians(1.0)
# A Chinese opening bracket or quote is set in a full em with its ink in the right half: a text layer's line
# starts at the em, an OCR box at the ink. Read either way (OCR often gives "(" for "（").
_OPENING_MARKS = "（(“‘《〔【［[「『"
# Pages recognised lately, by (the file's SHA-256, page number): opening a scanned report again (its review,
# a reanalysis) does not wait for OCR again. A page's lines take a few KB.
_REMEMBERED_PAGES = 200
_remembered: OrderedDict[tuple[bytes, int], "_Recognised"] = OrderedDict()
_remembered_lock = threading.Lock()


def check_ocr_pages(numbers: list[int]) -> None:
    if len(numbers) > MAX_OCR_PAGES:
        raise DocumentError("TOO_LARGE", f"PDF 有 {len(numbers)} 页是扫描页，超过 {MAX_OCR_PAGES} 页的文字识别上限，"
                                         "无法分析。" + SPLIT_OR_SHRINK)


@dataclass(frozen=True)
class _Recognised:
    text: PageText
    tables: list[list[tuple[float, float, float, float]]]  # each ruled table's cells, upright pixels


@dataclass
class OcrPage:
    """What OCR read on a page: text lines outside tables, and the ruled tables."""

    lines: list[Line]
    tables: list[TableBlock]

    def blocks(self, page_height: float) -> list[Line | TableBlock]:
        """Lines and tables, top to bottom, without a page number above or below the text."""
        return sorted([*drop_page_numbers(self.lines, page_height), *self.tables], key=lambda block: block.y0)

    def __bool__(self) -> bool:
        return bool(self.lines or self.tables)


def ocr_page(page, number: int, width: float, height: float, source_sha256: bytes) -> OcrPage:
    """What OCR reads on page `number` of the file whose digest is `source_sha256` (empty for a blank page)."""
    scale = min(OCR_DPI / 72, MAX_SIDE_PIXELS / max(width, height, 1.0))
    key = (source_sha256, number)
    with _remembered_lock:
        recognised = _remembered.get(key)
    if recognised is None:
        recognised = _recognise(page, scale)
        with _remembered_lock:
            _remembered[key] = recognised
            while len(_remembered) > _REMEMBERED_PAGES:
                _remembered.popitem(last=False)
    return _page(recognised, scale)


def _recognise(page, scale: float) -> _Recognised:
    from core.documents.ocr_tables import rule_skew, table_cells

    _check_images(page)
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_numpy()
        text = read_image(image)
        if not text.rows:
            return _Recognised(text, [])
        skew = rule_skew(image)  # a page with long rules measures its skew better by them than by its text
        if skew is not None:
            text = replace(text, skew=skew)
        if abs(text.skew) > _REREAD_SKEW_RADIANS:
            allow_analysis(OCR_PAGE_SECONDS)
            text = read_skewed(image, text.skew)
        return _Recognised(text, table_cells(upright_image(image, text.skew, text.centre)))
    finally:
        bitmap.close()


def _check_images(page) -> None:
    import pypdfium2.raw as pdfium_c

    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        width, height = image.get_px_size()
        if width * height > MAX_IMAGE_PIXELS:
            raise DocumentError("TOO_LARGE", f"PDF 中有一张 {width}×{height} 像素的图片，超过 "
                                             f"{MAX_IMAGE_PIXELS // 1_000_000} M 像素的上限，无法识别。" + SPLIT_OR_SHRINK)


def _page(recognised: _Recognised, scale: float) -> OcrPage:
    """One Line per row, in points, but for the characters in a table's cells. A line's left and right ends are
    taken upright (turned back by the skew): a skewed scan's margins lean, and the paragraph rules compare line
    ends with the margins; tables are placed upright too, as their grid is."""
    text = recognised.text
    grids = [box for cells in recognised.tables
             if (box := table_box([tuple(edge / scale for edge in cell) for cell in cells])) is not None]
    in_cells: list[list[list[Char]]] = [[[] for _ in grid.cells] for grid in grids]
    sizes = [min(run.height for run in row) / scale / _BOX_PER_TYPE_SIZE for row in text.rows]
    usual = sorted(sizes)[len(sizes) // 2] if sizes else 0.0
    lines = []
    for row, size in zip(text.rows, sizes):
        if abs(size - usual) <= _SAME_SIZE_SHARE * usual:
            size = usual
        chars = [_char(box, size, scale) for run in row for box in run.char_boxes()]
        free = [char for char in chars if not _placed(char, grids, in_cells, text, scale)]
        if free:
            lines.append(_upright_line(Line.of(free), text, scale))
    return OcrPage(lines, [table_block(grid, cells) for grid, cells in zip(grids, in_cells)])


def _placed(char: Char, grids: list[TableBox], in_cells: list[list[list[Char]]], text: PageText,
            scale: float) -> bool:
    x, y = text.upright((char.x0 + char.x1) / 2 * scale, char.cy * scale)
    found = cell_at(grids, x / scale, y / scale)
    if found is None:
        return False
    in_cells[found[0]][found[1]].append(char)
    return True


def _upright_line(line: Line, text: PageText, scale: float) -> Line:
    """The line's extent measured upright: on a skewed scan its page box is as tall as its slope, which would
    hide the space between paragraphs."""
    first, last = line.chars[0], line.chars[-1]
    line.x0 = text.upright(first.x0 * scale, first.cy * scale)[0] / scale
    line.x0 -= line.size / 2 if first.text in _OPENING_MARKS else 0.0
    line.x1 = text.upright(last.x1 * scale, last.cy * scale)[0] / scale
    middles = [text.upright((c.x0 + c.x1) / 2 * scale, c.cy * scale)[1] / scale for c in line.chars]
    half = max(c.y1 - c.y0 for c in line.chars) / 2
    line.y0, line.y1 = min(middles) - half, max(middles) + half
    return line


def _char(box: tuple[str, float, float, float, float], size: float, scale: float) -> Char:
    text, x0, y0, x1, y1 = box
    top, bottom = y0 / scale, y1 / scale
    return Char(text, x0 / scale, top, x1 / scale, bottom, size, (top + bottom) / 2)
