"""History at scale, through the real window: opening a 10,000-message conversation, filling
the sidebar with 5,000 conversations, searching 100,000 messages, and saving messages.

Goals (from the issue):
  open    a 10,000-message conversation shows its latest messages within 200 ms, and
          adds under 50 MB of resident memory
  sidebar 5,000 conversations are listed (query to painted rows) within 100 ms
  search  a full-text query over 100,000 messages answers within 50 ms
  writes  messages committed per second with the app's durability settings (no goal set;
          reported so a change to the PRAGMAs or the transactions shows)

One history is built first, in a child process (5-10 s): 5,000 conversations holding
100,000 messages, one of them 10,000 messages long (5,000 turns, a dozen with an image,
answers in Markdown). Bulk rows go in with SQL in one transaction on the store's own
connection, so the FTS triggers index every message and the schema stays the app's. The
child keeps the seeding's freed heap out of the measured process, where the app's
allocations would reuse it and hide from RSS. Then the real ``DesktopApp`` runs in this
process on a qasync loop, offscreen, and is driven through its own entry points:
``ConversationNavigator.open``, ``HistoryController.refresh_conversations`` and
``HistoryController.search``. Writes are measured last, on the same file, through
``HistoryStore`` after the app has quit.

"Painted" is the first Paint event, after the request, of the widget showing the result:
the last answer's text view (it only gets one once it is scrolled into the viewport), or
the sidebar list's viewport once the model holds the rows. The time is taken when the
paint pass that began with that event has finished (a zero-timer posted from the event
filter), so the painting itself is included. Memory is ``VmRSS`` after a 1 s settle and a
``gc.collect()``, against the same with the small conversation open.

Run: ``/work/venv/bin/python benchmarks/history_ui.py [--rounds 9] [--profile]``
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import dataclasses
import gc
import json
import pstats
import random
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (
    banner,
    child_environment,
    close_app_and_loop,
    ensure_offscreen,
    isolate_home,
    median,
    percentile,
    python_executable,
    verdict,
)

ensure_offscreen()  # before Qt is imported below (hence E402 on the imports that follow)

import qasync  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from dynaspark_desktop.app import DesktopApp  # noqa: E402
from dynaspark_desktop.core.chat import Conversation  # noqa: E402
from dynaspark_desktop.core.images import PreparedImage  # noqa: E402
from dynaspark_desktop.options import Options  # noqa: E402
from dynaspark_desktop.storage import HistoryStore  # noqa: E402
from dynaspark_desktop.ui.history_controller import SEARCH_RESULTS  # noqa: E402

CONVERSATIONS = 5_000
MESSAGES = 100_000
LONG_TURNS = 5_000  # 10,000 messages
SMALL_TURNS = 3
LONG_IMAGES = 12  # questions with an image in the long conversation; 3 in its latest page
VOCABULARY = 8_000
MODEL = "gemini-1.5-flash"

GOAL_OPEN_MS = 200.0
GOAL_OPEN_RSS_MB = 50.0
GOAL_SIDEBAR_MS = 100.0
GOAL_SEARCH_MS = 50.0

PAINT_TIMEOUT_SECONDS = 15.0
# Between measurements: let deferred deletes, layouts and late paints finish.
SETTLE_SECONDS = 0.3
# Before reading memory: long enough for deleteLater and the allocator to settle.
RSS_SETTLE_SECONDS = 1.0


# -- building the history -----------------------------------------------------------------


@dataclass
class Seeded:
    long_id: int
    small_id: int
    long_last_question: str
    small_last_question: str
    words: list[str]
    seconds: float
    size_mb: float


class Text:
    """Random text over a Zipf-like vocabulary, as language is (common words dominate)."""

    def __init__(self, rng: random.Random) -> None:
        letters = "abcdefghijklmnopqrstuvwxyz"
        words = {
            "".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
            for _ in range(VOCABULARY)
        }
        self.words = sorted(words)
        rng.shuffle(self.words)  # rank is random, not alphabetical
        total = 0.0
        self._cumulative = []
        for rank in range(len(self.words)):
            total += 1 / (rank + 1)
            self._cumulative.append(total)
        self._rng = rng

    def sentence(self, low: int, high: int) -> str:
        rng = self._rng
        chosen = rng.choices(self.words, cum_weights=self._cumulative, k=rng.randint(low, high))
        return " ".join(chosen).capitalize() + "."

    def question(self) -> str:
        return self.sentence(6, 40).rstrip(".") + "?"

    def answer(self) -> str:
        return " ".join(self.sentence(8, 25) for _ in range(self._rng.randint(2, 7)))

    def markdown_answer(self) -> str:
        """What a model answers: paragraphs, a list, sometimes code, some emphasis."""
        rng = self._rng
        parts = [self.sentence(10, 30) + " **" + self.sentence(2, 4).rstrip(".") + "** too."]
        parts.append("\n".join(f"- {self.sentence(4, 14)}" for _ in range(rng.randint(2, 5))))
        if rng.random() < 0.3:
            name = rng.choice(self.words[:200])
            parts.append(f"```python\ndef {name}(value):\n    return value * 2\n```")
        parts.append(self.sentence(10, 40) + " See `" + rng.choice(self.words[:50]) + "`.")
        return "\n\n".join(parts)


def _png(width: int, height: int, seed: int) -> bytes:
    """A real, decodable PNG (a gradient with a seed-dependent tint): a stored thumbnail."""
    red, green = (seed * 37) % 256, (seed * 91) % 256
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        blue = (y * 255) // max(1, height - 1)
        for x in range(width):
            rows += bytes(((red + x) % 256, green, blue))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 6))
        + chunk(b"IEND", b"")
    )


def _photo(rng: random.Random, number: int) -> PreparedImage:
    return PreparedImage(
        data=b"\xff\xd8" + rng.randbytes(150_000),  # never read when a conversation opens
        mime_type="image/jpeg",
        filename=f"IMG_{number:04d}.jpg",
        width=1600,
        height=1200,
        thumbnail_png=_png(320, 240, number),
        original_width=4000,
        original_height=3000,
    )


def seed_history(data_dir: Path) -> Seeded:
    """Build the history in ``data_dir``: conversation 1 is the long one, 2 the small one."""
    started = time.perf_counter()
    rng = random.Random(20261121)
    text = Text(rng)
    now = time.time()
    long_id, small_id = 1, 2
    # Every message in a question/answer pair: the rest of the 50,000 turns spread evenly.
    per_other, extra = divmod(MESSAGES // 2 - LONG_TURNS - SMALL_TURNS, CONVERSATIONS - 2)
    image_turns = sorted(
        {LONG_TURNS - 2, LONG_TURNS - 7, LONG_TURNS - 15}
        | {rng.randrange(0, LONG_TURNS - 20) for _ in range(LONG_IMAGES - 3)}
    )
    with HistoryStore.open(data_dir) as store:
        connection = store._connection  # bulk loading only; the app never does this
        images = {turn: _photo(rng, turn) for turn in image_turns}
        digests = {turn: store._keep_image_files(image) for turn, image in images.items()}
        connection.execute("BEGIN IMMEDIATE")
        conversations = []
        messages = []
        last_questions: dict[int, str] = {}
        for conversation_id in range(1, CONVERSATIONS + 1):
            if conversation_id == long_id:
                turns = LONG_TURNS
            elif conversation_id == small_id:
                turns = SMALL_TURNS
            else:
                turns = per_other + (conversation_id - 3 < extra)
            # Most recent first in the sidebar: the long one on top, the small one next.
            updated = now - 60 * conversation_id
            created = updated - 60 * turns
            question = ""
            for turn in range(turns):
                question = text.question()
                answer = text.markdown_answer() if conversation_id == long_id else text.answer()
                at = created + 60 * turn
                messages.append(
                    (conversation_id, 2 * turn, "user", question, MODEL, at, at + 2, 2000)
                )
                messages.append(
                    (
                        conversation_id,
                        2 * turn + 1,
                        "assistant",
                        answer,
                        MODEL,
                        at + 2,
                        at + 2,
                        2000,
                    )
                )
                if turn == 0:
                    title = " ".join(question.split()[:7])
            last_questions[conversation_id] = question
            conversations.append((conversation_id, title, created, updated, MODEL))
        connection.executemany(
            "INSERT INTO conversations (id, title, created, updated, model) VALUES (?, ?, ?, ?, ?)",
            conversations,
        )
        connection.executemany(
            "INSERT INTO messages (conversation_id, position, role, text, model, state, created, "
            "finished, elapsed_ms) VALUES (?, ?, ?, ?, ?, 'answered', ?, ?, ?)",
            messages,
        )
        for turn, image in images.items():
            (message_id,) = connection.execute(
                "SELECT id FROM messages WHERE conversation_id = ? AND position = ?",
                (long_id, 2 * turn),
            ).fetchone()
            store._attach(connection, "message_id", message_id, image, digests[turn])
        connection.execute("COMMIT")
        count = connection.execute("SELECT count(*) FROM messages").fetchone()[0]
        indexed = connection.execute(
            "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?", (f'"{text.words[0]}"',)
        ).fetchone()[0]
        if count != MESSAGES or indexed == 0:
            raise RuntimeError(f"seeding went wrong: {count} messages, {indexed} indexed")
    return Seeded(
        long_id=long_id,
        small_id=small_id,
        long_last_question=last_questions[long_id],
        small_last_question=last_questions[small_id],
        words=text.words,
        seconds=time.perf_counter() - started,
        size_mb=(data_dir / "history.sqlite3").stat().st_size / 1e6,
    )


# -- measuring ----------------------------------------------------------------------------


def rss_mb() -> float:
    """This process's resident memory (Linux ``VmRSS``), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class PaintProbe(QObject):
    """Resolves a future when ``widget`` next gets a Paint event and that paint pass ends.

    The result is (time of the Paint event, time the pass ended): the event filter sees the
    event before the widget paints, and a zero-timer posted from it runs once the whole
    window's paint and flush are done.
    """

    def __init__(self, widget: QWidget, accept: Callable[[], bool] = lambda: True) -> None:
        super().__init__(widget)
        self._accept = accept
        self.future: asyncio.Future[tuple[float, float]] = (
            asyncio.get_running_loop().create_future()
        )
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.future.done() and self._accept():
            painted_at = time.perf_counter()
            watched.removeEventFilter(self)

            def finished() -> None:
                if not self.future.done():
                    self.future.set_result((painted_at, time.perf_counter()))

            QTimer.singleShot(0, finished)
        return False


