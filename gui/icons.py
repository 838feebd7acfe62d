"""The window's icons: hand-drawn SVGs in resources/icons/ (scalable, so they stay crisp at 125 %/150 %)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
APP_ICON = "app"


def icon_names() -> list[str]:
    """Every icon the installer ships (the file names without .svg)."""
    return sorted(p.stem for p in ICONS_DIR.glob("*.svg"))


@cache
def icon(name: str) -> QIcon:
    """The icon `resources/icons/<name>.svg`; QIcon renders it at whatever size and pixel ratio is asked."""
    path = ICONS_DIR / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"missing icon {path}")  # a typo in a name must not ship a blank button
    return QIcon(str(path))
