"""File names that came from outside (a dropped file, a saved history, an import), made safe to
put into a request, a window or a log.

A name is only a label here (never a path): it goes into a multipart header, where a newline
or a quote breaks the request, and into the window, where control and direction characters can
disguise it.
"""

from __future__ import annotations

import re
import unicodedata

# Longest name kept, in characters: long enough for any real photo name, short enough for a
# request header and a chip in the window.
MAX_FILENAME_CHARS = 120

# Characters that end or split a header value or a path: replaced, so the name stays readable.
_SEPARATORS = re.compile(r"[/\\:\"'`;*?<>|]+")
_SPACES = re.compile(r"\s+")
# Unicode categories that have no business in a name: controls (newlines included), format
# characters (zero-width and direction overrides), line and paragraph separators, lone
# surrogates (undecodable bytes in a file name) and unassigned code points.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})


def clean_filename(name: str | None, fallback: str = "image") -> str:
    """``name`` as a single safe line: no control, format or separator characters, no
    quotes, no leading dots, at most :data:`MAX_FILENAME_CHARS` characters with its
    extension kept. ``fallback`` when nothing usable is left."""
    if not name:
        return fallback
    text = unicodedata.normalize("NFC", str(name))
    # Whitespace controls (newline, tab) become spaces; other unwanted characters vanish.
    text = "".join(
        " "
        if character.isspace()
        else ""
        if unicodedata.category(character) in _DROPPED_CATEGORIES
        else character
        for character in text
    )
    text = _SEPARATORS.sub("_", text)
    # No leading dot (a hidden file, "..") and no trailing dot or space (Windows drops them).
    text = _SPACES.sub(" ", text).strip(" ").lstrip(".").rstrip(" .")
    if not text:
        return fallback
    if len(text) > MAX_FILENAME_CHARS:
        stem, dot, extension = text.rpartition(".")
        if dot and 0 < len(extension) <= 10 and stem:
            keep = MAX_FILENAME_CHARS - len(extension) - 2
            text = f"{stem[:keep].rstrip(' .')}….{extension}"
        else:
            text = text[: MAX_FILENAME_CHARS - 1].rstrip(" .") + "…"
    return text
