"""What a screen reader meets in the real window: every interactive control has a name (the
window with a conversation and an answer, and each dialog it opens, which Esc closes), and
a finished answer is announced."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from tests.ui.conftest import Harness, ask_and_wait, wait_until

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSpinBox,
    QAbstractSlider,
    QTabBar,
)


def _is_part_of_another(widget: QWidget) -> bool:
    """Qt's own inner parts (a spin box's line edit, a combo box's list, a scroll area's
    scroll bars, a table's header): the screen reader meets the control they belong to."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar | QHeaderView):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(top: QWidget) -> list[str]:
    """Every interactive control under ``top`` whose accessible name is empty: the name a
    screen reader says, as Qt's accessibility interface gives it (set, or from its text)."""
    missing = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or _is_part_of_another(widget):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {_path(widget)}")
    return missing


def _path(widget: QWidget) -> str:
    names = []
    parent = widget.parentWidget()
    while parent is not None:
        names.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return " < ".join(names)


async def _open(app: DesktopApp, trigger: Any, kind: type[QDialog]) -> QDialog:
    trigger()
    found: list[QDialog] = []

    def opened() -> bool:
        found[:] = [d for d in app.window.findChildren(kind) if d.isVisible()]
        return bool(found)

    await wait_until(opened)
    return found[0]


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_every_interactive_control_has_an_accessible_name(harness: Harness, qtbot: QtBot) -> None:
    from dynaspark_desktop.ui.provider_setup.providers_dialog import ProvidersDialog
    from dynaspark_desktop.ui.widgets.parameters_dialog import ParametersDialog
    from dynaspark_desktop.ui.widgets.system_prompt_dialog import SystemPromptDialog
    from dynaspark_desktop.ui.window.shortcuts_sheet import ShortcutsSheet

    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await wait_until(lambda: window.sidebar is not None and bool(window.keys.actions))
        await ask_and_wait(qtbot, app, "What is the capital of France?")
        await ask_and_wait(qtbot, app, "And of Spain?")
        await wait_until(lambda: window.sidebar.conversation_model.rowCount() == 1)  # type: ignore[union-attr]
        window.turn_actions.regenerate_last()  # two answers: the switcher between them
        await wait_until(lambda: not app.chat.busy)
        assert window.transcript.turn_widgets[-1].copy_button.isVisible()
        missing = unnamed_controls(window)
        assert missing == [], "\n".join(missing)

        keys = window.keys.actions
        for trigger, kind in (
            (keys["shortcuts"].trigger, ShortcutsSheet),
            (window.systemPromptRequested.emit, SystemPromptDialog),
            (window.parametersRequested.emit, ParametersDialog),
            (window.providersRequested.emit, ProvidersDialog),
        ):
            dialog = await _open(app, trigger, kind)
            missing = unnamed_controls(dialog)
            assert missing == [], kind.__name__ + ": " + "\n".join(missing)
            # Esc closes each of them, from whatever has the focus in it.
            dialog.activateWindow()
            await wait_until(dialog.isActiveWindow)
            qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
            await wait_until(lambda dialog=dialog: not dialog.isVisible())

    harness.run(scenario())


def test_the_walk_finds_a_control_without_a_name(qtbot: QtBot) -> None:
    """The walk above can fail: an icon-only button with no name is caught."""
    from PySide6.QtWidgets import QToolButton, QVBoxLayout

    top = QWidget()
    qtbot.addWidget(top)
    QVBoxLayout(top).addWidget(QToolButton(objectName="iconOnly"))
    assert unnamed_controls(top) == ["QToolButton 'iconOnly' in QWidget"]


def test_a_finished_answer_is_announced_to_screen_readers(
    harness: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, str, QWidget | None]] = []
    update = QAccessible.updateAccessibility

    def listen(event: Any) -> None:  # the accessibility events Qt is given, passed on
        message = event.message() if hasattr(event, "message") else ""
        sent.append((type(event).__name__, message, event.object()))
        update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(listen))
    app = harness.start_app()
    heard: list[str] = []
    app.window.announcer.announced.connect(heard.append)

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "What is the capital of France?")
        await wait_until(lambda: bool(heard))

    harness.run(scenario())
    answer = app.chat.conversation.turns[-1].answer
    announcements = [entry for entry in sent if entry[0] == "QAccessibleAnnouncementEvent"]
    assert len(announcements) == 1
    _kind, message, target = announcements[0]
    assert message.startswith("Answer complete: ")
    assert answer.split()[0] in message
    assert target is app.window.transcript.turn_widgets[-1].answer_view
    assert heard == [message]
    assert QApplication.focusWidget() is app.window.composer  # the focus did not move
