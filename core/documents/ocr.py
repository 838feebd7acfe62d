"""Optical character recognition of one page image: text lines with their boxes, in reading order.

rapidocr_onnxruntime (1.4.x) runs PP-OCR models that its wheel carries, so it works offline; it is
imported only when a page needs it and its engine is built once per process. Coordinates are the image's
pixels, origin top-left."""

from __future__ import annotations

import contextlib
import math
import os
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from importlib.util import find_spec

# rapidocr shrinks a larger image to this side before detection and crops the lines from that copy, so
# rendering a page larger than this only costs time (measured: benchmarks/bench_ocr.py).
MAX_SIDE_PIXELS = 2000
# Below this the detector finds nothing useful (and rapidocr pads tiny images oddly).
MIN_SIDE_PIXELS = 32
# A letter OCR often gives for a digit, where it stands inside a number ("2O19", "1l.5" → "2019", "11.5"):
# no word of a report has a Latin letter inside a number, so only there is the repair certain.
_DIGIT_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}
_LOOKALIKE_BETWEEN_DIGITS = re.compile(r"(?<=\d)[OolI|]+(?=\.?\d)")
# OCR reads the multiplication sign as a Latin x; between two operands ("1x100%", "(7/8)X100%") it is one.
_TIMES_BETWEEN_OPERANDS = re.compile(r"(?<=[\d)）%])[xX](?=[\d(（])")
# Ink is this much darker than the paper; a mark this many times wider than tall is a dash, whatever the
# recogniser says.
_INK_CONTRAST = 40
_DASH_ASPECT = 1.5
# Lines whose top edge leans by more than this are no text lines to measure the page's skew by.
_MAX_SKEW_RADIANS = math.radians(5)

Point = tuple[float, float]

_engine_lock = threading.Lock()
_engine = None


Quad = tuple[Point, Point, Point, Point]  # top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True)
class OcrLine:
    """One recognised run of text: its quadrilateral and the recogniser's own boxes of its words (a Chinese
    character, a digit or a sign is a word; so is a Latin word), where it gave them."""

    text: str
    quad: Quad
    score: float
    words: tuple[tuple[str, Quad], ...] = ()

    @property
    def height(self) -> float:
        top_left, top_right, bottom_right, bottom_left = self.quad
        return max(1.0, (math.dist(top_left, bottom_left) + math.dist(top_right, bottom_right)) / 2)

    @property
    def centre(self) -> Point:
        return sum(p[0] for p in self.quad) / 4, sum(p[1] for p in self.quad) / 4

    def slope(self) -> float | None:
        """The angle of the top edge (radians), None for a box too short to tell."""
        (x0, y0), (x1, y1) = self.quad[0], self.quad[1]
        if x1 - x0 < 2 * self.height:
            return None
        return math.atan2(y1 - y0, x1 - x0)

    def turned(self, turn) -> "OcrLine":
        """The run with every point moved by `turn(x, y)`."""
        return replace(self, quad=_turned(self.quad, turn), words=tuple((w, _turned(q, turn)) for w, q in self.words))

    def char_boxes(self) -> list[tuple[str, float, float, float, float]]:
        """(character, x0, y0, x1, y1) for each character but spaces: each word's box cut by its characters'
        widths; without word boxes (or words that do not spell the text), the run's quadrilateral cut so."""
        spelled = "".join(word for word, _ in self.words)
        if not self.words or spelled != "".join(self.text.split()):
            return _cut(self.text, self.quad)
        boxes, at = [], 0
        for word, quad in self.words:
            # The text, not the word, gives the characters: certain repairs changed some of them.
            chars = "".join(self.text.split())[at:at + len(word)]
            boxes.extend(_cut(chars, quad))
            at += len(word)
        return boxes


class OcrUnavailable(Exception):
    """The engine is installed but its libraries would not load (a DLL missing on this Windows, say)."""


