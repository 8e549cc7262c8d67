""" "Open with Dynaspark Desktop" on a picture (a path on the command line): the real window
starts a new chat with the picture attached, both at launch and when the app is already
running (the later launch hands the path over the single-instance channel)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.single_instance import LOCK_FILE_NAME, claim_data_folder, hand_over
from tests.ui.conftest import HISTORY_DATABASE, Harness, ask_and_wait, saved_rows, wait_until
from tests.ui.images import write_photo


def _first_session_with_a_conversation(harness: Harness, qtbot: QtBot) -> int:
    """A conversation is asked and answered, then the app quits: it is the one reopened."""
    first = harness.start_app()

    async def session() -> None:
        await wait_until(lambda: first.navigator is not None and first.history.available)
        await ask_and_wait(qtbot, first, "An earlier question")
        await wait_until(lambda: first.chat.conversation.id is not None)
        await first.shutdown()

    harness.run(session())
    conversation_id = first.chat.conversation.id
    assert conversation_id is not None
    assert first.settings.get("open_conversation") == conversation_id
    return conversation_id


def test_a_picture_opened_with_the_app_starts_a_new_chat_with_it_attached(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    earlier = _first_session_with_a_conversation(harness, qtbot)
    photo = write_photo(tmp_path, "from-the-file-manager.jpg")
    app = harness.start_app(files=(str(photo),))

    async def scenario() -> None:
        running = asyncio.ensure_future(app.run())
        await wait_until(lambda: app.navigator is not None and app.history.available)
        await wait_until(lambda: app.attachments.image is not None)
        sidebar = app.window.sidebar
        assert sidebar is not None
        # The earlier conversation is still listed, but not the one shown.
        await wait_until(lambda: sidebar.conversation_model.rowCount() == 1)
        await asyncio.sleep(0.2)  # an open of the earlier conversation would land by now
        app.request_quit()
        await running

    harness.run(scenario())
    assert app.chat.conversation.id is None
    assert app.chat.conversation.turns == []
    assert app.window.transcript.turn_widgets == []
    assert app.attachments.image is not None
    assert app.attachments.image.filename == "from-the-file-manager.jpg"
    assert app.settings.get("open_conversation") != earlier
    assert ("user", "An earlier question", "answered") in saved_rows(harness.data_dir)


def test_a_picture_handed_to_the_running_app_starts_a_new_chat_there(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    claim = claim_data_folder(harness.data_dir)
    assert claim is not None
    app = harness.start_app()
    app.instance = claim
    photo = write_photo(tmp_path, "second-launch.png")
    ids: list[int | None] = []

    async def scenario() -> None:
        running = asyncio.ensure_future(app.run())
        await wait_until(lambda: app.navigator is not None and app.history.available)
        await wait_until(lambda: (harness.data_dir / LOCK_FILE_NAME).stat().st_size > 0)
        await ask_and_wait(qtbot, app, "A conversation already open")
        await wait_until(lambda: app.chat.conversation.id is not None)
        ids.append(app.chat.conversation.id)
        qtbot.keyClicks(app.window.composer, "half a thought")
        # A later launch, as launch.main makes it: the path over the real channel.
        await asyncio.to_thread(hand_over, harness.data_dir, [str(photo)])
        await wait_until(lambda: app.attachments.image is not None)
        assert app.window.composer.toPlainText() == ""  # the new chat's, empty
        app.request_quit()
        await running

    try:
        harness.run(scenario(), timeout=60)
    finally:
        claim.release()
    assert app.chat.conversation.id is None
    assert app.chat.conversation.turns == []
    assert app.attachments.image is not None
    assert app.attachments.image.filename == "second-launch.png"
    # The conversation that was open keeps its question, its answer and its draft.
    earlier_id = ids[0]
    rows = saved_rows(harness.data_dir)
    assert ("user", "A conversation already open", "answered") in rows
    connection = sqlite3.connect(harness.data_dir / HISTORY_DATABASE)
    try:
        drafts = connection.execute("SELECT conversation_id, text FROM drafts").fetchall()
    finally:
        connection.close()
    assert (earlier_id, "half a thought") in drafts
