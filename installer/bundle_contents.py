"""What both bundles keep of Qt and of the app: the Qt modules gui/ actually imports (read from its source),
the Qt libraries and plugins those need at run time, and the files a build must contain or fail.

Used by jixiao.spec (PyInstaller, Linux) and windows_bundle.py (pynsist, Windows); plain Python, no Qt.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT = re.compile(r"PySide6\.(Qt[A-Za-z0-9]+)")
# Libraries without a Python import that kept plugins load: the SVG icon engine and image format link QtSvg.
PLUGIN_LIBRARIES = frozenset({"QtSvg"})
# Plugin folders the window can use; everything else (QML tooling, SQL, TLS, network information …) goes.
PLUGIN_FOLDERS = frozenset({"platforms", "styles", "iconengines", "imageformats"})
# The Chinese catalogue of Qt's own texts (dialog buttons, context menus); the rest of the translations go.
TRANSLATIONS = frozenset({"qtbase_zh_CN.qm"})
APP_DATA = ("resources/frameworks", "resources/examples", "resources/icons", "resources/fonts")
# What OCR of scanned pages loads (core.documents.ocr): its package with the PP-OCR models and config as data,
# and the packages with binaries whose libraries the Windows bundle must resolve.
OCR_PACKAGE = "rapidocr_onnxruntime"
OCR_BINARY_PACKAGES = ("onnxruntime", "cv2", "pyclipper", "shapely", "numpy")
# Libraries of those packages OCR never loads: OpenCV's video decoder (40 MB).
OCR_UNUSED = ("cv2/opencv_videoio_ffmpeg*.dll", "cv2/opencv_videoio_ffmpeg*.so")


def used_qt_modules(root: Path = ROOT) -> frozenset[str]:
    """Qt modules named in gui/ and main.py (e.g. {"QtCore", "QtGui", "QtWidgets"})."""
    sources = [root / "main.py", *sorted((root / "gui").rglob("*.py"))]
    return frozenset(m for path in sources for m in IMPORT.findall(path.read_text(encoding="utf-8")))


def kept_qt_modules(root: Path = ROOT) -> frozenset[str]:
    return used_qt_modules(root) | PLUGIN_LIBRARIES


def app_data(root: Path = ROOT) -> list[str]:
    """The resource folders the app ships (resources/fonts only once someone adds it)."""
    return [folder for folder in APP_DATA if (root / folder).is_dir()]
