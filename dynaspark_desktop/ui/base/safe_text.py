"""Read-only text views for untrusted text (model answers, server messages).

Answers are rendered to HTML by ``core.markdown`` (raw HTML shown as text, images never
fetched, only safe links kept; see ``answer_view.py``). The views here load no resource
(image, style sheet) at all, from the network or from disk, and open links in the system
browser only when clicked, and only for http and https.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument, QTextOption, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

# Re-exported: other widgets import them from here. display_text is the one guard for text
# shown as plain text (neutralised, capped, long runs broken); views keep the original
# text for copying and sending.
from dynaspark_desktop.core.markdown.sanitize import (
    MAX_QUESTION_SHOWN_CHARS,
    MAX_SHORT_TEXT_SHOWN_CHARS,
    MAX_TITLE_SHOWN_CHARS,
    display_text,
    neutralize_controls,
)

__all__ = [
    "MAX_QUESTION_SHOWN_CHARS",
    "MAX_SHORT_TEXT_SHOWN_CHARS",
    "MAX_TITLE_SHOWN_CHARS",
    "SafeDocument",
    "SafeTextView",
    "display_text",
    "guard_wrapping",
    "neutralize_controls",
]

log = logging.getLogger(__name__)

# Qt's "word boundary, else anywhere" wrapping lays out an unbroken run of characters in
# time that grows with the square of its length (a 1 MB line took minutes); plain
# "anywhere" wrapping is linear. Text that must stay as it is (the composer's, the source an
# answer is rendered from) gets that mode while it has a run this long. The look-behind
# starts a match only where a run starts: without it, runs just shorter are scanned again
# from each of their characters (quadratic: 256 KB of 799-character runs took 600 ms a
# search, on every keystroke too).
_UNBROKEN_RUN = re.compile(r"(?<!\S)\S{800,}")


def guard_wrapping(document: QTextDocument, text: str, *, keep: bool = False) -> None:
    """Make ``document`` wrap anywhere if ``text`` has a long unbroken run; else, unless
    ``keep``, wrap at word boundaries again. Call it before such text is laid out."""
    option = document.defaultTextOption()
    anywhere = QTextOption.WrapMode.WrapAnywhere
    current = option.wrapMode()
    if keep and current is anywhere:
        return
    wanted = anywhere if _UNBROKEN_RUN.search(text) else None
    if wanted is None:
        if keep:
            return
        wanted = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    if wanted is not current:
        option.setWrapMode(wanted)
        document.setDefaultTextOption(option)


OPENABLE_SCHEMES = frozenset({"http", "https"})


class SafeDocument(QTextDocument):
    """A document that loads no resource at all: left to itself, QTextDocument reads local
    files named by an image (``file:`` URLs and relative paths) straight from disk."""

    def loadResource(self, kind: int, name: QUrl) -> object:
        log.debug("Refused to load resource with scheme %r", name.scheme() or "(relative)")
        return None


class SafeTextView(QTextBrowser):
    """A read-only, auto-height text view that never loads anything and opens only web links."""

    linkActivated = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(objectName)
        self.setDocument(SafeDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setAcceptDrops(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("QTextBrowser { background: transparent; }")
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.anchorClicked.connect(self._on_anchor_clicked)
        # Set while a batch of edits runs, so the height is fitted once, after it.
        self._hold_height = False

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.ignore()  # not this view's own zoom: the transcript's text size (text_zoom)
            return
        super().wheelEvent(event)

    def set_plain_text(self, text: str, max_chars: int = MAX_QUESTION_SHOWN_CHARS) -> None:
        """Show untrusted ``text`` (neutralised, long runs broken, at most ``max_chars``)."""
        self.setPlainText(display_text(text, max_chars))
        self._fit_height()

    def fix_width(self, width: int) -> None:
        """Fix the view's width, with its text wrapped to it at once: a hidden view gets its
        resize event only when shown, and until then would lay its text out at the old
        width (for a spare turn widget's empty question, a letter a line)."""
        self.setFixedWidth(width)
        text_width = width - 2 * self.frameWidth()
        if text_width != self.document().textWidth():
            self.document().setTextWidth(text_width)

    def loadResource(self, kind: int, name: QUrl) -> object:
        # Nothing an answer names is ever fetched: not remote images, not local files.
        return None

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._content_height())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        # A height change (from _fit_height) must not re-lay out the whole document: only a
        # new width changes where lines wrap.
        width = self.viewport().width()
        if width != self.document().textWidth():
            self.document().setTextWidth(width)
        self._fit_height()

    def _content_height(self) -> int:
        margins = self.contentsMargins()
        return int(self.document().size().height()) + margins.top() + margins.bottom() + 2

    def _fit_height(self, *_: object) -> None:
        if self._hold_height:
            return
        height = self._content_height()
        if height != self.height():
            self.setFixedHeight(height)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.linkActivated.emit(url)
        if url.scheme().lower() in OPENABLE_SCHEMES and url.isValid():
            QDesktopServices.openUrl(url)
        else:
            log.info("Refused to open a link with scheme %r", url.scheme())
