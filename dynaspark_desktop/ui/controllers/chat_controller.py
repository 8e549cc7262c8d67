"""Drives chat turns: sends them through the provider on the qasync loop, tracks their state,
and lets the user stop and retry. Widgets only emit requests and receive these signals.

Several conversations may each have a request in flight (``chat_requests``); each provider
takes only so many at once, and the others wait their turn (``providers.concurrency``).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.chat import Conversation, Turn, TurnState, question_or_default
from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.providers.base import ChatProvider, StreamItem
from dynaspark_desktop.providers.dynaspark import DynasparkWebProvider
from dynaspark_desktop.ui.base.tasks import BackgroundTasks
from dynaspark_desktop.ui.controllers import turn_steps
from dynaspark_desktop.ui.controllers.answer_stream import follow_stream
from dynaspark_desktop.ui.controllers.chat_requests import ChatActivity, ChatRequests, InFlight
from dynaspark_desktop.ui.controllers.request_context import (
    ContextSource,
    PendingContext,
    begin_request_context,
    default_context_tokens,
    request_context,
)
from dynaspark_desktop.ui.controllers.shared_session import SharedSession
from dynaspark_desktop.ui.controllers.turn_steps import TurnRecorder, image_turn_has_image

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

    import aiohttp

    from dynaspark_desktop.core.documents import AttachedDocument
    from dynaspark_desktop.ui.controllers.model_catalog import ModelCatalog

log = logging.getLogger(__name__)
_answer_from = turn_steps.answer_from


class ChatController(QObject):
    turnAdded = Signal(object)
    # The turn's request has started: the step of its task that sends it has ended (the
    # window builds the new turn's widget now, while the request travels).
    requestStarted = Signal(object)
    turnChanged = Signal(object)
    # A piece of an answer arrived (the turn, the new text): cheap to emit per token; the
    # transcript repaints at most once a frame.
    answerGrew = Signal(object, str)
    # Some answer is on its way, in any conversation (True at the first, False after the last).
    busyChanged = Signal(bool)
    # The conversation on screen has an answer on its way (Stop), or no longer (Send). Not
    # emitted when another conversation is shown: conversationReplaced is.
    shownBusyChanged = Signal(bool)
    # Which conversations are generating, and which have an answer not seen yet (a
    # chat_requests.ChatActivity), for the sidebar.
    activityChanged = Signal(object)
    # The shown conversation was replaced (another one opened, or a new chat started).
    conversationReplaced = Signal(object)
    # Earlier turns of the shown conversation were loaded (a list, oldest first).
    turnsPrepended = Signal(list)
    # Turns taken out of the shown conversation (their ids): an edited question replaces
    # everything after it.
    turnsRemoved = Signal(list)
    # A provider reported its request allowance: (the provider's id, a providers.base.RateLimit).
    rateLimitSeen = Signal(str, object)

    def __init__(
        self,
        *,
        proxy: str | None = None,
        timeout_seconds: float | None = None,
        provider: ChatProvider | None = None,
        recorder: TurnRecorder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.conversation = Conversation()
        self.recorder = recorder
        # Where a request's earlier turns are read (the history), and the context window of
        # a model, by its key (the app reads it from the settings at each request).
        self.context_source = recorder if isinstance(recorder, ContextSource) else None
        self.context_tokens_for: Callable[[str], int] = default_context_tokens
        # The requests in flight, at most one per conversation: a conversation reopened
        # while its request runs shows the live turn, not the saved snapshot.
        self._requests = ChatRequests(lambda id_: turn_steps.provider_for(self, id_))
        self.slots = self._requests.slots  # each provider's, for requests and pictures
        self._edited: set[int] = set()  # turns whose rewritten question is not saved yet
        # Which provider answers for a model: the catalog once it exists (built after the
        # first paint); until then, and without one, the Dynaspark web provider.
        self.catalog: ModelCatalog | None = None
        self.provider: ChatProvider = provider or DynasparkWebProvider()
        self.proxy = proxy or None
        self.timeout_seconds = timeout_seconds
        # What a conversation without its own parameters sends (the chat_parameters setting).
        self.default_parameters = ChatParameters()
        self._tasks = BackgroundTasks()
        self._http = SharedSession()
        self._closed = False

    @property
    def busy(self) -> bool:
        """Whether any answer is on its way, in any conversation."""
        return bool(self._requests)

    @property
    def shown_busy(self) -> bool:
        """Whether the conversation on screen has an answer on its way (Stop, not Send)."""
        return self._requests.busy(self.conversation)

    def activity(self) -> ChatActivity:
        """The conversations generating and those with an unread answer (for the sidebar)."""
        return self._requests.announced

    def set_concurrency_limits(self, limits: dict[str, int]) -> None:
        """Per provider id, the requests it is sent at once (the others wait in order)."""
        self._requests.set_limits(limits)

    def send(
        self,
        text: str,
        image: PreparedImage | None,
        model: str,
        documents: tuple[AttachedDocument, ...] = (),
        *,
        more_images: Sequence[PreparedImage] = (),
    ) -> Turn | None:
        """Start a new turn with ``image`` (and ``more_images`` after it) and ``documents``.
        Returns it, or None when nothing can be sent right now."""
        text = text.strip()
        if self.shown_busy or self._closed or not (text or image or documents):
            return None
        more = list(more_images) if image is not None else []
        question = question_or_default(text, images=len(more) + (image is not None))
        turn = Turn(
            question=question, image=image, model=model, more_images=more, documents=documents
        )
        self.conversation.add(turn)
        self._start(turn)
        self.turnAdded.emit(turn)
        return turn

    def retry(self, turn_id: int, model: str | None = None) -> bool:
        """Send a failed or stopped question again (what had arrived of a stopped answer is
        replaced by the new answer)."""
        turn = self.conversation.find(turn_id)
        if turn is None or turn.state is TurnState.ANSWERED:
            return False
        return self._send_again(turn, model)

    def regenerate(self, model: str | None = None) -> bool:
        """Ask the last question again, perhaps of another model. The answer it replaces
        stays reachable (``Turn.earlier_answers``; a sibling in the history)."""
        turn = self.conversation.turns[-1] if self.conversation.turns else None
        if turn is None or turn.state is TurnState.SENT:
            return False
        if not self.shown_busy:
            turn.keep_answer_aside()
        return self._send_again(turn, model)

    def edit_and_resend(self, turn_id: int, question: str, model: str | None = None) -> bool:
        """Send a rewritten question in place of ``turn_id``'s: a new version of it, with
        answers of its own. The original, its answers and the turns after it leave the
        screen but stay in the history, reachable with the question's switcher."""
        turn = self.conversation.find(turn_id)
        question = question.strip()
        if turn is None or self.shown_busy or self._closed or not question:
            return False
        index = self.conversation.turns.index(turn)
        later = self.conversation.turns[index + 1 :]
        del self.conversation.turns[index + 1 :]
        if later:
            self.turnsRemoved.emit([removed.id for removed in later])
        turn.rewrite(question)
        self._edited.add(turn.id)
        return self._send_again(turn, model)

    def _send_again(self, turn: Turn, model: str | None) -> bool:
        if self.shown_busy or self._closed:
            return False
        turn.restart(model)
        self.turnChanged.emit(turn)
        self._start(turn)
        return True

    def show_conversation(self, conversation: Conversation) -> None:
        """Make ``conversation`` the shown one (its turns oldest first). An answer still
        streaming into it shows what has arrived so far, then goes on growing."""
        requests = self._requests
        conversation.turns = [requests.live_version(turn) for turn in conversation.turns]
        self.conversation = conversation
        was_unread = requests.shown(conversation)
        if was_unread and self.recorder is not None and conversation.id is not None:
            self.recorder.mark_read(conversation.id)
        self.conversationReplaced.emit(conversation)
        for request in requests.of(conversation):
            if request.parts and any(turn is request.turn for turn in conversation.turns):
                self.answerGrew.emit(request.turn, "".join(request.parts))
        self._announce_activity()

    def restore_unread(self, conversation_ids: set[int]) -> None:
        """The conversations the history marks unread (answers that ended before the quit);
        only the first call counts, at start-up."""
        shown = self.conversation.id
        marked = self._requests.restore_unread(conversation_ids, shown)
        if marked and shown is not None and self.recorder is not None:
            self.recorder.mark_read(shown)
        self._announce_activity()

    def prepend_turns(self, conversation_id: int | None, turns: list[Turn]) -> None:
        """Earlier turns of the shown conversation, loaded as the user scrolls up."""
        if conversation_id != self.conversation.id or not turns:
            return
        turns = [self._requests.live_version(turn) for turn in turns]
        self.conversation.turns[:0] = turns
        self.turnsPrepended.emit(turns)

    def stop(self) -> None:
        """Stop the answer on its way in the conversation on screen (only that one: other
        conversations' answers go on). A request still queued leaves its queue."""
        self._requests.cancel(self.conversation)

    def stop_conversation(self, conversation_id: int) -> None:
        """Stop the answer on its way in that conversation (it is being deleted)."""
        self._requests.cancel(Conversation(id=conversation_id))

    async def shutdown(self) -> None:
        """Cancel what is in flight and close the HTTP session (every quit path ends here)."""
        self._closed = True
        await self._tasks.cancel_all()
        await self._http.close()

    def _start(self, turn: Turn) -> None:
        # A question never saved (a new one, or one whose save failed) starts saving now, on
        # the history's thread, while the window shows the turn and the task gets going.
        saving = (
            self.recorder.record_question(self.conversation, turn)
            if self.recorder is not None and turn.message_id is None
            else None
        )
        # Queued behind the save, on the same thread: the read starts the moment it is done.
        context = begin_request_context(
            self.conversation,
            turn,
            context_tokens=self.context_tokens_for(turn.model),
            source=self.context_source,
        )
        request = self._requests.add(turn, self.conversation)
        request.task = self._tasks.start(
            self._run(request, saving, context), name=f"turn-{turn.id}"
        )
        request.task.add_done_callback(lambda _task: self._ended_unstarted(request))
        if len(self._requests) == 1:
            self.busyChanged.emit(True)
        self.shownBusyChanged.emit(True)
        self._announce_activity()

    async def _run(
        self, request: InFlight, saving: Awaitable[None] | None, pending: PendingContext
    ) -> None:
        # Imported here, not at module level, so the window can paint before asyncio loads.
        import asyncio

        turn, conversation, parts = request.turn, request.conversation, request.parts
        try:
            await turn_steps.record_start(self.recorder, self._edited, turn, saving)
            self._announce_activity()  # a new chat has its id now: the sidebar lists it
            session = await self._http.get()
            if self.catalog is not None:
                await self.catalog.ready()
            # Emitted once this step of the task has sent the request and, with aiohttp on
            # Python 3.11, once the task that writes its body (queued by this step) has run.
            asyncio.get_running_loop().call_soon(self.requestStarted.emit, turn)
            if turn.asks_for_picture:
                await turn_steps.draw(self, turn, session)
                return
            context = await request_context(pending)
            if context.window.truncated:
                turn.context_sent(context.window.sent_turns, context.window.total_turns)
            messages, images = context.messages, context.images
            candidates = turn_steps.candidates(self.catalog, turn.model)
            parameters = conversation.parameters or self.default_parameters

            def open_stream(key: str) -> AsyncIterator[StreamItem]:
                # Each candidate waits for a slot of its own provider (see mark_queued).
                return turn_steps.slotted_stream(
                    self,
                    session,
                    key,
                    messages,
                    images,
                    conversation.system_prompt,
                    parameters,
                    lambda queued: self.mark_queued(turn, queued),
                )

            await follow_stream(
                turn,
                candidates,
                open_stream,
                lambda text: self._grow(turn, parts, text),
                self.rateLimitSeen,
                lambda key: turn_steps.images_dropped_note(self.catalog, key, images),
            )
            turn.finish(_answer_from(parts))
        except asyncio.CancelledError:
            # What arrived before the stop is kept, and shown as stopped.
            turn.stop(_answer_from(parts))
            log.info("Turn %s stopped by the user", turn.id)
            raise
        except UserFacingError as error:
            # A broken stream keeps what arrived, shown.
            turn_steps.fail(turn, error, _answer_from(parts))
            if error.retryable and self.catalog is not None and not turn.asks_for_picture:
                needs_images = image_turn_has_image(conversation, turn)
                alternative = self.catalog.alternative_to(turn.model, needs_images=needs_images)
                turn.alternative_model = alternative or ""
            log.warning("Turn %s failed: %s (%s)", turn.id, error, error.detail or "no detail")
        except Exception as error:
            turn.fail(
                translate(
                    "ChatController",
                    "Something went wrong inside the app; the details are in the log.",
                )
            )
            log.exception("Turn %s failed unexpectedly", turn.id, exc_info=error)
        finally:
            self._end(request)

    def _ended_unstarted(self, request: InFlight) -> None:
        """A task stopped before its first step never runs ``_run`` (nor its ``finally``):
        its request ends here, as stopped, so the chat is not left busy for ever."""
        if self._requests.get(request.turn) is request:
            request.turn.stop("")
            log.info("Turn %s stopped before it started", request.turn.id)
            self._end(request)

    def _end(self, request: InFlight) -> None:
        """The request is over (answered, failed or stopped): save how, and say so."""
        turn = request.turn
        turn.elapsed_seconds = time.monotonic() - turn.started_at
        turn.queued = False
        on_screen = request.belongs_to(self.conversation)
        self._requests.end(turn, on_screen=on_screen)
        if turn.message_id is not None and self.recorder is not None:
            unread = self._requests.is_unread(request.conversation)
            self.recorder.record_result(turn, unread=unread)
        if self._closed:
            return
        self.turnChanged.emit(turn)
        if on_screen and not self.shown_busy:
            self.shownBusyChanged.emit(False)
        if not self._requests:
            self.busyChanged.emit(False)
        self._announce_activity()

    def mark_queued(self, turn: Turn, queued: bool) -> None:
        """The turn waits for a slot of its provider, or got one (its times start now)."""
        if turn.queued is queued:
            return
        turn.queued = queued
        if not queued:
            turn.started_at = time.monotonic()
        if not self._closed:
            self.turnChanged.emit(turn)

    def _announce_activity(self) -> None:
        activity = None if self._closed else self._requests.new_activity()
        if activity is not None:
            self.activityChanged.emit(activity)

    async def session(self) -> aiohttp.ClientSession:
        """The app's one HTTP session (the model catalog lists models with it too)."""
        return await self._http.get()

    def _grow(self, turn: Turn, parts: list[str], text: str) -> None:
        turn.text_arrived()
        parts.append(text)
        # Said only for the conversation on screen: another one's answer is shown from its
        # parts when it is opened (show_conversation), and ten streams cost one's signals.
        request = self._requests.get(turn)
        if request is None or request.belongs_to(self.conversation):
            self.answerGrew.emit(turn, text)
