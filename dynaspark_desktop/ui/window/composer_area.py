"""The bottom of the window: the notice bar, the attached image, the composer and its
buttons (attach, and Send and Stop taking turns in one place)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QVBoxLayout, QWidget

from dynaspark_desktop.ui.base.icons import icon, set_icon
from dynaspark_desktop.ui.base.notice_bar import NoticeBar
from dynaspark_desktop.ui.base.style import MAX_READING_WIDTH
from dynaspark_desktop.ui.widgets.attachment_tray import AttachmentTray
from dynaspark_desktop.ui.widgets.compare_bar import CompareToggle
from dynaspark_desktop.ui.widgets.composer import Composer
from dynaspark_desktop.ui.widgets.document_chips import DocumentChips

_EDGE = 16  # the least room on each side


class ComposerArea(QFrame):
    # Compare mode's strip of models (none until add_compare).
    compare_bar: QWidget | None = None

    def __init__(self) -> None:
        super().__init__(objectName="composerArea")
        column = QVBoxLayout(self)
        column.setContentsMargins(_EDGE, 10, _EDGE, 14)
        column.setSpacing(8)
        self.notice_bar = NoticeBar()
        column.addWidget(self.notice_bar)
        self.attachment_tray = AttachmentTray()
        column.addWidget(self.attachment_tray)
        self.document_chips = DocumentChips()
        column.addWidget(self.document_chips)

        frame = QFrame(objectName="composerFrame")
        row = QHBoxLayout(frame)
        row.setContentsMargins(6, 6, 6, 6)
        row.setSpacing(6)
        self.attach_button = QToolButton(objectName="attachButton")
        set_icon(self.attach_button, "attach")
        self.attach_button.setIconSize(QSize(22, 22))
        self.attach_button.setToolTip(
            self.tr("Attach images or documents (or drop them anywhere, or paste)")
        )
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        row.addWidget(self.attach_button)
        # Compare mode's toggle, in place from the first paint (nothing moves when compare
        # mode's presenter comes, with the models); off and disabled until then.
        self.compare_button = CompareToggle()
        self.compare_button.setEnabled(False)
        row.addWidget(self.compare_button)
        self.composer = Composer()
        row.addWidget(self.composer, 1)
        self.send_button = QPushButton(self.tr("Send"), objectName="sendButton")
        self.send_button.setIcon(icon("send"))
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        row.addWidget(self.send_button)
        self.stop_button = QPushButton(self.tr("Stop"), objectName="stopButton")
        self.stop_button.setAccessibleName(self.tr("Stop the answer"))
        self.stop_button.setToolTip(self.tr("Stop waiting for this answer (Esc)"))
        self.stop_button.hide()
        row.addWidget(self.stop_button)
        column.addWidget(frame)
        self._column = column
        self._sendable: bool | None = None

    def add_compare(self, bar: QWidget) -> None:
        """Compare mode's strip of models, above the composer (hidden until compare mode is
        on): see ``window/compare_presenter.py``."""
        self._column.insertWidget(self._column.indexOf(self.attachment_tray) + 1, bar)
        self.compare_bar = bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a wide window the composer, the attached image and the notices keep to the
        transcript's reading width, centred under it."""
        super().resizeEvent(event)
        side = max(_EDGE, (event.size().width() - MAX_READING_WIDTH) // 2)
        layout = self.layout()
        margins = layout.contentsMargins()
        if margins.left() != side:
            layout.setContentsMargins(side, margins.top(), side, margins.bottom())

    def finish_setup(self) -> None:
        """After the first paint (see ``MainWindow._finish_setup``)."""
        self.stop_button.setIcon(icon("stop"))
        self.texts_changed()

    def texts_changed(self) -> None:
        """Send and Stop as wide as the wider of their texts (also after a change of
        language)."""
        # Send and Stop take turns in one place. Of one width, swapping them moves nothing:
        # Stop was 2 px narrower, so every Send resized the composer (and laid out its text
        # again) inside the key's handler.
        width = max(self.send_button.sizeHint().width(), self.stop_button.sizeHint().width())
        self.send_button.setFixedWidth(width)
        self.stop_button.setFixedWidth(width)

    def show_buttons(self, *, busy: bool, sendable: bool) -> None:
        """Stop while an answer is on its way, else Send (enabled when there is something
        that can be sent)."""
        # Called at every keystroke and twice per Send: Qt's setVisible costs even unchanged.
        if self.send_button.isHidden() is not busy:
            self.send_button.setVisible(not busy)
            self.stop_button.setVisible(busy)
        if self._sendable is not sendable:
            self._sendable = sendable
            self.send_button.setEnabled(sendable)
