"""txt and docx reports as read-only formatted text, tables as real tables, with span highlights."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableFormat,
)
from PySide6.QtWidgets import QTextEdit

from core.documents.model import Document, Table
from gui.number_spans import number_at

HIGHLIGHT = QColor(255, 196, 0, 140)
# Reports are set in a Song (serif) face; reading them in one feels like reading the submitted document.
DOCUMENT_FONT_FAMILIES = ("SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC")
LINE_HEIGHT_PERCENT = 130
HEADING_SCALE = {1: 1.35, 2: 1.2}  # font size of a heading level relative to the body; deeper levels 1.1


def document_font() -> QFont:
    font = QFont()
    available = set(QFontDatabase.families())
    for family in DOCUMENT_FONT_FAMILIES:
        if family in available:
            font.setFamily(family)
            break
    font.setPointSizeF(max(font.pointSizeF(), 10.5))
    return font


@dataclass(frozen=True)
class Piece:
    """A run of Document.text shown unchanged at `qt` in the QTextDocument."""

    doc: int
    qt: int
    length: int


class OffsetMap:
    """Maps Document.text offsets to QTextDocument positions and back (tables break the 1:1 layout)."""

    def __init__(self, pieces: list[Piece]):
        self.pieces = sorted(pieces, key=lambda p: p.doc)
        self._doc_starts = [p.doc for p in self.pieces]
        self._by_qt = sorted(self.pieces, key=lambda p: p.qt)
        self._qt_starts = [p.qt for p in self._by_qt]

    def to_qt(self, offset: int) -> int:
        if not self.pieces:
            return 0
        piece = self.pieces[max(0, bisect_right(self._doc_starts, offset) - 1)]
        return piece.qt + min(max(offset - piece.doc, 0), piece.length)

    def to_doc(self, position: int) -> int:
        if not self.pieces:
            return 0
        piece = self._by_qt[max(0, bisect_right(self._qt_starts, position) - 1)]
        return piece.doc + min(max(position - piece.qt, 0), piece.length)


class DocumentTextBuilder:
    """Writes a Document into a QTextDocument, recording where every run of its text went."""

    def __init__(self, edit: QTextEdit):
        self.cursor = QTextCursor(edit.document())
        self.pieces: list[Piece] = []
        block = QTextBlockFormat()
        block.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        self.cursor.setBlockFormat(block)

    def write_text(self, text: str, start: int) -> None:
        """Line by line, so that a stray carriage return never shifts the offsets after it."""
        offset = start
        for number, line in enumerate(text.split("\n")):
            if number:
                self.cursor.insertBlock()
            shown = line.rstrip("\r")
            self.pieces.append(Piece(offset, self.cursor.position(), len(shown)))
            self.cursor.insertText(shown)
            offset += len(line) + 1

    def write_table(self, table: Table) -> None:
        fmt = QTextTableFormat()
        fmt.setBorder(1)
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        fmt.setCellPadding(3)
        fmt.setCellSpacing(0)
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        qt_table = self.cursor.insertTable(max(table.n_rows, 1), max(table.n_cols, 1), fmt)
        for cell in table.cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                qt_table.mergeCells(cell.row, cell.col, cell.rowspan, cell.colspan)
        for cell in table.cells:
            cell_cursor = qt_table.cellAt(cell.row, cell.col).firstCursorPosition()
            if cell.start >= 0:
                self.pieces.append(Piece(cell.start, cell_cursor.position(), cell.end - cell.start))
            cell_cursor.insertText(cell.text)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)


class TextDocumentView(QTextEdit):
    """The text of a txt/docx Document; tables (docx) replace their flattened text."""

    selectionSpanChanged = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.document().setDocumentMargin(16)
        self.document().setDefaultFont(document_font())
        # Lines wrap at the widget's width; only a full-width table's border could scroll sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document_model: Document | None = None
        self.offsets = OffsetMap([])
        self._highlights: list[tuple[int, int]] = []
        self._selection: tuple[int, int] | None = None
        self.selectionChanged.connect(self._on_selection)

    def set_document(self, document: Document) -> None:
        self.document_model = document
        self.clear()
        builder = DocumentTextBuilder(self)
        builder.cursor.beginEditBlock()
        position = 0
        for table in sorted((t for t in document.tables if t.start >= 0), key=lambda t: t.start):
            builder.write_text(document.text[position:table.start], position)
            builder.write_table(table)
            position = table.end
        builder.write_text(document.text[position:], position)
        self.offsets = OffsetMap(builder.pieces)
        self._format_headings(document.headings)
        builder.cursor.endEditBlock()
        self._highlights = []
        self._selection = None
        self.setExtraSelections([])
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _format_headings(self, headings: list[tuple[int, int, int]]) -> None:
        size = self.document().defaultFont().pointSizeF()
        for start, end, level in headings:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontPointSize(size * HEADING_SCALE.get(level, 1.1))
            self._cursor_for(start, end).mergeCharFormat(fmt)

    def heading_format(self, offset: int) -> QTextCharFormat:
        """The character format shown at a Document.text offset (for checking how headings look)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(offset) + 1)
        return cursor.charFormat()

    def _cursor_for(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def set_highlights(self, spans: list[tuple[int, int]]) -> None:
        self._highlights = list(spans)
        extra = []
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor_for(start, end)
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            selection.format = fmt
            extra.append(selection)
        self.setExtraSelections(extra)

    def highlighted_spans(self) -> list[tuple[int, int]]:
        return list(self._highlights)

    def highlighted_texts(self) -> list[str]:
        """What the reader sees highlighted, taken from the widget, not from the model."""
        return [s.cursor.selectedText() for s in self.extraSelections()]

    def scroll_to_span(self, start: int, end: int) -> None:
        """Bring the span to the upper third of the view without touching the reader's selection."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top() - self.viewport().height() // 3)

    def set_selection(self, start: int, end: int) -> None:
        self.setTextCursor(self._cursor_for(start, end))

    def mouseDoubleClickEvent(self, event) -> None:
        """A double-click on a figure selects the whole figure: Qt's word boundaries take a run of Chinese
        prose as one word (the whole sentence) and stop at a decimal point (280.48 → "48")."""
        span = None
        if event.button() == Qt.MouseButton.LeftButton and self.document_model is not None:
            position = self.cursorForPosition(event.position().toPoint()).position()
            span = number_at(self.document_model.text, self.offsets.to_doc(position))
        if span is None:
            super().mouseDoubleClickEvent(event)
            return
        self.set_selection(*span)
        event.accept()

    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.to_doc(cursor.selectionStart()), self.offsets.to_doc(cursor.selectionEnd())

    def _on_selection(self) -> None:
        span = self.selected_span()
        if span:
            self.selectionSpanChanged.emit(*span)
