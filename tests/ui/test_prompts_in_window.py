"""The prompt library in the real window: the composer's ``/name`` popup, the manage dialog,
Ctrl+P, and a new chat started from an assistant (its system prompt and model reach the
local fake server)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.storage.prompts import LibraryEntry, LibraryKind
from dynaspark_desktop.ui.widgets.prompt_library_dialog import PromptLibraryDialog
from tests.ui.conftest import HISTORY_DATABASE, Harness, ask_and_wait, wait_until

PROMPT, ASSISTANT = LibraryKind.PROMPT, LibraryKind.ASSISTANT


async def _ready(app: DesktopApp, *entries: LibraryEntry) -> None:
    """The window built (the presenter made after the first paint), ``entries`` saved."""
    await wait_until(lambda: app.prompts is not None)
    for entry in entries:
        assert await app.history.save_library_entry(entry, None) is None
    await wait_until(
        lambda: len(app.history.library.prompts) == sum(entry.kind is PROMPT for entry in entries)
    )


def _shown(app: DesktopApp) -> list[str]:
    assert app.prompts is not None
    return [entry.name for entry in app.prompts.completer.shown]


def test_the_slash_popup_narrows_inserts_and_closes_without_losing_text(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    composer = app.window.composer

    async def scenario() -> None:
        await _ready(
            app,
            LibraryEntry(PROMPT, "tldr", "Summarise this in three lines."),
            LibraryEntry(PROMPT, "tone", "Make it friendlier."),
            LibraryEntry(PROMPT, "translate", "Translate into French."),
        )
        assert app.prompts is not None
        completer = app.prompts.completer
        composer.setFocus()
        qtbot.keyClicks(composer, "a/t")  # not at the start of a word: nothing
        assert not completer.is_open
        composer.clear()

        qtbot.keyClicks(composer, "Hello /t")
        assert completer.is_open
        assert _shown(app) == ["tldr", "tone", "translate"]
        qtbot.keyClicks(composer, "r")
        assert _shown(app) == ["translate"]

        qtbot.keyClick(composer, Qt.Key.Key_Escape)
        assert not completer.is_open
        assert composer.toPlainText() == "Hello /tr"
        qtbot.keyClicks(composer, "a")  # the same "/": Esc keeps it closed
        assert not completer.is_open

        qtbot.keyClicks(composer, " /T")  # case is not part of a name
        assert _shown(app) == ["tldr", "tone", "translate"]
        qtbot.keyClick(composer, Qt.Key.Key_Down)
        qtbot.keyClick(composer, Qt.Key.Key_Down)
        qtbot.keyClick(composer, Qt.Key.Key_Up)
        qtbot.keyClick(composer, Qt.Key.Key_Return)  # inserts "tone"; does not send
        assert not completer.is_open
        assert composer.toPlainText() == "Hello /tra Make it friendlier."

        qtbot.keyClicks(composer, " /tl")
        qtbot.keyClick(composer, Qt.Key.Key_Tab)
        assert composer.toPlainText().endswith(" Summarise this in three lines.")

        qtbot.keyClicks(composer, " /tr")
        item = completer.popup.item(0)
        rect = completer.popup.visualItemRect(item)
        qtbot.mouseClick(completer.popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert composer.toPlainText().endswith(" Translate into French.")
        assert composer.hasFocus()

        qtbot.keyClick(composer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert composer.toPlainText().endswith(" /tr")  # one Undo brings the name back

    harness.run(scenario())
    assert harness.server.requests == []  # nothing was sent by the popup's keys


def test_prompts_are_created_renamed_and_deleted_in_the_dialog(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        await _ready(app)
        assert app.prompts is not None
        app.prompts.manage(PROMPT)
        dialog = app.prompts.dialog
        assert isinstance(dialog, PromptLibraryDialog)
        page = dialog.prompts
        page.new_button.click()
        page.name_field.setText("two words")
        page.text_field.setPlainText("Say it plainly.")
        assert not page.save_button.isEnabled()
        assert "no spaces" in page.problem.text()
        page.name_field.setText("plain")
        assert page.save_button.isEnabled()
        page.save_button.click()
        await wait_until(lambda: [e.name for e in app.history.library.prompts] == ["plain"])
        assert page.names.count() == 1

        page.name_field.setText("simple")  # a rename
        page.save_button.click()
        await wait_until(lambda: [e.name for e in app.history.library.prompts] == ["simple"])

        page.new_button.click()
        page.name_field.setText("SIMPLE")
        assert "already a prompt named" in page.problem.text()
        page.name_field.setText("")
        page.names.setCurrentRow(0)
        page.delete_button.click()
        assert page.delete_button.text() == "Delete it?"  # asked first
        assert [e.name for e in app.history.library.prompts] == ["simple"]
        page.delete_button.click()
        await wait_until(lambda: app.history.library.prompts == ())
        dialog.reject()

    harness.run(scenario())
    connection = sqlite3.connect(harness.data_dir / HISTORY_DATABASE)
    try:
        assert connection.execute("SELECT count(*) FROM library").fetchone() == (0,)
    finally:
        connection.close()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_ctrl_p_offers_the_saved_prompts_over_the_message_box(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    composer = app.window.composer

    async def scenario() -> None:
        await _ready(app, LibraryEntry(PROMPT, "fix", "Fix the grammar:"))
        assert app.prompts is not None
        qtbot.keyClicks(composer, "Draft. ")
        qtbot.keyClick(app.window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        menu = app.prompts.prompts_menu
        await wait_until(menu.isVisible)
        (fix,) = [action for action in menu.actions() if action.text() == "/fix"]
        fix.trigger()
        menu.close()

    harness.run(scenario())
    assert composer.toPlainText() == "Draft. Fix the grammar:"


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_new_chat_from_an_assistant_sends_its_system_prompt_and_model(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    pirate = LibraryEntry(ASSISTANT, "Pirate", "Answer like a pirate.", "gemini-2.0-flash")

    async def scenario() -> None:
        await _ready(app, pirate)
        await wait_until(lambda: app.history.library.assistants == (pirate,))
        assert app.prompts is not None
        assert app.window.sidebar is not None
        menu = app.prompts.assistants_menu
        new_chat = app.window.sidebar.new_chat_button  # its right-click offers them too
        new_chat.customContextMenuRequested.emit(new_chat.rect().center())
        await wait_until(menu.isVisible)
        menu.close()
        (chosen,) = [action for action in menu.actions() if action.text() == "Pirate"]
        chosen.trigger()
        assert app.window.header.system_prompt_button.isVisible()
        await ask_and_wait(qtbot, app, "Hello")

    harness.run(scenario())
    request = harness.server.requests[-1]
    assert request.fields["user_input"].startswith("System: Answer like a pirate.")
    assert request.fields["ai_model"] == "gemini-2.0-flash"
    assert app.chat.conversation.system_prompt == "Answer like a pirate."
    QApplication.processEvents()


def test_an_imported_archive_brings_its_prompts_to_the_slash_popup(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    from dynaspark_desktop.storage import HistoryStore, export_all

    archive = tmp_path / "all.zip"
    with HistoryStore.open(tmp_path / "elsewhere") as elsewhere:
        elsewhere.save_library_entry(LibraryEntry(PROMPT, "tldr", "Summarise it."))
        export_all(elsewhere, archive)
    app = harness.start_app()

    async def scenario() -> None:
        await _ready(app)
        report = await app.history.import_file(archive, threading.Event())
        assert "added 1 prompt to your library" in report.user_message()
        assert app.prompts is not None
        await wait_until(lambda: _names(app.prompts.completer.prompts) == ["tldr"])
        qtbot.keyClicks(app.window.composer, "/tl")
        assert app.prompts.completer.is_open

    harness.run(scenario())


def _names(entries: tuple[LibraryEntry, ...]) -> list[str]:
    return [entry.name for entry in entries]


def test_an_assistant_whose_model_is_gone_starts_its_chat_with_the_current_model_and_says_so(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    ghost = LibraryEntry(ASSISTANT, "Ghost", "Answer briefly.", "retired-model-9000")

    async def scenario() -> None:
        await _ready(app, ghost)
        await wait_until(lambda: app.history.library.assistants == (ghost,))
        assert app.prompts is not None
        before = app.window.current_model()
        app.prompts.start_chat(ghost)
        assert app.window.current_model() == before
        note = app.window.notice_bar.text
        assert "“Ghost” uses the model “retired-model-9000”, which no provider offers now" in note
        await ask_and_wait(qtbot, app, "Hello")

    harness.run(scenario())
    request = harness.server.requests[-1]
    assert request.fields["ai_model"] == app.window.current_model()
    assert request.fields["user_input"].startswith("System: Answer briefly.")
