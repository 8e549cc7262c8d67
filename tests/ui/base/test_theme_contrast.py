"""WCAG contrast of the app's colours, computed from the style's own palettes, in both
schemes: text 4.5:1 (1.4.3), icons, focus rings and other non-text parts 3:1 (1.4.11)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from dynaspark_desktop.core.markdown.highlight import contrast_ratio
from dynaspark_desktop.ui.base.icons import ICON_FOLDER, THEMED_NAMES
from dynaspark_desktop.ui.base.style import palette_colors

TEXT_CONTRAST = 4.5
NON_TEXT_CONTRAST = 3.0

# (foreground, background) as the style sheet pairs them.
TEXT_PAIRS = [
    ("text", "window"),
    ("text", "surface"),
    ("text", "sidebar"),
    ("text", "user_bubble"),
    ("text", "selection"),
    ("text", "info_bg"),
    ("text", "notice_bg"),
    ("text", "error_bg"),
    ("muted", "window"),
    ("muted", "surface"),
    ("muted", "sidebar"),
    ("muted", "stopped_bg"),
    ("muted", "info_bg"),
    ("error_text", "error_bg"),
    ("accent_fg", "surface"),  # chips, "↓ Latest", notice actions
    ("accent_text", "accent"),  # Send
    ("link", "surface"),
]
NON_TEXT_PAIRS = [
    ("icon", "surface"),
    ("icon", "window"),
    ("icon", "sidebar"),
    ("icon", "border"),  # a header button under the pointer
    ("icon", "info_bg"),
    ("focus", "surface"),
    ("focus", "window"),
    ("focus", "sidebar"),
    ("accent_fg", "surface"),  # the border of a focused search field
    ("focus_on_accent", "window"),
    ("focus_on_accent", "accent"),
    ("scroll_handle_hover", "window"),
]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(
    ("minimum", "pairs"),
    [(TEXT_CONTRAST, TEXT_PAIRS), (NON_TEXT_CONTRAST, NON_TEXT_PAIRS)],
    ids=["text", "non-text"],
)
def test_every_pairing_of_the_style_is_readable(
    dark: bool, minimum: float, pairs: list[tuple[str, str]]
) -> None:
    colors = palette_colors(dark)
    weak = {
        f"{front} on {back}": round(contrast_ratio(colors[front], colors[back]), 2)
        for front, back in pairs
        if contrast_ratio(colors[front], colors[back]) < minimum
    }
    assert not weak, f"below {minimum}:1 — {weak}"


def _drawn_colour(path: str) -> str:
    """The colour of the icon's most opaque pixel: what its strokes are drawn in."""
    image = QImage(path)
    assert not image.isNull(), path
    best, best_alpha = QColor(), -1
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > best_alpha:
                best, best_alpha = pixel, pixel.alpha()
    return best.name()


@pytest.mark.parametrize("name", THEMED_NAMES)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_each_icon_is_drawn_in_its_schemes_grey(qapp: object, name: str, dark: bool) -> None:
    colors = palette_colors(dark)
    path = ICON_FOLDER / (f"{name}_dark.png" if dark else f"{name}.png")
    drawn = _drawn_colour(str(path))
    assert drawn == colors["icon"], f"{path.name} is drawn in {drawn}"
    for background in ("surface", "window", "sidebar", "border"):
        assert contrast_ratio(drawn, colors[background]) >= NON_TEXT_CONTRAST, background
