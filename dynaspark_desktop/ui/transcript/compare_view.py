"""Compare mode's answers, side by side: the question asked, a column per model
(``ComparePane``) in a row, or stacked when the window is narrow (under ``SIDE_BY_SIDE_PX``),
"Stop all" while any streams and "Back to the chat" to leave.

Streamed text is shown at most once a frame, like the transcript's: a timer runs only while
some column has text waiting, so at rest the view costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
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

# Narrower than this, the columns are stacked (each would be too thin to read).
SIDE_BY_SIDE_PX = 900
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
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.columns)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(10)
        self._row.addStretch(0)  # below stacked columns, what they leave of the height
        self._direction: QBoxLayout.Direction | None = None
        self.scroll.setWidget(self.columns)
        outer.addWidget(self.scroll, 1)
        self._frame = QTimer(self, interval=FRAME_MS)
        self._frame.timeout.connect(self._show_arrived)

    # -- a run ------------------------------------------------------------------------------

    def show_run(
        self, question: str, names: Sequence[str], image: PreparedImage | None = None
    ) -> None:
        """Start showing a compared question (with its image's thumbnail): a fresh column
        per model."""
        self._frame.stop()
        for pane in self.panes:
            self._row.removeWidget(pane)
            pane.deleteLater()
        self.panes = []
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
            self._row.insertWidget(index, pane, 0, Qt.AlignmentFlag.AlignTop)
            self.panes.append(pane)
        self._direction = None
        self._lay_out(self.width())
        self.set_running(True)

    def show_column(self, index: int, turn: Turn, *, skipped: str, saved: bool) -> None:
        if 0 <= index < len(self.panes):
            pane = self.panes[index]
            if not turn.pending:
                pane.flush()  # what arrived is shown before the stream is closed
            pane.show_state(turn, skipped=skipped, saved=saved)

    def grow(self, index: int, text: str) -> None:
        if 0 <= index < len(self.panes):
            self.panes[index].grow(text)
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
        waiting = False
        for pane in self.panes:
            waiting = pane.flush() or waiting
        if not waiting:
            self._frame.stop()

    @property
    def side_by_side(self) -> bool:
        return self._direction is QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out(event.size().width())

    def _lay_out(self, width: int) -> None:
        direction = (
            QBoxLayout.Direction.LeftToRight
            if width >= SIDE_BY_SIDE_PX
            else QBoxLayout.Direction.TopToBottom
        )
        if self._direction is direction:
            return
        self._direction = direction
        self._row.setDirection(direction)
        # Side by side the columns share the width; stacked, each is as tall as its answer.
        side_by_side = direction is QBoxLayout.Direction.LeftToRight
        for index in range(len(self.panes)):
            self._row.setStretch(index, 1 if side_by_side else 0)
        self._row.setStretch(len(self.panes), 0 if side_by_side else 1)
