"""The two colour schemes of rendered answers: the tints of code, quotes and tables.

The colours sit on the app's answer surface (ui/base/style.py: #ffffff light, #24252b dark) and
only tint it, so the document's own text colour (the widget palette's) stays readable on
every background here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColorScheme = Literal["light", "dark"]


@dataclass(frozen=True)
class Palette:
    # The answer's text colour (ui/base/style.py's "text"): formulas are drawn in it.
    text: str
    # Links carry their colour inline: Qt would otherwise take the application palette's
    # link colour at import time, a dark blue that is unreadable on the dark surface.
    link: str
    code_background: str
    code_header_background: str
    code_label: str
    inline_code_background: str
    quote_background: str
    quote_bar: str
    table_border: str
    table_header_background: str
    # Pygments style the token colours start from; each is then nudged to stay readable
    # on code_background (see highlight.readable_color).
    pygments_style: str


PALETTES: dict[ColorScheme, Palette] = {
    "light": Palette(
        text="#1f2328",
        link="#5b4ae8",
        code_background="#f6f8fa",
        code_header_background="#e9ecf1",
        code_label="#505862",
        inline_code_background="#eceef2",
        quote_background="#f4f3fb",
        quote_bar="#b9b1f5",
        table_border="#d0d7de",
        table_header_background="#f1f3f6",
        pygments_style="default",
    ),
    "dark": Palette(
        text="#e7e8ec",
        link="#a89eff",
        code_background="#1a1b20",
        code_header_background="#2f313a",
        code_label="#b1b7c3",
        inline_code_background="#383a44",
        quote_background="#2c2b3b",
        quote_bar="#6d5dfc",
        table_border="#4a4d58",
        table_header_background="#2f313a",
        pygments_style="github-dark",
    ),
}


def palette_for(scheme: ColorScheme) -> Palette:
    try:
        return PALETTES[scheme]
    except KeyError:
        raise ValueError(f"unknown colour scheme {scheme!r}; use 'light' or 'dark'") from None
