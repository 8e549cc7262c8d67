"""The sidebar's place at the window's left.

The sidebar itself is built after the first paint; its slot is there from the start, so the
window does not shift when it arrives. A narrow window gives its width to the conversation;
Ctrl+B still shows the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QVBoxLayout

if TYPE_CHECKING:
    from dynaspark_desktop.ui.widgets.sidebar import Sidebar

SIDEBAR_WIDTH = 272
HIDE_SIDEBAR_BELOW = 760  # window width, in pixels
# Shown in a narrow window all the same (Ctrl+B), the sidebar narrows to leave the
# conversation this much, down to its own minimum.
MAIN_COLUMN_MIN_WIDTH = 290
SIDEBAR_MIN_WIDTH = 190


class SidebarSlot(QFrame):
    def __init__(self) -> None:
        super().__init__(objectName="sidebarSlot")
        self.setFixedWidth(SIDEBAR_WIDTH)
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self.sidebar: Sidebar | None = None
        self._wanted = True  # by the user (Ctrl+B): a narrow window hides it anyway
        self._narrow = False

    def build(self) -> None:
        from dynaspark_desktop.ui.widgets.sidebar import Sidebar

        self.sidebar = Sidebar()
        self.layout().addWidget(self.sidebar)
        # Added to a slot that is already on screen: Qt shows such a child only when asked.
        self.sidebar.show()

    def focus_search(self) -> None:
        if self.sidebar is not None:
            self.show()
            self.sidebar.focus_search()

    def toggle(self) -> None:
        self._wanted = self.isHidden()
        self.setVisible(self._wanted)

    def window_resized(self, width: int) -> None:
        self.setFixedWidth(
            max(SIDEBAR_MIN_WIDTH, min(SIDEBAR_WIDTH, width - MAIN_COLUMN_MIN_WIDTH))
        )
        narrow = width < HIDE_SIDEBAR_BELOW
        if narrow != self._narrow:
            self._narrow = narrow
            self.setVisible(self._wanted and not narrow)
