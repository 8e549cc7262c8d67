"""In a wide window a turn keeps to the reading width, centred; narrow, it takes the width."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.transcript.turn_widget import MAX_READING_WIDTH
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait, wait_until


def test_a_turn_is_centred_at_the_reading_width_in_a_wide_window(
    harness: Harness, qtbot: QtBot
) -> None:
    harness.server.queue(Behaviour(answer="A long line of answer. " * 40))
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "hello")
        widget = window.transcript.turn_widgets[-1]
        block = widget.answer_block
        window.resize(2400, 900)
        await wait_until(lambda: widget.width() > 1500)
        await wait_until(lambda: block.width() <= MAX_READING_WIDTH)
        left = block.mapTo(widget, block.rect().topLeft()).x()
        right = widget.width() - left - block.width()
        assert abs(left - right) <= 2, (left, right)
        window.resize(700, 900)
        await wait_until(lambda: widget.width() < 700)
        assert block.width() >= widget.width() - 4

    harness.run(scenario())
