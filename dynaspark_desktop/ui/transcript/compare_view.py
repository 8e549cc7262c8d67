"""Compare mode's answers, side by side: the question asked, a column per model
(``ComparePane``) side by side (four: two by two), stacked when the window is narrow,
"Stop all" while any streams and "Back to the chat" to leave.

Streamed text is shown at most once a frame, like the transcript's: a timer runs only while
some column has text waiting, so at rest the view costs nothing.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.ui.base.elided_label import ElidedLabel
from dynaspark_desktop.ui.base.thumbnails import ThumbnailView, thumbnail_pixmap
from dynaspark_desktop.ui.transcript.compare_pane import ComparePane
from dynaspark_desktop.ui.transcript.transcript import FRAME_MS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QResizeEvent

    from dynaspark_desktop.core.chat import Turn
    from dynaspark_desktop.core.images import PreparedImage

# In a window narrower than this, the columns are stacked (each would be too thin to read).
SIDE_BY_SIDE_PX = 900
MIN_COLUMN_PX = 300
THUMBNAIL_PX = 48


class CompareView(QWidget):
    stopRequested = Signal(int)  # a column's index, or -1 for every column
    continueRequested = Signal(int)
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="compareView")
        self.panes: list[ComparePane] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        outer.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.title = QLabel(objectName="compareTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.title)
        top.addStretch(1)
        self.stop_all_button = QPushButton(self.tr("Stop all"), objectName="compareStopButton")
        self.stop_all_button.setAccessibleName(self.tr("Stop every answer"))
        self.stop_all_button.clicked.connect(lambda: self.stopRequested.emit(-1))
        top.addWidget(self.stop_all_button)
        self.close_button = QPushButton(
            self.tr("Back to the chat"), objectName="compareCloseButton"
        )
        self.close_button.setAccessibleName(self.tr("Close the comparison"))
        self.close_button.setToolTip(
            self.tr("Every answer is kept; the one shown is the first, unless you chose one")
        )
        self.close_button.clicked.connect(self.closeRequested)
        top.addWidget(self.close_button)
        outer.addLayout(top)
        self._question_row = QHBoxLayout()
        self._question_row.setSpacing(8)
        self._thumbnail: ThumbnailView | None = None
        self.question = ElidedLabel(objectName="compareQuestion")
        self._question_row.addWidget(self.question, 1)
        outer.addLayout(self._question_row)

        self.scroll = QScrollArea(objectName="compareScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns = QWidget(objectName="compareColumns")
        self._grid = QGridLayout(self.columns)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(10)
        self._per_row = 0  # columns side by side in a row (1: stacked); 0 before a layout
        self.scroll.setWidget(self.columns)
        outer.addWidget(self.scroll, 1)
        self._frame = QTimer(self, interval=FRAME_MS)
        self._frame.timeout.connect(self._show_arrived)
        self._arrived: set[int] = set()  # columns with text not shown yet
        self._next_column = 0  # whose turn it is to be shown (see _show_arrived)

    # -- a run ------------------------------------------------------------------------------

    def show_run(
        self, question: str, names: Sequence[str], image: PreparedImage | None = None
    ) -> None:
        """Start showing a compared question (with its image's thumbnail): a fresh column
        per model."""
        self.clear()
        self.title.setText(self.tr("Answers side by side"))
        self.question.setText(" ".join(question.split()))
        self.question.setToolTip(question)
        if self._thumbnail is not None:
            self._thumbnail.deleteLater()
            self._thumbnail = None
        if image is not None:
            self._thumbnail = ThumbnailView(thumbnail_pixmap(image, THUMBNAIL_PX))
            self._thumbnail.setAccessibleName(self.tr("The question's image"))
            self._question_row.insertWidget(0, self._thumbnail)
        for index, name in enumerate(names):
            pane = ComparePane(name, self.columns)
            pane.stopRequested.connect(lambda index=index: self.stopRequested.emit(index))
            pane.continueRequested.connect(lambda index=index: self.continueRequested.emit(index))
            self.panes.append(pane)
        self._per_row = 0
        self._lay_out(self.width())
        self.set_running(True)

    def clear(self) -> None:
        """Let the columns go (their answers' documents with them)."""
        self._frame.stop()
        self._arrived.clear()
        for pane in self.panes:
            self._grid.removeWidget(pane)
            pane.deleteLater()
        self.panes = []

    def show_column(self, index: int, turn: Turn, *, skipped: str, saved: bool) -> None:
        if 0 <= index < len(self.panes):
            if not turn.pending:
                self._arrived.discard(index)  # ending the stream shows all that arrived
            self.panes[index].show_state(turn, skipped=skipped, saved=saved)

    def grow(self, index: int, text: str) -> None:
        if 0 <= index < len(self.panes):
            self.panes[index].grow(text)
            self._arrived.add(index)
            if not self._frame.isActive():
                self._show_arrived()  # the first piece after a quiet frame: at once
                self._frame.start()

    def set_running(self, running: bool) -> None:
        self.stop_all_button.setVisible(running)

    def set_chosen(self, index: int) -> None:
        for number, pane in enumerate(self.panes):
            pane.set_chosen(number == index)

    def restyle(self) -> None:
        for pane in self.panes:
            pane.restyle()

    # -- painting and layout ----------------------------------------------------------------

    def _show_arrived(self) -> None:
        """One column a frame, in turn: four streams cost a frame what one costs in the
        transcript (a column still takes up to a frame's budget each time: 16 kB)."""
        if not self._arrived:
            self._frame.stop()
            return
        index = min(self._arrived, key=lambda i: (i - self._next_column) % len(self.panes))
        self._next_column = index + 1
        if not self.panes[index].flush():
            self._arrived.discard(index)

    @property
    def side_by_side(self) -> bool:
        return self._per_row > 1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out(event.size().width())

    def _lay_out(self, width: int) -> None:
        """Side by side, each column at least ``MIN_COLUMN_PX`` wide, in rows of as even a
        count as fits (four: two by two); stacked in a window under ``SIDE_BY_SIDE_PX``."""
        count = len(self.panes)
        per_row = max(1, min(count, width // MIN_COLUMN_PX))
        if self.window().width() < SIDE_BY_SIDE_PX:
            per_row = 1
        per_row = math.ceil(count / math.ceil(count / per_row)) if count else 1
        if per_row == self._per_row:
            return
        self._per_row = per_row
        grid = self._grid
        for pane in self.panes:
            grid.removeWidget(pane)
        for index, pane in enumerate(self.panes):
            # No alignment: the panes of a row fill its height, so side by side they end,
            # and their "Continue with this one" buttons sit, on one line.
            grid.addWidget(pane, index // per_row, index % per_row)
        for column in range(max(grid.columnCount(), per_row)):
            grid.setColumnStretch(column, 1 if column < per_row else 0)
        rows = math.ceil(count / per_row)
        for row in range(max(grid.rowCount(), rows + 1)):
            grid.setRowStretch(row, 1 if row == rows else 0)  # what the columns leave
