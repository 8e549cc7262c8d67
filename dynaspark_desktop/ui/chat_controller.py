"""Drives chat turns: sends them through the provider on the qasync loop, tracks their state,
and lets the user stop and retry. Widgets only emit requests and receive these signals."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

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


class ChatController(QObject):
    turnAdded = Signal(object)
    turnChanged = Signal(object)
    busyChanged = Signal(bool)

    def __init__(
        self,
        *,
        proxy: str | None = None,
        timeout_seconds: float | None = None,
        provider: type[Dynaspark] = Dynaspark,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.conversation = Conversation()
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

        messages, image = self.conversation.request_for(turn)
        media = [(image.data, image.filename)] if image is not None else None
        try:
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
            if not self._closed:
                self.turnChanged.emit(turn)
                if not self._turn_tasks:
                    self.busyChanged.emit(False)

    async def _ensure_session(self) -> aiohttp.ClientSession:
        # Imported and created on first use: start-up does not pay for aiohttp, and the
        # session is born inside the running loop, as aiohttp requires.
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(trust_env=False)
        return self._session
