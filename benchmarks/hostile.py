"""Hostile servers (issue 12): memory and UI-thread gaps while a server attacks the window.

Goals:
  memory   peak resident memory (RSS) above idle while a server sends an endless body or a
           gzip bomb into the real window: under 150 MB
  gaps     the longest UI-thread gap meanwhile: under 50 ms

The real ``DesktopApp`` and window run in this process on a qasync loop, offscreen, with the
default caps (8 MB of text); the tests' ``HostileServer`` runs in a child process
(``--serve``), so its work does not take this process's GIL. It stands in for all three
providers: the Dynaspark web endpoint (``--endpoint``), the Dynaspark API (the
``api_endpoint`` setting) and an OpenAI-compatible server saved as provider ``hostile``.
Each attack is one question typed into the composer with its model chosen in the picker,
after a normal answer from the same provider (so every import and connection is warm).

Memory: before each attack the kernel's peak-RSS mark is reset (``/proc/self/clear_refs``,
value 5) and RSS is read; after it VmHWM, the peak since, is read. Where the reset is not
allowed a 2 ms sampler thread reads RSS instead. Gaps: a 5 ms ``PreciseTimer`` stamps the
UI thread from Enter until the turn has ended + 100 ms.

Linux only (/proc). Run: ``.venv/bin/python benchmarks/hostile.py``
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import add_quick_flag, ensure_offscreen

ensure_offscreen()

GOAL_MEMORY_MB = 150.0
GOAL_GAP_MS = 50.0
TICK_MS = 5
# (what, provider, server mode). The first four are the "endless body and gzip bomb".
ATTACKS = (
    ("endless JSON body, Dynaspark web endpoint", "web", "endless"),
    ("endless event stream, OpenAI-compatible", "openai", "endless"),
    ("gzip bomb, OpenAI-compatible", "openai", "gzip_bomb"),
    ("gzip bomb, Dynaspark API", "api", "gzip_bomb"),
    ("lying Content-Length, Dynaspark API", "api", "lying_length"),
    ("gzip event stream without newlines", "openai", "gzip_sse_no_newlines"),
    ("one huge event", "openai", "huge_event"),
    ("deep JSON, OpenAI-compatible", "openai", "deep_json"),
    ("20,000 events in one burst", "openai", "burst"),
)
# --quick: one attack on each of the three providers.
QUICK_ATTACKS = (ATTACKS[0][0], ATTACKS[2][0], ATTACKS[4][0])
MODEL_KEYS = {
    "web": "gemini-2.0-flash",
    "api": "dynaspark-api:mistral",
    "openai": "hostile:hostile-model",
}


# -- the server process ----------------------------------------------------------------------


def serve() -> None:
    """``--serve``: HostileServer on 127.0.0.1; prints ``url URL``; each ``mode NAME`` line
    on stdin sets its mode (``ok``), ``bytes`` prints ``bytes N`` (written so far), ``quit``
    ends it."""
    from tests.fakes.hostile_server import HostileServer

    server = HostileServer()
    with server.in_thread():
        print(f"url {server.root_url}", flush=True)
        for line in sys.stdin:
            command, _, argument = line.strip().partition(" ")
            if command == "quit":
                break
            if command == "mode":
                server.mode = argument
            elif command == "bytes":
                print(f"bytes {server.bytes_sent}", flush=True)
            print("ok", flush=True)


# -- measuring -------------------------------------------------------------------------------


def rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


class PeakMemory:
    """The peak RSS between ``start`` and ``stop``: the kernel's own mark where it can be
    reset, else a sampler thread's."""

    def __init__(self) -> None:
        self.kernel_mark = self._reset_mark()
        self._sampled = 0.0
        self._running = False
        self._thread: threading.Thread | None = None

    @staticmethod
    def _reset_mark() -> bool:
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            return False
        return True

    def start(self) -> None:
        if self.kernel_mark:
            self._reset_mark()
            return
        self._sampled = rss_mb()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while self._running:
            self._sampled = max(self._sampled, rss_mb())
            time.sleep(0.002)

    def stop(self) -> float:
        if self.kernel_mark:
            return _status_kb("VmHWM") / 1024
        self._running = False
        assert self._thread is not None
        self._thread.join()
        return self._sampled


@dataclass
class Result:
    what: str
    idle_mb: float
    peak_mb: float
    longest_gap_ms: float
    gap_at_ms: float  # when the longest gap began, from Enter
    seconds: float
    message: str

    @property
    def above_idle_mb(self) -> float:
        return self.peak_mb - self.idle_mb


class GapWatch:
    """``--trace-gaps``: a thread that, while the UI thread has not ticked for 30 ms, keeps
    the UI thread's innermost app frames, to say what the longest gaps were spent on."""

    def __init__(self, ticks: list[float]) -> None:
        self.ticks = ticks
        self.seen: dict[str, int] = {}
        self.active = False  # only while an attack is measured
        self._running = True
        self._main = threading.main_thread().ident
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        import traceback

        while self._running:
            time.sleep(0.005)
            if not self.active or time.perf_counter() - self.ticks[-1] < 0.03:
                continue
            frame = sys._current_frames().get(self._main)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            mine = [f for f in stack if "dynaspark_desktop" in f.filename][-3:]
            where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in mine)
            leaf = f"{Path(stack[-1].filename).name}:{stack[-1].lineno} {stack[-1].name}"
            key = f"{leaf} | {where}"
            self.seen[key] = self.seen.get(key, 0) + 1

    def report(self) -> None:
        for key, count in sorted(self.seen.items(), key=lambda item: -item[1])[:6]:
            print(f"         {count * 5:5d} ms  {key}")
        self.seen.clear()


