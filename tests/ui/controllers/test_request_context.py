"""A request's context without a history (it could not be opened, or the question could
not be saved): the turns the window holds, cut to the budget the same way, with the latest
image among those sent."""

from __future__ import annotations

import asyncio

from dynaspark_desktop.core.chat import Conversation, Turn, TurnState
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.controllers.request_context import (
    begin_request_context,
    request_context,
)
from tests.storage.support import real_image


def answered(question: str, answer: str, image: PreparedImage | None = None) -> Turn:
    turn = Turn(question=question, image=image, model="local:m")
    turn.finish(answer)
    return turn


def test_without_a_history_the_loaded_turns_are_cut_to_the_budget() -> None:
    conversation = Conversation(system_prompt="Be brief.")
    for number in range(200):
        conversation.add(answered(f"question {number} " + "x" * 80, f"answer {number}"))
    failed = Turn(question="broke", image=None, model="local:m")
    failed.fail("no connection")
    conversation.add(failed)
    question = conversation.add(Turn(question="And now?", image=None, model="local:m"))
    pending = begin_request_context(conversation, question, context_tokens=1_000, source=None)
    context = asyncio.run(request_context(pending))
    window = context.window
    assert window.truncated
    assert 0 < len(window.turns) < 200
    assert window.total_turns == 202  # the failed turn is one of the path's, never sent
    assert context.messages[-1] == {"role": "user", "content": "And now?"}
    assert context.messages[-2] == {"role": "assistant", "content": "answer 199"}
    assert context.images == []


def test_the_latest_image_among_the_turns_sent_goes_along() -> None:
    conversation = Conversation()
    picture = real_image()
    conversation.add(answered("What is this?", "A red square.", image=picture))
    conversation.add(answered("Sure?", "Yes."))
    question = conversation.add(Turn(question="Its colour?", image=None, model="local:m"))
    pending = begin_request_context(conversation, question, context_tokens=8_192, source=None)
    context = asyncio.run(request_context(pending))
    assert context.images == [picture]
    assert not context.window.truncated
    assert question.state is TurnState.SENT
