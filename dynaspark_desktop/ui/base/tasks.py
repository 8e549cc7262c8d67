"""Keeps background tasks alive until they finish, and cancels them all on quit; and
:class:`LatestTask`, for requests where only the latest counts.

asyncio holds only weak references to tasks: one not kept somewhere can be collected
mid-flight. Every task the UI starts goes through here. (Blocking work goes to a thread
through ``ui.base.workers``.)
"""

from __future__ import annotations

import logging
from collections.abc import Coroutine
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


class LatestTask:
    """A kind of request where only the latest counts (FeelUOwn's ``PreemptiveTaskSpec``):
    binding a new coroutine cancels the task of the one before, so a slower, older answer
    can never land after a newer one. Every task stays in ``tasks`` until it ends."""

    def __init__(self, tasks: BackgroundTasks, name: str) -> None:
        self._tasks = tasks
        self.name = name
        self._task: asyncio.Task[Any] | None = None

    def bind(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Start ``coroutine`` as the latest request, cancelling the one before."""
        self.cancel()
        self._task = self._tasks.start(coroutine, name=self.name)
        return self._task

    def cancel(self) -> None:
        """Cancel the latest request, if it still runs (a newer state made it pointless)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()


def loop_running() -> bool:
    """Whether an asyncio loop runs in this thread (the app's qasync loop, from any of its
    callbacks): a widget used without one (made outside the app) does its work at once."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
