"""Memory given back: a 10,000-message conversation opened and left, round after round.

A history is built first, in a child process (``support/history_seed.py``, shape
``switch``): a conversation of 10,000 messages (5,000 turns, answers in Markdown, 40
questions with an image, three of them in its latest page), a small one of 3 turns, and a
few others. The real ``DesktopApp`` then runs in this process on a qasync loop, offscreen,
and is driven through ``ConversationNavigator.open``: each round opens the long conversation
until its latest answer is painted, then the small one.

Before the first round and after each round, with the small conversation open: a settle (for
deferred deletes), ``gc.collect()`` and glibc's ``malloc_trim(0)`` (free pages given back, so
RSS shows what is kept, not what malloc holds on to), then it reads VmRSS, malloc's bytes in
use (``mallinfo2().uordblks``: the C and C++ heap, Qt's objects included), the number of
Python objects the collector tracks, and of live QWidgets. A creep in "in use" with the
Python objects and widgets steady is memory Qt keeps (pixmaps, caches); a creep in Python
objects is something of ours that outlives its conversation.

Goal (issue 18): opening the long conversation and switching away leaves under 5 MB behind
after a collection, after all the rounds (40 by default).

Run: ``.venv/bin/python benchmarks/memory_switch.py [--rounds 40] [--every 10]``
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    add_quick_flag,
    banner,
    close_app_and_loop,
    ensure_offscreen,
    isolate_home,
    median,
    print_log_problems,
    verdict,
)
from benchmarks.support.history_seed import Seeded, seed_in_child

ensure_offscreen()  # before Qt is imported below (hence E402 on the imports that follow)

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.support.app import start_app  # noqa: E402
from benchmarks.support.history_window import open_and_wait, rss_mb, wait_for_start  # noqa: E402
from dynaspark_desktop.app import DesktopApp  # noqa: E402
from dynaspark_desktop.ui.transcript import memory_return  # noqa: E402
from tests.malloc_use import malloc_in_use  # noqa: E402

GOAL_LEFT_MB = 5.0
SETTLE_SECONDS = 0.3  # between an open and the next: late paints, deferred deletes
MEASURE_SETTLE_SECONDS = 1.0  # before a reading


def malloc_in_use_mb() -> float:
    """glibc's bytes in use (allocated and not freed), or NaN where there is no mallinfo2."""
    in_use = malloc_in_use()
    return float("nan") if in_use is None else in_use / 1e6


@dataclass
class Reading:
    after_round: int
    rss_mb: float
    in_use_mb: float
    python_objects: int
    widgets: int

    def line(self, first: Reading) -> str:
        return (
            f"   after {self.after_round:>3} rounds: RSS {self.rss_mb:6.1f} MB "
            f"({self.rss_mb - first.rss_mb:+5.1f}), malloc in use {self.in_use_mb:6.1f} MB "
            f"({self.in_use_mb - first.in_use_mb:+5.1f}), Python objects "
            f"{self.python_objects:>8,} ({self.python_objects - first.python_objects:+,}), "
            f"widgets {self.widgets:>5} ({self.widgets - first.widgets:+})"
        )


async def read_memory(after_round: int, settle: float) -> Reading:
    await asyncio.sleep(settle)
    gc.collect()
    memory_return.trim_malloc()
    return Reading(
        after_round,
        rss_mb(),
        malloc_in_use_mb(),
        len(gc.get_objects()),
        len(QApplication.allWidgets()),
    )


async def run_rounds(
    desk: DesktopApp,
    seeded: Seeded,
    first_paint: asyncio.Future[float],
    rounds: int,
    every: int,
    settle: float,
) -> tuple[list[Reading], list[float]]:
    await wait_for_start(desk, first_paint, seeded.shape.conversations)
    await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
    readings = [await read_memory(0, settle)]
    print(readings[0].line(readings[0]), flush=True)
    opens_ms = []
    for number in range(1, rounds + 1):
        timing = await open_and_wait(desk, seeded.long_id, seeded.long_last_question)
        opens_ms.append(timing.total_ms)
        await asyncio.sleep(SETTLE_SECONDS)
        await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
        await asyncio.sleep(SETTLE_SECONDS)
        if number % every == 0 or number in (1, rounds):
            readings.append(await read_memory(number, settle))
            print(readings[-1].line(readings[0]), flush=True)
    return readings, opens_ms


def report(readings: list[Reading], opens_ms: list[float]) -> None:
    first, last = readings[0], readings[-1]
    left = last.rss_mb - first.rss_mb
    rounds = last.after_round
    print(f"\n   opening the long conversation: median {median(opens_ms):.1f} ms")
    if len(readings) > 2 and rounds > readings[1].after_round:
        # After the first round (caches filled once): what each further round keeps.
        after_first = readings[1]
        span = rounds - after_first.after_round
        print(
            f"   each round after the first keeps: RSS "
            f"{(last.rss_mb - after_first.rss_mb) / span * 1000:+.0f} kB, malloc in use "
            f"{(last.in_use_mb - after_first.in_use_mb) / span * 1000:+.0f} kB, Python objects "
            f"{(last.python_objects - after_first.python_objects) / span:+.1f}"
        )
    print(
        f"   left after {rounds} rounds and a collection: {left:+.1f} MB RSS "
        f"(goal < {GOAL_LEFT_MB:.0f} MB): {verdict(left < GOAL_LEFT_MB)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="open-and-leave rounds (40)")
    parser.add_argument("--every", type=int, default=10, help="read memory every N rounds (10)")
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.rounds, arguments.every = 2, 1
    settle = 0.05 if arguments.quick else MEASURE_SETTLE_SECONDS
    banner("Memory given back: a 10,000-message conversation opened and left, round after round")

    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-switch-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        data_dir = root / "appdata"
        # Built in a child: the seeding's freed heap would hide the app's growth in RSS.
        seeded = seed_in_child(data_dir, root / "home", quick=arguments.quick, shape="switch")
        print(
            f"   built {seeded.shape.messages:,} messages in {seeded.shape.conversations} "
            f"conversations, the long one {2 * seeded.shape.long_turns:,} messages with "
            f"{seeded.shape.long_images} images, in {seeded.seconds:.1f} s"
        )
        loop, desk = start_app(data_dir, pin=False)
        first_paint: asyncio.Future[float] = loop.create_future()
        desk.window.firstPainted.connect(
            lambda: first_paint.done() or first_paint.set_result(time.perf_counter())
        )
        desk.window.show()
        try:
            readings, opens_ms = loop.run_until_complete(
                run_rounds(desk, seeded, first_paint, arguments.rounds, arguments.every, settle)
            )
        finally:
            close_app_and_loop(loop, desk)
        report(readings, opens_ms)
        print_log_problems(data_dir)


if __name__ == "__main__":
    main()
