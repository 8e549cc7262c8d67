"""Keeping the event loop's thread free while a task works through data that is already there.

A task awaiting data that has already arrived never suspends: aiohttp hands over a buffered
body (or inflates a gzip one) and a stream's buffered events without a single pause, so the
loop (Qt's, under qasync) neither paints nor fires timers until the burst is over. One small
helper, used wherever such a burst is worked through (reading a body, handling stream items).
"""

from __future__ import annotations

from collections.abc import Callable


class FramePacer:
    """Yields to the event loop at least once a frame while a task works through a burst.

    Awaiting :meth:`pace` after each piece of work yields once ``budget_seconds`` have gone
    by since the last yield (half a frame at 60 Hz), and costs only a clock reading
    otherwise.
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


_streams_pacer: FramePacer | None = None


def streams_pacer() -> FramePacer:
    """The one pacer every answer stream shares (one budget for all of them per frame).

    Each stream pacing on its own let ten of them each take their own budget before the
    loop had a turn: with ten answers streaming, the window waited for all ten. Shared,
    the first stream to resume after a yield starts a new budget, and every stream whose
    turn comes once it is spent yields before doing anything.
    """
    global _streams_pacer
    if _streams_pacer is None:
        _streams_pacer = FramePacer()
    return _streams_pacer
