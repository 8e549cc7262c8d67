"""What the parts of a turn share for acting on a message: the flat buttons beside it (Edit,
Copy, Regenerate, a picture's Copy and Save, the answer switcher's arrows) and the context
menu of a message's text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolButton

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base.safe_text import SafeTextView
from dynaspark_desktop.ui.transcript.turn_text import copy_message


def action_button(
    text: str,
    description: str,
    *,
    object_name: str = "answerActionButton",
    hidden: bool = False,
) -> QToolButton:
    """A flat button whose tool tip and accessible name say what it does."""
    button = QToolButton(objectName=object_name)
    button.setText(text)
    button.setToolTip(description)
    button.setAccessibleName(description)
    button.setAutoRaise(True)
    # Never show() a widget without a parent: that makes it a window of its own (a
    # platform window, created and destroyed again when a layout adopts the widget),
    # and the update request it posts meanwhile would later repaint this one's window.
    if hidden:
        button.hide()
    return button


def add_message_menu(view: SafeTextView, message: Callable[[], str]) -> None:
    """Give ``view`` a message's context menu: copy the selection, copy the whole message
    (``message()``, asked when the menu opens) as Markdown or as plain text, select all."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(
        lambda position: _show_message_menu(view, position, message())
    )


def _show_message_menu(view: SafeTextView, position: QPoint, message: str) -> None:
    from PySide6.QtWidgets import QMenu

    menu = QMenu(view)
    menu.setObjectName("messageMenu")
    copy_selection = menu.addAction(translate("MessageMenu", "Copy"), view.copy)
    copy_selection.setEnabled(view.textCursor().hasSelection())
    menu.addAction(
        translate("MessageMenu", "Copy message as Markdown"),
        lambda: copy_message(message, as_markdown=True),
    )
    menu.addAction(
        translate("MessageMenu", "Copy message as plain text"),
        lambda: copy_message(message, as_markdown=False),
    )
    menu.addSeparator()
    menu.addAction(translate("MessageMenu", "Select all"), view.selectAll)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(view.mapToGlobal(position))
