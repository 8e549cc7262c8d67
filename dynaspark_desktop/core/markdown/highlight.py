"""Syntax highlighting with Pygments, as inline-styled spans Qt's rich-text engine honours.

Qt's HTML subset has no style sheets with classes worth relying on, so every token carries
its colour in a ``style`` attribute. Pygments is imported on first use: the app paints its
window before any heavy import (tests/ui/test_startup_path.py).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.core.markdown.sanitize import break_long_runs, escape_text
from dynaspark_desktop.core.markdown.theme import ColorScheme, palette_for

if TYPE_CHECKING:
    from pygments.lexer import Lexer

# Lexing costs about 1 µs per character; past this a block is shown unhighlighted, so one
# enormous block cannot stall the UI thread (and no lexer regex meets adversarial input
# of unbounded size).
MAX_HIGHLIGHT_CHARS = 64 * 1024
# WCAG AA for normal text: token colours are nudged until they reach it on the code tint.
MINIMUM_CONTRAST = 4.5
# Info strings are untrusted; only plausible language names are looked up.
_LANGUAGE_NAME = re.compile(r"[A-Za-z0-9_+#.\-]{1,32}")
MAX_LABEL_CHARS = 32


def language_of(info: str) -> str:
    """The language word of a fence's info string (```python title="x" → "python")."""
    words = info.strip().split(maxsplit=1)
    return words[0] if words else ""


def language_label(language: str) -> str:
    """The (unescaped) label shown in a code block's header."""
    if not language:
        return "code"
    if len(language) > MAX_LABEL_CHARS:
        return language[: MAX_LABEL_CHARS - 1] + "…"
    return language


@functools.lru_cache(maxsize=64)
def _lexer_for(language: str) -> Lexer | None:
    if not _LANGUAGE_NAME.fullmatch(language):
        return None
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        # Never guess a language from the code: guessing runs every lexer over the text.
        return get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=True)
    except ClassNotFound:
        return None


def highlight_code(code: str, language: str, scheme: ColorScheme) -> str:
    """HTML for the code's text: escaped, with token colours as inline ``style`` spans.

    The result has no wrapper element and no trailing newline beyond the code's own.
    """
    lexer = _lexer_for(language.lower()) if language else None
    if lexer is None or len(code) > MAX_HIGHLIGHT_CHARS:
        return escape_text(break_long_runs(code))
    styles = _token_styles(scheme)
    parts: list[str] = []
    current_style = ""
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        text = escape_text(break_long_runs("".join(run)))
        parts.append(f'<span style="{current_style}">{text}</span>' if current_style else text)
        run.clear()

    tokens = list(lexer.get_tokens(code))
    # ensurenl makes the lexer see a final newline (some need it to end a comment); the
    # code shown must not gain one.
    if not code.endswith("\n") and tokens and tokens[-1][1].endswith("\n"):
        tokens[-1] = (tokens[-1][0], tokens[-1][1][:-1])
    for token_type, value in tokens:
        if not value:
            continue
        if value.isspace():
            # Whitespace looks the same in any colour: keep it in the current span rather
            # than opening one per indent.
            run.append(value)
            continue
        style = styles.get(token_type)
        if style is None:
            style = styles[token_type] = _style_of(token_type, scheme)
        if style != current_style:
            flush()
            current_style = style
        run.append(value)
    flush()
    return "".join(parts)


@functools.cache
def _token_styles(scheme: ColorScheme) -> dict[Any, str]:
    # One mutable cache per scheme, filled as token types are met.
    return {}


def _style_of(token_type: Any, scheme: ColorScheme) -> str:
    style_class = _pygments_style(palette_for(scheme).pygments_style)
    # Lexers may emit token types the style does not list: inherit from the nearest parent.
    while not style_class.styles_token(token_type) and token_type.parent is not None:
        token_type = token_type.parent
    definition = style_class.style_for_token(token_type)
    declarations = []
    if definition.get("color"):
        color = readable_color("#" + definition["color"], palette_for(scheme).code_background)
        declarations.append(f"color:{color}")
    if definition.get("bold"):
        declarations.append("font-weight:bold")
    if definition.get("italic"):
        declarations.append("font-style:italic")
    return ";".join(declarations)


@functools.cache
def _pygments_style(name: str) -> Any:
    from pygments.styles import get_style_by_name

    return get_style_by_name(name)


def _channels(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(channel * 2 for channel in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(color: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _channels(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_color(color: str, background: str, minimum: float = MINIMUM_CONTRAST) -> str:
    """The colour, moved toward black or white (whichever the background is not) just far
    enough to reach the minimum contrast on the background."""
    target = (0, 0, 0) if relative_luminance(background) > 0.18 else (255, 255, 255)
    start = _channels(color)
    candidate = f"#{start[0]:02x}{start[1]:02x}{start[2]:02x}"
    for step in range(1, 21):
        if contrast_ratio(candidate, background) >= minimum:
            break
        share = step / 20
        mixed = [round(s + (t - s) * share) for s, t in zip(start, target, strict=True)]
        candidate = "#{:02x}{:02x}{:02x}".format(*mixed)
    return candidate
