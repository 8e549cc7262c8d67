"""Helpers shared by the benchmarks: isolation, child processes, simple statistics, verdicts.

Nothing here imports Qt, Pillow or aiohttp: the responsiveness benchmark measures what the
app itself imports, so this module must not warm those imports up for it.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import selectors
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
BENCHMARKS_DIR = REPO_ROOT / "benchmarks"
LOG_RELATIVE_PATH = Path("logs") / "dynaspark-desktop.log"

# Variables that could send the app (or Qt) somewhere other than 127.0.0.1 or the temp home.
_SCRUBBED_VARIABLES = (
    "DYNASPARK_ENDPOINT",
    "DYNASPARK_STARTUP_PROBE",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
)

# An endpoint on loopback that nothing listens on: start-up never sends a request, and if
# the app ever did, it would fail fast on 127.0.0.1 instead of reaching the real service.
UNUSED_LOOPBACK_ENDPOINT = "http://127.0.0.1:9/generate_response"


# The baseline: what any PySide6 app pays to show a window. Same size as the app's window
# (MainWindow.resize(920, 760)) and the same probe as the app's DYNASPARK_STARTUP_PROBE (an
# event filter that prints at the first Paint event), so both sides are timed alike.
_BARE_WINDOW_SCRIPT = """\
import sys, time
started = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

QUIT_AFTER_PAINT = {quit_after_paint!r}
app = QApplication([sys.argv[0]])
window = QMainWindow()
window.resize(920, 760)


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(
                f"first-paint {{time.perf_counter() - started:.4f}} "
                f"cpu {{time.process_time():.4f}}",
                flush=True,
            )
            if QUIT_AFTER_PAINT:
                QTimer.singleShot(0, app.quit)
        return False


probe = FirstPaint(window)
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
"""


def bare_window_script(*, quit_after_paint: bool) -> str:
    """Source of the bare-window baseline; it prints ``first-paint SECONDS cpu SECONDS`` when
    painted (the CPU time of the whole process so far, as the app's probe prints it).

    With ``quit_after_paint`` it then quits on the next loop turn, as the app's probe does;
    without, it stays up (idle) until it is terminated.
    """
    return _BARE_WINDOW_SCRIPT.format(quit_after_paint=quit_after_paint)


def ensure_offscreen() -> None:
    """Headless Qt unless the caller chose a platform explicitly (must run before Qt loads)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def isolate_home(home: Path) -> None:
    """Point this process's per-user locations at ``home`` (a temp folder), like the tests.

    Qt and the app look up HOME and XDG_* lazily, so doing this before the first Qt call is
    enough to keep the user's real settings, logs and caches untouched.
    """
    os.environ.update(_home_variables(home))
    for variable in _SCRUBBED_VARIABLES:
        os.environ.pop(variable, None)


def child_environment(home: Path, *, bytecode_cache: bool = True, **extra: str) -> dict[str, str]:
    """The environment for a child app process: headless, temp home, repo importable.

    With ``bytecode_cache`` the child may cache compiled modules, as every installed copy
    of the app does (pip compiles on install). The cache lives under ``home``
    (PYTHONPYCACHEPREFIX), so nothing is written into the repo or the venv; the first
    launch fills it, which is one reason the benchmarks do a warm-up launch. A developer
    shell with PYTHONDONTWRITEBYTECODE=1 would otherwise recompile the app's ~30 modules
    from source on every launch and blame the app for it.
    """
    env = dict(os.environ)
    for variable in _SCRUBBED_VARIABLES:
        env.pop(variable, None)
    env.update(_home_variables(home))
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The package is not installed in the venv: make ``python -m dynaspark_desktop`` find it.
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if part
    )
    env.update(extra)
    return env


def _home_variables(home: Path) -> dict[str, str]:
    variables = {"HOME": str(home)}
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        variables[name] = str(path)
    # Qt wants a private runtime dir; without one it warns on every start.
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    variables["XDG_RUNTIME_DIR"] = str(runtime)
    return variables


def read_line_starting(
    process: subprocess.Popen[bytes], prefix: bytes, timeout: float
) -> tuple[bytes, float] | None:
    """Read the child's stdout until a line starts with ``prefix``.

    Returns the line and the ``time.perf_counter()`` at which it was read, or None when the
    child ended or ``timeout`` passed first. The time is taken as soon as the line arrives,
    before anything else is done with it.
    """
    assert process.stdout is not None
    deadline = time.perf_counter() + timeout
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            if not selector.select(remaining):
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            now = time.perf_counter()
            if not chunk:
                return None  # end of file: the child exited without the line
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                if line.startswith(prefix):
                    return line, now


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> int:
    """Wait for a child to end; kill it (by its own pid) if it does not within ``timeout``."""
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(5)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (``fraction`` in 0..1), as numpy's default computes it."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def verdict(passed: bool) -> str:
    # Benchmarks report; they never fail a build. A miss is a finding to look into.
    return "PASS" if passed else "MISS"


