"""The message input: Enter sends, Shift+Enter adds a line; images pasted or dropped into it
are handed to the window instead of being inserted as text.

What is typed is sent exactly as typed: a very long line is not broken up (as the views
showing text do) but laid out with "wrap anywhere" while it is there, which Qt does in time
linear in the line's length (its usual word-boundary wrapping takes minutes on a 1 MB line).
A paste or a drop of more than MAX_PASTE_CHARS is refused with a message (its layout alone
would take seconds), leaving what was typed as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

_MIN_LINES = 2
_MAX_LINES = 10
# About a second and a half of layout here for a single line; far more than any model takes
# in one message.
MAX_PASTE_CHARS = 2 * 1024 * 1024


class Composer(QPlainTextEdit):
    sendRequested = Signal()
    imageOffered = Signal(QMimeData)
    # Pasted or dropped text was not added: the message says why.
    textRefused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName("Message")
        self.setAccessibleDescription("Enter sends, Shift+Enter starts a new line")
        self.setPlaceholderText(
            "Ask anything, or /imagine a picture…   Enter to send · Shift+Enter for a new line"
        )
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.textChanged.connect(self._guard_wrapping)
        self._fit_height()

    # Every way text gets in sets the wrapping first: the text is laid out as it goes in.

    def setPlainText(self, text: str) -> None:
        self._guard_wrapping(text)
        super().setPlainText(text)

    def insertPlainText(self, text: str) -> None:
        self._guard_wrapping(text, keep=True)  # a run already there keeps it on
        super().insertPlainText(text)

    def _guard_wrapping(self, text: str | None = None, *, keep: bool = False) -> None:
        from dynaspark_desktop.ui.safe_text import guard_wrapping  # not needed to paint

        text = self.toPlainText() if text is None else text
        guard_wrapping(self.document(), text, keep=keep)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Imported here: touching Qt's enums before the first paint costs start-up time.
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            modifiers = event.modifiers()
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
                return
            if not modifiers & ~Qt.KeyboardModifier.KeypadModifier:
                self.sendRequested.emit()
                return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        from dynaspark_desktop.ui.image_intake import mime_has_image  # not needed to paint

        return mime_has_image(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        from dynaspark_desktop.ui.image_intake import mime_has_image

        if mime_has_image(source):
            self.imageOffered.emit(source)
            return
        # Paste text as plain text only: nothing rich ever enters the composer.
        if source.hasText():
            self.insert_pasted_text(source.text())

    def insert_pasted_text(self, text: str) -> bool:
        """Insert pasted or dropped ``text`` at the cursor, unless it is too long to take
        (then ``textRefused`` says so, and the composer keeps what it had)."""
        if len(text) > MAX_PASTE_CHARS:
            self.textRefused.emit(
                f"That text is too long to add to a message: {len(text):,} characters, at most"
                f" {MAX_PASTE_CHARS:,}. Nothing was added; what you typed is unchanged."
            )
            return False
        self.insertPlainText(text)
        return True

    def _fit_height(self, *_: object) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(_MIN_LINES, min(_MAX_LINES, int(self.document().size().height())))
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * line + frame + 4)
