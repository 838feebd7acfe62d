"""PDF pages as images with highlight rectangles painted over them; rendering runs off the UI thread."""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict

from PySide6.QtCore import QObject, QPoint, QRectF, Qt, QThread, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea

from core.documents.model import Document, Rect
from gui.number_spans import number_at
from gui.workers import PDFIUM_LOCK

PAGE_GAP = 12  # pixels between pages
PIXELS_PER_POINT = 96 / 72  # zoom 1.0 shows a page at its printed size on a 96 dpi screen
CACHE_PAGES = 16
DEFAULT_PAGE_SIZE = (595.0, 842.0)  # A4, for pages whose size the loader did not give
HIGHLIGHT = QColor(255, 196, 0, 110)
SELECTION = QColor(40, 110, 230, 80)


class PageRenderer(QObject):
    """Owns the pdfium document; lives in its own thread because pdfium is not thread-safe."""

    rendered = Signal(int, float, QImage)  # page index, scale, image

    def __init__(self, path: str, password: str | None = None):
        super().__init__()
        self._path = path
        self._password = password
        self._pdf = None

    @Slot(int, float)
    def render(self, index: int, scale: float) -> None:
        import pypdfium2

        with PDFIUM_LOCK:
            if self._pdf is None:
                self._pdf = pypdfium2.PdfDocument(self._path, password=self._password)
            page = self._pdf[index]
            bitmap = page.render(scale=scale, rev_byteorder=True)
            fmt = QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBA8888
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
            bitmap.close()
            page.close()
        self.rendered.emit(index, scale, image)

    def close(self) -> None:
        if self._pdf is not None:
            with PDFIUM_LOCK:
                self._pdf.close()
            self._pdf = None


class PageCharIndex:
    """Character boxes of one page in document order, for mapping a click to a text offset."""

    def __init__(self, offsets: list[int], boxes: list[Rect]):
        self.offsets = offsets
        self.boxes = boxes

    def offset_at(self, x: float, y: float) -> int | None:
        """Offset of the character under (x, y) in points, else of the nearest one on that line."""
        best, best_distance = None, None
        for offset, box in zip(self.offsets, self.boxes, strict=True):
            dy = 0.0 if box.y0 <= y <= box.y1 else min(abs(y - box.y0), abs(y - box.y1))
            dx = 0.0 if box.x0 <= x <= box.x1 else min(abs(x - box.x0), abs(x - box.x1))
            if dx == 0 and dy == 0:
                return offset if x < (box.x0 + box.x1) / 2 else offset + 1
            distance = dy * 4 + dx  # prefer the same line over a nearer character on another line
            if best_distance is None or distance < best_distance:
                best, best_distance = offset + (1 if x > box.x1 else 0), distance
        return best


