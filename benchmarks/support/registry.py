"""Every benchmark script, its goal, and how long its full run typically takes: what
``run_all.py`` runs, what ``tests/test_benchmarks.py`` checks, and what the README's table
lists. A new script in ``benchmarks/`` goes here too (the test fails until it does)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str  # benchmarks/<name>.py
    goal: str
    typical_seconds: int  # a full run on the 2-core development machine
    # Run in its --quick form by tests/test_benchmarks.py; not one that needs the built
    # bundle (dist/), which the test run does not make.
    in_quick_tests: bool = True


BENCHMARKS = (
    Benchmark("startup", "launch to first paint ≤ 1.25 × a bare PySide6 window", 5),
    Benchmark("second_launch", "a second launch hands its file over in ≤ 1.0 × a bare window", 10),
    Benchmark("responsiveness", "UI-thread gaps ≤ 50 ms, p99 < 16 ms (waiting, a drop)", 20),
    Benchmark("at_rest", "at rest: ≤ a bare window's wake-ups + 5 and CPU + 2 ms per 10 s", 180),
    Benchmark("memory", "idle RSS after start-up < 90 MB", 25),
    Benchmark(
        "memory_switch", "a 10,000-message conversation opened and left 40 times: < 5 MB kept", 90
    ),
    Benchmark("history_ui", "open 10,000 messages < 200 ms; sidebar < 100 ms; search < 50 ms", 35),
    Benchmark(
        "tree", "10,000 messages, 2,000 branches: open < 100 ms; switch a version < 16 ms", 30
    ),
    Benchmark("transcript", "streaming, a long history and a long answer without stalls", 90),
    Benchmark("markdown_stream", "a streamed update at token 5,000 ≤ 2 × at token 50", 5),
    Benchmark(
        "math_answers", "math: 50 formulas typeset; streaming with math never stalls 50 ms", 40
    ),
    Benchmark("providers", "Send to first character < 5 ms over bare aiohttp; no 50 ms gap", 70),
    Benchmark("context_path", "a request's context from a 10,000-message path < 20 ms", 10),
    Benchmark("imports", "crafted imports refused with < 16 MB and 1 s", 10),
    Benchmark(
        "import_cancel", "a 120 MB import: no 50 ms gap; Cancel at once; quit exits 0 < 1 s", 60
    ),
    Benchmark("long_text", "long lines: ratio ≤ 2, HTML < 3 MB, 1 MB paste < 5 s", 10),
    Benchmark("long_answers", "2 MB odd-shaped answers: reopen, Show more < 100 ms", 60),
    Benchmark("images", "a pixel bomb refused < 100 ms; a 24 MP JPEG prepared < 1 s", 90),
    Benchmark("documents", "a 2 GB log read in part < 100 ms; a 300-page PDF's text < 10 s", 30),
    Benchmark("hostile", "hostile servers: peak RSS < 150 MB above idle, no 50 ms gap", 20),
    Benchmark(
        "bundle",
        "the bundle < 110 MB on disk, < 45 MB .tar.gz; starts ≤ 1.0 × the source install",
        40,
        in_quick_tests=False,
    ),
    Benchmark(
        "concurrent_streams", "ten chats streaming at once, 200 tokens/s each: no 50 ms gap", 70
    ),
    Benchmark("language_switch", "a change of language ≤ 1 × a change of theme (UI thread)", 25),
)
NAMES = tuple(benchmark.name for benchmark in BENCHMARKS)
QUICK_TEST_NAMES = tuple(benchmark.name for benchmark in BENCHMARKS if benchmark.in_quick_tests)
