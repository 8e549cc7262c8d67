"""The transcript at scale, through the real window: streaming a long answer, opening and
scrolling back through a 10,000-message conversation, and showing a 2,000-line answer.

Goals (issue 4):
  streaming  5,000 tokens streamed into one message at 500 tokens/s: the UI thread never
             stalls over 50 ms, and one transcript update costs at most 2 × as much at
             token 5,000 as at token 50
  history    a 10,000-message conversation shows its latest messages within 200 ms, and
             scrolling back to its start never stalls the UI thread over 50 ms
  long answer  a finished 2,000-line answer with 20 code blocks, from setting it to its
             final paint (reported, no goal set)

Each part runs in a fresh interpreter (``--part stream``, ``history``, ``render``), with the
real ``DesktopApp`` and window on a qasync loop, offscreen, in temporary folders. The local
OpenAI-compatible server (the tests' ``FakeOpenAI``) runs in a process of its own
(``--serve``), so its work does not compete with the measured UI thread for the GIL; the
history (``history_ui.py``'s) is built by ``support/history_seed.py`` in a child too.

Measuring: a 5 ms precise QTimer on the UI thread stamps every tick (as in
``responsiveness.py``); the gaps between ticks are how long the UI thread could not react.
An update's cost is the time in the answer view's ``flush()`` (its bound method wrapped on
the widget instance) plus the layout (``LayoutRequest``) and paint (the window's
``UpdateRequest``) events Qt handles before the next flush, timed by an event filter on the
window, the transcript's content and the streamed turn's widgets.

The parts live in ``support/transcript_stream.py`` (1 and 3), ``support/transcript_history.py``
(2), ``support/answers.py`` (the answers and the server) and ``support/ui_timing.py``.

Run: ``.venv/bin/python benchmarks/transcript.py [--profile] [--part history]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    REPO_ROOT,
    add_quick_flag,
    banner,
    ensure_offscreen,
    python_executable,
)

ensure_offscreen()  # before the parts (imported when run) load Qt

PARTS = ("stream", "history", "render")


def run_part(name: str, profile: bool, quick: bool) -> int:
    """One part in a fresh interpreter, its output passed through as it comes."""
    command = [python_executable(), str(Path(__file__).resolve()), "--part", name]
    if profile:
        command.append("--profile")
    if quick:
        command.append("--quick")
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        print(line, end="", flush=True)
    return process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile of the UI thread while streaming and while scrolling up "
        "(the timings are then inflated by the profiler)",
    )
    parser.add_argument(
        "--part",
        choices=PARTS,
        help="run only this part, in this process: stream (1), history (2: opening the long "
        "conversation and scrolling back to its start) or render (3)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    add_quick_flag(parser)
    arguments = parser.parse_args()
    # Each mode imports only what it runs: the server child never loads Qt.
    if arguments.serve:
        from benchmarks.support.answers import serve

        serve(arguments.quick)
        return
    if arguments.part in ("stream", "render"):
        from benchmarks.support.transcript_stream import run_server_part

        run_server_part(arguments.part, arguments.profile, arguments.quick)
        return
    if arguments.part == "history":
        from benchmarks.support.transcript_history import run_history_part

        run_history_part(arguments.profile, arguments.quick)
        return
    banner("Transcript at scale: streaming, a long history, a long answer (real window)")
    started = time.perf_counter()
    codes = [run_part(name, arguments.profile, arguments.quick) for name in PARTS]
    print(f"   ({time.perf_counter() - started:.0f} s in all)")
    sys.exit(1 if any(codes) else 0)


if __name__ == "__main__":
    main()