def available() -> bool:
    """Whether the OCR engine is installed (it is a dependency, but not for every Python the app runs on)."""
    return find_spec("rapidocr_onnxruntime") is not None


def start() -> None:
    """Build the engine now (imports, models); raises OcrUnavailable when its libraries cannot be loaded."""
    with _engine_lock:
        try:
            _get_engine()
        except (ImportError, OSError) as exc:
            raise OcrUnavailable(f"{type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True)
class PageText:
    """What OCR read on one image: rows top to bottom, each row's runs left to right, and the image's skew."""

    rows: list[list[OcrLine]]
    skew: float  # radians, the slope of the text lines (positive: falling to the right)
    centre: Point = (0.0, 0.0)  # the image's centre, which the skew turns about

    def upright(self, x: float, y: float) -> Point:
        """The point turned back by the skew about the centre: lines horizontal, margins vertical."""
        cos, sin = math.cos(self.skew), math.sin(self.skew)
        dx, dy = x - self.centre[0], y - self.centre[1]
        return self.centre[0] + dx * cos + dy * sin, self.centre[1] + dy * cos - dx * sin

    def tilted(self, x: float, y: float) -> Point:
        """The inverse of `upright`: a point of the upright image on the image as scanned."""
        cos, sin = math.cos(self.skew), math.sin(self.skew)
        dx, dy = x - self.centre[0], y - self.centre[1]
        return self.centre[0] + dx * cos - dy * sin, self.centre[1] + dy * cos + dx * sin


def read_image(image) -> PageText:
    """The text of a grayscale or BGR image (a numpy array): the cells of a table row, or a line the detector
    cut in two, come out as one row."""
    height, width = image.shape[:2]
    if min(height, width) < MIN_SIDE_PIXELS:
        return PageText([], 0.0)
    import cv2

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    with _engine_lock:
        result, _ = _get_engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image,
                                  return_word_box=True)
    lines = []
    for quad, text, score, *word_boxes in result or []:
        corners = _quad(quad)
        if text.strip() == "1" and _wide_ink(gray, corners):
            text = "-"  # a lone dash (an empty cell's mark) read as a one: a one is never wider than tall
        words = tuple(zip(word_boxes[1], map(_quad, word_boxes[0]))) if len(word_boxes) >= 2 else ()
        if text.strip():
            lines.append(OcrLine(fold_confusions(text), corners, float(score), words))
    return reading_order(lines, (width / 2, height / 2))


def _quad(points) -> Quad:
    return tuple((float(x), float(y)) for x, y in points)


def ink_mask(gray, paper: int | None = None):
    """255 where the image is ink, clearly darker than the paper (by default the image's median grey), else 0:
    a thin rule or stroke, blurred by the scan and its JPEG, is a light grey a global threshold loses."""
    import numpy as np

    paper = int(np.median(gray)) if paper is None else paper
    return np.where(gray < paper - _INK_CONTRAST, 255, 0).astype(np.uint8)


def _wide_ink(gray, quad: tuple[Point, ...]) -> bool:
    """Whether the ink inside the box is clearly wider than tall (a dash, not a digit)."""
    import numpy as np

    xs, ys = [int(p[0]) for p in quad], [int(p[1]) for p in quad]
    crop = gray[max(0, min(ys)):max(ys) + 1, max(0, min(xs)):max(xs) + 1]
    rows, cols = np.nonzero(ink_mask(crop, int(np.median(gray)))) if crop.size else ((), ())
    if len(rows) == 0:
        return False
    return (cols.max() - cols.min() + 1) > _DASH_ASPECT * (rows.max() - rows.min() + 1)


def read_skewed(image, skew: float) -> PageText:
    """The text of an image skewed by `skew` (radians), read on the image turned upright (the recogniser misreads
    lines tilted by a degree or more), its runs' boxes turned back onto the image as scanned."""
    height, width = image.shape[:2]
    page = PageText([], skew, (width / 2, height / 2))
    upright = read_image(upright_image(image, skew, page.centre))
    lines = [line.turned(page.tilted) for row in upright.rows for line in row]
    return reading_order(lines, page.centre, skew)


