"""Each provider's slots: defaults from the service contract, the setting read with care, and
a first-come queue whose cancelled waiters leave it (plain asyncio, no Qt, no server)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from dynaspark_desktop.providers.concurrency import (
    DYNASPARK_API_ID,
    MAX_LIMIT,
    ProviderSlots,
    default_limit,
    limited,
    limits_from_setting,
)
from dynaspark_desktop.providers.dynaspark_api import DynasparkApiProvider
from dynaspark_desktop.providers.model_keys import WEB_PROVIDER_ID


def test_the_defaults_follow_the_contract_and_a_local_server_gets_one() -> None:
    assert DynasparkApiProvider.id == DYNASPARK_API_ID
    assert default_limit(DYNASPARK_API_ID, is_local=False) == 10  # "at most 10 concurrent"
    assert default_limit("ollama", is_local=True) == 1
    assert default_limit("openrouter", is_local=False) > 1
    assert default_limit(WEB_PROVIDER_ID, is_local=False) > 1


def test_the_setting_keeps_good_entries_clamps_numbers_and_drops_the_rest() -> None:
    entries = [
        {"provider": "ollama", "limit": 3},
        {"provider": "big", "limit": 10_000},
        {"provider": "zero", "limit": 0},
        {"provider": "half", "limit": 2.7},
        {"provider": "nan", "limit": float("nan")},
        {"provider": "yes", "limit": True},
        {"provider": 7, "limit": 2},
        {"limit": 2},
        "ollama=4",
    ]
    assert limits_from_setting(entries) == {
        "ollama": 3,
        "big": MAX_LIMIT,
        "zero": 1,
        "half": 2,
    }


def _run(scenario: object) -> object:
    return asyncio.run(scenario)  # type: ignore[arg-type]


def test_requests_beyond_the_limit_wait_and_go_in_the_order_they_came() -> None:
    async def scenario() -> tuple[list[str], list[str], int]:
        slots = ProviderSlots(lambda _provider: 2)
        started: list[str] = []
        queued: list[str] = []
        release = asyncio.Event()

        async def request(name: str) -> None:
            async with slots.slot("p", lambda: queued.append(name)):
                started.append(name)
                await release.wait()

        tasks = [asyncio.create_task(request(name)) for name in "abcde"]
        await asyncio.sleep(0.01)
        most = slots.running("p")
        assert started == ["a", "b"]
        assert slots.waiting("p") == 3
        release.set()
        await asyncio.gather(*tasks)
        return started, queued, most

    started, queued, most = _run(scenario())  # type: ignore[misc]
    assert most == 2
    assert started == ["a", "b", "c", "d", "e"]
    assert queued == ["c", "d", "e"]


def test_a_cancelled_waiter_leaves_the_queue_and_the_next_takes_its_place() -> None:
    async def scenario() -> list[str]:
        slots = ProviderSlots(lambda _provider: 1)
        started: list[str] = []
        release = asyncio.Event()

        async def request(name: str) -> None:
            async with slots.slot("p"):
                started.append(name)
                await release.wait()

        first = asyncio.create_task(request("first"))
        second = asyncio.create_task(request("second"))
        third = asyncio.create_task(request("third"))
        await asyncio.sleep(0.01)
        second.cancel()  # Stop on a queued answer
        await asyncio.sleep(0.01)
        assert slots.waiting("p") == 1
        release.set()
        await asyncio.gather(first, third)
        with pytest.raises(asyncio.CancelledError):
            await second
        assert slots.running("p") == 0
        return started

    assert _run(scenario()) == ["first", "third"]


def test_a_waiter_cancelled_as_its_slot_is_handed_over_passes_it_on() -> None:
    async def scenario() -> list[str]:
        slots = ProviderSlots(lambda _provider: 1)
        started: list[str] = []
        hold = asyncio.Event()
        tasks: dict[str, asyncio.Task[None]] = {}

        async def request(name: str) -> None:
            async with slots.slot("p"):
                started.append(name)
                await hold.wait()
            if name == "first":
                # The slot was just handed to "second", which has not run yet: cancel it now.
                tasks["second"].cancel()

        for name in ("first", "second", "third"):
            tasks[name] = asyncio.create_task(request(name))
        await asyncio.sleep(0.01)
        hold.set()
        await asyncio.gather(tasks["first"], tasks["third"])
        with pytest.raises(asyncio.CancelledError):
            await tasks["second"]
        assert slots.running("p") == 0
        assert slots.waiting("p") == 0
        return started

    assert _run(scenario()) == ["first", "third"]


def test_a_raised_limit_lets_the_waiting_go_at_once() -> None:
    async def scenario() -> int:
        limits = {"p": 1}
        slots = ProviderSlots(lambda provider: limits[provider])
        release = asyncio.Event()

        async def request() -> None:
            async with slots.slot("p"):
                await release.wait()

        tasks = [asyncio.create_task(request()) for _ in range(3)]
        await asyncio.sleep(0.01)
        assert slots.running("p") == 1
        limits["p"] = 3
        slots.limits_changed()
        await asyncio.sleep(0.01)
        running = slots.running("p")
        release.set()
        await asyncio.gather(*tasks)
        return running

    assert _run(scenario()) == 3


def test_providers_have_separate_slots_and_a_limited_stream_holds_one_until_it_ends() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        slots = ProviderSlots(lambda _provider: 1)
        events: list[str] = []

        async def pieces(name: str) -> AsyncIterator[str]:
            for index in range(2):
                await asyncio.sleep(0)
                yield f"{name}{index}"

        async def read(provider: str, name: str) -> list[str]:
            return [
                item
                async for item in limited(
                    slots,
                    provider,
                    lambda: pieces(name),
                    on_queued=lambda: events.append(f"{name} queued"),
                    on_admitted=lambda: events.append(f"{name} admitted"),
                )
            ]

        first, second, other = await asyncio.gather(read("p", "a"), read("p", "b"), read("q", "c"))
        assert (slots.running("p"), slots.running("q")) == (0, 0)
        return first + second + other, events

    items, events = _run(scenario())  # type: ignore[misc]
    assert items == ["a0", "a1", "b0", "b1", "c0", "c1"]
    # "c" is another provider's: it never waits for "a"; "b" waits for "a" to end.
    assert events == ["a admitted", "b queued", "c admitted", "b admitted"]


def test_a_limit_is_set_kept_in_bounds_and_left_out_again() -> None:
    from dynaspark_desktop.providers.concurrency import with_limit

    entries: list[object] = [{"provider": "a", "limit": 2}, "damaged"]
    entries = with_limit(entries, "b", 100)
    assert entries == [{"provider": "a", "limit": 2}, "damaged", {"provider": "b", "limit": 32}]
    entries = with_limit(entries, "a", 5)
    assert entries == ["damaged", {"provider": "b", "limit": 32}, {"provider": "a", "limit": 5}]
    assert with_limit(entries, "b", None) == ["damaged", {"provider": "a", "limit": 5}]
