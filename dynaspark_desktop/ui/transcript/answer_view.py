"""An answer in the transcript: Markdown rendered by ``core.markdown``, shown whole or as it
streams in, with a Copy link on every code block.

While an answer streams, each update appends the blocks that just completed (once) and
replaces only the open tail, so an update costs the same at token 5,000 as at token 50.
"""

from __future__ import annotations

import functools
import logging
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

from dynaspark_desktop.core.markdown.blocks import MAX_SHOWN_CHARS
from dynaspark_desktop.ui.base.safe_text import guard_wrapping
from dynaspark_desktop.ui.base.style import color_scheme, palette_colors
from dynaspark_desktop.ui.base.tasks import BackgroundTasks, LatestTask, loop_running
from dynaspark_desktop.ui.base.workers import SerialWorker
from dynaspark_desktop.ui.transcript import formula_images
from dynaspark_desktop.ui.transcript.answer_copying import AnswerCopying
from dynaspark_desktop.ui.transcript.document_blocks import (
    TailAnchor,
    append_blocks_html,
    set_blocks_html,
)
from dynaspark_desktop.ui.transcript.flush_budget import (
    FIRST_FLUSH_CHARS,
    FLUSH_BUDGET_CHARS,
    FLUSH_BUDGET_COST,
    MIN_FLUSH_CHARS,
    take_budget,
)
from dynaspark_desktop.ui.transcript.formula_prefetch import FormulaPrefetch
from dynaspark_desktop.ui.transcript.shown_part import (
    ShownPartBar,
    ShownPartMixin,
    blocks_within_budget,
    layout_cost,
)

# A whole answer longer than this is rendered to HTML in a worker thread (markdown-it takes
# about a second a megabyte of prose); a shorter one at once, so it never flickers.
RENDER_IN_THREAD_CHARS = 64 * 1024

if TYPE_CHECKING:
    from dynaspark_desktop.core.markdown import (
        RenderedMarkdown,
        StreamingMarkdown,
        StreamUpdate,
    )
    from dynaspark_desktop.core.markdown.formulas import Formula

log = logging.getLogger(__name__)

# The renderings running in worker threads, kept alive until they finish.
rendering_tasks = BackgroundTasks()
# One thread renders every long answer, in the order asked for (it starts with the first).
answer_renderer = SerialWorker("render-answer")


