"""The message input: Enter sends, Shift+Enter adds a line (or, with the send_key setting at
"ctrl_enter", Ctrl+Enter sends and Enter adds a line); images pasted or dropped into it
are handed to the window instead of being inserted as text.

What is typed is sent exactly as typed: a very long line is not broken up (as the views
showing text do) but laid out with "wrap anywhere" while it has costly runs, which Qt does in
time linear in the line's length (its usual word-boundary wrapping takes minutes on a 1 MB
line).

Text that comes in whole (a paste, a drop, a restored draft, a question to edit) is bounded:
at most MAX_PASTE_CHARS in all and MAX_PARAGRAPH_CHARS without a line break. Qt lays out a
paragraph whole, on every keystroke too, so these are the sizes where the worst shape stays
near 100 ms of UI-thread time (benchmarks/long_text.py). Over them, a paste is refused with a
message, leaving what was typed as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QWidget

from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent, QResizeEvent

    from dynaspark_desktop.ui.base.placeholder_backdrop import PlaceholderBackdrop

_MIN_LINES = 2
_MAX_LINES = 10
# Measured (benchmarks/long_text.py, pastes by shape; 2 cores at load 1.5, about twice as long
# at load 5): 256 KB of short lines is pasted and painted in 50-90 ms, 512 KB in 150-250 ms;
# a paragraph of 64 KB of words in 40-85 ms (a keystroke in it 25-30 ms), of 256 KB in
# 170-300 ms (a keystroke 110 ms); 64 KB of 799-character runs in 70-105 ms.
MAX_PASTE_CHARS = 256 * 1024
MAX_PARAGRAPH_CHARS = 64 * 1024


def bounded_length(text: str) -> int:
    """How much of ``text``, from its start, is within both bounds: ``len(text)`` when all
    of it is, else where the first bound is passed (an overlong paragraph is cut at
    MAX_PARAGRAPH_CHARS, the whole at MAX_PASTE_CHARS)."""
    limit = min(len(text), MAX_PASTE_CHARS)
    start = 0  # of the paragraph being measured
    while True:
        newline = text.find("\n", start, limit)
        if newline < 0:
            return min(limit, start + MAX_PARAGRAPH_CHARS)
        if newline - start > MAX_PARAGRAPH_CHARS:
            return start + MAX_PARAGRAPH_CHARS
        start = newline + 1


def longest_paragraph(text: str) -> int:
    return max(map(len, text.split("\n")))


class Composer(QPlainTextEdit):
    sendRequested = Signal()
    imageOffered = Signal(QMimeData)
    # Pasted or dropped text was not added: the message says why.

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName(self.tr("Message"))
        self.hint = ""
        self._backdrop: PlaceholderBackdrop | None = None
        self.send_key = ""
        self.set_send_key("enter")
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.textChanged.connect(self._guard_wrapping)
        self._fit_height()

    def set_send_key(self, send_key: str) -> None:
        """Which key sends ("enter", or "ctrl_enter": then Enter adds a line); the hint and
        the description say which."""
        if send_key == self.send_key:
            return
        self.send_key = send_key
        if send_key == "ctrl_enter":
            self.setAccessibleDescription(self.tr("Ctrl+Enter sends, Enter starts a new line"))
            self.hint = self.tr(
                "Ask anything, or /imagine a picture…   Ctrl+Enter to send · Enter for a new line"
            )
        else:
            self.setAccessibleDescription(self.tr("Enter sends, Shift+Enter starts a new line"))
            self.hint = self.tr(
                "Ask anything, or /imagine a picture…   Enter to send · Shift+Enter for a new line"
            )
        if self._backdrop is None:
            # Qt's placeholder until set_background_color: then a backdrop draws it (see there).
            self.setPlaceholderText(self.hint)
        else:
            self._backdrop.set_hint(self.hint)

    def retranslate(self) -> None:
        """The language changed: the hint (drawn, not a text Qt holds) in the new one."""
        send_key, self.send_key = self.send_key, ""
        self.set_send_key(send_key)

    def set_background_color(self, color: str) -> None:
        """Fill the text area with ``color`` (the frame's colour, which it otherwise lets
        show through), so that its repaints stop at it, and draw the hint once, on it.

        A see-through viewport makes Qt repaint every widget under a damaged rectangle,
        from the main window down, before the viewport itself: each caret blink (twice a
        second while the composer has the focus) repainted seven widgets. Filled with an
        opaque brush, the viewport repaints alone, just the caret's rectangle. Qt fills it
        (the palette's background brush, auto-filled), which costs less than a paintEvent
        of our own. While the composer is empty that brush is a pixmap with the hint on it
        (``PlaceholderBackdrop``): Qt's own placeholder is laid out again at every paint,
        which was most of a blink's cost. Call after the first paint (it touches Qt's
        enums).
        """
        from dynaspark_desktop.ui.base.placeholder_backdrop import PlaceholderBackdrop

        if self._backdrop is None:
            self._backdrop = PlaceholderBackdrop(self, self.hint, QColor(color))
        else:
            self._backdrop.set_background(QColor(color))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Qt calls this for the viewport's resizes (QAbstractScrollArea.viewportEvent).
        super().resizeEvent(event)
        if self._backdrop is not None:
            self._backdrop.resized()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if self._backdrop is not None:  # (Qt's enums are not touched before the first paint)
            self._backdrop.after_change(event)

    # Every way text gets in sets the wrapping first: the text is laid out as it goes in.

    def setPlainText(self, text: str) -> None:
        self._guard_wrapping(text)
        super().setPlainText(text)

    def insertPlainText(self, text: str) -> None:
        self._guard_wrapping(text, keep=True)  # a run already there keeps it on
        super().insertPlainText(text)

    def _guard_wrapping(self, text: str | None = None, *, keep: bool = False) -> None:
        from dynaspark_desktop.ui.base.safe_text import guard_wrapping  # not needed to paint

        text = self.toPlainText() if text is None else text
        guard_wrapping(self.document(), text, keep=keep)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Imported here: touching Qt's enums before the first paint costs start-up time.
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
                return
            sends = Qt.KeyboardModifier.NoModifier
            if self.send_key == "ctrl_enter":
                sends = Qt.KeyboardModifier.ControlModifier
                if modifiers == Qt.KeyboardModifier.NoModifier:
                    self.insertPlainText("\n")
                    return
            if modifiers == sends:
                self.sendRequested.emit()
                return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        from dynaspark_desktop.ui.base.image_intake import mime_has_image  # not needed to paint

        return mime_has_image(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        from dynaspark_desktop.ui.base.image_intake import mime_has_image

        if mime_has_image(source):
            self.imageOffered.emit(source)
            return
        # Paste text as plain text only: nothing rich ever enters the composer.
        if source.hasText():
            self.insert_pasted_text(source.text())

    def insert_pasted_text(self, text: str) -> bool:
        """Insert pasted or dropped ``text`` at the cursor, unless it is too long to take
        (then a notice says so, and the composer keeps what it had)."""
        # A selection is replaced by the paste: it does not count.
        kept = len(self.toPlainText()) - len(self.textCursor().selectedText())
        refusal = self.refusal(text, already=kept)
        if refusal is not None:
            notices.warning(
                refusal + " " + self.tr("Nothing was added; what you typed is unchanged.")
            )
            return False
        self.insertPlainText(text)
        return True

    def refusal(self, text: str, *, already: int = 0) -> str | None:
        """Why ``text`` is too long for the composer (which holds ``already`` characters
        besides), or None when it can take it."""
        from dynaspark_desktop.core.sizes import megabytes

        if already + len(text) > MAX_PASTE_CHARS:
            sizes = {
                "size": megabytes(len(text)),
                "count": f"{len(text):,}",
                "cap": f"{MAX_PASTE_CHARS // 1024} KB",
                "limit": f"{MAX_PASTE_CHARS:,}",
                "already": f"{already:,}",
            }
            if len(text) > MAX_PASTE_CHARS:
                return self.tr(
                    "That text is {size} ({count} characters); the composer takes up to {cap}"
                    " ({limit} characters) in all. Shorten it, or send it in parts."
                ).format(**sizes)
            return self.tr(
                "That text is {size} ({count} characters); with the {already} characters"
                " already in the composer it would pass its limit of {cap} ({limit}"
                " characters). Send or shorten what is there first."
            ).format(**sizes)
        paragraph = longest_paragraph(text) if len(text) > MAX_PARAGRAPH_CHARS else 0
        if paragraph > MAX_PARAGRAPH_CHARS:
            return self.tr(
                "That text has a paragraph of {size} ({count} characters) without a line"
                " break; the composer takes up to {cap} ({limit} characters) in one. Break it"
                " into lines, or shorten it."
            ).format(
                size=megabytes(paragraph),
                count=f"{paragraph:,}",
                cap=f"{MAX_PARAGRAPH_CHARS // 1024} KB",
                limit=f"{MAX_PARAGRAPH_CHARS:,}",
            )
        return None

    def _fit_height(self, *_: object) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(_MIN_LINES, min(_MAX_LINES, int(self.document().size().height())))
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * line + frame + 4)
