"""The chat's requests in flight, several at once: one per conversation at most, each with its
turn, the conversation it belongs to, its task and the text that has arrived so far.

The chat controller asks this registry whether the conversation on screen is generating
(Send or Stop), which conversations are (the sidebar's marks), which answers ended away from
the screen (unread until opened), and for the live turn behind a saved one: a conversation
reopened while its answer streams shows the live turn, with what has arrived, not the
history's snapshot of a question still waiting.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.providers.concurrency import ProviderSlots, default_limit

if TYPE_CHECKING:
    import asyncio

    from dynaspark_desktop.core.chat import Conversation, Turn

# Turns that ended while their conversation was not on screen, kept (by their question's
# message id) until it is shown: its history may have been read before the answer was saved.
MAX_REMEMBERED_ENDINGS = 64


@dataclass(frozen=True)
class ChatActivity:
    """What the sidebar marks: the conversations (history ids) with an answer on its way,
    and those with an answer that ended while the user was elsewhere."""

    generating: frozenset[int] = frozenset()
    unread: frozenset[int] = frozenset()


@dataclass(eq=False)
class InFlight:
    """One request: its turn, its conversation (the object the turn was sent from: it keeps
    its id when the screen moves on), its task, and the answer's pieces so far."""

    turn: Turn
    conversation: Conversation
    task: asyncio.Task[Any] | None = None
    parts: list[str] = field(default_factory=list)

    def belongs_to(self, conversation: Conversation) -> bool:
        """Whether this request is ``conversation``'s: the same object, or one read again
        from the history (the same id)."""
        if self.conversation is conversation:
            return True
        return conversation.id is not None and self.conversation.id == conversation.id


class ChatRequests:
    """The requests in flight, and each provider's slots for them (``slots``)."""

    def __init__(self, provider_for: Callable[[str], Any]) -> None:
        self._by_turn: dict[int, InFlight] = {}
        self._ended: OrderedDict[int, Turn] = OrderedDict()
        self._unread: set[int] = set()
        # Whether the history's unread marks (saved before the last quit) were read in yet.
        self.unread_restored = False
        self.announced = ChatActivity()  # the activity last told (see new_activity)
        # The provider of an id (None when unknown), for whether it is local.
        self._provider_for = provider_for
        # Per provider id, how many requests it is sent at once (the concurrent_requests
        # setting; providers not named there get concurrency.default_limit).
        self.limits: dict[str, int] = {}
        self.slots = ProviderSlots(self.limit_of)

    def set_limits(self, limits: dict[str, int]) -> None:
        self.limits = dict(limits)
        self.slots.limits_changed()

    def limit_of(self, provider_id: str) -> int:
        limit = self.limits.get(provider_id)
        if limit is not None:
            return limit
        is_local = bool(getattr(self._provider_for(provider_id), "is_local", False))
        return default_limit(provider_id, is_local=is_local)

    def __len__(self) -> int:
        return len(self._by_turn)

    def add(self, turn: Turn, conversation: Conversation) -> InFlight:
        request = InFlight(turn, conversation)
        self._by_turn[turn.id] = request
        return request

    def get(self, turn: Turn) -> InFlight | None:
        return self._by_turn.get(turn.id)

    def end(self, turn: Turn, *, on_screen: bool) -> InFlight | None:
        """``turn``'s request is over. Away from the screen, its conversation is marked
        unread (unless it was stopped) and the turn kept for when it is shown."""
        request = self._by_turn.pop(turn.id, None)
        if request is None or on_screen:
            return request
        from dynaspark_desktop.core.chat import TurnState

        conversation_id = request.conversation.id
        if conversation_id is not None and turn.state is not TurnState.CANCELLED:
            self._unread.add(conversation_id)
        if turn.message_id is not None:
            self._ended[turn.message_id] = turn
            while len(self._ended) > MAX_REMEMBERED_ENDINGS:
                self._ended.popitem(last=False)
        return request

    def of(self, conversation: Conversation) -> list[InFlight]:
        """The requests in flight for ``conversation``."""
        return [request for request in self._by_turn.values() if request.belongs_to(conversation)]

    def cancel(self, conversation: Conversation) -> None:
        """Cancel the tasks of ``conversation``'s requests (each ends as stopped)."""
        for request in self.of(conversation):
            if request.task is not None:
                request.task.cancel()

    def busy(self, conversation: Conversation) -> bool:
        return any(request.belongs_to(conversation) for request in self._by_turn.values())

    def live_version(self, turn: Turn) -> Turn:
        """The turn in flight (or ended away) for a turn read from the history, else itself."""
        message_id = turn.message_id
        if message_id is None:
            return turn
        for request in self._by_turn.values():
            if request.turn.message_id == message_id:
                return request.turn
        return self._ended.get(message_id, turn)

    def is_unread(self, conversation: Conversation) -> bool:
        return conversation.id is not None and conversation.id in self._unread

    def restore_unread(self, conversation_ids: set[int], shown_id: int | None) -> bool:
        """The history's unread marks, read in once (at start-up; later calls change
        nothing): each becomes unread again except the one on screen (read now: True when
        it was marked)."""
        if self.unread_restored:
            return False
        self.unread_restored = True
        self._unread.update(conversation_ids - {shown_id})
        return shown_id in conversation_ids

    def shown(self, conversation: Conversation) -> bool:
        """``conversation`` is on screen: its answers are read, its turns are the ones shown.
        True when it may be marked unread in the history (it was here, or the history's
        marks are not read in yet)."""
        was_unread = self.is_unread(conversation) or (
            conversation.id is not None and not self.unread_restored
        )
        if conversation.id is not None:
            self._unread.discard(conversation.id)
        for turn in conversation.turns:
            if turn.message_id is not None:
                self._ended.pop(turn.message_id, None)
        return was_unread

    def new_activity(self) -> ChatActivity | None:
        """The activity now, when it differs from the one last told (then it is told)."""
        activity = self.activity()
        if activity == self.announced:
            return None
        self.announced = activity
        return activity

    def activity(self) -> ChatActivity:
        generating = {
            request.conversation.id
            for request in self._by_turn.values()
            if request.conversation.id is not None
        }
        return ChatActivity(frozenset(generating), frozenset(self._unread - generating))