def close_app_and_loop(loop: Any, desk: Any) -> None:
    """Shut a benchmark's ``DesktopApp`` down cleanly, then its qasync loop (and unset it)."""
    import asyncio

    loop.run_until_complete(desk.shutdown())
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
    asyncio.set_event_loop(None)


def python_executable() -> str:
    """The interpreter running the benchmark: the venv's, with the app's dependencies."""
    return sys.executable


def app_command(data_dir: Path, *extra: str) -> list[str]:
    """Launch the app as a user would, on ``data_dir``, pointed at an unused loopback port."""
    return [
        python_executable(),
        "-m",
        "dynaspark_desktop",
        "--data-dir",
        str(data_dir),
        "--endpoint",
        UNUSED_LOOPBACK_ENDPOINT,
        *extra,
    ]


def bare_window_command(folder: Path, *, quit_after_paint: bool) -> list[str]:
    """Write the bare-window baseline into ``folder``; returns the command that runs it."""
    name = "bare_window.py" if quit_after_paint else "bare_window_idle.py"
    script = folder / name
    script.write_text(bare_window_script(quit_after_paint=quit_after_paint), encoding="utf-8")
    return [python_executable(), str(script)]


def module_command(module: str, *arguments: str) -> list[str]:
    """A ``benchmarks.support`` module run as a child (from ``REPO_ROOT``, or with the
    environment from ``child_environment``, so that the package imports)."""
    return [python_executable(), "-m", f"benchmarks.support.{module}", *arguments]


@dataclass
class Launch:
    wall_seconds: float  # Popen → the awaited line read by us: what the user waits
    line: bytes
    exit_code: int


def launch_until_line(
    command: list[str], env: dict[str, str], prefix: bytes, timeout: float
) -> Launch:
    """Start ``command``, time it until it prints a line starting with ``prefix``, then reap it
    (it is expected to quit by itself right after, as the first-paint probes do)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        # Qt's warnings go to stderr; not reading them must not block the child on a full pipe.
        stderr=subprocess.DEVNULL,
    )
    try:
        found = read_line_starting(process, prefix, timeout)
    finally:
        exit_code = stop_process(process)
    if found is None:
        raise RuntimeError(f"no {prefix.decode()} line from {command!r} (exit {exit_code})")
    line, read_at = found
    return Launch(wall_seconds=read_at - started, line=line, exit_code=exit_code)


def wait_for_log_text(
    log_path: Path, text: str, process: subprocess.Popen[bytes], timeout: float
) -> bool:
    """Poll the app's log file until it holds ``text`` (the app prints nothing); False when
    the process ended or ``timeout`` passed first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if text in log_path.read_text(encoding="utf-8", errors="replace"):
                return True
        except FileNotFoundError:
            pass
        time.sleep(0.02)
    return False


def print_log_problems(data_dir: Path) -> None:
    """Anything the app itself thought worth a warning during the run."""
    log_path = data_dir / LOG_RELATIVE_PATH
    if not log_path.exists():
        return
    for line in log_path.read_text(encoding="utf-8").splitlines():
        if re.search(r" (WARNING|ERROR|CRITICAL) ", line):
            print(f"   app log: {line}")


def add_quick_flag(parser: argparse.ArgumentParser) -> None:
    """``--quick``: the smallest configuration, which tests/test_benchmarks.py runs so that a
    rename or schema change breaks CI; its figures are not meant to be read."""
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smallest configuration, to check the benchmark still runs (figures meaningless)",
    )


def banner(title: str) -> None:
    print(f"== {title} ==", flush=True)
    print(
        f"   python {sys.version.split()[0]} · {os.cpu_count()} CPUs · "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen (default)')}",
        flush=True,
    )


class ServerChild:
    """A fake server run as a child process (so its work does not take the measured
    process's GIL), driven a line at a time over stdin. At start it prints
    ``<ready_word> <url>``; each command line is answered with ``ok``; ``quit`` ends it."""

    def __init__(
        self,
        arguments: list[str],
        home: Path,
        ready_word: str,
        what: str,
        start_timeout: float = 60.0,
    ) -> None:
        self.what = what
        self._process = subprocess.Popen(
            [python_executable(), *arguments],
            cwd=REPO_ROOT,
            # Not measured: no need for a private bytecode cache (it would recompile aiohttp).
            env=child_environment(home, bytecode_cache=False),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        found = read_line_starting(self._process, f"{ready_word} ".encode(), start_timeout)
        if found is None:
            stop_process(self._process, 1)
            raise RuntimeError(f"the {what} process did not start")
        self.url = found[0].split()[1].decode()
        if not self.url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the {what} is not on loopback: {self.url}")

    def command(self, line: str) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(f"{line}\n".encode())
        self._process.stdin.flush()
        if read_line_starting(self._process, b"ok", 10.0) is None:
            raise RuntimeError(f"the {self.what} did not take {line!r}")

    def close(self) -> None:
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(b"quit\n")
            self._process.stdin.close()
        except BrokenPipeError:
            pass
        stop_process(self._process, 10)
