"""Keeping the transcript's scrolls cheap: when the view moves (a new turn at the end, an
answer that grows), Qt moves the pixels already painted and repaints only what changed,
instead of repainting every turn in the view.

Qt moves a view's pixels only while nothing in it waits to be repainted: a resize, a move,
a show or a hide inside the view, made before the view moves in the same frame, makes it
repaint the whole view (every earlier turn, their text laid out again). So the column:
resizes itself with static contents (growing repaints only what it adds), moves the view
before it places its widgets, shows a new turn's widget below its bottom edge first, and
makes a turn's changes of content through ``PixelMoves.changing``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def mark_opaque(column: QWidget) -> None:
    """The column paints all of itself, opaque (a style sheet's polish clears this: call
    again then).

    Transparent, the column had every scroll of the view repaint all of it (and the window
    beneath); opaque, Qt moves the pixels already painted and repaints only what comes into
    view. With static contents, a resize marks only what it adds: growing by a new message
    (below the view) marks nothing.
    """
    column.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    column.setAttribute(Qt.WidgetAttribute.WA_StaticContents)


class PixelMoves:
    """What the column did since its last paint, and its changes made without marking."""

    def __init__(self, settle: Callable[[], None]) -> None:
        self._settle = settle  # the column's remeasure: new heights, the view moved
        # A new turn was placed in the view and is not painted yet.
        self._unpainted = False

    def turn_added(self) -> None:
        self._unpainted = True

    def painted(self) -> None:
        self._unpainted = False

    @contextmanager
    def changing(self, widget: QWidget, then: Callable[[], None] | None = None) -> Iterator[None]:
        """``widget``'s content changes within: at the end the view moves to the new heights
        and only ``widget`` is repainted (the turns above move their pixels).

        The widget's updates are off while it changes, so its inner resizes mark nothing;
        the layouts are settled and the view moved at once, then the widget alone is
        repainted when its updates come back on. ``then`` runs once the view has moved (a
        further move of the view, the widget's updates still off).
        """
        quiet = widget.isVisible() and widget.updatesEnabled()
        if quiet and self._unpainted:
            # A new turn placed in this frame (an answer that arrives with its question) is
            # painted first: left waiting, it would stop the move below from moving pixels.
            # That costs the new turn, not the view.
            widget.repaint()
        if quiet:
            widget.setUpdatesEnabled(False)
        try:
            yield
            # The layouts inside the widget, then the column's own (its remeasure), now.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self._settle()
            if then is not None:
                then()
        finally:
            if quiet:
                widget.setUpdatesEnabled(True)
