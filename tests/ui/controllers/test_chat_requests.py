"""The registry of requests in flight on its own: which conversation a request belongs to
(the same object, or the same conversation read again), the live turn behind a saved one,
and the marks for the sidebar (generating; unread when an answer ended away from screen)."""

from __future__ import annotations

from dynaspark_desktop.core.chat import Conversation, Turn, TurnState
from dynaspark_desktop.ui.controllers.chat_requests import ChatActivity, ChatRequests


def _turn(question: str, message_id: int | None = None) -> Turn:
    turn = Turn(question=question, image=None, model="m")
    turn.message_id = message_id
    return turn


def _requests() -> ChatRequests:
    return ChatRequests(lambda _provider_id: None)


def test_a_request_belongs_to_its_conversation_and_to_that_conversation_read_again() -> None:
    requests = _requests()
    new_chat = Conversation()
    turn = _turn("Hello")
    request = requests.add(turn, new_chat)

    assert requests.busy(new_chat)
    assert not requests.busy(Conversation())  # another new chat is not this one
    new_chat.id = 7  # its question was saved
    assert requests.busy(Conversation(id=7))  # the same chat, read from the history
    assert not requests.busy(Conversation(id=8))
    assert requests.of(Conversation(id=7)) == [request]


def test_the_live_turn_stands_in_for_the_saved_one_while_in_flight_and_after_ending_away() -> None:
    requests = _requests()
    live = _turn("Hello", message_id=11)
    requests.add(live, Conversation(id=3))
    snapshot = _turn("Hello", message_id=11)  # as the history reads it: still waiting
    unrelated = _turn("Other", message_id=12)

    assert requests.live_version(snapshot) is live
    assert requests.live_version(unrelated) is unrelated

    live.finish("An answer")
    requests.end(live, on_screen=False)
    assert requests.live_version(snapshot) is live  # the history may not have it yet
    shown = Conversation(turns=[live], id=3)
    requests.shown(shown)
    assert requests.live_version(snapshot) is snapshot  # read again: the history has it


def test_the_activity_marks_generating_chats_and_answers_that_ended_away() -> None:
    requests = _requests()
    assert requests.activity() == ChatActivity()
    first, second, third = _turn("a", 1), _turn("b", 2), _turn("c", 3)
    requests.add(first, Conversation(id=1))
    requests.add(second, Conversation(id=2))
    requests.add(third, Conversation(id=None))  # a new chat not saved yet: not listed
    assert requests.activity() == ChatActivity(frozenset({1, 2}), frozenset())

    first.finish("done")
    requests.end(first, on_screen=False)
    second.stop("")  # stopped (the quit): nothing new to read
    requests.end(second, on_screen=False)
    assert requests.activity() == ChatActivity(frozenset(), frozenset({1}))
    assert second.state is TurnState.CANCELLED

    requests.shown(Conversation(id=1))
    assert requests.activity() == ChatActivity()
