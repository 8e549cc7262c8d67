"""An answer in the transcript: Markdown rendered by ``core.markdown``, shown whole or as it
streams in, with a Copy link on every code block.

While an answer streams, each update appends the blocks that just completed (once) and
replaces only the open tail, so an update costs the same at token 5,000 as at token 50.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocumentFragment
from PySide6.QtWidgets import QWidget

from dynaspark_desktop.core.markdown.blocks import MAX_SHOWN_CHARS
from dynaspark_desktop.core.markdown.sanitize import COPY_CODE_SCHEME
from dynaspark_desktop.ui.safe_text import SafeDocument, SafeTextView, guard_wrapping
from dynaspark_desktop.ui.style import system_prefers_dark

# The most arrived text one frame lays out. Qt lays out new text at about 0.3 ms a kilobyte
# here, so a server pouring megabytes a second would otherwise stall the window for a tenth
# of a second a frame; a real model writes a few hundred characters a second, far below.
FLUSH_BUDGET_CHARS = 16 * 1024

if TYPE_CHECKING:
    from dynaspark_desktop.core.markdown import StreamingMarkdown, StreamUpdate

log = logging.getLogger(__name__)


class AnswerView(SafeTextView):
    # Something was put on the clipboard; the text says what (for a brief notice).
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent, objectName=objectName)
        self._stream: StreamingMarkdown | None = None
        self._code_blocks: tuple[str, ...] = ()
        self._pending: deque[str] = deque()
        self._tail_start = 0  # where the open tail begins in the document
        self._recent_text = ""  # the end of what arrived, to spot runs across pieces
        self._waiting_text = ""  # shown while no answer has come ("" once one has)

    @staticmethod
    def _scheme() -> str:
        return "dark" if system_prefers_dark() else "light"

    # -- before the answer ---------------------------------------------------------------------

    @property
    def showing_waiting(self) -> bool:
        return bool(self._waiting_text)

    def show_waiting(self, text: str) -> None:
        """Show ``text`` (muted, italic) where the answer will be, until it comes.

        In the view rather than in a label beside it: the first words then replace it in
        place, with no widget to show or hide and often no change of height, so the window
        does no layout on the way to painting them.
        """
        if text == self._waiting_text:
            return  # a spare widget shows the first waiting text before it has a turn
        from PySide6.QtGui import QColor, QTextCharFormat

        from dynaspark_desktop.ui.style import palette_colors

        text_format = QTextCharFormat()
        text_format.setFontItalic(True)
        text_format.setForeground(QColor(palette_colors(self._scheme() == "dark")["muted"]))
        self._stream = None
        self._pending.clear()
        self._waiting_text = text
        document = self.document()
        document.clear()
        QTextCursor(document).insertText(text, text_format)
        self._fit_height()

    # -- whole answers ------------------------------------------------------------------------

    def set_markdown(self, text: str) -> None:
        from dynaspark_desktop.core.markdown import render_markdown

        guard_wrapping(self.document(), text[:MAX_SHOWN_CHARS], keep=True)
        rendered = render_markdown(text, self._scheme())  # type: ignore[arg-type]
        self._stream = None
        self._waiting_text = ""
        self._pending.clear()
        self._code_blocks = rendered.code_blocks
        self.document().setHtml(rendered.html)
        self._fit_height()

    # -- streaming -----------------------------------------------------------------------------

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    def begin_stream(self) -> None:
        from dynaspark_desktop.core.markdown import StreamingMarkdown

        self._stream = StreamingMarkdown(self._scheme())  # type: ignore[arg-type]
        self._waiting_text = ""
        self._pending.clear()
        self._code_blocks = ()
        self._tail_start = 0
        self._recent_text = ""
        self.document().clear()

    def append_text(self, text: str) -> None:
        """Queue arrived text; nothing is laid out until :meth:`flush`."""
        if self._stream is None:
            self.begin_stream()
        self._pending.append(text)

    def flush(self) -> bool:
        """Show what arrived since the last flush, up to a frame's budget (called at most once
        a frame); True when more is waiting for the next frame."""
        if self._stream is None or not self._pending:
            return False
        if self._stream.past_display_cap:
            arrived = "".join(self._pending)  # only counted from here on: no budget needed
            self._pending.clear()
        else:
            arrived = self._take_budget()
        self._feed(arrived)
        self._apply(self._stream.update())
        return bool(self._pending)

    def _take_budget(self) -> str:
        """Up to a frame's budget of the queued pieces, from the front (a flood's megabytes
        are not joined or copied every frame)."""
        taken: list[str] = []
        room = FLUSH_BUDGET_CHARS
        while self._pending and room > 0:
            piece = self._pending.popleft()
            if len(piece) > room:
                self._pending.appendleft(piece[room:])
                piece = piece[:room]
            taken.append(piece)
            room -= len(piece)
        return "".join(taken)

    @property
    def streamed_text(self) -> str:
        """What arrived of the answer being streamed ("" when none is)."""
        if self._stream is None:
            return ""
        return self._stream.source + "".join(self._pending)

    def end_stream(self) -> None:
        """The answer is complete (or stopped): its last block is final too."""
        if self._stream is None:
            return
        if self._pending:
            self._feed("".join(self._pending))
            self._pending.clear()
        self._apply(self._stream.finish())
        self._code_blocks = self._stream.code_blocks
        self._stream = None

    def _feed(self, arrived: str) -> None:
        assert self._stream is not None
        # Long runs are looked for in what can still be shown: scanning the megabytes of a
        # flood past the display cap would stall the window for nothing. Once on, the guard
        # stays for the view's life: a run seen in one piece of a stream stays on screen.
        if not self._stream.past_display_cap:
            text = self._recent_text + arrived[:MAX_SHOWN_CHARS]
            guard_wrapping(self.document(), text, keep=True)
            self._recent_text = text[-800:]
        self._stream.append(arrived)

    def _apply(self, update: StreamUpdate) -> None:
        if not update.changed:
            return
        document = self.document()
        cursor = QTextCursor(document)
        # One edit block and one height fit per update: each separate edit would otherwise
        # resize the view (and lay the document out) on its own.
        self._hold_height = True
        cursor.beginEditBlock()
        try:
            cursor.setPosition(self._tail_start)
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            if update.completed_html:
                self._insert_blocks(cursor, update.completed_html)
                self._tail_start = cursor.position()
            if update.tail_html:
                self._insert_blocks(cursor, update.tail_html)
        finally:
            cursor.endEditBlock()
            self._hold_height = False
        if self._stream is not None:
            self._code_blocks = self._stream.code_blocks
        self._fit_height()

    def _insert_blocks(self, cursor: QTextCursor, html: str) -> None:
        """Insert rendered blocks at the end of the document, keeping their block formats.

        Inserting HTML merges its first block into the block at the cursor, which would
        strip a heading of its level and margins. So the blocks are parsed into a document
        of their own that starts with an empty block, and that empty block is what merges.
        """
        document = self.document()
        if document.isEmpty():
            document.setHtml(html)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            return
        blocks = SafeDocument()  # loads no resource, like the view's own document
        blocks.setHtml(html)
        if blocks.begin().length() > 1:
            QTextCursor(blocks).insertBlock()
        cursor.insertFragment(QTextDocumentFragment(blocks))
        cursor.movePosition(QTextCursor.MoveOperation.End)

    # -- copying --------------------------------------------------------------------------------

    def code_block(self, index: int) -> str | None:
        return self._code_blocks[index] if 0 <= index < len(self._code_blocks) else None

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == COPY_CODE_SCHEME:
            self._copy_code(url.path() or url.toString().partition(":")[2])
            return
        super()._on_anchor_clicked(url)

    def _copy_code(self, number: str) -> None:
        code = self.code_block(int(number)) if number.isdigit() else None
        if code is None:
            log.info("No code block %r to copy", number)
            return
        QGuiApplication.clipboard().setText(code)
        self.copied.emit("The code is on the clipboard.")
