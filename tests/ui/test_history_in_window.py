"""The history through the real window: what was sent, answered, failed or typed survives a
restart; questions are saved before they are sent; a damaged database is set aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import HistoryStore
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import HISTORY_DATABASE, Harness, ask_and_wait, saved_rows, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import write_photo


def test_a_restart_brings_back_the_conversation_its_image_the_failure_and_the_draft(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    first = harness.start_app()
    window = first.window

    async def first_session() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "receipt.jpg")))
        await wait_until(lambda: first.attachments.image is not None)
        await ask_and_wait(qtbot, first, "What is the total?")
        harness.server.queue(Behaviour(kind="status", status=503, body="Service Unavailable"))
        await ask_and_wait(qtbot, first, "And the tax?")
        # A draft: typed and attached, never sent.
        qtbot.keyClicks(window.composer, "Unfinished thought")
        assert drop(window, files_mime(write_photo(tmp_path, "second.png")))
        await wait_until(lambda: first.attachments.image is not None)
        await first.shutdown()

    harness.run(first_session())
    answered, failed = first.chat.conversation.turns
    assert answered.state is TurnState.ANSWERED
    assert failed.state is TurnState.FAILED

    second = harness.start_app()

    async def second_session() -> None:
        await wait_until(lambda: len(second.chat.conversation.turns) == 2)
        await wait_until(lambda: second.attachments.image is not None)

    harness.run(second_session())
    restored_answer, restored_failure = second.chat.conversation.turns
    assert restored_answer.question == "What is the total?"
    assert restored_answer.answer == answered.answer
    assert restored_answer.state is TurnState.ANSWERED
    assert restored_answer.image is not None
    assert restored_answer.image.filename == "receipt.jpg"
    assert restored_answer.image_path is not None
    assert restored_answer.image_path.is_file()
    answer_widget = second.window.transcript.widget_for(restored_answer.id)
    assert answer_widget is not None
    assert answer_widget.thumbnail is not None
    assert not answer_widget.thumbnail.pixmap().isNull()
    assert answered.answer in answer_widget.answer_view.toPlainText()

    assert restored_failure.state is TurnState.FAILED
    assert restored_failure.error == failed.error
    failure_widget = second.window.transcript.widget_for(restored_failure.id)
    assert failure_widget is not None
    assert failure_widget.retry_button.isVisible()
    assert failed.error in failure_widget.error_label.text()

    assert second.window.composer.toPlainText() == "Unfinished thought"
    assert second.attachments.image is not None
    assert second.attachments.image.filename == "second.png"
    assert second.window.attachment_tray.isVisible()
    assert second.window.sidebar is not None
    assert second.window.sidebar.conversation_model.rowCount() == 1
    assert second.window.sidebar.title_of(second.chat.conversation.id or 0) == (
        "What is the total?"
    )

    # Retrying after the restart sends the question again, with the first image, and saves.
    async def retry() -> None:
        failure_widget.retry_button.click()
        await wait_until(lambda: restored_failure.state is TurnState.ANSWERED)
        await second.shutdown()

    harness.run(retry())
    last_request = harness.server.requests[-1]
    assert "And the tax?" in last_request.fields["user_input"]
    assert last_request.files
    assert last_request.files[0].filename == "receipt.jpg"
    rows = saved_rows(harness.data_dir)
    assert [(role, state) for role, _text, state in rows] == [
        ("user", "answered"),
        ("assistant", "answered"),
        ("user", "answered"),
        ("assistant", "answered"),
    ]


def test_the_question_is_saved_before_its_request_leaves(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    harness.server.queue(Behaviour(kind="hang"))

    async def scenario() -> None:
        qtbot.keyClicks(app.window.composer, "Saved first?")
        qtbot.keyClick(app.window.composer, "\r")
        await wait_until(lambda: len(harness.server.requests) == 1)
        # The request is at the server: the question must already be on disk.
        assert saved_rows(harness.data_dir) == [("user", "Saved first?", "sent")]
        app.window.stop_button.click()
        await wait_until(lambda: not app.chat.busy)
        await app.shutdown()

    harness.run(scenario())
    assert saved_rows(harness.data_dir) == [("user", "Saved first?", "cancelled")]


def test_a_damaged_history_is_set_aside_and_the_window_says_where(
    harness: Harness, qtbot: QtBot
) -> None:
    damaged = harness.data_dir / HISTORY_DATABASE
    harness.data_dir.mkdir(parents=True, exist_ok=True)
    garbage = b"this is not a database " * 500
    damaged.write_bytes(garbage)
    app = harness.start_app()

    async def scenario() -> str:
        await wait_until(lambda: "damaged" in app.window.notice_bar.text)
        await ask_and_wait(qtbot, app, "Still works?")
        notice = app.window.notice_bar.text  # still shown after sending
        await app.shutdown()
        return notice

    notice = harness.run(scenario())
    set_aside = [path for path in harness.data_dir.iterdir() if path.name != HISTORY_DATABASE]
    kept = [path for path in set_aside if path.is_file() and path.read_bytes() == garbage]
    assert len(kept) == 1
    assert str(kept[0]) in notice
    assert saved_rows(harness.data_dir)[0] == ("user", "Still works?", "answered")


def test_a_history_from_a_newer_app_is_left_alone_and_chat_still_works(
    harness: Harness, qtbot: QtBot
) -> None:
    harness.data_dir.mkdir(parents=True, exist_ok=True)
    with HistoryStore.open(harness.data_dir):
        pass
    connection = sqlite3.connect(harness.data_dir / HISTORY_DATABASE)
    connection.execute("PRAGMA user_version = 999")
    connection.close()
    app = harness.start_app()

    async def scenario() -> None:
        await wait_until(lambda: bool(app.window.notice_bar.text))
        await ask_and_wait(qtbot, app, "Works without history?")

    harness.run(scenario())
    assert "newer" in app.window.notice_bar.text or "not be saved" in app.window.notice_bar.text
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.ANSWERED


def test_the_draft_is_on_disk_soon_after_typing_without_a_clean_quit(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    """A crash skips shutdown: the draft must already be committed by then."""
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await wait_until(lambda: app.navigator is not None)
        qtbot.keyClicks(window.composer, "Typed just before the crash")
        assert drop(window, files_mime(write_photo(tmp_path, "pending.png")))
        await wait_until(lambda: app.attachments.image is not None)

        def draft_on_disk() -> bool:
            with HistoryStore.open(harness.data_dir) as store:
                draft = store.load_draft(None)
            return (
                draft is not None
                and draft.text == "Typed just before the crash"
                and draft.image is not None
                and draft.image.filename == "pending.png"
            )

        await wait_until(draft_on_disk, timeout=5)

    harness.run(scenario())
