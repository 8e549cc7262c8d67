"""A slim, non-modal message strip: what happened to a drop, a paste, or the app itself.

It shows one notice at a time, as the notices bridge (``ui/base/notices.py``) hands them on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

# From core, not safe_text: the bar is built before the first paint, safe_text needs Qt's
# namespace (see test_startup_path).
from dynaspark_desktop.core.markdown.sanitize import MAX_SHORT_TEXT_SHOWN_CHARS, display_text
from dynaspark_desktop.ui.base.icons import set_icon
from dynaspark_desktop.ui.base.style import set_style_property

if TYPE_CHECKING:
    from dynaspark_desktop.ui.base.notices import Notice

_INFO_VISIBLE_MS = 8000


class NoticeBar(QFrame):
    # The Notice shown went away (dismissed, timed out, its action pressed, hidden as
    # stale); not emitted when a newer notice takes its place.
    closed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setAccessibleName(self.tr("Notice"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel(objectName="noticeText")
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        # An optional action offered with the message (e.g. Undo after a delete).
        self.action_button = QPushButton(objectName="noticeActionButton")
        self.action_button.setAccessibleName(self.tr("The notice's action"))  # named on show
        self.action_button.clicked.connect(self._run_action)
        self.action_button.hide()
        layout.addWidget(self.action_button)
        self._action: Callable[[], None] | None = None
        close = QToolButton(objectName="noticeCloseButton")
        close.setIconSize(QSize(14, 14))
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.setAccessibleName(self.tr("Dismiss notice"))
        close.clicked.connect(self.hide)
        self._close_button = close
        layout.addWidget(close)
        self._ready = False
        self._sticky = False
        self._notice: Notice | None = None
        self._hide_timer = QTimer(self, singleShot=True, interval=_INFO_VISIBLE_MS)
        self._hide_timer.timeout.connect(self.hide)
        self.hide()

    def _make_ready(self) -> None:
        """Finish the bar on first use: Qt enums touched before the window's first paint
        would cost start-up time (PySide6 builds them all at once)."""
        if self._ready:
            return
        from PySide6.QtCore import Qt

        # Messages may quote file names or server text: never interpret them as markup.
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = self.layout()
        layout.setAlignment(self._close_button, Qt.AlignmentFlag.AlignTop)
        set_icon(self._close_button, "close")
        self._ready = True

    @property
    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def show_notice(self, notice: Notice) -> None:
        """Show ``notice`` in place of any other; its level is info (fades after a while),
        progress (something under way, stays), warning or error (stays).

        Its action is a button's label and what it does; the bar hides once it is pressed.
        A sticky notice stays until dismissed, even when the user sends a message.
        """
        self._make_ready()
        text, level, action = notice.text, notice.level, notice.action
        self._notice = notice
        self._sticky = notice.sticky
        # Messages may quote a server or a file name: neutralised, capped, long runs broken.
        self.label.setText(display_text(text, MAX_SHORT_TEXT_SHOWN_CHARS))
        self._action = action[1] if action is not None else None
        if action is not None:
            self.action_button.setText(action[0])
            self.action_button.setAccessibleName(action[0])
        self.action_button.setVisible(action is not None)
        set_style_property(self, "level", level)
        self.show()
        if level == "info":
            self._hide_timer.start()
        else:
            self._hide_timer.stop()

    def withdraw(self, notice: Notice) -> None:
        """``notice`` is over: hidden if it is the one shown."""
        if notice is self._notice:
            self.hide()

    def setVisible(self, visible: bool) -> None:
        # Every hide comes here (the close button, the timer, hide()): the bridge is told.
        closing = None if visible or self.isHidden() else self._notice
        if not visible:
            self._notice = None
        super().setVisible(visible)
        if closing is not None:
            self.closed.emit(closing)

    def hide_unless_sticky(self) -> None:
        """Sending a message makes most notices stale (a refused drop, say), not all."""
        if not self._sticky:
            self.hide()

    def _run_action(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()