@dataclass
class Timing:
    total_ms: float
    phases: dict[str, float] = field(default_factory=dict)
    note: str = ""
    turns_shown: int = 0


async def open_and_wait(desk: DesktopApp, conversation_id: int, last_question: str) -> Timing:
    """``navigator.open(id)`` until the latest answer of that conversation is painted."""
    assert desk.navigator is not None
    marks: dict[str, float] = {}
    shown: list[int] = []
    probe_ready: asyncio.Future[PaintProbe] = asyncio.get_running_loop().create_future()
    transcript = desk.window.transcript

    def replaced(conversation: Conversation) -> None:
        # Connected after the navigator's slot: the transcript has built its turn widgets.
        if conversation.id != conversation_id or probe_ready.done():
            return
        marks["built"] = time.perf_counter()
        shown.append(len(conversation.turns))
        last = conversation.turns[-1]
        if last.question != last_question:
            raise RuntimeError("the conversation shown does not end with its latest turn")
        widget = transcript.widget_for(last.id)
        assert widget is not None
        view = (
            widget.answer_view if widget.answer_view.isVisibleTo(widget) else widget.question_view
        )
        probe_ready.set_result(PaintProbe(view.viewport()))

    original_load = desk.history.load

    async def timed_load(*arguments: Any, **keywords: Any) -> Any:
        loaded = await original_load(*arguments, **keywords)
        marks["loaded"] = time.perf_counter()
        return loaded

    desk.history.load = timed_load  # type: ignore[method-assign]
    desk.chat.conversationReplaced.connect(replaced)
    try:
        started = time.perf_counter()
        desk.navigator.open(conversation_id)
        probe = await asyncio.wait_for(probe_ready, PAINT_TIMEOUT_SECONDS)
        painted_at, done_at = await asyncio.wait_for(probe.future, PAINT_TIMEOUT_SECONDS)
    finally:
        desk.chat.conversationReplaced.disconnect(replaced)
        del desk.history.load  # back to the class's method
    bar = transcript.verticalScrollBar()
    return Timing(
        total_ms=(done_at - started) * 1000,
        phases={
            "load": (marks["loaded"] - started) * 1000,
            "build": (marks["built"] - marks["loaded"]) * 1000,
            "until paint": (painted_at - marks["built"]) * 1000,
            "paint": (done_at - painted_at) * 1000,
        },
        note="" if bar.value() >= bar.maximum() - 8 else f"scrolled {bar.value()}/{bar.maximum()}",
        turns_shown=shown[0],
    )


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