class AnswerView(ShownPartMixin, AnswerCopying):
    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent, objectName=objectName)
        self._stream: StreamingMarkdown | None = None
        self._code_blocks: tuple[str, ...] = ()
        self._pending: deque[str] = deque()
        self._tail_start = 0  # where the open tail begins in the document
        # The formats of the block the open tail begins in (None while no tail is shown),
        # and whether completed blocks are shown (the tail then goes after them).
        self._tail_anchor: TailAnchor | None = None
        self._has_blocks = False
        self._recent_text = ""  # the end of what arrived, to spot runs across pieces
        self._flush_chars = FIRST_FLUSH_CHARS  # what the next frame takes of what arrived
        self._waiting_text = ""  # shown while no answer has come ("" once one has)
        # The whole answer shown (None while streaming), its rendering and how many of the
        # rendering's blocks the document holds: past them, "Show more" adds the next ones.
        self._text: str | None = None
        self._finished_stream: StreamingMarkdown | None = None
        self._rendered: RenderedMarkdown | None = None
        self._shown_blocks = 0
        # The rendering in a thread, cancelled by every later request (the newest wins).
        self._rendering = LatestTask(rendering_tasks, "render-answer")
        self._bar: ShownPartBar | None = None
        self._prefetch = FormulaPrefetch(answer_renderer)  # a stream's formulas, typeset ahead

    def _add_formulas(self, formulas: tuple[Formula, ...]) -> None:
        formula_images.add_formula_images(self.document(), formulas, self.devicePixelRatioF())

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

        text_format = QTextCharFormat()
        text_format.setFontItalic(True)
        text_format.setForeground(QColor(palette_colors()["muted"]))
        self._stream = None
        self._pending.clear()
        self._waiting_text = text
        self._rendering.cancel()
        self._text = None
        self._rendered = None
        self._sync_bar()
        document = self.document()
        document.clear()
        QTextCursor(document).insertText(text, text_format)
        self._fit_height()

    # -- whole answers ------------------------------------------------------------------------

    def set_markdown(self, text: str) -> None:
        """Show a whole answer: its first part, with "Show more" when it is long.

        A long one is rendered in a worker thread; the view keeps what it showed until
        the rendering is ready.
        """
        self._rendering.cancel()
        if self._stream is not None or self._waiting_text:
            self.document().clear()
        self._stream = None
        self._finished_stream = None
        self._waiting_text = ""
        self._pending.clear()
        self._text = text
        self._render(text, MAX_SHOWN_CHARS, first_block=0)

    def _render(self, text: str, shown_chars: int, *, first_block: int) -> None:
        """Render ``text`` (up to ``shown_chars``) and show its blocks from ``first_block``
        on: at once when short, else in a worker thread."""
        from dynaspark_desktop.core.markdown import render_markdown

        render = functools.partial(
            render_markdown,
            text,
            color_scheme(),
            shown_chars=shown_chars,
            notice=False,
            formula_px=formula_images.formula_px(self),
        )
        # Formulas are typeset (and drawn) in the thread: ~10-20 ms each, and a first load.
        short = len(text) <= RENDER_IN_THREAD_CHARS and not formula_images.may_have_formulas(text)
        if short or not loop_running():
            self._show_rendered(render(), first_block)
            return
        if self._bar is not None:
            self._bar.set_counts(*self._shown_counts(), busy=True)
        self._rendering.bind(self._render_in_thread(render, first_block))

    async def _render_in_thread(
        self, render: functools.partial[RenderedMarkdown], first_block: int
    ) -> None:
        ratio = self.devicePixelRatioF()
        rendered = await answer_renderer.run(formula_images.render_and_draw, render, ratio)
        try:
            self._show_rendered(rendered, first_block)
        except RuntimeError:  # the view was deleted meanwhile (its conversation closed)
            log.debug("A rendered answer arrived after its view was closed")

    def _show_rendered(self, rendered: RenderedMarkdown, first_block: int) -> None:
        """Show the rendering's blocks from ``first_block`` on, up to a layout budget."""
        blocks = rendered.blocks
        first_block = min(first_block, len(blocks))
        end = blocks_within_budget(blocks, first_block)
        # Long runs are looked for in the part added (the guard stays on once set).
        ends = rendered.block_ends
        start_char = ends[first_block - 1] if first_block else 0
        added_source = (self._text or "")[start_char : ends[end - 1] if end else 0]
        guard_wrapping(self.document(), added_source, keep=True)
        self._rendered = rendered
        self._code_blocks = rendered.code_blocks
        html = "".join(blocks[first_block:end])
        if first_block == 0:
            set_blocks_html(self.document(), html)
        else:
            append_blocks_html(QTextCursor(self.document()), html)
        self._shown_blocks = end
        self._add_formulas(rendered.formulas)
        self._sync_bar()
        self._fit_height()

    def show_more(self) -> None:
        """Add the next part of the answer (about as costly to show as the first)."""
        if self._stream is not None or not self._has_more():
            return
        rendered = self._rendered
        if rendered is not None and self._shown_blocks < len(rendered.blocks):
            self._show_rendered(rendered, self._shown_blocks)
            return
        if self._text is None and self._finished_stream is not None:
            self._text = self._finished_stream.source  # joined once, on first need
            self._finished_stream = None
        if self._text is None:
            return
        shown, _total = self._shown_counts()
        self._rendering.cancel()
        self._render(self._text, shown + MAX_SHOWN_CHARS, first_block=self._shown_blocks)

    def restyle(self) -> None:
        """Render the answer again, as much of it as is shown, in the colours in use (and the
        language: its code blocks' Copy); a streaming one goes on in them."""
        if self._waiting_text:
            text, self._waiting_text = self._waiting_text, ""
            self.show_waiting(text)
            return
        if self._stream is not None:
            arrived, waiting = self._stream.source, list(self._pending)
            self.begin_stream()  # in the colours in use, what comes next included
            self._pending.extend(waiting)
            self._feed(arrived)
            self._apply(self._stream.update())
            return
        if self._text is None and self._finished_stream is not None:
            self._text = self._finished_stream.source
            self._finished_stream = None
        if self._text is not None:
            self._rendering.cancel()
            self._render(self._text, max(self._shown_counts()[0], MAX_SHOWN_CHARS), first_block=0)

    def _content_height(self) -> int:
        return super()._content_height() + self.viewportMargins().bottom()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        self._place_bar()

    # -- streaming -----------------------------------------------------------------------------

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    def begin_stream(self) -> None:
        from dynaspark_desktop.core.markdown import StreamingMarkdown

        self._rendering.cancel()  # a rendering still in a thread is no longer wanted
        # What is not shown is said by the bar under the view, not in the text.
        self._stream = StreamingMarkdown(
            color_scheme(),  # type: ignore[arg-type]
            notice=False,
            formula_px=formula_images.formula_px(self),
        )
        self._text = None
        self._finished_stream = None
        self._rendered = None
        self._waiting_text = ""
        self._pending.clear()
        self._code_blocks = ()
        self._tail_start = 0
        self._tail_anchor = None
        self._has_blocks = False
        self._recent_text = ""
        self._prefetch = FormulaPrefetch(answer_renderer)
        self._flush_chars = FIRST_FLUSH_CHARS
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
        if self._prefetch.waiting:
            return True  # the text waits a frame or two while its formulas are typeset
        if self._stream.past_display_cap:
            arrived = "".join(self._pending)  # only counted from here on: no budget needed
            self._pending.clear()
        else:
            arrived = take_budget(self._pending, self._flush_chars)
            if self._prefetch.hold(self._stream, arrived, self.devicePixelRatioF()):
                self._pending.appendleft(arrived)  # shown once its formulas are typeset
                return True
        self._feed(arrived)
        update = self._stream.update()
        self._apply(update)
        # The next frame takes as much as this one could have for its layout budget.
        cost = layout_cost(update.completed_html) + (
            layout_cost(update.tail_html) if update.tail_changed else 0
        )
        if arrived and cost:
            fitting = len(arrived) * FLUSH_BUDGET_COST // cost
            self._flush_chars = max(MIN_FLUSH_CHARS, min(FLUSH_BUDGET_CHARS, fitting))
        return bool(self._pending)

    @property
    def streamed_text(self) -> str:
        """What arrived of the answer being streamed ("" when none is)."""
        if self._stream is None:
            return ""
        return self._stream.source + "".join(self._pending)

    @property
    def rendered_so_far_html(self) -> str:
        """The HTML of what the stream shows so far ("" when none is streaming)."""
        return self._stream.html if self._stream is not None else ""

    def end_stream(self) -> None:
        """The answer is complete (or stopped): its last block is final too."""
        if self._stream is None:
            return
        if self._pending:
            self._feed("".join(self._pending))
            self._pending.clear()
        update = self._stream.finish()
        blocks = self._stream.shown_blocks
        if not self._stream.omitted_chars and blocks_within_budget(blocks, 0) == len(blocks):
            # The answer ends as the very document its reload makes (one setHtml of all its
            # blocks): piece by piece, Qt's reading of a few odd shapes (an empty list item
            # or quote) still differs at the seams. Bounded by the layout budget of one
            # showing; a longer answer reloads as its first part and "Show more" anyway.
            self._tail_anchor = None
            set_blocks_html(self.document(), "".join(blocks))
            self._fit_height()
        else:
            self._apply(update)
        self._add_formulas(self._stream.formulas)
        self._code_blocks = self._stream.code_blocks
        stream = self._stream
        self._stream = None
        if stream.omitted_chars:
            # Kept for "Show more", which renders the whole text with a higher limit: its
            # first blocks are the ones shown, so only the next ones are added.
            self._finished_stream = stream
            self._rendered = stream.rendered()
            self._shown_blocks = len(stream.shown_blocks)
        else:
            self._text = stream.source  # all of it is shown: kept to render it again (restyle)
        self._sync_bar()

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
            if self._tail_anchor is not None:
                self._tail_anchor.remove_tail(cursor)
                self._tail_anchor = None
            if update.completed_html:
                self._append_blocks(cursor, update.completed_html)
                self._has_blocks = True
                self._tail_start = cursor.position()
            if update.tail_html:
                self._tail_anchor = TailAnchor.at(document, self._tail_start, self._has_blocks)
                self._append_blocks(cursor, update.tail_html)
        finally:
            cursor.endEditBlock()
            self._hold_height = False
        if self._stream is not None:
            self._code_blocks = self._stream.code_blocks
            self._add_formulas(self._stream.formulas)
            if self._stream.omitted_chars or self._bar is not None:
                self._sync_bar()
        self._fit_height()

    def _append_blocks(self, cursor: QTextCursor, html: str) -> None:
        """Add rendered blocks after what the document shows of the stream (see
        document_blocks.py: the result is what one setHtml of all of them makes)."""
        if self._has_blocks:
            append_blocks_html(cursor, html)
        else:
            set_blocks_html(self.document(), html)
            cursor.movePosition(QTextCursor.MoveOperation.End)
