"""Making untrusted text harmless before it reaches a rich-text engine.

Everything a model returns is untrusted (design.md, "Untrusted text"). This module holds the
small, dependency-free pieces the renderer and the UI share: neutralising characters that can
disguise text, escaping for HTML text and attributes, and deciding which link targets may
stay clickable.
"""

from __future__ import annotations

import re

# Schemes a rendered link may keep. Anything else (javascript:, file:, data:, vbscript:,
# relative paths that a QTextBrowser would resolve against its own source, and our own
# internal copy-code: scheme, which a model must not be able to forge) becomes plain text.
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# The scheme of the links behind code blocks' Copy buttons: copy-code:<index>. Defined here,
# in the light module the transcript already imports, so the view can recognise these links
# without loading the renderer.
COPY_CODE_SCHEME = "copy-code"

# Characters that disguise text (a link, a host name, a file name that reads differently
# from what it is) become a visible replacement mark:
# - bidirectional overrides, isolates and marks ("Trojan Source"), U+061C, U+200E, U+200F;
# - invisible characters: zero-width space, word joiner and the invisible operators, the
#   byte-order mark, the soft hyphen, the Mongolian vowel separator, the deprecated format
#   characters, Hangul fillers, interlinear annotation marks, and tag characters (which can
#   hide a whole ASCII text);
# - C0 controls other than tab, newline and carriage return, DEL and the C1 controls, which
#   garble text or are taken as line breaks.
# Two exceptions keep real text intact: zero-width (non-)joiners between two non-ASCII
# characters (emoji sequences, Persian, Indic scripts need them; in ASCII, as in a host
# name, they only hide), and tag characters after a black flag or another tag character
# (subdivision flags such as England's).
_UNSAFE_CHARACTERS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0"
    "\ufff9-\ufffb]"
)
# The characters kept in some places, and where they are not. A separate pass, run only
# when the text has one (it is several times slower on megabytes of text); each branch
# starts with the character it is about, so the others are passed over quickly.
_SOMETIMES_UNSAFE = re.compile("[\u200c\u200d\U000e0000-\U000e007f]")
_JOINER = "[\u200c\u200d]"
_TAG = "[\U000e0000-\U000e007f]"
_UNSAFE_IN_PLACE = re.compile(
    f"{_JOINER}(?:(?<![^\u0000-\u007f]{_JOINER})|(?![^\u0000-\u007f]))"
    f"|{_TAG}(?<![\U0001f3f4\U000e0020-\U000e007f]{_TAG})"
)
# Characters at the end of a piece of streamed text that wait for the next piece: a "\r"
# (a "\r\n" split in two is one line end) and a joiner (whether it is kept depends on the
# character after it).
HELD_BACK_AT_END = "\r\u200c\u200d"
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
# How much of a text each kind of plain-text view shows (display_text adds a note of the
# rest): a question in its bubble; an error or a notice; a one-line title (elided anyway).
MAX_QUESTION_SHOWN_CHARS = 16 * 1024
MAX_SHORT_TEXT_SHOWN_CHARS = 4 * 1024
MAX_TITLE_SHOWN_CHARS = 500
# The look-behind starts a match only where a run starts: without it, each run a little
# shorter than the limit is scanned again from every one of its characters (quadratic: 64 KB
# of 499-character runs took 160 ms, 256 KB of 799-character ones over a second).
_RUN_CHARACTER = f"[^\\s{ZERO_WIDTH_SPACE}]"
_LONG_RUN = re.compile(f"(?<!{_RUN_CHARACTER}){_RUN_CHARACTER}{{{MAX_UNBROKEN_RUN + 1},}}")


def neutralize_controls(text: str, before: str = "") -> str:
    """Replace control, bidi and invisible characters with a visible replacement mark.

    ``before`` is the text that came before ``text`` (for streamed text, the previous
    piece); its last character decides about a joiner or tag character at the start of
    ``text``. The result has as many characters as ``text``.
    """
    # The joiners first, among the characters as they came: a joiner beside a control
    # character is judged by that (ASCII) character, not by its replacement mark, the same
    # whether the control came in the same piece or in the one before.
    if _SOMETIMES_UNSAFE.search(text):
        if before:
            text = _UNSAFE_IN_PLACE.sub(REPLACEMENT_CHARACTER, before[-1] + text)[1:]
        else:
            text = _UNSAFE_IN_PLACE.sub(REPLACEMENT_CHARACTER, text)
    return _UNSAFE_CHARACTERS.sub(REPLACEMENT_CHARACTER, text)


def display_text(text: str, max_chars: int) -> str:
    """Untrusted text as a plain-text view may show it: disguising and control characters
    neutralised, at most ``max_chars`` characters (then a note of how many more there are),
    and a zero-width space inside every run without whitespace longer than
    MAX_UNBROKEN_RUN, so that Qt lays it out in linear time.

    The guard's zero-width spaces are added after neutralising (which would mark them as
    hidden characters): keep that order. Keep the original text for copying and sending.
    """
    if len(text) > max_chars:
        omitted = len(text) - max_chars
        text = text[:max_chars] + f" … ({omitted:,} more characters not shown)"
    return break_long_runs(neutralize_controls(text))


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
    # Imported on use: ``html`` builds its table of 2,231 named entities on import, and
    # this module loads before the first paint (the notice bar's display_text).
    import html

    return html.escape(text, quote=False)


def escape_attribute(value: str) -> str:
    """Escape a value for a double- or single-quoted HTML attribute."""
    import html  # on use (see escape_text)

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


# A host name as a link's text may show it: "example.com", "https://www.example.com/path",
# "раураl.com" (letters of any script); the scheme and the path are left out (a name after
# a "/" is part of a path, one after an "@" part of a mail address).
_NAMED_HOST = re.compile(
    r"(?<![\w@.\-/])(?:[a-z][a-z0-9+.\-]*://)?((?:[^\W_](?:[\w\-]*[^\W_])?\.)+[^\W\d_]{2,})"
    r"(?![\w\-])",
    re.IGNORECASE,
)


_DOT_LOOKALIKES = str.maketrans(dict.fromkeys("\u3002\uff0e\uff61\u2024", "."))


def spoofed_link_host(text: str, url: str) -> str | None:
    """The host a web link really goes to when the link's text names another one
    ("[paypal.com](https://evil.example)"), else None: the renderer shows it beside the
    text, so a link's text cannot pass for its target."""
    import unicodedata
    from urllib.parse import urlsplit

    # Look-alike dots ("paypal。com", "paypal．com", "paypal․com") read as dots to people
    # and to the IDNA rules alike.
    text = unicodedata.normalize("NFKC", text).translate(_DOT_LOOKALIKES)
    if "." not in text or not _WEB_LINK.match(url):
        return None
    try:
        real = urlsplit(url).hostname or ""
    except ValueError:
        return None
    real_host = _comparable_host(real)
    for match in _NAMED_HOST.finditer(text):
        named = _comparable_host(match.group(1))
        if named != real_host and not real_host.endswith("." + named):
            return real
    return None


def _comparable_host(host: str) -> str:
    host = host.lower().rstrip(".").removeprefix("www.")
    try:
        # Link targets reach us normalised by markdown-it, international names as punycode.
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host
