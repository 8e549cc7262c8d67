"""The window's ⋯ menu.

Its commands that have a key (New chat, Search) are the very actions the shortcut table binds
(``window_keys.WindowKeys``): two actions with one shortcut would be ambiguous, and Qt would
then run neither. Built after the first paint: nothing before it may touch ``Qt.*`` enums
(see ``MainWindow._finish_setup``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dynaspark_desktop.core.i18n import translate

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QToolButton


@dataclass(frozen=True)
class WindowCommands:
    providers: Callable[[], None]
    system_prompt: Callable[[], None]
    parameters: Callable[[], None]
    export: Callable[[str], None]  # the shown conversation, as "markdown" or "json"
    export_all: Callable[[], None]
    import_conversations: Callable[[], None]


def install_commands(
    menu_button: QToolButton, commands: WindowCommands, keyed: Mapping[str, QAction]
) -> None:
    """Give ``menu_button`` the menu of ``commands``, and of the ``keyed`` actions (by the
    shortcut table's ids) that belong in it."""
    from PySide6.QtWidgets import QMenu

    menu = QMenu(menu_button)
    menu.setObjectName("windowMenu")
    menu.setAccessibleName(translate("WindowCommands", "More actions"))
    menu.addAction(keyed["newChat"])
    menu.addAction(keyed["search"])
    keyed["askAboutScreen"].setText(translate("WindowCommands", "Ask about the screen…"))
    menu.addAction(keyed["askAboutScreen"])
    menu.addSeparator()
    # The table's Settings action (Ctrl+,; objectName settingsAction), named as a menu
    # entry that opens a window is.
    keyed["settings"].setText(translate("WindowCommands", "Settings…"))
    menu.addAction(keyed["settings"])
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
    menu.addSeparator()
    menu.addAction(keyed["shortcuts"])
    menu_button.setMenu(menu)
