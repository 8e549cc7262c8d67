"""One thread that runs blocking jobs in the order they were asked for, with results on the
UI thread.

The one way the UI runs blocking work (SQLite, the keyring, Pillow, long Markdown): a job is
awaited on the qasync loop (:meth:`SerialWorker.run`) or hands its finished future to a
callback on the UI thread (``then`` of :meth:`SerialWorker.submit`), which needs no running
loop. One thread, not a pool: a question is saved before its answer, the draft saved last is
the one kept.

The thread starts with the first job (a worker never used costs nothing) and is a daemon:
quitting waits for it only as long as :meth:`SerialWorker.close` says, never for a job stuck
in C code (a keyring waiting on an unlock prompt, a decode that never ends).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)

T = TypeVar("T")

# What a job's thread finds in its queue: a job with its future, or None (stop).
_Item = tuple["concurrent.futures.Future[Any]", Callable[[], Any]] | None


class WorkerClosedError(RuntimeError):
    """A job was asked of a worker that has been closed."""


class _Courier(QObject):
    """Carries a finished job's callback to the UI thread: a signal emitted on the worker's
    thread reaches this object (which lives on the UI thread) as a queued call."""

    deliver = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._on_deliver)

    def _on_deliver(
        self, then: Callable[[concurrent.futures.Future[Any]], None], future: Any
    ) -> None:
        then(future)


class SerialWorker:
    """Runs jobs on one thread of its own, one after the other, in the order submitted."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._queue: queue.SimpleQueue[_Item] | None = None  # the current thread's
        self._courier: _Courier | None = None
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(
        self,
        job: Callable[..., T],
        *args: Any,
        then: Callable[[concurrent.futures.Future[T]], None] | None = None,
    ) -> concurrent.futures.Future[T]:
        """Queue ``job(*args)``; its future is returned. ``then(future)``, if given, is called
        on the UI thread once the job has run (not for a job cancelled before it ran), even
        if the worker has been closed since. Raises WorkerClosedError once closed."""
        if self._closed:
            raise WorkerClosedError(f"the {self.name} worker is closed")
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        if then is not None:
            if self._courier is None:
                self._courier = _Courier()  # made here, so on the UI thread
            courier = self._courier

            def deliver(done: concurrent.futures.Future[T]) -> None:
                if not done.cancelled():
                    courier.deliver.emit(then, done)

            future.add_done_callback(deliver)
        self._job_queue().put((future, lambda: job(*args)))
        return future

    def run(self, job: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Queue ``job(*args)`` and return an awaitable of its result, for the running loop.

        Cancelling the awaiting task cancels the job if it has not started; a job already
        running finishes on its thread and its result is dropped. The result never reaches a
        loop that has closed meanwhile (the app has quit: nobody is waiting).
        """
        import asyncio

        loop = asyncio.get_running_loop()
        future = self.submit(job, *args)
        awaited: asyncio.Future[T] = loop.create_future()

        def settle(done: concurrent.futures.Future[T]) -> None:
            if awaited.done():
                return  # cancelled meanwhile: nobody wants this any more
            if done.cancelled():
                awaited.cancel()
            elif done.exception() is not None:
                awaited.set_exception(done.exception())  # type: ignore[arg-type]
            else:
                awaited.set_result(done.result())

        def finished(done: concurrent.futures.Future[T]) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: the app has quit
                loop.call_soon_threadsafe(settle, done)

        def abandoned(waiting: asyncio.Future[T]) -> None:
            if waiting.cancelled():
                future.cancel()  # skipped if still queued; a running job runs on

        future.add_done_callback(finished)
        awaited.add_done_callback(abandoned)
        return awaited

    def abandon(self) -> None:
        """Cancel the queued jobs and leave the running one (if any) to finish alone on its
        thread; later jobs start on a fresh thread, without waiting for it."""
        job_queue, self._queue = self._queue, None
        if job_queue is not None:
            _cancel_queued(job_queue)
            job_queue.put(None)

    def stop(self) -> None:
        """Close without waiting: queued jobs are cancelled, a running one is left to finish
        alone."""
        self._closed = True
        self.abandon()

    async def close(
        self, last_job: Callable[[], Any] | None = None, *, timeout: float | None = None
    ) -> bool:
        """Close after the jobs already queued, then ``last_job`` (a clean-up on the thread),
        have run; wait for them at most ``timeout`` seconds. True when they finished in time
        (a failure of ``last_job`` is logged)."""
        import asyncio

        if self._closed:
            return True
        self._closed = True
        job_queue, self._queue = self._queue, None
        if job_queue is None:
            if last_job is None:
                return True
            job_queue = self._start_thread()
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        job_queue.put((future, last_job or (lambda: None)))
        job_queue.put(None)
        try:
            await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            log.warning("The %s worker is still busy at close; not waiting for it", self.name)
            return False
        except Exception:
            log.exception("The %s worker's last job failed", self.name)
        return True

    def _job_queue(self) -> queue.SimpleQueue[_Item]:
        if self._queue is None:
            self._queue = self._start_thread()
        return self._queue

    def _start_thread(self) -> queue.SimpleQueue[_Item]:
        job_queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        threading.Thread(target=_serve, args=(job_queue,), name=self.name, daemon=True).start()
        return job_queue


def _serve(job_queue: queue.SimpleQueue[_Item]) -> None:
    """The worker thread: run each job in turn until told to stop."""
    while (item := job_queue.get()) is not None:
        _run_one(*item)
        del item  # not kept alive while the thread waits for the next job


def _run_one(future: concurrent.futures.Future[Any], job: Callable[[], Any]) -> None:
    if not future.set_running_or_notify_cancel():
        return  # cancelled while it waited
    try:
        result = job()
    except BaseException as error:  # handed to whoever awaits the future, who decides
        future.set_exception(error)
    else:
        future.set_result(result)


def _cancel_queued(job_queue: queue.SimpleQueue[_Item]) -> None:
    with contextlib.suppress(queue.Empty):
        while True:
            item = job_queue.get_nowait()
            if item is not None:
                item[0].cancel()
