"""The spare turn widget: one built ahead in idle time, without a turn, hidden, styled and
fitted, so that the next message's widget only needs binding to its turn (building one
takes ~5 ms, most of what putting a new message on screen would cost)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from dynaspark_desktop.core.chat import Turn
    from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget

# The spare is built this long after the column last built a widget.
SPARE_AFTER_MS = 400
_SPARE_HEIGHT_PX = 120  # about a new turn's: a one-line question and the waiting answer


class SpareTurnWidget:
    """The spare of a column of turn widgets (``turn_column``), built by ``build``."""

    def __init__(
        self,
        column: QWidget,
        build: Callable[[Turn | None, QWidget], TurnWidget],
        *,
        left: int,
        width: Callable[[], int],
    ) -> None:
        self._column = column
        self._build = build
        self._left = left  # where the column places its widgets, and their width
        self._width = width
        self.widget: TurnWidget | None = None
        self._timer = QTimer(column, singleShot=True, interval=SPARE_AFTER_MS)
        self._timer.timeout.connect(self._make)
        self._timer.start()

    def take(self) -> TurnWidget | None:
        """The spare, for the column to bind to a turn; None if none is ready."""
        widget, self.widget = self.widget, None
        return widget

    def postpone(self) -> None:
        """The column is building: the next spare comes once it has been idle a while."""
        self._timer.start()

    def _make(self) -> None:
        if self.widget is not None:
            return
        spare = self._build(None, self._column)
        spare.fit_to_width(self._width())
        spare.ensurePolished()  # the style sheet's work, done now rather than at show()
        if self._column.isVisible():
            # Shown once, below the column's bottom edge (so nothing is painted), and hidden
            # again: a widget's first show sends every child its pending move and resize
            # events and lays them all out. Paid now, it halves the show that puts the next
            # message on screen.
            top = self._column.height()
            spare.setGeometry(self._left, top, self._width(), _SPARE_HEIGHT_PX)
            spare.show()
            spare.hide()
        self.widget = spare
