"""Keeps background tasks alive until they finish, and cancels them all on quit.

asyncio holds only weak references to tasks: one not kept somewhere can be collected
mid-flight. Every task the UI starts goes through here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self, coroutine: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        import asyncio  # not at module level: the window paints before asyncio is loaded

        task = asyncio.get_event_loop().create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # Tasks handle their own expected failures; anything else is a bug worth a trace.
            log.error("Background task %s failed", task.get_name(), exc_info=task.exception())

    async def cancel_all(self) -> None:
        import asyncio

        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def __len__(self) -> int:
        return len(self._tasks)


class FramePacer:
    """Lets the Qt event loop run at least once a frame while a task works through a burst.

    Items a server sent at once (a buffered burst of stream events) reach the consumer
    without a single suspension: its loop never returns to Qt, which neither paints nor
    fires timers until the burst is over. Awaiting :meth:`pace` after each item yields to
    the loop once ``budget_seconds`` of work has gone by since the last yield (half a frame
    at 60 Hz), and costs only a clock reading otherwise.
    """

    def __init__(
        self, budget_seconds: float = 0.008, clock: Callable[[], float] | None = None
    ) -> None:
        import time

        self._clock = clock or time.monotonic
        self._budget = budget_seconds
        self._since = self._clock()

    async def pace(self) -> None:
        if self._clock() - self._since >= self._budget:
            import asyncio

            await asyncio.sleep(0)
            self._since = self._clock()
