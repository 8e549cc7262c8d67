"""LatestTask: only the latest request counts, and every task is kept until it ends."""

from __future__ import annotations

import asyncio
import threading

from dynaspark_desktop.ui.base.tasks import BackgroundTasks, LatestTask
from dynaspark_desktop.ui.base.workers import SerialWorker
from tests.ui.conftest import wait_until


def test_binding_a_newer_request_cancels_the_older_one_and_only_the_newer_lands(
    loop: asyncio.AbstractEventLoop,
) -> None:
    tasks = BackgroundTasks()
    latest = LatestTask(tasks, "test-latest")
    shown: list[str] = []
    older_may_finish = asyncio.Event()

    async def request(name: str, wait: asyncio.Event | None) -> None:
        if wait is not None:
            await wait.wait()
        shown.append(name)

    async def scenario() -> tuple[asyncio.Task[object], asyncio.Task[object]]:
        older = latest.bind(request("older", older_may_finish))
        newer = latest.bind(request("newer", None))
        assert len(tasks) == 2  # the cancelled one is kept until it has ended
        older_may_finish.set()
        await asyncio.gather(older, newer, return_exceptions=True)
        return older, newer

    older, newer = loop.run_until_complete(scenario())
    assert older.cancelled()
    assert not newer.cancelled()
    assert shown == ["newer"]
    assert len(tasks) == 0
    assert not latest.running


def test_a_newer_request_drops_an_older_ones_work_still_queued_on_a_worker(
    loop: asyncio.AbstractEventLoop,
) -> None:
    tasks = BackgroundTasks()
    latest = LatestTask(tasks, "test-latest-worker")
    worker = SerialWorker("test-latest-worker")
    busy = threading.Event()
    read: list[str] = []
    shown: list[str] = []

    def reading(name: str) -> str:
        read.append(name)
        return name

    async def request(name: str) -> None:
        shown.append(await worker.run(reading, name))

    async def scenario() -> None:
        worker.submit(busy.wait)  # the worker is busy: the requests wait in its queue
        for name in ("first", "second", "third"):
            latest.bind(request(name))
            await asyncio.sleep(0)  # the request's job is queued
        busy.set()
        await wait_until(lambda: len(tasks) == 0)
        await worker.close()

    try:
        loop.run_until_complete(scenario())
    finally:
        busy.set()
    assert shown == ["third"]
    assert read == ["third"]  # the older ones were cancelled while they waited in the queue


def test_cancel_stops_the_latest_request(loop: asyncio.AbstractEventLoop) -> None:
    tasks = BackgroundTasks()
    latest = LatestTask(tasks, "test-cancel")

    async def scenario() -> asyncio.Task[object]:
        task = latest.bind(asyncio.sleep(3600))
        assert latest.running
        latest.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return task

    assert loop.run_until_complete(scenario()).cancelled()
    assert not latest.running
    assert len(tasks) == 0
