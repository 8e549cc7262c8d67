"""Keeps background tasks alive until they finish, and cancels them all on quit.

asyncio holds only weak references to tasks: one not kept somewhere can be collected
mid-flight. Every task the UI starts goes through here.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)

T = TypeVar("T")


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


async def run_abandonable(function: Callable[..., T], *args: Any, name: str) -> T:
    """``function(*args)`` on a daemon thread of its own, awaited like ``asyncio.to_thread``.

    For work on untrusted input that may run long (decoding a user's image): cancelling the
    awaiting task returns at once and the late result is dropped, and quitting never waits
    for the thread (the loop's executor, which ``to_thread`` uses, is joined on close). Give
    the function its own way to stop early, since the thread itself cannot be killed.
    """
    import asyncio
    import threading

    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(result: T | None, error: BaseException | None) -> None:
        if future.done():
            return  # cancelled meanwhile: nobody wants this any more
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = function(*args), None
        except BaseException as failure:  # handed to the awaiting task, which decides
            result, error = None, failure
        # RuntimeError: the loop is closed; the app has quit, and nobody is waiting.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future


def loop_running() -> bool:
    """Whether an asyncio loop runs in this thread (the app's qasync loop, from any of its
    callbacks): a widget used without one (made outside the app) does its work at once."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
