"""A text edit's placeholder, laid out once and drawn from that layout.

``QPlainTextEdit`` draws its placeholder with ``QPainter.drawText`` and word wrapping at
every paint of the empty editor, which lays the whole text out again (itemizing, shaping,
line breaking). A focused composer repaints twice a second for the caret's blink, so that
was most of what the idle app did: about 90 µs of a blink's 150 µs. Here the text is a
``QStaticText``, laid out when the text, the width or the font changes, and drawn at the
same place and in the same colour as Qt's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainter, QStaticText

if TYPE_CHECKING:
    from PySide6.QtGui import QRegion
    from PySide6.QtWidgets import QPlainTextEdit


class PlaceholderHint:
    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        self.text = ""
        self._layout: QStaticText | None = None

    def set_text(self, text: str) -> None:
        self.text = text
        self._layout = None

    def paint(self, region: QRegion) -> None:
        """Draw the placeholder over ``region`` of the editor's viewport, if it shows one:
        the editor is empty and nothing is being composed (an input method's preedit)."""
        editor = self._editor
        if not self.text or not editor.document().isEmpty():
            return
        layout_of_block = editor.document().firstBlock().layout()
        if layout_of_block is not None and layout_of_block.preeditAreaText():
            return
        viewport = editor.viewport()
        margin = int(editor.document().documentMargin())
        width = viewport.width() - margin
        if self._layout is None:
            # Qt's default QTextOption wraps at word boundaries, as Qt's placeholder does.
            self._layout = QStaticText(self.text)
        if self._layout.textWidth() != width:
            self._layout.setTextWidth(width)
        painter = QPainter(viewport)
        painter.setClipRegion(region)
        painter.setPen(editor.palette().placeholderText().color())
        offset = editor.contentOffset()
        painter.drawStaticText(QPointF(offset.x() + margin, offset.y()), self._layout)
        painter.end()
