"""FramePacer: a consumer that never waits (every item already buffered) still hands the
loop a turn once per budget of work, and only then."""

from __future__ import annotations

import asyncio

from dynaspark_desktop.core.pacing import FramePacer


def _turns_given(items: int, seconds_per_item: float, pacer_budget: float | None) -> int:
    """How often a loop callback ran while a consumer handled ``items`` buffered items,
    each taking ``seconds_per_item`` on a clock that only the work advances."""
    now = [0.0]
    turns = [0]

    async def main() -> None:
        loop = asyncio.get_running_loop()
        done = False

        def other_work() -> None:  # what Qt's paint and timers are to the window
            turns[0] += 1
            if not done:
                loop.call_soon(other_work)

        pacer = FramePacer(pacer_budget, clock=lambda: now[0]) if pacer_budget else None
        loop.call_soon(other_work)
        turns[0] = -1  # the first run is the one call_soon above: not a turn given
        for _ in range(items):
            now[0] += seconds_per_item  # the work of one item
            if pacer is not None:
                await pacer.pace()
        done = True

    asyncio.run(main())
    return max(turns[0], 0)


def test_a_burst_without_pacing_never_lets_anything_else_run() -> None:
    assert _turns_given(1000, 0.001, None) == 0


def test_pacing_yields_once_per_budget_of_work() -> None:
    # 1000 items of about a millisecond each (binary fractions: the sums are exact), a
    # yield every 8 of them.
    assert _turns_given(1000, 1 / 1024, 8 / 1024) == 1000 // 8


def test_cheap_items_cost_no_yield() -> None:
    assert _turns_given(1000, 0.000001, 0.008) == 0
