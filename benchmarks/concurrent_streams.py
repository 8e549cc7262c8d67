"""Concurrent streams: ten conversations streaming at once, 200 tokens a second each, from a
local server, while the window shows the last of them. Does the UI thread keep ticking?

A 5 ms precise QTimer on the UI thread stamps every tick (``support/ticks.py``); the gaps
between ticks are how long the thread could not react. Measured from the first Send until
the last answer ends (plus a short tail): ten new chats, each sent its question as soon as
the one before has its turn, so the streams overlap for nearly all of their length. The
baseline, in the same run and app: one conversation streaming alone.

Goal (issue 14): with ten streams at once, no UI-thread gap over 50 ms. Also printed: the
99th percentile and median gaps, how many streams overlapped at most, the rate each stream
arrived at, and the share of a core the app's process used while they streamed (less
sensitive than gaps to a busy machine).

The server (``tests/fakes/slow_stream_server.py``, Markdown-ish words) runs in a child
process (``--serve``), so its work does not share this process's GIL.

Run: ``.venv/bin/python benchmarks/concurrent_streams.py`` (``--quick``: short answers).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    BENCHMARKS_DIR,
    ServerChild,
    add_quick_flag,
    banner,
    close_app_and_loop,
    ensure_offscreen,
    isolate_home,
    median,
    percentile,
    print_log_problems,
    verdict,
)

if TYPE_CHECKING:
    from dynaspark_desktop.app import DesktopApp

GOAL_MAX_GAP_MS = 50.0
STREAMS = 10
PIECE_DELAY_SECONDS = 0.005  # 200 tokens a second
PIECES = 1_000  # five seconds of answer per stream
QUICK_PIECES = 100
ROUNDS = 3
QUICK_ROUNDS = 1
PROVIDER_ID = "local"
MODEL_KEY = f"{PROVIDER_ID}:llama3.2:3b"  # one of the fake server's models
SETTLE_SECONDS = 0.5
TAIL_SECONDS = 0.25
ANSWERS_TIMEOUT_SECONDS = 120.0


def serve(pieces: int) -> None:
    """``--serve``: the slow server on 127.0.0.1; prints ``base_url URL``; ``quit`` ends."""
    from tests.fakes.slow_stream_server import SlowStreamServer

    server = SlowStreamServer(pieces=pieces, piece_delay=PIECE_DELAY_SECONDS, markdown=True)
    with server.in_thread():
        print(f"base_url {server.base_url}", flush=True)
        for line in sys.stdin:
            if line.strip() == "quit":
                break


@dataclass
class Round:
    label: str
    gaps_ms: list[float]  # from the moment every stream had begun until the last ended
    start_gaps_ms: list[float]  # before: the new chats and Sends, one right after another
    cpu_share: float  # this process's CPU time over wall time while the streams ran
    most_streaming: int  # streams that had text arriving at the same moment, at most
    rates: list[float]  # tokens a second, per stream
    answered: int
    worst_gc_ms: float = 0.0  # garbage collection inside the worst gap
    full_collections_ms: list[float] = field(default_factory=list)  # generation 2, each


async def until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition was not met in time")
        await asyncio.sleep(0.01)


async def streams_round(desk: DesktopApp, streams: int, label: str, run: int) -> Round:
    """``streams`` new chats, each sent a question; the ticks until every answer ended,
    split where every answer had begun to stream (the Sends, ten in a few milliseconds, are
    no user's pace; what is measured is the window while the streams run)."""
    from benchmarks.support.gc_watch import GcWatch, collections_within
    from benchmarks.support.ticks import TickRecorder
    from dynaspark_desktop.core.chat import Turn, TurnState

    window, chat = desk.window, desk.chat
    await asyncio.sleep(SETTLE_SECONDS)
    turns: list[Turn] = []
    most = 0

    def grew(_turn: Turn, _text: str) -> None:
        nonlocal most
        most = max(most, sum(1 for turn in turns if turn.streaming))

    chat.answerGrew.connect(grew)
    recorder = TickRecorder()
    collector = GcWatch()
    collector.start()
    recorder.start()
    try:
        for index in range(streams):
            window.newChatRequested.emit()
            window.composer.setPlainText(f"Question {run}.{index} for {label}")
            window.send_message()
            turns.append(chat.conversation.turns[-1])
            await asyncio.sleep(0)  # the question's request goes out
        await until(lambda: all(turn.pieces for turn in turns), ANSWERS_TIMEOUT_SECONDS)
        all_streaming = time.perf_counter()
        cpu_before = time.process_time()
        await until(lambda: not chat.busy, ANSWERS_TIMEOUT_SECONDS)
        cpu_share = (time.process_time() - cpu_before) / (time.perf_counter() - all_streaming)
        await asyncio.sleep(TAIL_SECONDS)
    finally:
        ticks = recorder.stop()
        collections = collector.stop()
        chat.answerGrew.disconnect(grew)
    pairs = list(itertools.pairwise(ticks))
    streaming_pairs = [(earlier, later) for earlier, later in pairs if later > all_streaming]
    gaps = [(later - earlier) * 1000 for earlier, later in streaming_pairs]
    # The worst gap's collections (a full one may take tens of milliseconds).
    worst_pair = max(streaming_pairs, key=lambda pair: pair[1] - pair[0], default=(0.0, 0.0))
    in_worst = collections_within(collections, *worst_pair)
    full = [c.ms for c in collections if c.generation == 2 and c.ended > all_streaming]
    start = [(later - earlier) * 1000 for earlier, later in pairs if later <= all_streaming]
    rates = [rate for turn in turns if (rate := turn.tokens_per_second()) is not None]
    answered = sum(1 for turn in turns if turn.state is TurnState.ANSWERED)
    return Round(
        label,
        gaps,
        start,
        cpu_share,
        most,
        rates,
        answered,
        worst_gc_ms=sum(c.ms for c in in_worst),
        full_collections_ms=full,
    )


def report(rounds: list[Round], streams: int) -> tuple[float, bool]:
    """Print the rounds' figures; the worst gap of all of them, and whether every round had
    all its streams at once and answered."""
    worst = [max(r.gaps_ms) for r in rounds]
    p99 = [percentile(r.gaps_ms, 0.99) for r in rounds]
    typical = [median(r.gaps_ms) for r in rounds]
    rates = [rate for r in rounds for rate in r.rates]
    overlap = min(r.most_streaming for r in rounds)
    answered = min(r.answered for r in rounds)
    starting = max(max(r.start_gaps_ms, default=0.0) for r in rounds)
    cpu = median([r.cpu_share for r in rounds])
    print(
        f"   {rounds[0].label:<16} worst gap median {median(worst):6.1f} ms "
        f"(max {max(worst):.1f}) · p99 {median(p99):5.1f} ms · median {median(typical):4.1f} ms"
        f" · {overlap} streaming at once · {median(rates):.0f} tokens/s each"
        f" · {answered}/{streams} answered · CPU {cpu:.0%} of a core while streaming"
        f" · while sending: worst gap {starting:.1f} ms",
        flush=True,
    )
    worst_round = max(rounds, key=lambda r: max(r.gaps_ms))
    full = [ms for r in rounds for ms in r.full_collections_ms]
    print(
        f"   {'':<16} garbage collection in the worst gap: {worst_round.worst_gc_ms:.1f} ms"
        f" · full (generation 2) collections while streaming: {len(full)}"
        f" (longest {max(full, default=0.0):.1f} ms)",
        flush=True,
    )
    return max(worst), answered == streams and overlap == streams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_quick_flag(parser)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pieces", type=int, default=PIECES, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve(arguments.pieces)
        return
    pieces = QUICK_PIECES if arguments.quick else PIECES
    rounds = QUICK_ROUNDS if arguments.quick else ROUNDS
    banner(f"Concurrent streams: {STREAMS} chats at 200 tokens/s, {pieces} tokens each")
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-") as temp:
        home = Path(temp)
        isolate_home(home)
        ensure_offscreen()
        server = ServerChild(
            [str(BENCHMARKS_DIR / "concurrent_streams.py"), "--serve", "--pieces", str(pieces)],
            home,
            "base_url",
            "slow stream server",
        )
        try:
            measure(home / "appdata", server.url, rounds)
        finally:
            server.close()


def measure(data_dir: Path, base_url: str, rounds: int) -> None:
    from benchmarks.support.app import start_app
    from dynaspark_desktop.core.settings import Settings

    settings = Settings.load(data_dir)
    entry = {"id": PROVIDER_ID, "preset": "ollama", "label": "Local", "base_url": base_url}
    settings.set("providers", [entry])
    settings.set("model", MODEL_KEY)
    # A local server gets one request at a time by default: this one serves ten.
    settings.set("concurrent_requests", [{"provider": PROVIDER_ID, "limit": STREAMS}])
    loop, desk = start_app(data_dir)
    desk.window.show()

    async def run() -> list[tuple[float, bool]]:
        await until(lambda: desk.models is not None and desk.navigator is not None, 30.0)
        assert desk.models is not None
        catalog = desk.models.catalog
        groups = catalog.groups
        await until(lambda: bool(groups()) and not any(g.loading for g in groups()), 30.0)
        # One round to warm up (imports, the first widgets), not counted.
        await streams_round(desk, 1, "warm-up", 0)
        alone = [await streams_round(desk, 1, "one stream", run) for run in range(rounds)]
        together = [
            await streams_round(desk, STREAMS, f"{STREAMS} streams", run) for run in range(rounds)
        ]
        return [report(alone, 1), report(together, STREAMS)]

    try:
        (alone_ms, _), (together_ms, complete) = loop.run_until_complete(run())
    finally:
        close_app_and_loop(loop, desk)
    ratio = together_ms / alone_ms if alone_ms else float("nan")
    print(f"   worst gap, {STREAMS} streams vs one: {ratio:.2f}×")
    print(
        f"   {verdict(complete)} all {STREAMS} streams overlapped and were answered",
        flush=True,
    )
    print(
        f"   {verdict(together_ms <= GOAL_MAX_GAP_MS)} no UI-thread gap over "
        f"{GOAL_MAX_GAP_MS:.0f} ms with {STREAMS} streams (worst of every round: "
        f"{together_ms:.1f} ms)",
        flush=True,
    )
    print_log_problems(data_dir)


if __name__ == "__main__":
    main()
