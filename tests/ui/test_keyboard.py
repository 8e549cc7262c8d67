"""The keyboard through the real window: every row of the shortcut table bound once, the keys
doing what the table says (the sheet, Settings and zoom signals, the picker, the turn
actions), Tab in reading order, ↓ and Enter from the search into its results, Esc closing
what is open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.ui.window.shortcuts import SHORTCUTS
from dynaspark_desktop.ui.window.shortcuts_sheet import ShortcutsSheet
from tests.ui.conftest import Harness, ask_and_wait, wait_until
from tests.ui.test_sidebar import _seed

CTRL = Qt.KeyboardModifier.ControlModifier


async def _ready(app: DesktopApp) -> None:
    window = app.window
    await wait_until(lambda: window.sidebar is not None and bool(window.keys.actions))
    window.activateWindow()
    await wait_until(window.isActiveWindow)


def _press(qtbot: QtBot, app: DesktopApp, keys: str) -> None:
    """Type ``keys`` (a key sequence) at the widget with the focus, as the user would."""
    combination = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or app.window
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())


def test_every_row_of_the_table_is_bound_once_and_no_key_is_taken_twice(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        await _ready(app)

    harness.run(scenario())
    ids = [row.id for row in SHORTCUTS]
    assert len(ids) == len(set(ids))
    taken: dict[str, str] = {}
    for row in SHORTCUTS:
        for keys in row.keys:
            portable = QKeySequence(keys).toString()
            assert portable, f"{row.id}: {keys!r} is not a key sequence"
            assert portable not in taken, f"{keys} is both {taken.get(portable)} and {row.id}"
            taken[portable] = row.id
        if not row.bound:
            continue
        action = app.window.findChild(QAction, row.id + "Action")
        assert action is not None, row.id
        assert [k.toString() for k in action.shortcuts()] == [
            QKeySequence(k).toString() for k in row.keys
        ]
    for asked in ("Ctrl+N", "Ctrl+F", "Ctrl+B", "Esc", "Ctrl+Q", "Ctrl+,", "F1", "Ctrl+/"):
        assert QKeySequence(asked).toString() in taken


def test_the_sheet_settings_zoom_and_focus_keys(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    window = app.window
    heard: list[str] = []
    for name in ("settings", "zoomIn", "zoomOut", "zoomReset"):
        getattr(window.keys, name + "Requested").connect(lambda name=name: heard.append(name))

    async def scenario() -> None:
        await _ready(app)
        # F1: the sheet, written from the table; Esc closes it.
        _press(qtbot, app, "F1")
        sheet = window.findChild(ShortcutsSheet)
        assert sheet is not None
        await wait_until(sheet.isVisible)
        described = []
        for group in range(sheet.table.topLevelItemCount()):
            heading = sheet.table.topLevelItem(group)
            described += [heading.child(i).text(0) for i in range(heading.childCount())]
        assert described == [row.description for row in SHORTCUTS]
        assert sheet.keys_shown("send") == "Enter"
        assert sheet.keys_shown("zoomIn") == "Ctrl++ or Ctrl+="
        qtbot.keyClick(sheet.table, Qt.Key.Key_Escape)
        await wait_until(lambda: not sheet.isVisible())

        # Controls name their keys to screen readers, from the same table.
        assert window.header.sidebar_button.accessibleDescription() == "Shortcut: Ctrl+B"
        assert window.send_button.accessibleDescription() == "Shortcut: Enter"

        # The send_key setting changes what the sheet shows, at once.
        app.settings.set("send_key", "ctrl_enter")
        assert window.send_button.accessibleDescription() == "Shortcut: Ctrl+Enter"
        window.activateWindow()
        await wait_until(window.isActiveWindow)
        window.composer.setFocus()
        _press(qtbot, app, "Ctrl+/")
        await wait_until(sheet.isVisible)
        assert sheet.keys_shown("send") == "Ctrl+Enter"
        assert sheet.keys_shown("newLine") == "Enter or Shift+Enter"
        qtbot.keyClick(sheet.table, Qt.Key.Key_Escape)
        await wait_until(lambda: not sheet.isVisible())
        window.activateWindow()
        await wait_until(window.isActiveWindow)

        for keys in ("Ctrl+,", "Ctrl++", "Ctrl+=", "Ctrl+-", "Ctrl+0"):
            _press(qtbot, app, keys)
        assert heard == ["settings", "zoomIn", "zoomIn", "zoomOut", "zoomReset"]

        # Ctrl+M: to the model picker; again: the next model, which is the user's choice.
        picker = window.model_picker
        before = window.current_model()
        _press(qtbot, app, "Ctrl+M")
        await wait_until(picker.hasFocus)
        assert window.current_model() == before
        _press(qtbot, app, "Ctrl+M")
        assert window.current_model() != before
        assert app.settings.get("model") == window.current_model()
        # Ctrl+L: back to the message; Ctrl+F: the search.
        _press(qtbot, app, "Ctrl+L")
        await wait_until(window.composer.hasFocus)
        _press(qtbot, app, "Ctrl+F")
        assert window.sidebar is not None
        await wait_until(window.sidebar.search_field.hasFocus)

    harness.run(scenario())


def test_regenerate_edit_and_copy_the_last_turn_by_key(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await _ready(app)
        await ask_and_wait(qtbot, app, "What is the capital of France?")
        turn = app.chat.conversation.turns[-1]
        first_answer = turn.answer
        assert first_answer

        _press(qtbot, app, "Ctrl+Shift+C")
        assert QGuiApplication.clipboard().text() == first_answer

        _press(qtbot, app, "Ctrl+R")  # the last answer again: the first one kept aside
        await wait_until(lambda: not app.chat.busy and bool(turn.earlier_answers))
        assert turn.earlier_answers[0][0] == first_answer

        qtbot.keyClicks(window.composer, "a draft")
        _press(qtbot, app, "Ctrl+E")  # the last question into the composer, to change
        assert window.turn_actions.editing
        assert window.composer.toPlainText() == "What is the capital of France?"
        _press(qtbot, app, "Esc")  # nothing on its way: Esc cancels the edit
        assert not window.turn_actions.editing
        assert window.composer.toPlainText() == "a draft"

        window.composer.clear()
        _press(qtbot, app, "Ctrl+E")
        window.composer.selectAll()
        qtbot.keyClicks(window.composer, "And of Spain?")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await wait_until(lambda: not app.chat.busy and turn.question == "And of Spain?")
        assert not window.turn_actions.editing
        assert len(turn.question_version_ids) == 2  # the edit branched

    harness.run(scenario())


def _group_of(app: DesktopApp, widget: QWidget) -> str:
    window = app.window
    for name, part in (
        ("sidebar", window.sidebar),
        ("header", window.header),
        ("transcript", window.transcript),
        ("composer", window.composer_area),
    ):
        if part is not None and (widget is part or part.isAncestorOf(widget)):
            return name
    return "elsewhere"


def test_tab_goes_through_the_window_in_reading_order(harness: Harness, qtbot: QtBot) -> None:
    _seed(harness.data_dir, [("Cooking", "gemini-2.0-flash", 1)])
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await _ready(app)
        await ask_and_wait(qtbot, app, "A question")
        assert window.sidebar is not None
        window.sidebar.new_chat_button.setFocus()
        visited: list[QWidget] = []
        for _ in range(60):
            focused = QApplication.focusWidget()
            assert focused is not None
            if focused in visited:
                break
            visited.append(focused)
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
        groups = [_group_of(app, widget) for widget in visited]
        order = list(dict.fromkeys(groups))
        assert order == ["sidebar", "header", "transcript", "composer"], groups
        names = [widget.objectName() for widget in visited]
        for expected in ("searchField", "conversationList", "modelPicker", "composer"):
            assert expected in names
        turn = window.transcript.turn_widgets[-1]
        assert turn.copy_button in visited
        assert turn.edit_button in visited
        assert visited.index(turn.edit_button) < visited.index(turn.copy_button)
        # Shift+Tab goes back the same way.
        window.composer.setFocus()
        qtbot.keyClick(window.composer, Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is visited[visited.index(window.composer) - 1]

    harness.run(scenario())


def test_down_from_the_search_goes_into_the_results_and_enter_opens_the_hit(
    harness: Harness, qtbot: QtBot
) -> None:
    cooking, _travel = _seed(
        harness.data_dir, [("Cooking", "gemini-2.0-flash", 2), ("Travel", "gemini-2.0-flash", 1)]
    )
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await _ready(app)
        sidebar = window.sidebar
        assert sidebar is not None
        await wait_until(lambda: sidebar.conversation_model.rowCount() == 2)
        _press(qtbot, app, "Ctrl+F")
        qtbot.keyClicks(sidebar.search_field, "Cooking answer")
        await wait_until(lambda: sidebar.results_model.rowCount() > 0)
        await wait_until(lambda: sidebar.stack.currentWidget() is sidebar.results_view)
        qtbot.keyClick(sidebar.search_field, Qt.Key.Key_Down)
        assert sidebar.results_view.hasFocus()
        assert sidebar.results_view.currentIndex().row() == 0
        qtbot.keyClick(sidebar.results_view, Qt.Key.Key_Up)  # back to the field, and down
        assert sidebar.search_field.hasFocus()
        qtbot.keyClick(sidebar.search_field, Qt.Key.Key_Down)
        assert sidebar.results_view.hasFocus()
        qtbot.keyClick(sidebar.results_view, Qt.Key.Key_Return)
        await wait_until(lambda: app.chat.conversation.id == cooking)

        # Esc in the results closes the search: the conversations again, nothing stopped.
        qtbot.keyClick(sidebar.results_view, Qt.Key.Key_Escape)
        assert sidebar.search_field.text() == ""
        assert sidebar.stack.currentWidget() is sidebar.conversation_view
        assert sidebar.search_field.hasFocus()
        # In the conversations: arrows move, Enter opens.
        sidebar.conversation_view.setFocus()
        sidebar.conversation_view.setCurrentIndex(sidebar.conversation_model.index(0))
        qtbot.keyClick(sidebar.conversation_view, Qt.Key.Key_Down)
        qtbot.keyClick(sidebar.conversation_view, Qt.Key.Key_Return)
        await wait_until(lambda: app.chat.conversation.id == cooking)

    harness.run(scenario())


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_esc_closes_the_menu_and_the_pickers_list(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await _ready(app)
        menu = window.header.menu_button.menu()
        assert menu is not None
        menu.popup(window.header.menu_button.mapToGlobal(window.header.menu_button.rect().center()))
        await wait_until(menu.isVisible)
        qtbot.keyClick(menu, Qt.Key.Key_Escape)
        await wait_until(lambda: not menu.isVisible())

        picker = window.model_picker
        picker.setFocus()
        picker.showPopup()
        popup = picker.view()
        await wait_until(popup.isVisible)
        before = window.current_model()
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
        await wait_until(lambda: not popup.isVisible())
        assert window.current_model() == before
        # Arrows and Enter in the picker's list choose a model.
        picker.showPopup()
        await wait_until(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        await wait_until(lambda: not popup.isVisible())
        assert window.current_model() != before

    harness.run(scenario())


def test_a_control_reached_by_tab_shows_that_it_has_the_focus(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await _ready(app)
        assert window.sidebar is not None
        unchanged = []
        for control in (
            window.sidebar.new_chat_button,
            window.header.sidebar_button,
            window.model_picker,
            window.header.menu_button,
            window.attach_button,
        ):
            window.composer.setFocus()
            before = control.grab().toImage()
            control.setFocus(Qt.FocusReason.TabFocusReason)
            await wait_until(control.hasFocus)
            if control.grab().toImage() == before:
                unchanged.append(control.objectName())
        assert unchanged == []

    harness.run(scenario())


def test_esc_in_a_title_being_renamed_cancels_the_rename(harness: Harness, qtbot: QtBot) -> None:
    _seed(harness.data_dir, [("Cooking", "gemini-2.0-flash", 1)])
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await _ready(app)
        sidebar = window.sidebar
        assert sidebar is not None
        await wait_until(lambda: sidebar.conversation_model.rowCount() == 1)
        view = sidebar.conversation_view
        view.setFocus()
        view.setCurrentIndex(sidebar.conversation_model.index(0))
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        assert editor.accessibleName() == "Conversation title"
        qtbot.keyClicks(editor, "Baking")
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
        await wait_until(lambda: not editor.isVisible())
        assert sidebar.title_of(sidebar.conversation_model.summary(0).id) == "Cooking"

    harness.run(scenario())
