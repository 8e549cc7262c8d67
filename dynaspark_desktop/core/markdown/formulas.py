"""LaTeX formulas typeset to SVG, in pure Python (ziamath: LaTeX → MathML → SVG outlines of
the STIX Two Math font it ships), for the answer view to draw as images.

ziamath and its font cost ~250-450 ms and ~20 MB to load, so they are imported on first use,
only when an answer has a formula (the answer view typesets on a worker thread: see
ui/transcript/formula_prefetch.py). A formula is untrusted text: its source is capped, and
one that does not parse, names a command the converter does not know, or comes out larger
than a screen is refused (None): the renderer then shows its source as text.

Each result is kept (an LRU of the last 256), so the open tail of a streaming
answer, rendered again on every frame, typesets each formula once.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

# A formula's source longer than this is shown as text (latex2mathml's parser is recursive
# and its time grows with the source: 2,000 characters typeset in ~0.1 s).
MAX_FORMULA_CHARS = 2_000
# Typeset sizes past which a formula is shown as its source instead (CSS pixels).
MAX_FORMULA_WIDTH = 4_000
MAX_FORMULA_HEIGHT = 1_200
# The math axis (where a fraction bar sits) above the baseline, in ems: an inline formula's
# image is centred on it, and Qt centres an image on the line's middle, about that high.
_AXIS_EMS = 0.25
CACHED_FORMULAS = 256
# The URL scheme of formula images in rendered HTML: the view adds each as an in-memory
# resource under this name (nothing is ever loaded from a file or the network).
FORMULA_SCHEME = "formula"
# An unknown command is kept by latex2mathml as an identifier spelled with its backslash.
_UNKNOWN_COMMAND = re.compile(r"<m[io]>\\[A-Za-z]")
_SVG_HEADER = re.compile(
    r'<svg ([^>]*?)width="([\d.]+)" height="([\d.]+)" viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) '
    r'([\d.]+)"'
)
_lock = threading.Lock()
# Why the typesetter cannot be loaded, once that is known (None: it can, or was not tried).
_unavailable: str | None = None


@dataclass(frozen=True)
class Formula:
    """A typeset formula: its SVG and the size it is shown at (CSS pixels)."""

    key: str  # the image's name in the document: "formula:<digest>"
    latex: str
    svg: bytes
    width: int
    height: int


def formula_key(latex: str, display: bool, color: str, size: float) -> str:
    digest = hashlib.sha1(f"{display}|{color}|{size}|{latex}".encode()).hexdigest()[:20]
    return f"{FORMULA_SCHEME}:{digest}"


def typeset(latex: str, *, display: bool, color: str, size: float) -> Formula | None:
    """The formula typeset in ``color`` at font ``size`` (pixels), or None when it cannot
    be (see the module's note): the caller shows its source."""
    latex = latex.strip()
    if not latex or len(latex) > MAX_FORMULA_CHARS:
        return None
    return _typeset(latex, display, color, size)


def load() -> None:
    """Import the typesetter and read its font (what the first formula costs besides its
    own typesetting): a first formula typeset here."""
    typeset("x", display=False, color="#000000", size=16.0)


@functools.lru_cache(maxsize=CACHED_FORMULAS)
def _typeset(latex: str, display: bool, color: str, size: float) -> Formula | None:
    # One at a time: ziamath keeps its font and configuration in module state.
    with _lock:
        try:
            svg = _svg(latex, display, color, size)
        except Exception as error:  # any parse or layout failure: the source is shown
            log.debug("Formula not typeset (%s): %.80r", type(error).__name__, latex)
            return None
    if svg is None:
        return None
    shaped = _centred_on_axis(svg, size, display)
    if shaped is None:
        return None
    text, width, height = shaped
    if width > MAX_FORMULA_WIDTH or height > MAX_FORMULA_HEIGHT:
        log.debug("Formula too large to show (%dx%d)", width, height)
        return None
    key = formula_key(latex, display, color, size)
    return Formula(key, latex, text.encode(), width, height)


def _svg(latex: str, display: bool, color: str, size: float) -> str | None:
    import xml.etree.ElementTree as ElementTree

    ziamath = _import_ziamath()
    from ziamath.tex import tex2mml

    # SVG 1.1 (paths, no <symbol>/<use href>): what Qt's SVG renderer draws.
    ziamath.config.svg2 = False
    mathml = tex2mml(latex, inline=not display)
    if _UNKNOWN_COMMAND.search(mathml):
        return None
    element = ElementTree.fromstring(mathml)
    element.attrib["mathcolor"] = color
    return ziamath.Math(element, size, margin=0).svg()


def _import_ziamath() -> Any:
    import sys

    global _unavailable
    if _unavailable is not None:
        raise ImportError(_unavailable)
    if sys.modules.get("ziamath") is None:
        import warnings

        try:
            # ziamath 0.13 finds its font with importlib.resources' deprecated path().
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                import ziamath  # noqa: F401
        except Exception as error:  # not installed, or its font or tables missing
            # Said once: every formula is shown as its source from now on, without
            # trying the import (a tenth of a second) again for each.
            _unavailable = f"{type(error).__name__}: {error}"
            log.warning("Formulas are shown as their source: no typesetter (%s)", _unavailable)
            raise
    return sys.modules["ziamath"]


def _centred_on_axis(svg: str, size: float, display: bool) -> tuple[str, int, int] | None:
    """The SVG with room added above or below so that its middle is the math axis (inline
    formulas sit on the text's baseline that way), and its whole-pixel size."""
    match = _SVG_HEADER.search(svg)
    if match is None:
        return None
    before, _w, _h, x, y, width, height = match.groups()
    left, top, box_width, box_height = float(x), float(y), float(width), float(height)
    if not display:
        axis = _AXIS_EMS * size
        above = -top - axis  # from the axis up to the top
        below = box_height + top + axis  # from the axis down to the bottom
        half = max(above, below)
        top, box_height = -axis - half, 2 * half
    shown_width, shown_height = round(box_width + 0.5), round(box_height + 0.5)
    header = (
        f'<svg {before}width="{shown_width}" height="{shown_height}" '
        f'viewBox="{left:.3f} {top:.3f} {shown_width} {shown_height}"'
    )
    return svg[: match.start()] + header + svg[match.end() :], shown_width, shown_height
