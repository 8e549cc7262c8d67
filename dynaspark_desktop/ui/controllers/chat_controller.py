"""Drives chat turns: sends them through the provider on the qasync loop, tracks their state,
and lets the user stop and retry. Widgets only emit requests and receive these signals."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.chat import IMAGE_ONLY_PROMPT, Conversation, Turn, TurnState
from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.pacing import FramePacer
from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.core.redaction import redact_known_secrets
from dynaspark_desktop.providers.base import (
    AnswerDone,
    ChatProvider,
    ChatRequest,
    RateLimit,
    StreamItem,
)
from dynaspark_desktop.providers.dynaspark import DynasparkWebProvider
from dynaspark_desktop.providers.model_keys import model_name, provider_of
from dynaspark_desktop.ui.base.tasks import BackgroundTasks
from dynaspark_desktop.ui.controllers.request_context import (
    ContextSource,
    PendingContext,
    begin_request_context,
    default_context_tokens,
    request_context,
)

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

    import aiohttp

    from dynaspark_desktop.core.conversation import ChatMessage
    from dynaspark_desktop.ui.controllers.model_catalog import ModelCatalog

log = logging.getLogger(__name__)


class TurnRecorder(Protocol):
    """Where turns are saved (the history). A question is saved before it is sent."""

    def record_question(self, conversation: Conversation, turn: Turn) -> Awaitable[None]:
        """Start saving ``turn``'s question (and image) now; awaiting the result sets
        ``turn.message_id`` and, for a new chat, ``conversation.id``, and raises
        UserFacingError when it could not be saved."""

    async def record_retry(self, turn: Turn) -> None: ...

    async def record_edit(self, turn: Turn) -> None:
        """``turn.question`` was rewritten: save it, and drop every later message."""

    def record_result(self, turn: Turn) -> None:
        """Save how ``turn`` ended. Must not wait: it is called while a task is cancelled."""


class ChatController(QObject):
    turnAdded = Signal(object)
    # The turn's request has started: the step of its task that sends it has ended (the
    # window builds the new turn's widget now, while the request travels).
    requestStarted = Signal(object)
    turnChanged = Signal(object)
    # A piece of an answer arrived (the turn, the new text): cheap to emit per token; the
    # transcript repaints at most once a frame.
    answerGrew = Signal(object, str)
    busyChanged = Signal(bool)
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
        # Turns whose request is in flight, by their question's message id: a conversation
        # reopened while its request runs shows the live turn, not the saved snapshot.
        self._live_turns: dict[int, Turn] = {}
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
        self._turn_tasks: dict[int, asyncio.Task[Any]] = {}
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    @property
    def busy(self) -> bool:
        return bool(self._turn_tasks)

    def send(self, text: str, image: PreparedImage | None, model: str) -> Turn | None:
        """Start a new turn. Returns it, or None when nothing can be sent right now."""
        text = text.strip()
        if self.busy or self._closed or not (text or image):
            return None
        turn = Turn(question=text or IMAGE_ONLY_PROMPT, image=image, model=model)
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
        if not self.busy:
            turn.keep_answer_aside()
        return self._send_again(turn, model)

    def edit_and_resend(self, turn_id: int, question: str, model: str | None = None) -> bool:
        """Send a rewritten question in place of ``turn_id``'s: a new version of it, with
        answers of its own. The original, its answers and the turns after it leave the
        screen but stay in the history, reachable with the question's switcher."""
        turn = self.conversation.find(turn_id)
        question = question.strip()
        if turn is None or self.busy or self._closed or not question:
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
        if self.busy or self._closed:
            return False
        turn.restart(model)
        self.turnChanged.emit(turn)
        self._start(turn)
        return True

    def show_conversation(self, conversation: Conversation) -> None:
        """Make ``conversation`` the shown one (its turns oldest first)."""
        conversation.turns = [self._live_version(turn) for turn in conversation.turns]
        self.conversation = conversation
        self.conversationReplaced.emit(conversation)

    def prepend_turns(self, conversation_id: int | None, turns: list[Turn]) -> None:
        """Earlier turns of the shown conversation, loaded as the user scrolls up."""
        if conversation_id != self.conversation.id or not turns:
            return
        turns = [self._live_version(turn) for turn in turns]
        self.conversation.turns[:0] = turns
        self.turnsPrepended.emit(turns)

    def _live_version(self, turn: Turn) -> Turn:
        live = self._live_turns.get(turn.message_id) if turn.message_id is not None else None
        return live or turn

    def stop(self) -> None:
        for task in list(self._turn_tasks.values()):
            task.cancel()

    async def shutdown(self) -> None:
        """Cancel what is in flight and close the HTTP session (every quit path ends here)."""
        self._closed = True
        await self._tasks.cancel_all()
        if self._session is not None:
            await self._session.close()
            self._session = None

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
        task = self._tasks.start(self._run(turn, saving, context), name=f"turn-{turn.id}")
        self._turn_tasks[turn.id] = task
        if len(self._turn_tasks) == 1:
            self.busyChanged.emit(True)

    async def _run(
        self, turn: Turn, saving: Awaitable[None] | None, pending: PendingContext
    ) -> None:
        # Imported here, not at module level, so the window can paint before asyncio loads.
        import asyncio

        from dynaspark_desktop.providers.fallback import Answering, stream_with_fallback

        conversation = self.conversation
        parts: list[str] = []
        try:
            await self._record_start(turn, saving)
            session = await self._ensure_session()
            if self.catalog is not None:
                await self.catalog.ready()
            # Emitted once this step of the task has sent the request and, with aiohttp on
            # Python 3.11, once the task that writes its body (queued by this step) has run.
            asyncio.get_running_loop().call_soon(self.requestStarted.emit, turn)
            if turn.asks_for_picture:
                await self._draw(turn, session)
                return
            context = await request_context(pending)
            if context.window.truncated:
                turn.context_sent(context.window.sent_turns, context.window.total_turns)
            messages, images = context.messages, context.images
            candidates = self._candidates(turn.model)
            parameters = conversation.parameters or self.default_parameters

            def open_stream(key: str) -> AsyncIterator[StreamItem]:
                return self._stream(
                    session, key, messages, images, conversation.system_prompt, parameters
                )

            pacer = FramePacer()
            async for item in stream_with_fallback(candidates, open_stream, describe=model_name):
                await pacer.pace()  # a burst that arrived at once must not freeze the window
                if isinstance(item, str):
                    if item:
                        self._grow(turn, parts, item)
                        if turn.pieces == 1:
                            # The first words are painted before the rest of what arrived
                            # with them is handled (a fast server sends many at once).
                            await asyncio.sleep(0)
                elif isinstance(item, Answering):
                    self._note_fallback(turn, item)
                elif isinstance(item, RateLimit):
                    answerer = turn.answered_by or turn.model
                    self.rateLimitSeen.emit(provider_of(answerer), item)
                elif isinstance(item, AnswerDone) and item.usage is not None:
                    turn.completion_tokens = item.usage.completion_tokens
            turn.finish(_answer_from(parts))
        except asyncio.CancelledError:
            # What arrived before the stop is kept, and shown as stopped.
            turn.stop(_answer_from(parts))
            log.info("Turn %s stopped by the user", turn.id)
            raise
        except UserFacingError as error:
            # A broken stream keeps what arrived, shown.
            turn.fail(str(error), retryable=error.retryable, answer=_answer_from(parts))
            if error.retryable and self.catalog is not None and not turn.asks_for_picture:
                needs_images = image_turn_has_image(conversation, turn)
                alternative = self.catalog.alternative_to(turn.model, needs_images=needs_images)
                turn.alternative_model = alternative or ""
            log.warning("Turn %s failed: %s (%s)", turn.id, error, error.detail or "no detail")
        except Exception as error:
            turn.fail("Something went wrong inside the app; the details are in the log.")
            log.exception("Turn %s failed unexpectedly", turn.id, exc_info=error)
        finally:
            turn.elapsed_seconds = time.monotonic() - turn.started_at
            self._turn_tasks.pop(turn.id, None)
            if turn.message_id is not None:
                self._live_turns.pop(turn.message_id, None)
                if self.recorder is not None:
                    self.recorder.record_result(turn)
            if not self._closed:
                self.turnChanged.emit(turn)
                if not self._turn_tasks:
                    self.busyChanged.emit(False)

    async def _draw(self, turn: Turn, session: aiohttp.ClientSession) -> None:
        """An ``/imagine`` question: the picture is the answer (its caption the text)."""
        from dynaspark_desktop.providers.image_generation import (
            IMAGE_PROVIDER_ID,
            draw_picture,
            image_provider,
        )

        provider = image_provider(self.catalog.registry if self.catalog is not None else None)
        try:
            picture = await draw_picture(
                provider, session, turn.question, proxy=self.proxy, timeout=self.timeout_seconds
            )
        finally:
            # A refusal (429) reports the allowance too: the header shows when it resets.
            if provider.last_rate_limit is not None:
                self.rateLimitSeen.emit(IMAGE_PROVIDER_ID, provider.last_rate_limit)
        turn.finish_with_picture(picture)

    def _candidates(self, key: str) -> list[str]:
        return self.catalog.fallback_candidates(key) if self.catalog is not None else [key]

    def _stream(
        self,
        session: aiohttp.ClientSession,
        key: str,
        messages: Sequence[ChatMessage],
        images: Sequence[PreparedImage],
        system_prompt: str,
        parameters: ChatParameters,
    ) -> AsyncIterator[StreamItem]:
        if self.catalog is not None:
            provider, model_id = self.catalog.resolve(key)
        else:
            provider, model_id = self.provider, key
        request = ChatRequest(
            model_id,
            messages,
            images,
            system_prompt or None,
            parameters=parameters,
            proxy=self.proxy,
            timeout=self.timeout_seconds,
        )
        return provider.stream_chat(session, request)

    @staticmethod
    def _note_fallback(turn: Turn, answering: Any) -> None:
        """Say which model answered, and why the ones before it did not."""
        note = ""
        if answering.failures:
            failed = "; ".join(f"{model_name(key)}: {error}" for key, error in answering.failures)
            note = f"Answered by {model_name(answering.candidate)} ({failed})"
        turn.answering(answering.candidate, note)

    async def session(self) -> aiohttp.ClientSession:
        """The app's one HTTP session (the model catalog lists models with it too)."""
        return await self._ensure_session()

    def _grow(self, turn: Turn, parts: list[str], text: str) -> None:
        turn.text_arrived()
        parts.append(text)
        self.answerGrew.emit(turn, text)

    async def _record_start(self, turn: Turn, saving: Awaitable[None] | None) -> None:
        if saving is not None:
            await saving  # started in ``_start``
        elif self.recorder is not None and turn.message_id is not None:
            if turn.id in self._edited:
                await self.recorder.record_edit(turn)
            await self.recorder.record_retry(turn)
        self._edited.discard(turn.id)
        if turn.message_id is not None:
            self._live_turns[turn.message_id] = turn

    async def _ensure_session(self) -> aiohttp.ClientSession:
        # Imported and created on first use: start-up does not pay for aiohttp, and the
        # session is born inside the running loop, as aiohttp requires. The import is
        # awaited on a background thread, never done (or waited for) on the UI thread.
        from dynaspark_desktop.ui.base import warm_up

        await warm_up.network_ready()
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(trust_env=False)
        return self._session


def _answer_from(parts: list[str]) -> str:
    """The answer as shown once it ended and as saved, with any key the server echoed masked
    (in the whole text: a key can arrive split over two pieces)."""
    return redact_known_secrets("".join(parts))


def image_turn_has_image(conversation: Conversation, turn: Turn) -> bool:
    """Whether the request for ``turn`` carries an image (its own or an earlier one)."""
    return conversation.request_for(turn)[1] is not None
