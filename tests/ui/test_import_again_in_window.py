"""Importing through the real window: the same archive twice changes nothing the second time
(and says so), a conversation changed since comes in as a copy marked "(imported)", and
ChatGPT's own export is recognised and imported with what it skipped said."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.storage import HistoryStore, export_all
from tests.storage.chatgpt_fixtures import branched_conversation
from tests.storage.support import add_answered_turn
from tests.ui.conftest import Harness, wait_until


def _history_with_two(data_dir: Path, archive: Path) -> None:
    with HistoryStore.open(data_dir) as store:
        first = store.create_conversation("gemini-1.5-flash", title="Lighthouses").id
        add_answered_turn(store, first, "Where is it?", "North.")
        second = store.create_conversation("gemini-1.5-flash", title="Soup").id
        add_answered_turn(store, second, "Leek soup?", "Yes.")
        export_all(store, archive)
        add_answered_turn(store, first, "And the other one?", "South.")  # changed since


def _titles(app: DesktopApp) -> list[str]:
    sidebar = app.window.sidebar
    assert sidebar is not None
    model = sidebar.conversation_model
    return sorted(str(model.index(row).data()) for row in range(model.rowCount()))


async def _import(app: DesktopApp, path: Path) -> str:
    window = app.window
    assert app.navigator is not None
    window.notice_bar.hide()
    app.navigator.import_from(str(path))
    await wait_until(lambda: window.notice_bar.isVisible() and "Imported" in window.notice_bar.text)
    return window.notice_bar.text


def test_the_same_archive_twice_adds_nothing_the_second_time(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    archive = tmp_path / "all.zip"
    _history_with_two(harness.data_dir, archive)
    app = harness.start_app()

    async def scenario() -> list[str]:
        await wait_until(lambda: app.window.sidebar is not None and len(_titles(app)) == 2)
        texts = [await _import(app, archive)]
        await wait_until(lambda: len(_titles(app)) == 3)
        texts.append(await _import(app, archive))
        return texts

    first, second = harness.run(scenario())
    assert "kept as a copy marked “(imported)”" in first
    assert "skipped 1 already in your history unchanged: “Soup”" in first
    assert second.startswith("Imported 0 conversations; skipped 2 already in your history")
    assert _titles(app) == ["Lighthouses", "Lighthouses (imported)", "Soup"]


def test_a_chatgpt_export_zip_is_recognised_and_imported(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    archive = tmp_path / "chatgpt.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(
            "conversations.json", json.dumps([branched_conversation(), {"title": "Broken"}])
        )
    app = harness.start_app()

    async def opened() -> str:
        await wait_until(lambda: app.window.sidebar is not None)
        text = await _import(app, archive)
        await wait_until(lambda: len(app.chat.conversation.turns) == 2)
        return text

    text = harness.run(opened())
    assert text.startswith("Imported 1 conversation; skipped 1 that was damaged: “Broken”")
    assert _titles(app) == ["Lighthouse trip"]
    questions = [turn.question for turn in app.chat.conversation.turns]
    assert questions == ["Where is the lighthouse?", "How old is it?"]
    assert app.chat.conversation.turns[-1].answer == "Built in 1852."
