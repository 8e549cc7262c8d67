"""Making untrusted text harmless before it reaches a rich-text engine.

Everything a model returns is untrusted (design.md, "Untrusted text"). This module holds the
small, dependency-free pieces the renderer and the UI share: neutralising characters that can
disguise text, escaping for HTML text and attributes, and deciding which link targets may
stay clickable.
"""

from __future__ import annotations

import html
import re

# Schemes a rendered link may keep. Anything else (javascript:, file:, data:, vbscript:,
# relative paths that a QTextBrowser would resolve against its own source, and our own
# internal copy-code: scheme, which a model must not be able to forge) becomes plain text.
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# The scheme of the links behind code blocks' Copy buttons: copy-code:<index>. Defined here,
# in the light module the transcript already imports, so the view can recognise these links
# without loading the renderer.
COPY_CODE_SCHEME = "copy-code"

# Bidirectional overrides, isolates and marks can disguise text (a link or a file name that
# reads differently from what it is: "Trojan Source"); C0 controls other than tab, newline
# and carriage return, DEL and the C1 controls garble it or are taken as line breaks.
_UNSAFE_CHARACTERS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# A web link needs an authority; "http:foo" would be resolved as a relative path by Qt.
_WEB_LINK = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
REPLACEMENT_CHARACTER = "\ufffd"
# Qt lays out a run of characters without a break opportunity in time that grows with the
# square of its length (a 1 MB "word" takes about 25 s); a zero-width space every this many
# characters gives it places to wrap and keeps layout linear. Copy the source, not the view,
# to get such text without them.
MAX_UNBROKEN_RUN = 500
ZERO_WIDTH_SPACE = "\u200b"
_LONG_RUN = re.compile(f"[^\\s{ZERO_WIDTH_SPACE}]{{{MAX_UNBROKEN_RUN + 1},}}")


def neutralize_controls(text: str) -> str:
    """Replace control and bidi-override characters with a visible replacement mark."""
    return _UNSAFE_CHARACTERS.sub(REPLACEMENT_CHARACTER, text)


def break_long_runs(text: str) -> str:
    """Text with a zero-width space inside every run of more than MAX_UNBROKEN_RUN
    characters that has no whitespace."""
    if len(text) <= MAX_UNBROKEN_RUN:
        return text
    return _LONG_RUN.sub(_break_run, text)


def _break_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return ZERO_WIDTH_SPACE.join(
        run[start : start + MAX_UNBROKEN_RUN] for start in range(0, len(run), MAX_UNBROKEN_RUN)
    )


def escape_text(text: str) -> str:
    """Escape text for an HTML text node."""
    return html.escape(text, quote=False)


def escape_attribute(value: str) -> str:
    """Escape a value for a double- or single-quoted HTML attribute."""
    return html.escape(value, quote=True)


def safe_link_target(url: str) -> str | None:
    """Return the URL if a click on it may open it (http, https, mailto), else None.

    The URL is expected already normalised by markdown-it (percent-encoded, no spaces);
    control characters were neutralised in the source before parsing.
    """
    url = url.strip()
    match = _SCHEME.match(url)
    if match is None or match.group(1).lower() not in SAFE_LINK_SCHEMES:
        return None
    if match.group(1).lower() == "mailto":
        return url if len(url) > len("mailto:") else None
    return url if _WEB_LINK.match(url) else None
