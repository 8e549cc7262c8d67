"""Read-only text views for untrusted text (model answers, server messages).

Markdown is parsed with raw HTML disabled, so markup in an answer shows as text; no resource
(image, style sheet) is ever loaded, from the network or from disk; links open in the system
browser only when clicked, and only for http and https.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QPalette,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
    QTextTable,
)
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

# Re-exported: other widgets import it from here.
from dynaspark_desktop.core.markdown.sanitize import neutralize_controls

log = logging.getLogger(__name__)

OPENABLE_SCHEMES = frozenset({"http", "https"})
MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def _polish_markdown_document(document: QTextDocument, palette: QPalette) -> None:
    """Give code blocks a tinted background and tables some air (Qt's import is bare)."""
    code_background = palette.color(QPalette.ColorRole.AlternateBase)
    block = document.begin()
    while block.isValid():
        block_format = block.blockFormat()
        if block_format.hasProperty(QTextFormat.Property.BlockCodeFence) or (
            block_format.nonBreakableLines() and block.charFormat().fontFixedPitch()
        ):
            cursor = QTextCursor(block)
            block_format.setBackground(code_background)
            block_format.setLeftMargin(6)
            block_format.setRightMargin(6)
            cursor.setBlockFormat(block_format)
        block = block.next()
    for frame in document.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            table_format = frame.format()
            table_format.setCellPadding(4)
            frame.setFormat(table_format)


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

    def set_markdown(self, text: str) -> None:
        self.document().setMarkdown(neutralize_controls(text), MARKDOWN_FEATURES)
        _polish_markdown_document(self.document(), self.palette())
        self._fit_height()

    def set_plain_text(self, text: str) -> None:
        self.setPlainText(neutralize_controls(text))
        self._fit_height()

    def loadResource(self, kind: int, name: QUrl) -> object:
        # Nothing an answer names is ever fetched: not remote images, not local files.
        return None

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._content_height())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.document().setTextWidth(self.viewport().width())
        self._fit_height()

    def _content_height(self) -> int:
        margins = self.contentsMargins()
        return int(self.document().size().height()) + margins.top() + margins.bottom() + 2

    def _fit_height(self, *_: object) -> None:
        height = self._content_height()
        if height != self.height():
            self.setFixedHeight(height)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.linkActivated.emit(url)
        if url.scheme().lower() in OPENABLE_SCHEMES and url.isValid():
            QDesktopServices.openUrl(url)
        else:
            log.info("Refused to open a link with scheme %r", url.scheme())
