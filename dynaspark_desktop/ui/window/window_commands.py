"""The window's commands: its keyboard shortcuts and its ⋯ menu.

A command in both has one ``QAction`` for both: two actions with one shortcut would be
ambiguous, and Qt would then run neither. Built after the first paint: nothing before it may
touch ``Qt.*`` enums (see ``MainWindow._finish_setup``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from dynaspark_desktop.core.i18n import translate

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QToolButton, QWidget


@dataclass(frozen=True)
class WindowCommands:
    quit: Callable[[], None]
    paste: Callable[[], None]  # reached only when the composer (which pastes) has no focus
    stop: Callable[[], None]  # Esc
    new_chat: Callable[[], None]
    search: Callable[[], None]
    toggle_sidebar: Callable[[], None]
    copy_last_answer: Callable[[], None]
    providers: Callable[[], None]
    system_prompt: Callable[[], None]
    parameters: Callable[[], None]
    export: Callable[[str], None]  # the shown conversation, as "markdown" or "json"
    export_all: Callable[[], None]
    import_conversations: Callable[[], None]


def install_commands(window: QWidget, menu_button: QToolButton, commands: WindowCommands) -> None:
    """Give ``window`` the shortcuts, and ``menu_button`` the menu, of ``commands``."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMenu

    def add(text: str, keys: QKeySequence, slot: Callable[[], None]) -> QAction:
        action = QAction(text, window)
        action.setShortcut(keys)
        action.triggered.connect(slot)
        window.addAction(action)
        return action

    quit_action = add(translate("WindowCommands", "Quit"), QKeySequence("Ctrl+Q"), commands.quit)
    quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    add(
        translate("WindowCommands", "Paste image"),
        QKeySequence(QKeySequence.StandardKey.Paste),
        commands.paste,
    )
    add(translate("WindowCommands", "Stop"), QKeySequence(Qt.Key.Key_Escape), commands.stop)
    new_chat = add(
        translate("WindowCommands", "New chat"), QKeySequence("Ctrl+N"), commands.new_chat
    )
    search = add(
        translate("WindowCommands", "Search all messages"), QKeySequence("Ctrl+F"), commands.search
    )
    add(
        translate("WindowCommands", "Show or hide the conversations"),
        QKeySequence("Ctrl+B"),
        commands.toggle_sidebar,
    )
    add(
        translate("WindowCommands", "Copy the last answer"),
        QKeySequence("Ctrl+Shift+C"),
        commands.copy_last_answer,
    )

    menu = QMenu(menu_button)
    menu.setObjectName("windowMenu")
    menu.addAction(new_chat)
    menu.addAction(search)
    menu.addSeparator()
    menu.addAction(translate("WindowCommands", "Models and providers…"), commands.providers)
    menu.addAction(
        translate("WindowCommands", "System prompt for this conversation…"), commands.system_prompt
    )
    parameters = menu.addAction(
        translate("WindowCommands", "Parameters for this conversation…"), commands.parameters
    )
    parameters.setObjectName("parametersAction")
    menu.addSeparator()
    menu.addAction(
        translate("WindowCommands", "Export this conversation as Markdown…"),
        lambda: commands.export("markdown"),
    )
    menu.addAction(
        translate("WindowCommands", "Export this conversation as JSON…"),
        lambda: commands.export("json"),
    )
    menu.addAction(translate("WindowCommands", "Export all conversations…"), commands.export_all)
    menu.addAction(
        translate("WindowCommands", "Import conversations…"), commands.import_conversations
    )
    menu_button.setMenu(menu)