def upright_image(gray, skew: float, centre: Point):
    """The image turned back by `skew` about `centre`, as PageText.upright turns points."""
    import cv2
    import numpy as np

    cos, sin = math.cos(skew), math.sin(skew)
    cx, cy = centre
    matrix = np.array([[cos, sin, cx - cx * cos - cy * sin], [-sin, cos, cy + cx * sin - cy * cos]], dtype=np.float64)
    height, width = gray.shape[:2]
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def fold_confusions(text: str) -> str:
    """Letters read for digits inside a number made digits, an x between operands made ×; nothing else is
    guessed (a 7 read as 1 stays 1). One character for one: the boxes stay aligned."""
    text = _LOOKALIKE_BETWEEN_DIGITS.sub(lambda m: "".join(_DIGIT_LOOKALIKES[c] for c in m.group()), text)
    return _TIMES_BETWEEN_OPERANDS.sub("×", text)


def reading_order(lines: list[OcrLine], centre: Point = (0.0, 0.0), skew: float | None = None) -> PageText:
    """Rows top to bottom, runs left to right. A scan is often a little skewed: rows are found on the
    centres turned back by the page's skew (given, or the median slope of its long runs)."""
    if skew is None:
        slopes = sorted(s for s in (line.slope() for line in lines) if s is not None and abs(s) < _MAX_SKEW_RADIANS)
        skew = slopes[len(slopes) // 2] if slopes else 0.0
    page = PageText([], skew, centre)
    placed = sorted(((page.upright(*line.centre), line) for line in lines), key=lambda item: item[0][1])
    rows: list[list[tuple[Point, OcrLine]]] = []
    for item in placed:
        (_, y), line = item
        if rows:
            row_y = sum(p[1] for p, _ in rows[-1]) / len(rows[-1])
            row_height = min(other.height for _, other in rows[-1])
            if abs(y - row_y) < 0.5 * min(line.height, row_height):
                rows[-1].append(item)
                continue
        rows.append([item])
    page.rows.extend([line for _, line in sorted(row, key=lambda item: item[0][0])] for row in rows)
    return page


def _get_engine():
    global _engine
    if _engine is None:
        with _qt_environment_kept():
            from rapidocr_onnxruntime import RapidOCR  # imports cv2

        _engine = RapidOCR(max_side_len=MAX_SIDE_PIXELS)
    return _engine


# opencv-python's Linux wheels carry their own Qt 5 and, on import, point these at it (cv2/config-3.py): the
# window (Qt 6) and every process it starts must keep their own.
_QT_VARIABLES = ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR", "QT_PLUGIN_PATH")


@contextlib.contextmanager
def _qt_environment_kept():
    before = {name: os.environ.get(name) for name in _QT_VARIABLES}
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _cut(text: str, quad: Quad) -> list[tuple[str, float, float, float, float]]:
    """The quadrilateral cut along its length in proportion to the characters' widths (a full-width character
    is twice a Latin one); spaces take their share but get no box."""
    weights = [1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text]
    total = sum(weights) or 1.0
    tl, tr, br, bl = quad
    boxes = []
    done = 0.0
    for ch, weight in zip(text, weights):
        a, b = done / total, (done + weight) / total
        done += weight
        if ch.isspace():
            continue
        corners = [_along(tl, tr, a), _along(tl, tr, b), _along(bl, br, b), _along(bl, br, a)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        boxes.append((ch, min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _turned(quad: Quad, turn) -> Quad:
    return tuple(turn(x, y) for x, y in quad)


def _along(start: Point, end: Point, share: float) -> Point:
    return start[0] + (end[0] - start[0]) * share, start[1] + (end[1] - start[1]) * share
