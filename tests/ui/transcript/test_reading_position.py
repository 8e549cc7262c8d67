"""Where the view stands when an answer comes, through the real window and local fake
servers: an answer that arrives whole (a non-streaming service, or one big piece) and a
Retry of an older turn keep the question in sight with the answer's start below it; a
streamed answer is followed to the end, as before."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget
from tests.fakes import dynaspark_server
from tests.fakes.openai_server import Behaviour, FakeOpenAI, chunk
from tests.ui.conftest import Harness, ask_and_wait, wait_until

# Far taller than the view: 60 paragraphs of a line or two each.
LONG_ANSWER = "\n\n".join(
    f"Paragraph {number}: " + " ".join(f"word{n}" for n in range(12)) for number in range(60)
)
FIRST_LINE = "Paragraph 0:"
WINDOW_SIZE = (900, 700)


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def _sized(app: DesktopApp) -> DesktopApp:
    app.window.resize(*WINDOW_SIZE)
    return app


def _widget(app: DesktopApp, index: int) -> TurnWidget:
    widget = app.window.transcript.widget_for(app.chat.conversation.turns[index].id)
    assert widget is not None
    return widget


def _top_in_view(app: DesktopApp, widget: TurnWidget) -> int:
    """Where the turn's top (its question) is, in the transcript's viewport."""
    scroll = app.window.transcript._ensure_scroll_area()
    return widget.mapTo(scroll.viewport(), QPoint(0, 0)).y()


def _view_height(app: DesktopApp) -> int:
    return app.window.transcript._ensure_scroll_area().viewport().height()


def _assert_question_and_first_line_in_view(app: DesktopApp, widget: TurnWidget) -> None:
    top = _top_in_view(app, widget)
    assert 0 <= top < _view_height(app)
    view = widget.answer_view
    assert view.toPlainText().startswith(FIRST_LINE)
    answer_top = view.mapTo(app.window.transcript._ensure_scroll_area().viewport(), QPoint()).y()
    assert 0 <= answer_top < _view_height(app) - 20  # its first line shows
    bar = app.window.transcript.verticalScrollBar()
    assert bar.value() < bar.maximum()  # not at the answer's end
    jump = app.window.transcript.jump_button
    assert jump is not None
    assert jump.isVisible()  # one click to the end


async def _settled(qtbot: QtBot) -> None:
    await asyncio.sleep(0.3)  # the column's slices and layouts after the answer


def test_an_answer_that_arrives_whole_keeps_its_question_in_sight(
    harness: Harness, qtbot: QtBot
) -> None:
    app = _sized(harness.start_app())

    async def scenario() -> None:
        for number in range(4):
            harness.server.queue(dynaspark_server.Behaviour(answer=f"Short answer {number}."))
            await ask_and_wait(qtbot, app, f"Short question {number}")
        harness.server.queue(dynaspark_server.Behaviour(answer=LONG_ANSWER))
        await ask_and_wait(qtbot, app, "Tell me everything")
        await _settled(qtbot)

    harness.run(scenario())
    assert app.chat.conversation.turns[-1].answer == LONG_ANSWER
    _assert_question_and_first_line_in_view(app, _widget(app, -1))

    # And the next question is followed to the end again.
    async def next_question() -> None:
        harness.server.queue(dynaspark_server.Behaviour(answer="Short again."))
        await ask_and_wait(qtbot, app, "And a short one")
        await _settled(qtbot)

    harness.run(next_question())
    bar = app.window.transcript.verticalScrollBar()
    assert bar.value() == bar.maximum()


def test_one_big_piece_from_a_streaming_server_keeps_its_question_in_sight(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _sized(harness.start_app_with_server(openai_server.base_url))
    model = "llama3.2:3b"

    async def shorts() -> None:
        for number in range(3):
            openai_server.queue_chat(Behaviour(answer=f"Short answer {number}."))
            await ask_and_wait(qtbot, app, f"Short question {number}")
        openai_server.queue_chat(
            Behaviour(
                kind="events",
                events=[
                    chunk(model, LONG_ANSWER),
                    chunk(model, finish_reason="stop"),
                    b"data: [DONE]\n\n",
                ],
            )
        )
        await ask_and_wait(qtbot, app, "Tell me everything")
        await _settled(qtbot)

    harness.run(shorts())
    assert app.chat.conversation.turns[-1].answer == LONG_ANSWER
    _assert_question_and_first_line_in_view(app, _widget(app, -1))


def test_a_streamed_answer_is_followed_to_its_end(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _sized(harness.start_app_with_server(openai_server.base_url))

    async def scenario() -> None:
        for number in range(3):
            openai_server.queue_chat(Behaviour(answer=f"Short answer {number}."))
            await ask_and_wait(qtbot, app, f"Short question {number}")
        openai_server.queue_chat(Behaviour(answer=LONG_ANSWER, chunk_delay=0.002))
        await ask_and_wait(qtbot, app, "Tell me everything, slowly")
        await _settled(qtbot)

    harness.run(scenario())
    assert app.chat.conversation.turns[-1].answer == LONG_ANSWER
    bar = app.window.transcript.verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == bar.maximum()
    assert _top_in_view(app, _widget(app, -1)) < 0  # the question scrolled away above


def test_retry_of_an_older_turn_keeps_the_view_on_it(harness: Harness, qtbot: QtBot) -> None:
    app = _sized(harness.start_app())
    harness.server.queue(dynaspark_server.Behaviour(kind="raw", status=503, body="Unavailable"))

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "The question that fails")
        for number in range(2):
            harness.server.queue(dynaspark_server.Behaviour(answer=f"Short answer {number}."))
            await ask_and_wait(qtbot, app, f"Short question {number}")
        await _settled(qtbot)

    harness.run(scenario())
    failed = app.chat.conversation.turns[0]
    assert failed.state is TurnState.FAILED
    widget = _widget(app, 0)
    before = _top_in_view(app, widget)
    assert 0 <= before < _view_height(app)
    harness.server.queue(dynaspark_server.Behaviour(answer=LONG_ANSWER))

    async def retry() -> None:
        widget.retry_button.click()
        await wait_until(lambda: failed.state is TurnState.ANSWERED and not app.chat.busy)
        await _settled(qtbot)

    harness.run(retry())
    assert failed.answer == LONG_ANSWER
    assert app.window.transcript.widget_for(failed.id) is widget
    assert _top_in_view(app, widget) == before  # the question stayed where it was
    assert widget.answer_view.toPlainText().startswith(FIRST_LINE)
