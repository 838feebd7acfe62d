"""Assemble Document.text piece by piece while keeping offsets (and, for PDFs, one box per character)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.documents.model import Page, Rect, Table


@dataclass
class Content:
    """What a format loader produced; load() adds the file's identity to make a Document."""

    text: str
    pages: list[Page]
    tables: list[Table] = field(default_factory=list)
    encoding: str | None = None
    char_boxes: list[Rect | None] | None = None
    pages_without_text: list[int] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # PDF pages whose text OCR recognised
    headings: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, level)
    warnings: list[str] = field(default_factory=list)  # "CODE: 中文说明", as Document.warnings


class TextBuilder:
    def __init__(self, with_boxes: bool = False):
        self._parts: list[str] = []
        self.length = 0
        self.boxes: list[Rect | None] | None = [] if with_boxes else None

    def append(self, text: str, boxes: list[Rect | None] | None = None) -> tuple[int, int]:
        """Add `text`; returns its (start, end). Without `boxes` every character gets None (inserted)."""
        start = self.length
        self._parts.append(text)
        self.length += len(text)
        if self.boxes is not None:
            if boxes is None:
                self.boxes.extend([None] * len(text))
            else:
                assert len(boxes) == len(text)
                self.boxes.extend(boxes)
        return start, self.length

    def ends_with_newline(self) -> bool:
        return not self._parts or self._parts[-1].endswith("\n")

    def text(self) -> str:
        return "".join(self._parts)


def render_table(table: Table, out: TextBuilder, cell_boxes: dict[int, list[Rect | None]] | None = None) -> list[int]:
    """One line per grid row, one tab-separated field per grid column; a merged cell's text appears once,
    at its top-left position, covered positions are empty fields. Sets the cells' and the table's spans
    and returns the offset where each row starts."""
    top_left = {(cell.row, cell.col): index for index, cell in enumerate(table.cells)}
    table.start = out.length
    row_starts = []
    for row in range(table.n_rows):
        row_starts.append(out.length)
        for col in range(table.n_cols):
            if col:
                out.append("\t")
            index = top_left.get((row, col))
            if index is None:
                continue
            cell = table.cells[index]
            boxes = cell_boxes.get(index) if cell_boxes else None
            cell.start, cell.end = out.append(cell.text, boxes)
        out.append("\n")
    table.end = out.length - 1  # the table's span excludes its final line break
    return row_starts
