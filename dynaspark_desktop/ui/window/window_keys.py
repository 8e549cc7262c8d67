"""The window's keyboard: binds every row of the shortcut table (``shortcuts.SHORTCUTS``) to
one ``QAction`` on the window, and opens the "Keyboard shortcuts" sheet.

One action per command: the ⋯ menu reuses the same actions (``window_commands``), since two
actions with one shortcut would be ambiguous and Qt would then run neither. The commands that
belong to other parts of the app (Settings, text zoom) are signals here, connected by whoever
owns them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from dynaspark_desktop.ui.window.shortcuts import CONTEXT, SHORTCUTS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from dynaspark_desktop.ui.window.shortcuts_sheet import ShortcutsSheet


class WindowKeys(QObject):
    settingsRequested = Signal()
    zoomInRequested = Signal()
    zoomOutRequested = Signal()
    zoomResetRequested = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.actions: dict[str, QAction] = {}
        self.send_key = "enter"  # the send_key setting, shown by the sheet
        self.sheet: ShortcutsSheet | None = None

    def install(self, window: QWidget, handlers: Mapping[str, Callable[[], None]]) -> None:
        """Give ``window`` an action per bound row, calling ``handlers[row.id]``."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction, QKeySequence

        own = {
            "settings": self.settingsRequested.emit,
            "zoomIn": self.zoomInRequested.emit,
            "zoomOut": self.zoomOutRequested.emit,
            "zoomReset": self.zoomResetRequested.emit,
            "shortcuts": lambda: self.show_sheet(window),
        }
        for row in SHORTCUTS:
            if not row.bound:
                continue
            handler = own.get(row.id) or handlers[row.id]  # a row without one is a bug
            action = QAction(QCoreApplication.translate(CONTEXT, row.description), window)
            action.setObjectName(row.id + "Action")
            action.setShortcuts([QKeySequence(keys) for keys in row.keys])
            if row.application_wide:
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(handler)
            window.addAction(action)
            self.actions[row.id] = action

    def set_send_key(self, send_key: str) -> None:
        """The send_key setting changed: the sheet shows the key that sends."""
        self.send_key = send_key
        if self.sheet is not None:
            self.sheet.show_send_key(send_key)

    def show_sheet(self, window: QWidget) -> None:
        from dynaspark_desktop.ui.window.shortcuts_sheet import ShortcutsSheet

        if self.sheet is None:
            self.sheet = ShortcutsSheet(self.send_key, window)
        self.sheet.open()  # window-modal, no nested event loop; Esc closes it
