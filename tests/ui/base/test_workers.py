"""SerialWorker: one real thread, jobs in order, results on the UI thread, a close that waits
as long as it is told and a stuck job that holds nothing up once abandoned."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Iterator

import pytest

from dynaspark_desktop.ui.base.workers import SerialWorker, WorkerClosedError
from tests.ui.conftest import wait_until


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Set at the end of every test, so that no blocked job outlives it."""
    event = threading.Event()
    yield event
    event.set()


def test_jobs_run_one_after_the_other_in_order_on_one_thread_of_their_own(
    loop: asyncio.AbstractEventLoop,
) -> None:
    worker = SerialWorker("test-order")
    ran: list[tuple[int, int]] = []

    def job(number: int) -> int:
        ran.append((number, threading.get_ident()))
        return number * 10

    async def scenario() -> list[int]:
        futures = [worker.run(job, number) for number in range(20)]
        results = await asyncio.gather(*futures)
        assert await worker.close()
        return results

    results = loop.run_until_complete(scenario())
    assert results == [number * 10 for number in range(20)]
    assert [number for number, _thread in ran] == list(range(20))
    threads = {thread for _number, thread in ran}
    assert len(threads) == 1
    assert threads != {threading.get_ident()}  # not the UI thread


def test_a_failing_job_raises_in_its_awaiter_and_the_next_job_still_runs(
    loop: asyncio.AbstractEventLoop,
) -> None:
    worker = SerialWorker("test-failure")

    def fail() -> None:
        raise ValueError("bad input")

    async def scenario() -> str:
        with pytest.raises(ValueError, match="bad input"):
            await worker.run(fail)
        result = await worker.run(str.upper, "next")
        await worker.close()
        return result

    assert loop.run_until_complete(scenario()) == "NEXT"


def test_callbacks_come_on_the_ui_thread_in_order_and_not_for_cancelled_jobs(
    loop: asyncio.AbstractEventLoop, release: threading.Event
) -> None:
    worker = SerialWorker("test-callbacks")
    delivered: list[tuple[object, int]] = []

    def record(done: concurrent.futures.Future[object]) -> None:
        delivered.append((done.result(), threading.get_ident()))

    worker.submit(release.wait, then=record)  # holds the others in the queue
    worker.submit(lambda: "first", then=record)
    skipped = worker.submit(lambda: "cancelled", then=record)
    worker.submit(lambda: "last", then=record)
    assert skipped.cancel()  # still queued: it will not run
    release.set()

    loop.run_until_complete(wait_until(lambda: len(delivered) == 3))
    loop.run_until_complete(worker.close())
    assert [result for result, _thread in delivered] == [True, "first", "last"]
    assert {thread for _result, thread in delivered} == {threading.get_ident()}


def test_cancelling_the_awaiting_task_cancels_a_queued_job(
    loop: asyncio.AbstractEventLoop, release: threading.Event
) -> None:
    worker = SerialWorker("test-cancel")
    ran: list[str] = []

    async def scenario() -> None:
        blocker = worker.run(release.wait)
        waiting = asyncio.ensure_future(worker.run(ran.append, "unwanted"))
        await asyncio.sleep(0)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        release.set()
        assert await blocker
        await worker.run(ran.append, "wanted")
        await worker.close()

    loop.run_until_complete(scenario())
    assert ran == ["wanted"]


def test_an_abandoned_stuck_job_holds_up_neither_later_jobs_nor_the_close(
    loop: asyncio.AbstractEventLoop, release: threading.Event
) -> None:
    worker = SerialWorker("test-abandon")
    started = threading.Event()
    finished: list[str] = []

    def stuck() -> str:
        started.set()
        release.wait()
        finished.append("stuck")
        return "late"

    async def scenario() -> str:
        abandoned = asyncio.ensure_future(worker.run(stuck))
        await wait_until(started.is_set)
        queued = worker.submit(finished.append, "never")
        abandoned.cancel()
        worker.abandon()
        assert queued.cancelled()
        result = await worker.run(str.upper, "fresh thread")
        assert await worker.close()
        return result

    assert loop.run_until_complete(scenario()) == "FRESH THREAD"
    assert finished == []  # the stuck job still runs; the queued one never will
    release.set()
    loop.run_until_complete(wait_until(lambda: finished == ["stuck"]))


def test_close_runs_the_queued_jobs_then_the_last_one_and_refuses_new_jobs(
    loop: asyncio.AbstractEventLoop,
) -> None:
    worker = SerialWorker("test-close")
    ran: list[str] = []
    for name in ("a", "b", "c"):
        worker.submit(ran.append, name)

    assert loop.run_until_complete(worker.close(lambda: ran.append("closed")))
    assert ran == ["a", "b", "c", "closed"]
    assert worker.closed
    with pytest.raises(WorkerClosedError):
        worker.submit(ran.append, "too late")


def test_close_gives_up_waiting_on_a_stuck_job_after_its_timeout(
    loop: asyncio.AbstractEventLoop, release: threading.Event
) -> None:
    worker = SerialWorker("test-close-timeout")
    ran: list[str] = []
    worker.submit(release.wait)

    assert loop.run_until_complete(worker.close(lambda: ran.append("closed"), timeout=0.2)) is False
    assert ran == []
    release.set()


def test_stop_cancels_the_queued_jobs_without_waiting(
    loop: asyncio.AbstractEventLoop, release: threading.Event
) -> None:
    worker = SerialWorker("test-stop")
    started = threading.Event()

    def stuck() -> str:
        started.set()
        release.wait()
        return "finished alone"

    running = worker.submit(stuck)
    queued = [worker.submit(str, number) for number in range(3)]
    assert started.wait(10)
    worker.stop()
    assert all(future.cancelled() for future in queued)
    assert not running.done()
    with pytest.raises(WorkerClosedError):
        worker.submit(str, "after")
    release.set()
    assert running.result(10) == "finished alone"
