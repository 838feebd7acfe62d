"""The SVG icons: each renders at 1× and 2× pixel ratio, and the window uses them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gui.icons import APP_ICON, ICONS_DIR, icon, icon_names

ICON_SIZE = 24


def opaque_pixels(image: QImage) -> int:
    """How many pixels of the image something was drawn on (alpha above a faint anti-aliasing edge)."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if image.pixelColor(x, y).alpha() > 64)


def test_every_action_icon_ships_beside_the_app_icon():
    assert set(icon_names()) == {APP_ICON, "open", "save", "undo", "redo", "find", "previous-pending",
                                 "next-pending", "zoom-in", "zoom-out", "fit-width", "export", "import", "cancel"}
    assert "Original icons drawn for" in (ICONS_DIR / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("ratio", [1, 2])
@pytest.mark.parametrize("name", icon_names())
def test_icon_renders_crisp_at_pixel_ratio(qapp, name, ratio):
    pixmap = icon(name).pixmap(QSize(ICON_SIZE, ICON_SIZE), ratio)
    assert not pixmap.isNull()
    assert pixmap.devicePixelRatio() == ratio
    assert (pixmap.width(), pixmap.height()) == (ICON_SIZE * ratio, ICON_SIZE * ratio)  # drawn, not upscaled
    drawn = opaque_pixels(pixmap.toImage())
    # A stroke drawing covers a part of the square, never nothing and never all of it.
    assert 0.05 * pixmap.width() ** 2 < drawn < 0.8 * pixmap.width() ** 2


def test_an_unknown_icon_name_is_an_error(qapp):
    with pytest.raises(FileNotFoundError):
        icon("no-such-icon")


def test_every_toolbar_action_has_an_icon_shown_beside_its_text(window):
    from PySide6.QtCore import Qt

    actions = [a for a in window.toolbar.actions() if not a.isSeparator()]
    assert [a for a in actions if a.icon().isNull()] == []
    assert len(actions) == 7
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon


def test_menu_actions_for_view_and_framework_files_have_icons(window):
    for action in (window.zoom_in_action, window.zoom_out_action, window.fit_width_action,
                   window.export_framework_action, window.import_framework_action, window.cancel_action):
        assert not action.icon().isNull(), action.text()


def test_the_application_sets_the_app_icon_as_window_icon(qapp):
    from gui.app import create_application

    app = create_application([])
    assert app is QApplication.instance()
    window_icon = app.windowIcon()
    assert not window_icon.isNull()
    expected = icon(APP_ICON).pixmap(QSize(32, 32)).toImage()
    assert window_icon.pixmap(QSize(32, 32)).toImage() == expected
