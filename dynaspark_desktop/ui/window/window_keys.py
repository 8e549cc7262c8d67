"""The window's keyboard: binds every row of the shortcut table (``shortcuts.SHORTCUTS``) to
one ``QAction`` on the window, and opens the "Keyboard shortcuts" sheet.

One action per command: the ⋯ menu reuses the same actions (``window_commands``), since two
actions with one shortcut would be ambiguous and Qt would then run neither. The commands that
belong to other parts of the app (Settings, text zoom) are signals here, connected by whoever
owns them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from dynaspark_desktop.ui.window.shortcuts import CONTEXT, SHORTCUTS, key_text, shortcut, shown_keys

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QComboBox, QWidget

    from dynaspark_desktop.ui.widgets.composer import Composer
    from dynaspark_desktop.ui.window.shortcuts_sheet import ShortcutsSheet
    from dynaspark_desktop.ui.window.turn_actions import TurnActions


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
        self._described: dict[str, QWidget] = {}

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

    def describe(self, controls: Mapping[str, QWidget]) -> None:
        """Tell screen readers the keys that do what each control does, by the table's ids
        ("Shortcut: Ctrl+N" on New chat)."""
        self._described.update(controls)
        for row_id, widget in controls.items():
            keys = key_text(shown_keys(shortcut(row_id), self.send_key))
            text = QCoreApplication.translate("Shortcuts", "Shortcut: {keys}").format(keys=keys)
            widget.setAccessibleDescription(text)

    def set_send_key(self, send_key: str) -> None:
        """The send_key setting changed: the sheet, and Send's description, show the key."""
        self.send_key = send_key
        if self.sheet is not None:
            self.sheet.show_send_key(send_key)
        if "send" in self._described:
            self.describe({"send": self._described["send"]})

    def show_sheet(self, window: QWidget) -> None:
        from dynaspark_desktop.ui.window.shortcuts_sheet import ShortcutsSheet

        if self.sheet is None:
            self.sheet = ShortcutsSheet(self.send_key, window)
        self.sheet.open()  # window-modal, no nested event loop; Esc closes it


class KeyedWindow(Protocol):
    """What the main window's own rows of the table act on."""

    newChatRequested: SignalInstance
    promptsRequested: SignalInstance
    closeRequested: SignalInstance
    composer: Composer
    model_picker: QComboBox
    turn_actions: TurnActions
    compare: Any  # the ComparePresenter (None until the models are known)

    def focus_search(self) -> None: ...

    def toggle_sidebar(self) -> None: ...

    def choose_image_file(self) -> None: ...

    def paste_from_clipboard(self) -> None: ...


def window_handlers(window: KeyedWindow) -> dict[str, Callable[[], None]]:
    """What each of the main window's own rows does (the others are WindowKeys' signals)."""
    from PySide6.QtCore import Qt

    turns = window.turn_actions
    return {
        "newChat": window.newChatRequested.emit,
        "search": window.focus_search,
        "toggleSidebar": window.toggle_sidebar,
        "focusComposer": lambda: window.composer.setFocus(Qt.FocusReason.ShortcutFocusReason),
        "focusModelPicker": lambda: focus_or_cycle_picker(window.model_picker),
        "attach": window.choose_image_file,
        "prompts": window.promptsRequested.emit,  # the saved prompts' menu (PromptsPresenter)
        "compare": lambda: window.compare is not None and window.compare.toggle.click(),
        "paste": window.paste_from_clipboard,  # reached only when the composer has no focus
        "askAboutScreen": lambda: _ask_about_screen(window),
        "stop": lambda: (window.compare is not None and window.compare.escape()) or turns.escape(),
        "regenerate": turns.regenerate_last,
        "editLastQuestion": turns.edit_last_question,
        "copyLastAnswer": turns.copy_last_answer,
        "quit": window.closeRequested.emit,
    }


def _ask_about_screen(window: KeyedWindow) -> None:
    # Imported when asked: the capture's modules (and QtDBus) are not needed before.
    from dynaspark_desktop.ui.window.screen_question import ask_about_screen

    ask_about_screen(window)  # the main window itself (KeyedWindow is its keys' view of it)


def focus_or_cycle_picker(picker: QComboBox) -> None:
    """Put the focus on the model picker; when it has it already, choose the next model
    (group headings and notes are disabled rows: skipped)."""
    from PySide6.QtCore import Qt

    if not picker.hasFocus():
        picker.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    model = picker.model()
    count = picker.count()
    for step in range(1, count):
        row = (picker.currentIndex() + step) % count
        if model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsEnabled:
            picker.setCurrentIndex(row)  # the user's choice: modelChosen follows
            return
