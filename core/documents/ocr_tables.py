"""Ruled tables on a scanned page image: the cells the table's lines enclose, found with OpenCV on the image
turned upright (core.documents.ocr.upright_image), so that a scanned 自评表 becomes a grid like a text-layer
PDF's."""

from __future__ import annotations

import math

from core.documents.ocr import ink_mask

# A rule this share of the page's width long measures the page's skew (a table's full-width lines).
_SKEW_RULE_SHARE = 0.3
_MIN_SKEW_RULES = 2
# A table line is at least this share of the page's width (horizontal) or height (vertical) long, far more than
# the stroke of any character (a character of 五号 to 三号 is 1/40-1/25 of an A4 page's width).
_HORIZONTAL_SHARE = 1 / 20
_VERTICAL_SHARE = 1 / 50
# Cells smaller than this (pixels) are the gaps of a double line or a crossing, not cells.
_MIN_CELL_PIXELS = 10
# A cell's hole stops at the inner edge of its lines; grown by this it meets its neighbours on the line.
_LINE_HALF_PIXELS = 2


def rule_skew(gray) -> float | None:
    """The skew (radians, positive falling to the right) of the page's long horizontal rules, None with fewer
    than two: a table page's text runs are too short to measure it, its rules are not."""
    import cv2
    import numpy as np

    height, width = gray.shape[:2]
    horizontal = cv2.morphologyEx(ink_mask(gray), cv2.MORPH_OPEN,
                                  np.ones((1, max(2, int(width * _HORIZONTAL_SHARE))), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal)
    slopes = []
    for label in range(1, count):
        x, y, w, h = stats[label][:4]
        if w < width * _SKEW_RULE_SHARE:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == label)
        slopes.append(float(np.polyfit(xs, ys, 1)[0]))
    if len(slopes) < _MIN_SKEW_RULES:
        return None
    return math.atan(sorted(slopes)[len(slopes) // 2])


def table_cells(gray) -> list[list[tuple[float, float, float, float]]]:
    """For each ruled table of an upright grayscale image, its cells as (x0, top, x1, bottom) in pixels."""
    import cv2
    import numpy as np

    height, width = gray.shape[:2]
    ink = ink_mask(gray)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(2, int(width * _HORIZONTAL_SHARE))), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(2, int(height * _VERTICAL_SHARE)), 1), np.uint8))
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    contours, hierarchy = cv2.findContours(lines, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    tables: dict[int, list[tuple[float, float, float, float]]] = {}
    for index, contour in enumerate(contours):
        parent = int(hierarchy[0][index][3])
        if parent < 0:
            continue  # an outer contour: a line network, not a cell
        x, y, w, h = cv2.boundingRect(contour)
        if w < _MIN_CELL_PIXELS or h < _MIN_CELL_PIXELS:
            continue
        grow = _LINE_HALF_PIXELS
        tables.setdefault(parent, []).append((x - grow, y - grow, x + w + grow, y + h + grow))
    return [cells for cells in tables.values() if len(cells) >= 2]