def run(trace_gaps: bool = False, only: str | None = None, quick: bool = False) -> None:
    import asyncio

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from benchmarks.support.app import start_app
    from benchmarks.support.common import (
        ServerChild,
        banner,
        close_app_and_loop,
        isolate_home,
        print_log_problems,
        verdict,
    )
    from benchmarks.support.ui_timing import gap_stats, until
    from dynaspark_desktop.core.settings import Settings

    banner("Hostile servers: peak memory above idle and the longest UI-thread gap")
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-hostile-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        server = ServerChild(
            [str(Path(__file__)), "--serve"], root / "home", "url", "hostile server"
        )
        data_dir = root / "appdata"
        settings = Settings.load(data_dir)
        settings.set("api_endpoint", server.url)
        entry = {
            "id": "hostile",
            "preset": "custom",
            "label": "Hostile",
            "base_url": f"{server.url}/v1",
        }
        settings.set("providers", [entry])
        loop, desk = start_app(data_dir, f"{server.url}/generate_response")
        desk.window.show()
        memory = PeakMemory()
        watch: GapWatch | None = None
        ticks: list[float] = []
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        if trace_gaps:
            watch = GapWatch(ticks)

        async def choose(key: str) -> None:
            picker = desk.window.model_picker
            # The providers may still be listing their models.
            await until(lambda: picker.findData(key) >= 0, 20.0)
            index = picker.findData(key)
            if index < 0:
                keys = [picker.itemData(row) for row in range(picker.count())]
                raise RuntimeError(f"{key} is not in the model picker: {keys}")
            picker.setCurrentIndex(index)

        async def ask(question: str) -> str:
            composer = desk.window.composer
            QTest.keyClicks(composer, question)
            QTest.keyClick(composer, Qt.Key.Key_Return)
            await asyncio.sleep(0)
            await until(lambda: not desk.chat.busy, 600.0)
            turn = desk.chat.conversation.turns[-1]
            return turn.error or f"answered ({len(turn.answer):,} characters)"

        async def attack(what: str, provider: str, mode: str) -> Result:
            await choose(MODEL_KEYS[provider])
            server.command("mode normal")
            await ask("Hello")  # warm: imports, connection, model list
            server.command(f"mode {mode}")
            gc.collect()
            await asyncio.sleep(0.3)
            idle = rss_mb()
            memory.start()
            ticks[:] = [time.perf_counter()]
            timer.start()
            if watch is not None:
                watch.active = True
            started = time.perf_counter()
            message = await ask("Tell me everything")
            seconds = time.perf_counter() - started
            await asyncio.sleep(0.1)
            timer.stop()
            peak = memory.stop()
            if watch is not None:
                watch.active = False
                print(f"      {what}: where the UI thread was during gaps over 30 ms")
                watch.report()
            gaps, _median, _p99, longest = gap_stats(ticks)
            at = (ticks[gaps.index(longest)] - started) * 1000 if gaps else 0.0
            desk.navigator.new_chat()
            return Result(what, idle, peak, longest, at, seconds, message)

        async def scenario() -> list[Result]:
            await asyncio.sleep(0.3 if quick else 1.5)  # the app's after-first-paint preparations
            assert desk.chat.catalog is not None
            await desk.chat.catalog.ready()
            chosen = [spec for spec in ATTACKS if only is None or only in spec[0]]
            if quick:
                chosen = [spec for spec in chosen if spec[0] in QUICK_ATTACKS]
            return [await attack(*attack_spec) for attack_spec in chosen]

        try:
            results = loop.run_until_complete(scenario())
        finally:
            close_app_and_loop(loop, desk)
            server.close()
        report(results, memory.kernel_mark, verdict)
        print_log_problems(data_dir)


def report(results: list[Result], kernel_mark: bool, verdict: object) -> None:
    how = "kernel peak mark" if kernel_mark else "2 ms sampler"
    print()
    print(f"   each attack into the real window (peak RSS by the {how}):")
    print(
        f"      {'attack':<42} {'idle MB':>8} {'peak +MB':>9} {'gap ms':>7} {'at ms':>7} "
        f"{'s':>6}  message"
    )
    for result in results:
        print(
            f"      {result.what:<42} {result.idle_mb:8.1f} {result.above_idle_mb:9.1f} "
            f"{result.longest_gap_ms:7.1f} {result.gap_at_ms:7.0f} {result.seconds:6.2f}  "
            f"{result.message[:80]}"
        )
    worst_memory = max(result.above_idle_mb for result in results)
    worst_gap = max(result.longest_gap_ms for result in results)
    assert callable(verdict)
    print(
        f"      peak RSS above idle, worst attack: {worst_memory:.1f} MB  "
        f"goal < {GOAL_MEMORY_MB:.0f} MB: {verdict(worst_memory < GOAL_MEMORY_MB)}"
    )
    print(
        f"      longest UI-thread gap, worst attack: {worst_gap:.1f} ms  "
        f"goal < {GOAL_GAP_MS:.0f} ms: {verdict(worst_gap < GOAL_GAP_MS)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument(
        "--trace-gaps", action="store_true", help="say where the UI thread was in long gaps"
    )
    parser.add_argument("--only", help="run only the attacks whose name contains this")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.serve:
        serve()
        return
    run(arguments.trace_gaps, arguments.only, arguments.quick)


if __name__ == "__main__":
    main()