class PdfPageView(QAbstractScrollArea):
    """Pages stacked vertically; highlights and the selection are document text spans."""

    selectionChanged = Signal(int, int)  # start, end offsets in Document.text
    currentPageChanged = Signal(int)  # 1-based
    zoomChanged = Signal(float)
    requestRender = Signal(int, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always on, so that fitting the width does not change the width it fitted to.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(False)
        self.document: Document | None = None
        self._zoom = 1.0
        self._page_tops: list[int] = []
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self._pending: set[tuple[int, float]] = set()
        self._highlights: list[tuple[int, int]] = []
        self._selection: tuple[int, int] | None = None
        self._anchor: int | None = None
        self._char_index: dict[int, PageCharIndex] = {}
        self._thread: QThread | None = None
        self._renderer: PageRenderer | None = None
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    # -- document -------------------------------------------------------------------------------------
    def set_document(self, document: Document) -> None:
        self._stop_renderer()
        self.document = document
        self._cache.clear()
        self._pending.clear()
        self._highlights = []
        self._selection = None
        self._char_index = {}
        self._thread = QThread(self)
        self._renderer = PageRenderer(document.path, document.password)
        self._renderer.moveToThread(self._thread)
        self.requestRender.connect(self._renderer.render)
        self._renderer.rendered.connect(self._on_rendered)
        self._thread.start()
        self._relayout()
        self.verticalScrollBar().setValue(0)

    def _stop_renderer(self) -> None:
        if self._thread is None:
            return
        self.requestRender.disconnect(self._renderer.render)
        self._renderer.rendered.disconnect(self._on_rendered)
        self._thread.quit()
        self._thread.wait()
        self._renderer.close()
        self._renderer.deleteLater()
        self._thread.deleteLater()
        self._thread = self._renderer = None

    def closeEvent(self, event) -> None:
        self._stop_renderer()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self._stop_renderer()

    def page_count(self) -> int:
        return len(self.document.pages) if self.document else 0

    def _page_size_points(self, index: int) -> tuple[float, float]:
        page = self.document.pages[index]
        if page.width > 0 and page.height > 0:
            return page.width, page.height
        return DEFAULT_PAGE_SIZE

    def _scale(self) -> float:
        return round(self._zoom * PIXELS_PER_POINT * self.devicePixelRatioF(), 4)

    def _page_pixels(self, index: int) -> tuple[int, int]:
        w, h = self._page_size_points(index)
        return round(w * self._zoom * PIXELS_PER_POINT), round(h * self._zoom * PIXELS_PER_POINT)

    def _relayout(self) -> None:
        self._page_tops = []
        y = PAGE_GAP
        width = 0
        for index in range(self.page_count()):
            self._page_tops.append(y)
            w, h = self._page_pixels(index)
            y += h + PAGE_GAP
            width = max(width, w)
        content_height, content_width = y, width + 2 * PAGE_GAP
        viewport = self.viewport().size()
        self.verticalScrollBar().setRange(0, max(0, content_height - viewport.height()))
        self.verticalScrollBar().setPageStep(viewport.height())
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setRange(0, max(0, content_width - viewport.width()))
        self.horizontalScrollBar().setPageStep(viewport.width())
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    # -- zoom and navigation --------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        zoom = min(4.0, max(0.25, zoom))
        if abs(zoom - self._zoom) < 1e-6:
            return
        page = self.current_page()
        self._zoom = zoom
        self._pending.clear()
        self._relayout()
        self.go_to_page(page)
        self.zoomChanged.emit(zoom)

    def fit_width(self) -> None:
        if self.page_count():
            width_points = max(self._page_size_points(i)[0] for i in range(self.page_count()))
            available = self.viewport().width() - 2 * PAGE_GAP - 2  # rounding must not add a scroll bar
            self.set_zoom(available / (width_points * PIXELS_PER_POINT))

    def _page_rect(self, index: int) -> QRectF:
        """The page's rectangle in content coordinates (before scrolling)."""
        w, h = self._page_pixels(index)
        content_width = max(self.viewport().width(), w + 2 * PAGE_GAP)
        return QRectF((content_width - w) / 2, self._page_tops[index], w, h)

    def _origin(self) -> QPoint:
        return QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def current_page(self) -> int:
        """1-based page at the top third of the viewport."""
        if not self._page_tops:
            return 1
        y = self.verticalScrollBar().value() + self.viewport().height() / 3
        return max(1, bisect_left(self._page_tops, y + 1))

    def go_to_page(self, number: int) -> None:
        if self._page_tops:
            index = min(max(number, 1), self.page_count()) - 1
            self.verticalScrollBar().setValue(self._page_tops[index] - PAGE_GAP)

    def _on_scrolled(self) -> None:
        self.currentPageChanged.emit(self.current_page())
        self.viewport().update()

    # -- highlights and selection ---------------------------------------------------------------------
    def set_highlights(self, spans: list[tuple[int, int]]) -> None:
        self._highlights = list(spans)
        self.viewport().update()

    def highlight_rects(self) -> list[tuple[int, Rect]]:
        """The highlighted rectangles (1-based page, rect in points), as painted."""
        out: list[tuple[int, Rect]] = []
        for start, end in self._highlights:
            out.extend(self.document.locate(start, end))
        return out

    def scroll_to_span(self, start: int, end: int) -> None:
        """Bring the first rectangle of the span to the upper third of the viewport."""
        rects = self.document.locate(start, end) if self.document else []
        if rects:
            page, rect = rects[0]
            top = self._page_rect(page - 1).top() + rect.y0 * self._zoom * PIXELS_PER_POINT
            self.verticalScrollBar().setValue(int(top - self.viewport().height() / 3))
        elif self.document and self.document.page_of(start):
            self.go_to_page(self.document.page_of(start))

    def set_selection(self, start: int, end: int) -> None:
        self._selection = (start, end) if end > start else None
        self.viewport().update()

    def selected_span(self) -> tuple[int, int] | None:
        return self._selection

    def points_to_view(self, index: int, rect: Rect) -> QRectF:
        page = self._page_rect(index)
        k = self._zoom * PIXELS_PER_POINT
        origin = self._origin()
        return QRectF(page.left() + rect.x0 * k - origin.x(), page.top() + rect.y0 * k - origin.y(),
                      (rect.x1 - rect.x0) * k, (rect.y1 - rect.y0) * k)

    def _chars_of_page(self, index: int) -> PageCharIndex:
        if index not in self._char_index:
            page = self.document.pages[index]
            boxes = self.document.char_boxes or []
            offsets = [o for o in range(page.start, min(page.end, len(boxes))) if boxes[o] is not None]
            self._char_index[index] = PageCharIndex(offsets, [boxes[o] for o in offsets])
        return self._char_index[index]

    def offset_at(self, pos: QPoint) -> int | None:
        """Document text offset under a viewport position, or None off the text."""
        if not self.document or not self.document.char_boxes:
            return None
        origin = self._origin()
        x, y = pos.x() + origin.x(), pos.y() + origin.y()
        for index in range(self.page_count()):
            page = self._page_rect(index)
            if page.top() - PAGE_GAP <= y <= page.bottom() + PAGE_GAP:
                k = self._zoom * PIXELS_PER_POINT
                return self._chars_of_page(index).offset_at((x - page.left()) / k, (y - page.top()) / k)
        return None

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = self.offset_at(event.position().toPoint())
            self.set_selection(0, 0)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._anchor is not None and event.buttons() & Qt.MouseButton.LeftButton:
            offset = self.offset_at(event.position().toPoint())
            if offset is not None:
                self.set_selection(min(self._anchor, offset), max(self._anchor, offset))
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        """A double-click on a figure selects the whole figure, as in the text view; a drag over a small
        digit is fiddly."""
        offset = self.offset_at(event.position().toPoint()) if event.button() == Qt.MouseButton.LeftButton else None
        span = number_at(self.document.text, offset) if offset is not None else None
        if span is None:
            super().mouseDoubleClickEvent(event)
            return
        self.set_selection(*span)
        self.selectionChanged.emit(*span)
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if self._anchor is not None and self._selection:
            self.selectionChanged.emit(*self._selection)
        self._anchor = None
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self._zoom * (1.1 if event.angleDelta().y() > 0 else 1 / 1.1))
            event.accept()
        else:
            super().wheelEvent(event)

    # -- painting -------------------------------------------------------------------------------------
    def _visible_pages(self) -> list[int]:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return [i for i in range(self.page_count())
                if self._page_rect(i).bottom() >= top and self._page_rect(i).top() <= bottom]

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor(128, 128, 128))
        if not self.document:
            return
        scale = self._scale()
        origin = self._origin()
        for index in self._visible_pages():
            target = self._page_rect(index).translated(-origin.x(), -origin.y())
            image = self._cache.get((index, scale))
            if image is None:
                painter.fillRect(target, Qt.GlobalColor.white)
                self._request(index, scale)
            else:
                painter.drawImage(target, image)
            painter.setPen(QPen(QColor(90, 90, 90)))
            painter.drawRect(target)
        painter.setPen(Qt.PenStyle.NoPen)
        self._paint_spans(painter, self._highlights, HIGHLIGHT)
        if self._selection:
            self._paint_spans(painter, [self._selection], SELECTION)
        # Prefetch the page after the last visible one so scrolling down finds it ready.
        visible = self._visible_pages()
        if visible and visible[-1] + 1 < self.page_count():
            self._request(visible[-1] + 1, scale)

    def _paint_spans(self, painter: QPainter, spans: list[tuple[int, int]], colour: QColor) -> None:
        for start, end in spans:
            for page, rect in self.document.locate(start, end):
                painter.fillRect(self.points_to_view(page - 1, rect), colour)

    def _request(self, index: int, scale: float) -> None:
        key = (index, scale)
        if key not in self._pending and self._renderer is not None:
            self._pending.add(key)
            self.requestRender.emit(index, scale)

    @Slot(int, float, QImage)
    def _on_rendered(self, index: int, scale: float, image: QImage) -> None:
        self._pending.discard((index, scale))
        if scale != self._scale():
            return
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self._cache[(index, scale)] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        self.viewport().update()

    def is_rendered(self, number: int) -> bool:
        return self.page_image(number) is not None

    def page_image(self, number: int) -> QImage | None:
        """The rendered image of page `number` at the current zoom, if it is ready."""
        return self._cache.get((number - 1, self._scale()))

    def visible_pages_rendered(self) -> bool:
        """True once every page on screen shows its image (not the white placeholder)."""
        return all(self.is_rendered(index + 1) for index in self._visible_pages())
