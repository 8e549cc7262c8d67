"""Code colours: Pygments tokens as inline styles, readable on both schemes' tints."""

from __future__ import annotations

import pytest

from dynaspark_desktop.core.markdown.highlight import (
    MAX_HIGHLIGHT_CHARS,
    MINIMUM_CONTRAST,
    contrast_ratio,
    highlight_code,
    language_label,
    language_of,
    readable_color,
)
from dynaspark_desktop.core.markdown.theme import PALETTES, palette_for
from tests.core.markdown.helpers import parse_html

# The answer surface and text colours of ui/base/style.py, which the tints sit on.
SURFACE_AND_TEXT = {"light": ("#ffffff", "#1f2328"), "dark": ("#24252b", "#e7e8ec")}
AA = 4.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_token_colour_is_readable_on_the_code_tint(scheme: str) -> None:
    from pygments.styles import get_style_by_name

    palette = PALETTES[scheme]  # type: ignore[index]
    style = get_style_by_name(palette.pygments_style)
    for _token_type, definition in style:
        if definition["color"]:
            color = readable_color("#" + definition["color"], palette.code_background)
            assert contrast_ratio(color, palette.code_background) >= MINIMUM_CONTRAST


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_tints_keep_text_and_links_readable(scheme: str) -> None:
    palette = PALETTES[scheme]  # type: ignore[index]
    surface, text = SURFACE_AND_TEXT[scheme]
    for background in (
        palette.code_background,
        palette.code_header_background,
        palette.inline_code_background,
        palette.quote_background,
        palette.table_header_background,
        surface,
    ):
        assert contrast_ratio(text, background) >= AA, background
        assert contrast_ratio(palette.link, background) >= AA, background
    assert contrast_ratio(palette.code_label, palette.code_header_background) >= AA
    # The quote bar and table borders are visible on the surface (non-text contrast).
    assert contrast_ratio(palette.quote_bar, surface) >= 1.5
    assert contrast_ratio(palette.table_border, surface) >= 1.2


def test_highlighting_escapes_and_colours_inline() -> None:
    html = highlight_code('if a < b:\n    print("<x>")', "python", "light")
    assert "&lt;" in html
    assert "<x>" not in html
    assert '<span style="color:#' in html
    assert "class=" not in html
    assert not html.endswith("\n")


def test_a_final_newline_is_kept_and_none_is_added() -> None:
    assert parse_html(highlight_code("x = 1\n", "python", "dark"))[1] == "x = 1\n"
    assert parse_html(highlight_code("x = 1", "python", "dark"))[1] == "x = 1"


def test_unknown_or_strange_languages_and_huge_code_are_plain_escaped_text() -> None:
    assert highlight_code("<a>", "nosuchlanguage", "light") == "&lt;a&gt;"
    assert highlight_code("<a>", "../../etc/passwd", "light") == "&lt;a&gt;"
    huge = "x = 1\n" * (MAX_HIGHLIGHT_CHARS // 6 + 1)
    assert "<span" not in highlight_code(huge, "python", "light")


def test_language_words_and_labels() -> None:
    assert language_of("  python title='a.py'") == "python"
    assert language_of("") == ""
    assert language_label("") == "code"
    assert language_label("rust") == "rust"
    assert len(language_label("x" * 100)) == 32


def test_readable_color_moves_away_from_the_background() -> None:
    assert readable_color("#777777", "#ffffff") != "#777777"
    assert contrast_ratio(readable_color("#777777", "#ffffff"), "#ffffff") >= AA
    assert contrast_ratio(readable_color("#333333", "#1a1b20"), "#1a1b20") >= AA
    assert readable_color("#000000", "#ffffff") == "#000000"


def test_an_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="scheme"):
        palette_for("sepia")  # type: ignore[arg-type]
