"""History at scale, through the real window: opening a 10,000-message conversation, filling
the sidebar with 5,000 conversations, searching 100,000 messages, and saving messages.

Goals (from the issue):
  open    a 10,000-message conversation shows its latest messages within 200 ms, and
          adds under 50 MB of resident memory
  sidebar 5,000 conversations are listed (query to painted rows) within 100 ms
  search  a full-text query over 100,000 messages answers within 50 ms
  writes  messages committed per second with the app's durability settings (no goal set;
          reported so a change to the PRAGMAs or the transactions shows)

One history is built first, in a child process (15-20 s; ``support/history_seed.py``):
5,000 conversations holding 100,000 messages, one of them 10,000 messages long (5,000 turns,
a dozen with an image, answers in Markdown), stored with ``HistoryStore.add_snapshots`` in
one transaction, so the FTS triggers index every message and the schema stays the app's. The
child keeps the seeding's freed heap out of the measured process, where the app's
allocations would reuse it and hide from RSS. Then the real ``DesktopApp`` runs in this
process on a qasync loop, offscreen, and is driven through its own entry points:
``ConversationNavigator.open``, ``HistoryController.refresh_conversations`` and
``HistoryController.search``. After the app has quit, the same queries go to a
``HistoryStore`` of this process's own (the search without the thread hop), and writes are
measured on the same file through ``HistoryStore``.

"Painted" is the first Paint event, after the request, of the widget showing the result:
the last answer's text view (it only gets one once it is scrolled into the viewport), or
the sidebar list's viewport once the model holds the rows. The time is taken when the
paint pass that began with that event has finished (a zero-timer posted from the event
filter), so the painting itself is included. Memory is ``VmRSS`` after a 1 s settle and a
``gc.collect()``, against the same with the small conversation open.

Run: ``.venv/bin/python benchmarks/history_ui.py [--rounds 9] [--profile]``
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
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
from benchmarks.support.history_seed import MODEL, Seeded, Text, seed_in_child

ensure_offscreen()  # before Qt is imported below (hence E402 on the imports that follow)


from benchmarks.support.app import start_app  # noqa: E402
from benchmarks.support.history_window import (  # noqa: E402
    PAINT_TIMEOUT_SECONDS,
    PaintProbe,
    Timing,
    open_and_wait,
    rss_mb,
    wait_for_start,
)
from dynaspark_desktop.app import DesktopApp  # noqa: E402
from dynaspark_desktop.storage import HistoryStore  # noqa: E402
from dynaspark_desktop.storage.database import connect  # noqa: E402
from dynaspark_desktop.ui.controllers.history_controller import SEARCH_RESULTS  # noqa: E402

GOAL_OPEN_MS = 200.0
GOAL_OPEN_RSS_MB = 50.0
GOAL_SIDEBAR_MS = 100.0
GOAL_SEARCH_MS = 50.0

# Between measurements: let deferred deletes, layouts and late paints finish.
SETTLE_SECONDS = 0.3
# Before reading memory: long enough for deleteLater and the allocator to settle.
RSS_SETTLE_SECONDS = 1.0


# -- measuring ----------------------------------------------------------------------------


async def refresh_and_wait(desk: DesktopApp, expected_rows: int) -> Timing:
    """``history.refresh_conversations()`` until the sidebar list paints with the rows."""
    sidebar = desk.window.sidebar
    assert sidebar is not None
    view = sidebar.conversation_view
    marks: dict[str, float] = {}
    probe_ready: asyncio.Future[PaintProbe] = asyncio.get_running_loop().create_future()

    def changed(summaries: list[Any]) -> None:
        # Connected after the navigator's slot: the model already holds the new list.
        if probe_ready.done():
            return
        marks["delivered"] = time.perf_counter()
        probe_ready.set_result(
            PaintProbe(view.viewport(), lambda: view.model().rowCount() == expected_rows)
        )
        # An unchanged list updates no row (the model compares it with what it shows), so
        # nothing would repaint: ask for the paint a changed list would have caused.
        view.viewport().update()

    desk.history.conversationsChanged.connect(changed)
    try:
        started = time.perf_counter()
        desk.history.refresh_conversations()
        probe = await asyncio.wait_for(probe_ready, PAINT_TIMEOUT_SECONDS)
        painted_at, done_at = await asyncio.wait_for(probe.future, PAINT_TIMEOUT_SECONDS)
    finally:
        desk.history.conversationsChanged.disconnect(changed)
    return Timing(
        total_ms=(done_at - started) * 1000,
        phases={
            "query + delivery": (marks["delivered"] - started) * 1000,
            "until paint": (painted_at - marks["delivered"]) * 1000,
            "paint": (done_at - painted_at) * 1000,
        },
    )


def search_queries(words: list[str], rng: random.Random) -> list[str]:
    """What people type: common, ordinary and rare words, two words, a word being typed."""
    return (
        [rng.choice(words[:50]) for _ in range(20)]
        + [rng.choice(words[50:2000]) for _ in range(20)]
        + [rng.choice(words[2000:]) for _ in range(20)]
        + [f"{rng.choice(words[:500])} {rng.choice(words[:500])}" for _ in range(20)]
        + [rng.choice(words)[:3] for _ in range(20)]
    )


# -- the scenarios in the app ---------------------------------------------------------------


@dataclass
class Results:
    startup_sidebar: Timing | None = None
    long_opens: list[Timing] = field(default_factory=list)
    small_opens: list[Timing] = field(default_factory=list)
    rss_before: float = 0.0
    rss_after_first: float = 0.0
    rss_after_rounds: float = 0.0
    rss_after_leaving: float = 0.0
    refreshes: list[Timing] = field(default_factory=list)
    app_search_ms: list[float] = field(default_factory=list)
    store_search_ms: list[float] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)


async def run_in_app(
    desk: DesktopApp,
    seeded: Seeded,
    first_paint: asyncio.Future[float],
    rounds: int,
    refreshes: int,
    profiler: cProfile.Profile | None,
    rss_settle: float = RSS_SETTLE_SECONDS,
) -> Results:
    results = Results()
    conversations = seeded.shape.conversations
    results.startup_sidebar = await wait_for_start(desk, first_paint, conversations)
    await asyncio.sleep(SETTLE_SECONDS)

    # 1. Open the long conversation, switching from the small one each round.
    results.small_opens.append(
        await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
    )
    await asyncio.sleep(rss_settle)
    gc.collect()
    results.rss_before = rss_mb()
    for round_number in range(rounds):
        if round_number:
            results.small_opens.append(
                await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
            )
            await asyncio.sleep(SETTLE_SECONDS)
        if profiler is not None:
            profiler.enable()
        results.long_opens.append(
            await open_and_wait(desk, seeded.long_id, seeded.long_last_question)
        )
        if profiler is not None:
            profiler.disable()
        await asyncio.sleep(SETTLE_SECONDS)
        if round_number == 0:
            await asyncio.sleep(rss_settle)
            gc.collect()
            results.rss_after_first = rss_mb()
    await asyncio.sleep(rss_settle)
    gc.collect()
    results.rss_after_rounds = rss_mb()
    await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
    await asyncio.sleep(rss_settle)
    gc.collect()
    results.rss_after_leaving = rss_mb()

    # 2. Refill the sidebar.
    for _ in range(refreshes):
        results.refreshes.append(await refresh_and_wait(desk, conversations))
        await asyncio.sleep(SETTLE_SECONDS)

    # 3. Search through the history controller.
    for query in search_queries(seeded.words, random.Random(3)):
        started = time.perf_counter()
        hits = await desk.history.search(query)
        results.app_search_ms.append((time.perf_counter() - started) * 1000)
        results.hits.append(len(hits))
    return results


def store_search_ms(data_dir: Path, words: list[str]) -> list[float]:
    """The same queries on a ``HistoryStore`` of its own (after the app has quit), without the
    controller's thread hop: what the search itself costs. One unmeasured query first warms
    this connection's page cache, as the app's had been by then."""
    queries = search_queries(words, random.Random(3))
    timings = []
    with HistoryStore.open(data_dir) as store:
        store.search(queries[0], SEARCH_RESULTS)
        for query in queries:
            started = time.perf_counter()
            store.search(query, SEARCH_RESULTS)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


# -- writes (storage level, after the app has quit) -----------------------------------------


@dataclass
class WriteResult:
    label: str
    per_second: float
    message_ms: float


def write_throughput(data_dir: Path, turns: int) -> tuple[str, float, list[WriteResult]]:
    """Save ``turns`` question/answer pairs as the app does: one transaction per message."""
    rng = random.Random(7)
    text = Text(rng)
    texts = [(text.question(), text.markdown_answer()) for _ in range(turns)]
    started = time.perf_counter()
    store = HistoryStore.open(data_dir)  # what the app does at start-up, quick_check included
    open_ms = (time.perf_counter() - started) * 1000
    results = []
    # What the store's own connection is set to: a connection made as the store makes its own.
    probe = connect(store.database_path)
    try:
        journal = probe.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
            probe.execute("PRAGMA synchronous").fetchone()[0]
        ]
    finally:
        probe.close()
    settings = f"journal_mode={journal}, synchronous={synchronous}"
    try:
        for label, with_draft in (
            ("add_user_message + mark_answered", False),
            ("… + clear_draft, as the window saves a turn", True),
        ):
            conversation = store.create_conversation(MODEL)
            per_message: list[float] = []
            begun = time.perf_counter()
            for question_text, answer_text in texts:
                before = time.perf_counter()
                question = store.add_user_message(conversation.id, question_text, MODEL)
                if with_draft:
                    store.clear_draft(conversation.id)
                store.mark_answered(question.id, answer_text, MODEL, 1.5)
                per_message.append((time.perf_counter() - before) * 1000 / 2)
            elapsed = time.perf_counter() - begun
            results.append(WriteResult(label, 2 * turns / elapsed, median(per_message)))
    finally:
        store.close()
    return settings, open_ms, results


# -- reporting ----------------------------------------------------------------------------


def phase_medians(timings: list[Timing]) -> str:
    names = list(timings[0].phases)
    return ", ".join(f"{name} {median([t.phases[name] for t in timings]):.1f}" for name in names)


def report(
    seeded: Seeded,
    results: Results,
    writes: tuple[str, float, list[WriteResult]],
    rounds: int,
) -> None:
    shape = seeded.shape
    long_totals = [t.total_ms for t in results.long_opens]
    small_totals = [t.total_ms for t in results.small_opens]
    first = results.long_opens[0].total_ms
    open_median, open_max = median(long_totals), max(long_totals)
    added_first = results.rss_after_first - results.rss_before
    added_rounds = results.rss_after_rounds - results.rss_before
    added_left = results.rss_after_leaving - results.rss_before
    print()
    print(
        f"   1. open a {2 * shape.long_turns:,}-message conversation ({rounds} rounds, "
        "switching from a"
    )
    print(
        f"      {2 * shape.small_turns}-message one each time); ms from navigator.open() to "
        "its latest"
    )
    print("      answer painted")
    print(f"      {'':<30} {'first':>7} {'median':>7} {'max':>7}")
    print(
        f"      {'open the long one':<30} {first:7.1f} {open_median:7.1f} {open_max:7.1f}  "
        f"goal < {GOAL_OPEN_MS:.0f} ms: {verdict(open_median < GOAL_OPEN_MS)}"
    )
    print(
        f"      {'open the small one':<30} {small_totals[0]:7.1f} {median(small_totals):7.1f} "
        f"{max(small_totals):7.1f}"
    )
    at_bottom = sum(1 for t in results.long_opens if not t.note)
    print(
        f"      long one: {results.long_opens[0].turns_shown} of {shape.long_turns:,} turns "
        "built at "
        f"first (older ones load on scrolling up); scrolled to the end when painted in "
        f"{at_bottom} of {len(results.long_opens)}"
    )
    print(f"      long one, median by phase (ms): {phase_medians(results.long_opens)}")
    notes = {t.note for t in results.long_opens if t.note}
    if notes:
        print(f"      not at the bottom when painted: {', '.join(sorted(notes))}")
    print(
        f"      RSS added (from {results.rss_before:.1f} MB with the small one open): "
        f"first open {added_first:+.1f} MB, after all rounds {added_rounds:+.1f} MB, "
        f"back on the small one {added_left:+.1f} MB"
    )
    print(
        f"      {'memory after the first open':<30} {added_first:+7.1f} MB  "
        f"goal < {GOAL_OPEN_RSS_MB:.0f} MB: {verdict(added_first < GOAL_OPEN_RSS_MB)}"
    )
    print(
        f"      {'memory after all rounds':<30} {added_rounds:+7.1f} MB  "
        f"goal < {GOAL_OPEN_RSS_MB:.0f} MB: {verdict(added_rounds < GOAL_OPEN_RSS_MB)}"
    )

    refresh = [t.total_ms for t in results.refreshes]
    print()
    print(
        f"   2. sidebar with {shape.conversations:,} conversations ({len(refresh)} refreshes); "
        "ms from "
        "refresh_conversations() to the list painted with its rows"
    )
    print(f"      {'':<30} {'median':>7} {'p90':>7} {'max':>7}")
    print(
        f"      {'fill the sidebar':<30} {median(refresh):7.1f} {percentile(refresh, 0.9):7.1f} "
        f"{max(refresh):7.1f}  goal < {GOAL_SIDEBAR_MS:.0f} ms: "
        f"{verdict(median(refresh) < GOAL_SIDEBAR_MS)}"
    )
    print(f"      median by phase (ms): {phase_medians(results.refreshes)}")
    if results.startup_sidebar is not None:
        print(
            "      at start-up, from the window's first paint to the list painted (opening the "
            "database, its quick_check, the day's first backup, the first listing): "
            f"{results.startup_sidebar.total_ms:.0f} ms"
        )

    app_ms, store_ms = results.app_search_ms, results.store_search_ms
    print()
    print(
        f"   3. search over {shape.messages:,} messages ({len(app_ms)} queries: common, "
        "ordinary, rare "
        f"words, pairs, prefixes; up to {SEARCH_RESULTS} hits, median {median(results.hits):.0f})"
    )
    print(f"      {'':<30} {'median':>7} {'p90':>7} {'max':>7}")
    print(
        f"      {'HistoryController.search':<30} {median(app_ms):7.1f} "
        f"{percentile(app_ms, 0.9):7.1f} {max(app_ms):7.1f}  goal < {GOAL_SEARCH_MS:.0f} ms: "
        f"{verdict(median(app_ms) < GOAL_SEARCH_MS)}"
    )
    print(
        f"      {'HistoryStore.search (raw)':<30} {median(store_ms):7.1f} "
        f"{percentile(store_ms, 0.9):7.1f} {max(store_ms):7.1f}"
    )

    settings, open_ms, write_results = writes
    print()
    print(
        f"   4. writes into the {seeded.size_mb:.0f} MB history ({settings}; one transaction "
        "per message)"
    )
    print(f"      {'':<44} {'msg/s':>7} {'ms/msg':>7}  (median time to save one message)")
    for result in write_results:
        print(f"      {result.label:<44} {result.per_second:7,.0f} {result.message_ms:7.2f}")
    print(f"      (HistoryStore.open of that file, quick_check included: {open_ms:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=9, help="opens of the long conversation (default 9)"
    )
    parser.add_argument(
        "--refreshes", type=int, default=15, help="sidebar refreshes measured (default 15)"
    )
    parser.add_argument(
        "--write-turns", type=int, default=1000, help="question/answer pairs saved (default 1000)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile of the UI thread during the long conversation's opens "
        "(the timings are then inflated by the profiler)",
    )
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.rounds, arguments.refreshes, arguments.write_turns = 1, 1, 20
    banner("History at scale: open, sidebar, search, writes (real window, offscreen)")

    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-history-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        data_dir = root / "appdata"
        # Built in a child process: the measured one must not start with a heap full of
        # freed seeding data, which the app's allocations would reuse and hide from RSS.
        seeded = seed_in_child(data_dir, root / "home", quick=arguments.quick)
        print(
            f"   built {seeded.shape.messages:,} messages in {seeded.shape.conversations:,} "
            f"conversations ({seeded.size_mb:.0f} MB) in {seeded.seconds:.1f} s "
            "(HistoryStore.add_snapshots, one transaction)"
        )

        # Nothing here talks to the network; an unused loopback port keeps it that way.
        loop, desk = start_app(data_dir, pin=False)
        first_paint: asyncio.Future[float] = loop.create_future()
        desk.window.firstPainted.connect(
            lambda: first_paint.done() or first_paint.set_result(time.perf_counter())
        )
        desk.window.show()
        profiler = cProfile.Profile() if arguments.profile else None
        try:
            results = loop.run_until_complete(
                run_in_app(
                    desk,
                    seeded,
                    first_paint,
                    arguments.rounds,
                    arguments.refreshes,
                    profiler,
                    # --quick: the memory figures are not read, so no long settles for them.
                    rss_settle=0.05 if arguments.quick else RSS_SETTLE_SECONDS,
                )
            )
        finally:
            close_app_and_loop(loop, desk)

        results.store_search_ms = store_search_ms(data_dir, seeded.words)
        writes = write_throughput(data_dir, arguments.write_turns)
        report(seeded, results, writes, arguments.rounds)
        if profiler is not None:
            print("\n   UI thread during the long conversation's opens (cProfile, cumulative):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)

        print_log_problems(data_dir)


if __name__ == "__main__":
    main()
