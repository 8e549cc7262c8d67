"""A streaming answer's formulas typeset before the view shows them, on the answer
renderer's thread: typesetting takes 10-20 ms a formula (and ~250 ms to load the typesetter
the first time), more than a frame, so no frame of the UI thread does it.

When the next piece of text to show may complete a formula, the view holds that piece back
(the window goes on; the text waits a frame or two) while the worker renders the open part
of the answer with it, which typesets and draws its formulas into the caches; the view's
own rendering of the same text then finds them there. The formulas' keys depend only on
their source, display style, colour and size, so the worker's rendering and the view's meet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dynaspark_desktop.ui.base.tasks import loop_running
from dynaspark_desktop.ui.base.workers import WorkerClosedError
from dynaspark_desktop.ui.transcript.formula_images import draw_all, may_have_formulas

if TYPE_CHECKING:
    from dynaspark_desktop.core.markdown import StreamingMarkdown
    from dynaspark_desktop.ui.base.workers import SerialWorker

# Characters before a piece that a formula ending in it may have started in.
CONTEXT_CHARS = 2_048


class FormulaPrefetch:
    """One stream's prefetching: :meth:`hold` says whether a piece must wait, and starts the
    worker on it; :attr:`waiting` is True until the worker is done."""

    def __init__(self, worker: SerialWorker) -> None:
        self._worker = worker
        self.waiting = False
        self._fed = 0  # characters of the stream shown so far
        self._through = 0  # ... and up to where its formulas were typeset ahead
        self._recent = ""  # the end of what was shown, for formulas across pieces

    def hold(self, stream: StreamingMarkdown, piece: str, ratio: float) -> bool:
        """Whether ``piece`` (the next text to show) waits for its formulas to be typeset;
        if so, the worker is started on them. Otherwise the piece counts as shown."""
        end = self._fed + len(piece)
        context = self._recent + piece
        # Only formulas that end in text not typeset ahead yet count.
        new_from = len(self._recent) + max(0, self._through - self._fed)
        if end > self._through and may_have_formulas(context, new_from) and loop_running():
            self._through = end
            if self._start(stream, stream.open_source + piece, ratio):
                return True
        self._fed = end
        self._recent = context[-CONTEXT_CHARS:]
        return False

    def _start(self, stream: StreamingMarkdown, source: str, ratio: float) -> bool:
        try:
            self._worker.submit(
                _typeset_ahead, source, stream.scheme, stream.formula_px, ratio, then=self._done
            )
        except WorkerClosedError:  # the app is closing: the piece is shown as it is
            return False
        self.waiting = True
        return True

    def _done(self, _result: object) -> None:
        self.waiting = False


def _typeset_ahead(source: str, scheme: str, formula_px: float | None, ratio: float) -> None:
    """On the worker: the text rendered as the view will, its formulas drawn."""
    from dynaspark_desktop.core.markdown.render import render_block

    rendered = render_block(source, scheme, formula_px=formula_px)  # type: ignore[arg-type]
    draw_all(rendered.formulas, ratio)
