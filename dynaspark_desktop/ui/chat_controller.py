"""Drives chat turns: sends them through the provider on the qasync loop, tracks their state,
and lets the user stop and retry. Widgets only emit requests and receive these signals."""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.chat import IMAGE_ONLY_PROMPT, Conversation, Turn, TurnState
from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.providers.dynaspark import Dynaspark
from dynaspark_desktop.ui.tasks import BackgroundTasks

if TYPE_CHECKING:
    import asyncio

    import aiohttp

log = logging.getLogger(__name__)


class TurnRecorder(Protocol):
    """Where turns are saved (the history). A question is saved before it is sent."""

    async def record_question(self, conversation: Conversation, turn: Turn) -> None:
        """Save ``turn``'s question (and image), setting ``turn.message_id`` and, for a new
        chat, ``conversation.id``. Raises UserFacingError when it cannot be saved."""

    async def record_retry(self, turn: Turn) -> None: ...

    def record_result(self, turn: Turn) -> None:
        """Save how ``turn`` ended. Must not wait: it is called while a task is cancelled."""


class ChatController(QObject):
    turnAdded = Signal(object)
    turnChanged = Signal(object)
    busyChanged = Signal(bool)
    # The shown conversation was replaced (another one opened, or a new chat started).
    conversationReplaced = Signal(object)
    # Earlier turns of the shown conversation were loaded (a list, oldest first).
    turnsPrepended = Signal(list)

    def __init__(
        self,
        *,
        proxy: str | None = None,
        timeout_seconds: float | None = None,
        provider: type[Dynaspark] = Dynaspark,
        recorder: TurnRecorder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.conversation = Conversation()
        self.recorder = recorder
        # Turns whose request is in flight, by their question's message id: a conversation
        # reopened while its request runs shows the live turn, not the saved snapshot.
        self._live_turns: dict[int, Turn] = {}
        self.provider = provider
        self.proxy = proxy or None
        self.timeout_seconds = timeout_seconds
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
        self.turnAdded.emit(turn)
        self._start(turn)
        return turn

    def retry(self, turn_id: int, model: str | None = None) -> bool:
        turn = self.conversation.find(turn_id)
        if turn is None or self.busy or self._closed or turn.state is TurnState.ANSWERED:
            return False
        turn.state = TurnState.SENT
        turn.error = ""
        turn.model = model or turn.model
        turn.started_at = time.monotonic()
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
        task = self._tasks.start(self._run(turn), name=f"turn-{turn.id}")
        self._turn_tasks[turn.id] = task
        if len(self._turn_tasks) == 1:
            self.busyChanged.emit(True)

    async def _run(self, turn: Turn) -> None:
        # Imported here, not at module level, so the window can paint before asyncio loads.
        import asyncio

        conversation = self.conversation
        try:
            await self._record_start(conversation, turn)
            messages, image_turn = conversation.request_for(turn)
            media = await _media_for(image_turn)
            session = await self._ensure_session()
            parts: list[str] = []
            async for text in self.provider.create_async_generator(
                turn.model,
                messages,
                proxy=self.proxy,
                media=media,
                session=session,
                timeout=self.timeout_seconds,
            ):
                parts.append(text)
            turn.answer = "".join(parts)
            turn.answered_by = turn.model
            turn.state = TurnState.ANSWERED
        except asyncio.CancelledError:
            turn.state = TurnState.CANCELLED
            log.info("Turn %s stopped by the user", turn.id)
            raise
        except UserFacingError as error:
            turn.state = TurnState.FAILED
            turn.error = str(error)
            log.warning("Turn %s failed: %s (%s)", turn.id, error, error.detail or "no detail")
        except Exception as error:
            turn.state = TurnState.FAILED
            turn.error = "Something went wrong inside the app; the details are in the log."
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

    async def _record_start(self, conversation: Conversation, turn: Turn) -> None:
        if self.recorder is None:
            return
        if turn.message_id is None:
            await self.recorder.record_question(conversation, turn)
        else:
            await self.recorder.record_retry(turn)
        if turn.message_id is not None:
            self._live_turns[turn.message_id] = turn

    async def _ensure_session(self) -> aiohttp.ClientSession:
        # Imported and created on first use: start-up does not pay for aiohttp, and the
        # session is born inside the running loop, as aiohttp requires.
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(trust_env=False)
        return self._session


async def _media_for(image_turn: Turn | None) -> list[tuple[bytes, str]] | None:
    """The image to send: in memory for a new turn; read from the history (in a thread) for
    a turn loaded from it, which keeps only the thumbnail in memory."""
    if image_turn is None or image_turn.image is None:
        return None
    image = image_turn.image
    if not image.data and image_turn.image_path is not None:
        import asyncio

        path = image_turn.image_path
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError as error:
            raise UserFacingError(
                f"The image “{image.filename}” is missing from the history folder, so it "
                "cannot be sent again.",
                detail=repr(error),
            ) from error
        image_turn.image = image = dataclasses.replace(image, data=data)
    return [(image.data, image.filename)]
