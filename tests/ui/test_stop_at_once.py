"""A Stop pressed before the send's task has taken its first step (the same moment as Send)
ends the request all the same: the turn shows as stopped and the chat is not left busy."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import TurnState
from tests.ui.conftest import Harness, ask_and_wait, wait_until


def test_a_stop_before_the_first_step_leaves_the_chat_ready(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        turn = app.chat.send("stopped at once", None, app.window.current_model())
        assert turn is not None
        assert app.chat.busy
        app.chat.stop()  # before the loop has run the task at all
        await wait_until(lambda: not app.chat.busy)
        assert not app.chat.shown_busy
        assert turn.state is TurnState.CANCELLED
        # The chat goes on.
        await ask_and_wait(qtbot, app, "and now?")
        assert app.chat.conversation.turns[-1].state is TurnState.ANSWERED

    harness.run(scenario())
