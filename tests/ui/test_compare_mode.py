"""Compare mode through the real window, against local OpenAI-compatible fake servers (one
per provider): one question goes to two models at the same time (the fakes count their
requests in flight, so the overlap is the servers' word, not a timing), each answer is
saved under the question as a sibling of the other, "Continue with this one" makes an
answer the conversation's branch (still chosen when the conversation is opened again), the
answers are found by search and exported; a question with an image skips the models that
cannot see it, and a model that fails ends only its own column."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.ui.window.compare_presenter import ComparePresenter
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.fakes.slow_stream_server import SlowStreamServer
from tests.ui.conftest import HISTORY_DATABASE, Harness, wait_until
from tests.ui.images import write_photo

FIRST = "local:llama3.2:3b"  # cannot see images (guessed from its name)
SECOND = "other:llava:7b"  # can
BROKEN = "broken:llava:7b"


@pytest.fixture
def servers() -> Iterator[tuple[SlowStreamServer, SlowStreamServer]]:
    with (
        SlowStreamServer(pieces=12, piece_delay=0.002).in_thread() as first,
        SlowStreamServer(pieces=12, piece_delay=0.002).in_thread() as second,
    ):
        yield first, second


def _start(harness: Harness, first: str, others: dict[str, str]) -> DesktopApp:
    """The app with ``first`` as the "local" provider and ``others`` (id: base URL) too."""
    settings = Settings.load(harness.data_dir)
    settings.set(
        "providers",
        [
            {"id": key, "preset": "ollama", "label": key.capitalize(), "base_url": url}
            for key, url in others.items()
        ],
    )
    return harness.start_app_with_server(first)


async def _compare_ready(app: DesktopApp, models: list[str]) -> ComparePresenter:
    """Every provider listed its models; compare mode on, with ``models`` chosen."""
    await wait_until(lambda: app.window.compare is not None and app.models is not None)
    assert app.models is not None
    assert app.window.compare is not None
    catalog = app.models.catalog
    await wait_until(lambda: all(catalog.info(key) is not None for key in models))
    compare = app.window.compare
    qt_click(compare.toggle)
    assert compare.active
    assert compare.bar.isVisible()
    compare.bar.set_models(models)
    return compare


def qt_click(widget: object) -> None:
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def _ask(qtbot: QtBot, app: DesktopApp, text: str) -> None:
    qtbot.keyClicks(app.window.composer, text)
    qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)


def _answers_of(data_dir: Path, question: str) -> list[tuple[int, str, str, str]]:
    """(id, model, state, text) of each saved answer to ``question``, oldest first."""
    connection = sqlite3.connect(data_dir / HISTORY_DATABASE)
    try:
        return connection.execute(
            "SELECT a.id, a.model, a.state, a.text FROM messages a JOIN messages q "
            "ON a.parent_id = q.id WHERE q.text = ? AND a.role = 'assistant' "
            "ORDER BY a.position",
            (question,),
        ).fetchall()
    finally:
        connection.close()


def _current_leaf(data_dir: Path) -> int:
    connection = sqlite3.connect(data_dir / HISTORY_DATABASE)
    try:
        return int(connection.execute("SELECT current_leaf FROM conversations").fetchone()[0])
    finally:
        connection.close()


def test_two_models_answer_at_once_and_the_one_continued_with_is_the_branch(
    harness: Harness,
    qtbot: QtBot,
    servers: tuple[SlowStreamServer, SlowStreamServer],
    tmp_path: Path,
) -> None:
    first, second = servers
    first.hold("zebra")
    second.hold("zebra")
    app = _start(harness, first.base_url, {"other": second.base_url})
    question = "zebra stripes, why"

    async def scenario() -> None:
        compare = await _compare_ready(app, [FIRST, SECOND])
        _ask(qtbot, app, question)
        # Both servers hold the question after its first words: both requests are open at
        # the same moment, by the servers' own count.
        await wait_until(lambda: first.in_flight == 1 and second.in_flight == 1)
        assert app.window.composer.toPlainText() == ""
        view = compare.view
        assert view.isVisible()
        assert not app.window.transcript.isVisible()
        assert [pane.name for pane in view.panes] == ["llama3.2:3b", "llava:7b"]
        await wait_until(lambda: all("zebra" in p.answer_view.toPlainText() for p in view.panes))
        assert view.panes[0].stop_button.isVisible()
        # Another chat opened meanwhile: the transcript again; back here, the columns again,
        # with what arrived while away.
        await wait_until(lambda: app.chat.conversation.id is not None)
        compared_in = app.chat.conversation.id
        assert app.navigator is not None
        app.navigator.new_chat()
        assert not view.isVisible()
        assert app.window.transcript.isVisible()
        app.navigator.open(compared_in)
        await wait_until(view.isVisible)
        await wait_until(lambda: all("zebra" in p.answer_view.toPlainText() for p in view.panes))
        assert not app.window.transcript.isVisible()
        first.release("zebra")
        second.release("zebra")
        run = compare.shown_run
        assert run is not None
        await wait_until(lambda: all(column.answer_id is not None for column in run.columns))
        assert [column.turn.state for column in run.columns] == [TurnState.ANSWERED] * 2
        assert "tokens" in view.panes[1].status_label.text()
        assert view.panes[1].continue_button.isVisible()

        answers = _answers_of(harness.data_dir, question)
        # Saved as each ended, in whichever order that was.
        assert sorted(model for _id, model, _state, _text in answers) == [FIRST, SECOND]
        assert all(text.startswith(f"Answer to {question}") for *_rest, text in answers)
        by_model = {model: answer_id for answer_id, model, _state, _text in answers}
        chosen_id = by_model[SECOND]

        qt_click(view.panes[1].continue_button)
        await wait_until(lambda: not view.isVisible() and app.window.transcript.isVisible())
        await wait_until(
            lambda: (
                bool(app.chat.conversation.turns)
                and app.chat.conversation.turns[-1].answered_by == SECOND
            )
        )
        turn = app.chat.conversation.turns[-1]
        assert app.window.current_model() == SECOND  # the chat goes on with that model
        assert turn.question == question
        assert turn.answer_count == 2
        await wait_until(lambda: _current_leaf(harness.data_dir) == chosen_id)

        # Opened again, the conversation shows the answer continued with.
        conversation_id = app.chat.conversation.id
        assert conversation_id is not None
        assert app.navigator is not None
        app.navigator.new_chat()
        app.navigator.open(conversation_id)
        await wait_until(lambda: app.chat.conversation.id == conversation_id)
        await wait_until(lambda: bool(app.chat.conversation.turns))
        assert app.chat.conversation.turns[-1].answered_by == SECOND
        assert app.window.current_model() == SECOND

        # Every answer is searchable and exported, with the choice.
        hits = await app.history.search("word5")
        assert {hit.message_id for hit in hits} >= {by_model[FIRST], chosen_id}
        exported = await app.history.export_json(conversation_id, tmp_path / "chat.json")
        messages = json.loads(exported.read_text())["conversation"]["messages"]
        document = json.loads(exported.read_text())["conversation"]
        replies = [m for m in messages if m["role"] == "assistant"]
        assert sorted(m["model"] for m in replies) == [FIRST, SECOND]
        assert replies[0]["parent"] == replies[1]["parent"]  # siblings under the question
        assert messages[document["current_leaf"]]["model"] == SECOND

    harness.run(scenario())


def test_an_image_skips_the_blind_model_and_a_failing_model_ends_only_its_column(
    harness: Harness,
    qtbot: QtBot,
    servers: tuple[SlowStreamServer, SlowStreamServer],
    tmp_path: Path,
) -> None:
    first, second = servers
    with FakeOpenAI().in_thread() as broken:
        broken.queue_chat(Behaviour(kind="status", status=500, body="the model crashed"))
        app = _start(harness, first.base_url, {"other": second.base_url, "broken": broken.base_url})
        question = "what is in this picture"

        async def scenario() -> None:
            compare = await _compare_ready(app, [FIRST, SECOND, BROKEN])
            app.window.attach_path(str(write_photo(tmp_path)))
            await wait_until(lambda: app.attachments.image is not None)
            _ask(qtbot, app, question)
            run = None

            def ended() -> bool:
                nonlocal run
                run = compare.shown_run
                return run is not None and not run.running

            await wait_until(ended)
            assert run is not None
            skipped, answered, failed = run.columns
            view = compare.view
            assert "cannot see images" in skipped.skipped
            assert view.panes[0].note.isVisible()
            assert "llama3.2:3b" in view.panes[0].note.text()
            assert question not in first.arrived  # never sent to the model that cannot see
            assert answered.turn.state is TurnState.ANSWERED
            assert failed.turn.state is TurnState.FAILED
            assert failed.turn.error
            assert view.panes[2].note.text() == failed.turn.error
            assert not view.panes[2].continue_button.isVisible()
            await wait_until(lambda: answered.answer_id is not None)
            assert view.panes[1].continue_button.isVisible()
            # The keyboard reaches the columns: Shift+Tab from the message box, back through
            # the strip of models, to the answer's "Continue with this one".
            app.window.activateWindow()
            app.window.composer.setFocus()
            for _ in range(30):
                focused = app.window.focusWidget()
                if focused is view.panes[1].continue_button:
                    break
                qtbot.keyClick(focused, Qt.Key.Key_Backtab)
            assert app.window.focusWidget() is view.panes[1].continue_button
            assert [row[1] for row in _answers_of(harness.data_dir, question)] == [SECOND]
            body = second.requests[-1].body
            assert any(
                part.get("type") == "image_url"
                for part in body["messages"][-1]["content"]
                if isinstance(part, dict)
            )

        harness.run(scenario())


def test_one_column_stops_alone_the_columns_stack_when_narrow_and_refusals_keep_the_text(
    harness: Harness,
    qtbot: QtBot,
    servers: tuple[SlowStreamServer, SlowStreamServer],
) -> None:
    first, second = servers
    first.hold("otter")
    second.hold("otter")
    app = _start(harness, first.base_url, {"other": second.base_url})

    async def scenario() -> None:
        compare = await _compare_ready(app, [FIRST])
        composer = app.window.composer
        _ask(qtbot, app, "otter one model")
        assert "at least two" in app.window.notice_bar.text
        assert composer.toPlainText() == "otter one model"  # nothing typed is lost
        assert compare.shown_run is None

        compare.bar.set_models([FIRST, SECOND])
        composer.clear()
        _ask(qtbot, app, "/imagine an otter")
        assert composer.toPlainText() == "/imagine an otter"
        assert compare.shown_run is None

        composer.clear()
        _ask(qtbot, app, "otter facts")
        await wait_until(lambda: first.in_flight == 1 and second.in_flight == 1)
        view = compare.view
        app.window.resize(1400, 800)
        await wait_until(lambda: view.side_by_side)
        app.window.resize(620, 800)
        await wait_until(lambda: not view.side_by_side)

        await wait_until(lambda: "otter" in view.panes[0].answer_view.toPlainText())
        qt_click(view.panes[0].stop_button)
        run = compare.shown_run
        assert run is not None
        await wait_until(lambda: run.columns[0].turn.state is TurnState.CANCELLED)
        assert run.running  # the other column goes on
        assert second.in_flight == 1
        await wait_until(lambda: "otter facts" in first.left)
        second.release("otter")
        await wait_until(lambda: not run.running)
        assert run.columns[1].turn.state is TurnState.ANSWERED
        assert "stopped" in view.panes[0].status_label.text()
        # A stopped answer is kept with what arrived of it, beside the whole one.
        await wait_until(lambda: len(_answers_of(harness.data_dir, "otter facts")) == 2)
        saved = _answers_of(harness.data_dir, "otter facts")
        states = {model: state for _id, model, state, _text in saved}
        assert states == {FIRST: "cancelled", SECOND: "answered"}

        # Sending while the answers are on screen says to choose first; the text stays.
        qtbot.keyClicks(composer, "next")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        assert composer.toPlainText() == "next"
        qt_click(view.close_button)
        await wait_until(lambda: app.window.transcript.isVisible() and not view.isVisible())
        await wait_until(lambda: bool(app.chat.conversation.turns))
        assert app.chat.conversation.turns[-1].question == "otter facts"

        # Ctrl+Shift+K turns compare mode off (and on again).
        shortcut = next(a for a in app.window.actions() if a.objectName() == "compareAction")
        shortcut.trigger()
        assert not compare.active
        assert not compare.bar.isVisible()
        shortcut.trigger()
        assert compare.active

        # Esc stops every column of the comparison on screen.
        second.hold("otter")
        composer.clear()
        _ask(qtbot, app, "otter again")
        await wait_until(lambda: first.in_flight == 1 and second.in_flight == 1)
        again = compare.shown_run
        assert again is not None
        escape = next(a for a in app.window.actions() if a.objectName() == "stopAction")
        escape.trigger()
        await wait_until(lambda: not again.running)
        assert [c.turn.state for c in again.columns] == [TurnState.CANCELLED] * 2

    harness.run(scenario())
