"""A large import in the real app (a child process per case, offscreen): the longest UI-thread
gap while it runs, how soon Cancel stops it, and how soon a quit (SIGTERM) exits meanwhile.

The file is one conversation of about 120 MB (36 images of 2.5 MB in base64), near the 128 MB
cap for one conversation. Cases:

- gaps: the import runs to its end; a 5 ms Qt timer ticks on the UI thread, and the longest
  gap between ticks is how long the window could not react (goal: under 50 ms; the parse of
  the JSON holds the GIL in the worker thread and is the known outlier);
- cancel: Cancel 0.5 s into the import; time until the notice says it was cancelled;
- quit: SIGTERM 0.5 s into the import; time until the process has exited (status 0, history
  closed cleanly); beside the same quit when the import cannot be stopped (what the app did
  before Cancel existed: the close waited behind the whole import).

Run: ``.venv/bin/python benchmarks/import_cancel.py``
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    add_quick_flag,
    banner,
    child_environment,
    python_executable,
    verdict,
)
from benchmarks.support.import_files import conversation_json

GAP_GOAL_MS = 50.0
QUIT_GOAL_SECONDS = 1.0

CHILD = textwrap.dedent(
    """
    import asyncio, itertools, signal, sys, threading, time
    from pathlib import Path
    from PySide6.QtCore import Qt, QTimer
    from dynaspark_desktop import app as app_module
    from dynaspark_desktop.launch import main

    mode, source, data_dir = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    cancel_after = float(sys.argv[4])
    original = app_module.DesktopApp._after_first_paint

    def after_first_paint(self):
        original(self)
        QTimer.singleShot(300, lambda: asyncio.ensure_future(drive(self)))

    async def until(condition, limit=600.0):
        deadline = time.monotonic() + limit
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError
            await asyncio.sleep(0.005)

    async def drive(desk):
        await until(lambda: desk.history.available and desk.history._store is not None)
        await desk.history.search("warm")
        ticks = []
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(5)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        ticks.append(time.perf_counter())
        timer.start()
        started = time.perf_counter()
        notice = desk.window.notice_bar
        if mode == "quit-unstoppable":
            from dynaspark_desktop.storage import import_file
            desk.history._submit(lambda store: import_file(store, source))
        else:
            desk.navigator.import_from(str(source))
        print("import-started", flush=True)
        if mode == "gaps":
            await until(lambda: "Imported" in notice.text)
        elif mode == "cancel":
            await asyncio.sleep(cancel_after)
            cancelled = time.perf_counter()
            desk.navigator.imports.cancel()
            # A small (--quick) import may end before the cancel reaches it.
            await until(lambda: "cancelled" in notice.text or "Imported" in notice.text)
            print(f"cancel-seconds {time.perf_counter() - cancelled:.3f}", flush=True)
        else:
            return  # the parent sends SIGTERM
        timer.stop()
        gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
        print(f"import-seconds {time.perf_counter() - started:.3f}", flush=True)
        print(f"longest-gap-ms {max(gaps):.1f}", flush=True)
        print("top-gaps-ms " + " ".join(f"{g:.0f}" for g in sorted(gaps)[-5:]), flush=True)
        desk.request_quit()

    app_module.DesktopApp._after_first_paint = after_first_paint
    raise SystemExit(main(["--data-dir", data_dir]))
    """
)


def _child(mode: str, source: Path, work: Path, cancel_after: float = 0.5) -> subprocess.Popen[str]:
    data_dir = work / f"data-{mode}"
    return subprocess.Popen(
        [python_executable(), "-c", CHILD, mode, str(source), str(data_dir), str(cancel_after)],
        env=child_environment(work / "home"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until(process: subprocess.Popen[str], prefix: str) -> str:
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(prefix):
            return line.strip()
    raise RuntimeError(
        f"child ended before {prefix!r}: {process.stderr.read() if process.stderr else ''}"
    )


def _values(process: subprocess.Popen[str]) -> dict[str, str]:
    output, _errors = process.communicate(timeout=600)
    values = {}
    for line in output.splitlines():
        key, _, value = line.partition(" ")
        values[key] = value
    values["exit"] = str(process.returncode)
    return values


def _quit(mode: str, source: Path, work: Path) -> tuple[float, int]:
    process = _child(mode, source, work)
    _read_until(process, "import-started")
    time.sleep(0.5)
    asked = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=600)
    seconds = time.perf_counter() - asked
    process.communicate()
    return seconds, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_quick_flag(parser)
    arguments = parser.parse_args()
    # --quick: a 4 MB file, only to check that every case still runs.
    images, image_bytes = (2, 2 * 1024 * 1024) if arguments.quick else (36, int(2.5 * 1024 * 1024))
    banner("A large import: UI-thread gaps, Cancel, and quitting meanwhile")
    with tempfile.TemporaryDirectory(prefix="import-cancel-") as folder:
        work = Path(folder)
        source = work / "big.json"
        source.write_bytes(conversation_json(images, image_bytes))
        print(f"file: {source.stat().st_size / 1024 / 1024:.0f} MB, one conversation")

        gaps = _values(_child("gaps", source, work))
        longest = float(gaps.get("longest-gap-ms", "nan"))
        print(
            f"gaps    import {gaps.get('import-seconds')} s, longest UI gap {longest:.0f} ms "
            f"(top: {gaps.get('top-gaps-ms')}), exit {gaps['exit']}  "
            f"{verdict(longest < GAP_GOAL_MS)}"
        )
        cancel = _values(_child("cancel", source, work, 0.0 if arguments.quick else 0.5))
        print(
            f"cancel  stopped {cancel.get('cancel-seconds')} s after Cancel, "
            f"longest UI gap {cancel.get('longest-gap-ms')} ms, exit {cancel['exit']}"
        )
        quit_seconds, quit_status = _quit("quit", source, work)
        old_seconds, old_status = _quit("quit-unstoppable", source, work)
        print(
            f"quit    SIGTERM to exit {quit_seconds:.2f} s (status {quit_status}); "
            f"unstoppable import (before): {old_seconds:.2f} s (status {old_status}); "
            f"ratio {old_seconds / quit_seconds:.1f}x  {verdict(quit_seconds < QUIT_GOAL_SECONDS)}"
        )


if __name__ == "__main__":
    main()