async def wait_for_start(desk: DesktopApp, first_paint: asyncio.Future[float]) -> Timing:
    """From the window's first paint until the sidebar shows the whole list (opening the
    database, its quick_check and the first listing included)."""
    painted = await asyncio.wait_for(first_paint, PAINT_TIMEOUT_SECONDS)
    sidebar = desk.window.sidebar
    assert sidebar is not None
    view = sidebar.conversation_view
    probe = PaintProbe(view.viewport(), lambda: view.model().rowCount() == CONVERSATIONS)
    _, done_at = await asyncio.wait_for(probe.future, 60)
    assert desk.navigator is not None
    return Timing(total_ms=(done_at - painted) * 1000)


async def run_in_app(
    desk: DesktopApp,
    seeded: Seeded,
    first_paint: asyncio.Future[float],
    rounds: int,
    refreshes: int,
    profiler: cProfile.Profile | None,
) -> Results:
    results = Results()
    results.startup_sidebar = await wait_for_start(desk, first_paint)
    await asyncio.sleep(SETTLE_SECONDS)

    # 1. Open the long conversation, switching from the small one each round.
    results.small_opens.append(
        await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
    )
    await asyncio.sleep(RSS_SETTLE_SECONDS)
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
            await asyncio.sleep(RSS_SETTLE_SECONDS)
            gc.collect()
            results.rss_after_first = rss_mb()
    await asyncio.sleep(RSS_SETTLE_SECONDS)
    gc.collect()
    results.rss_after_rounds = rss_mb()
    await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
    await asyncio.sleep(RSS_SETTLE_SECONDS)
    gc.collect()
    results.rss_after_leaving = rss_mb()

    # 2. Refill the sidebar.
    for _ in range(refreshes):
        results.refreshes.append(await refresh_and_wait(desk, CONVERSATIONS))
        await asyncio.sleep(SETTLE_SECONDS)

    # 3. Search through the history controller, then the same queries on the store itself
    # (the worker thread is idle by then, so the UI thread may use the store directly).
    queries = search_queries(seeded.words, random.Random(3))
    for query in queries:
        started = time.perf_counter()
        hits = await desk.history.search(query)
        results.app_search_ms.append((time.perf_counter() - started) * 1000)
        results.hits.append(len(hits))
    store = desk.history._store
    assert store is not None
    for query in queries:
        started = time.perf_counter()
        store.search(query, SEARCH_RESULTS)
        results.store_search_ms.append((time.perf_counter() - started) * 1000)
    return results


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
    try:
        connection = store._connection
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
            connection.execute("PRAGMA synchronous").fetchone()[0]
        ]
        settings = f"journal_mode={journal}, synchronous={synchronous}"
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
    long_totals = [t.total_ms for t in results.long_opens]
    small_totals = [t.total_ms for t in results.small_opens]
    first = results.long_opens[0].total_ms
    open_median, open_max = median(long_totals), max(long_totals)
    added_first = results.rss_after_first - results.rss_before
    added_rounds = results.rss_after_rounds - results.rss_before
    added_left = results.rss_after_leaving - results.rss_before
    print()
    print(
        f"   1. open a {2 * LONG_TURNS:,}-message conversation ({rounds} rounds, switching from a"
    )
    print(f"      {2 * SMALL_TURNS}-message one each time); ms from navigator.open() to its latest")
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
        f"      long one: {results.long_opens[0].turns_shown} of {LONG_TURNS:,} turns built at "
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
        f"   2. sidebar with {CONVERSATIONS:,} conversations ({len(refresh)} refreshes); ms from "
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
        f"   3. search over {MESSAGES:,} messages ({len(app_ms)} queries: common, ordinary, rare "
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
    parser.add_argument("--seed-only", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.seed_only is not None:
        # The child that builds the history: prints what the measuring process needs.
        print(json.dumps(dataclasses.asdict(seed_history(arguments.seed_only))))
        return
    banner("History at scale: open, sidebar, search, writes (real window, offscreen)")

    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-history-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        data_dir = root / "appdata"
        # Built in a child process: the measured one must not start with a heap full of
        # freed seeding data, which the app's allocations would reuse and hide from RSS.
        built = subprocess.run(
            [python_executable(), str(Path(__file__).resolve()), "--seed-only", str(data_dir)],
            env=child_environment(root / "home", bytecode_cache=False),
            capture_output=True,
            check=True,
        )
        seeded = Seeded(**json.loads(built.stdout))
        print(
            f"   built {MESSAGES:,} messages in {CONVERSATIONS:,} conversations "
            f"({seeded.size_mb:.0f} MB) in {seeded.seconds:.1f} s"
        )

        app = QApplication.instance() or QApplication([sys.argv[0]])
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        # Nothing here talks to the network; an unused loopback port keeps it that way.
        desk = DesktopApp(
            Options(endpoint="http://127.0.0.1:9/generate_response", data_dir=data_dir),
            route_qt_messages=False,
        )
        first_paint: asyncio.Future[float] = loop.create_future()
        desk.window.firstPainted.connect(
            lambda: first_paint.done() or first_paint.set_result(time.perf_counter())
        )
        desk.window.show()
        profiler = cProfile.Profile() if arguments.profile else None
        try:
            results = loop.run_until_complete(
                run_in_app(
                    desk, seeded, first_paint, arguments.rounds, arguments.refreshes, profiler
                )
            )
        finally:
            close_app_and_loop(loop, desk)

        writes = write_throughput(data_dir, arguments.write_turns)
        report(seeded, results, writes, arguments.rounds)
        if profiler is not None:
            print("\n   UI thread during the long conversation's opens (cProfile, cumulative):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)

        log_path = data_dir / "logs" / "dynaspark-desktop.log"
        problems = [
            line
            for line in log_path.read_text(encoding="utf-8").splitlines()
            if " WARNING " in line or " ERROR " in line or " CRITICAL " in line
        ]
        for line in problems:
            print(f"   app log: {line}")


if __name__ == "__main__":
    main()
