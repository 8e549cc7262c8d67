"""Typeset formulas in an answer's document: each SVG drawn once to an image at the screen's
pixel ratio, added to the document as an in-memory resource under the name its ``<img>``
gives (``formula:<digest>``), never from a file or the network.

The typesetter (core/markdown/formulas.py) takes ~250 ms to load and 10-20 ms a formula:
whole answers with math are rendered on the answer renderer's thread, and a streaming
answer's formulas are typeset there before the view shows them (formula_prefetch.py).
Drawn images are kept by name, so the open tail, rendered again each frame, is drawn once.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QUrl
from PySide6.QtGui import QImage, QImageReader, QTextDocument
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from dynaspark_desktop.core.markdown import RenderedMarkdown
    from dynaspark_desktop.core.markdown.formulas import Formula

log = logging.getLogger(__name__)

# Drawn formulas kept for the renderings to come (a 100×40 formula at ratio 2 is 64 kB); a
# shown one stays in its document as long as that shows it.
KEPT_IMAGES = 128
# A mark that may open a formula: the typesetter is loaded (off the UI thread) only for
# text that has one. "$" needs a closing "$" on the usual terms, so prices do not count.
_FORMULA_MARK = re.compile(r"\\\(|\\\[|\$\$|(?<!\d)\$(?![\s$])[^$\n]{1,300}?(?<!\s)\$(?!\d)")

_images: OrderedDict[tuple[str, float], QImage] = OrderedDict()
_images_lock = threading.Lock()


def may_have_formulas(text: str, after: int = 0) -> bool:
    """Whether ``text`` may hold a formula ending past ``after`` (cheap; a few false alarms
    are harmless)."""
    return any(mark.end() > after for mark in _FORMULA_MARK.finditer(text))


def formula_px(view: QWidget) -> float:
    """The size formulas are typeset at in ``view``: a little larger than its text, as a
    math font reads."""
    return round(view.fontInfo().pixelSize() * 1.15, 1)


def formula_image(formula: Formula, ratio: float) -> QImage:
    """The formula drawn for a screen of this device pixel ratio (any thread)."""
    key = (formula.key, ratio)
    with _images_lock:
        image = _images.get(key)
        if image is not None:
            _images.move_to_end(key)
            return image
    image = _draw(formula, ratio)
    with _images_lock:
        _images[key] = image
        while len(_images) > KEPT_IMAGES:
            _images.popitem(last=False)
    return image


def add_formula_images(document: QTextDocument, formulas: Iterable[Formula], ratio: float) -> None:
    """Give ``document`` the images its formulas' ``<img>`` name (again after a clear)."""
    for formula in formulas:
        document.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(formula.key),
            formula_image(formula, ratio),
        )


def draw_all(formulas: Iterable[Formula], ratio: float) -> None:
    """Draw formulas ahead (on a worker thread), so that showing them costs nothing."""
    for formula in formulas:
        formula_image(formula, ratio)


def _draw(formula: Formula, ratio: float) -> QImage:
    # Qt's SVG image plugin (kept in the bundle for icon themes) draws it: no QtSvg module.
    buffer = QBuffer()
    buffer.setData(QByteArray(formula.svg))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(round(formula.width * ratio), round(formula.height * ratio)))
    image = reader.read()
    if image.isNull():
        log.warning("A typeset formula could not be drawn: %s", reader.errorString())
        image = QImage(reader.scaledSize(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
    image.setDevicePixelRatio(ratio)
    return image


def render_and_draw(render: Callable[[], RenderedMarkdown], ratio: float) -> RenderedMarkdown:
    """On a worker thread: the rendering, its formulas typeset and drawn ahead."""
    rendered = render()
    draw_all(rendered.formulas, ratio)
    return rendered
