"""Memory: resident set size (RSS) of the idle app after start-up, vs a bare PySide6 window.

The real app is launched as a user would (``python -m dynaspark_desktop``) with a temporary
data dir; once it has started (its log says "starting") it is left 2 s to paint and settle,
then VmRSS is read from /proc/<pid>/status, and it is stopped with SIGTERM, which must make
it shut down cleanly. A bare PySide6 window of the same size is measured the same way, so
the app's own share is visible. Median of 3 (after one unmeasured launch of each, which
fills the bytecode cache). Goal: the app under 90 MB (issue 18; it was 120 MB).

At rest, with no key stored and no server of its own to list, the app loads neither the
keyring nor aiohttp nor Markdown (they come with a stored key, a server to list, the first
keystroke). Each sample says which of the native libraries that come with them are mapped
(/proc/<pid>/maps: aiohttp's parsers, cryptography from the keyring's backends, Pillow), so
a figure over the goal says why.

Linux only (/proc). Offscreen Qt: a real display platform (xcb, wayland) adds its own
libraries and buffers to both numbers.

Run: ``.venv/bin/python benchmarks/memory.py [--runs 3]``
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    LOG_RELATIVE_PATH,
    REPO_ROOT,
    add_quick_flag,
    app_command,
    banner,
    bare_window_command,
    child_environment,
    ensure_offscreen,
    median,
    read_line_starting,
    stop_process,
    verdict,
    wait_for_log_text,
)

GOAL_MB = 90.0
SETTLE_SECONDS = 2.0
START_TIMEOUT_SECONDS = 30.0
EXIT_TIMEOUT_SECONDS = 10.0
# /proc/<pid>/status fields worth showing: RSS split into its kinds, and the peak.
STATUS_FIELDS = ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem")
# Packages with native libraries that the app loads only on need (see the docstring).
LOADED_ON_NEED = ("aiohttp", "multidict", "yarl", "cryptography", "_cffi_backend", "PIL")


@dataclass
class Sample:
    status_kb: dict[str, int]
    pss_kb: int | None  # proportional share: shared libraries counted once across processes
    loaded_on_need: list[str]  # of LOADED_ON_NEED, the packages with a library mapped
    exit_code: int
    exit_seconds: float
    clean_shutdown: bool | None  # the app's log says "Shut down cleanly" (None: not the app)

    @property
    def rss_mb(self) -> float:
        return self.status_kb["VmRSS"] / 1024


def read_status(pid: int) -> dict[str, int]:
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in STATUS_FIELDS:
            values[name] = int(rest.split()[0])  # always in kB
    return values


def read_loaded_on_need(pid: int) -> list[str]:
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return []
    return [name for name in LOADED_ON_NEED if f"/{name}/" in maps or f"/{name}." in maps]


def read_pss(pid: int) -> int | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None  # older kernels, or not permitted
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return None


def measure_app(root: Path, data_dir: Path, settle: float) -> Sample:
    log_path = data_dir / LOG_RELATIVE_PATH
    log_path.unlink(missing_ok=True)  # each launch must announce itself afresh
    process = subprocess.Popen(
        app_command(data_dir),
        cwd=REPO_ROOT,
        env=child_environment(root / "home"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # "starting" is logged as DesktopApp begins; the window is built and shown right
        # after, well within the settle time (start-up to first paint is ~0.2 s).
        if not wait_for_log_text(log_path, "starting", process, START_TIMEOUT_SECONDS):
            raise RuntimeError(f"the app did not start (exit code {process.poll()})")
        return _settle_sample_and_terminate(process, log_path, settle)
    finally:
        if process.poll() is None:
            stop_process(process, 1)


def measure_bare(root: Path, command: list[str], settle: float) -> Sample:
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=child_environment(root / "home"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        if read_line_starting(process, b"first-paint", START_TIMEOUT_SECONDS) is None:
            raise RuntimeError(f"the bare window did not paint (exit code {process.poll()})")
        return _settle_sample_and_terminate(process, None, settle)
    finally:
        if process.poll() is None:
            stop_process(process, 1)


def _settle_sample_and_terminate(
    process: subprocess.Popen[bytes], log_path: Path | None, settle: float
) -> Sample:
    time.sleep(settle)
    if process.poll() is not None:
        raise RuntimeError(f"the process ended early (exit code {process.returncode})")
    status = read_status(process.pid)
    pss = read_pss(process.pid)
    loaded = read_loaded_on_need(process.pid)
    # SIGTERM to this child only (by its pid): the app must treat it as a request to quit.
    asked = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    try:
        exit_code = process.wait(EXIT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        exit_code = stop_process(process, 1)
        print(f"   note: pid {process.pid} ignored SIGTERM for {EXIT_TIMEOUT_SECONDS} s; killed")
    exit_seconds = time.perf_counter() - asked
    clean = None
    if log_path is not None:
        clean = "Shut down cleanly" in log_path.read_text(encoding="utf-8")
    return Sample(status, pss, loaded, exit_code, exit_seconds, clean)


def describe(sample: Sample) -> str:
    kb = sample.status_kb
    parts = [
        f"RSS {kb['VmRSS'] / 1024:6.1f} MB",
        f"(anon {kb.get('RssAnon', 0) / 1024:5.1f}, file {kb.get('RssFile', 0) / 1024:5.1f}, "
        f"shmem {kb.get('RssShmem', 0) / 1024:4.1f})",
        f"peak {kb.get('VmHWM', 0) / 1024:6.1f}",
    ]
    if sample.pss_kb is not None:
        parts.append(f"PSS {sample.pss_kb / 1024:6.1f}")
    parts.append(f"exit {sample.exit_code} in {sample.exit_seconds * 1000:.0f} ms")
    if sample.clean_shutdown is not None:
        parts.append("clean" if sample.clean_shutdown else "NOT CLEAN")
        parts.append(f"loaded on need: {', '.join(sample.loaded_on_need) or 'none'}")
    return " ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measured launches of each (3)")
    add_quick_flag(parser)
    arguments = parser.parse_args()
    # --quick: no warm-up, one launch of each, a short settle.
    warmups, settle = (0, 0.3) if arguments.quick else (1, SETTLE_SECONDS)
    if arguments.quick:
        arguments.runs = 1
    if not Path("/proc/self/status").exists():
        print("memory.py needs Linux /proc; nothing measured")
        return

    ensure_offscreen()
    banner("Memory: RSS of the idle app after start-up (vs bare PySide6 window)")
    app_samples: list[Sample] = []
    bare_samples: list[Sample] = []
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-memory-") as temp:
        root = Path(temp)
        bare_command = bare_window_command(root, quit_after_paint=False)
        data_dir = root / "appdata"
        print(
            f"   {warmups} warm-up + {arguments.runs} measured launches of each, {settle} s settle"
        )
        for index in range(warmups + arguments.runs):
            label = "warm" if index < warmups else str(index - warmups + 1)
            app = measure_app(root, data_dir, settle)
            bare = measure_bare(root, bare_command, settle)
            print(f"   {label:>4} app  {describe(app)}")
            print(f"   {'':>4} bare {describe(bare)}", flush=True)
            if index >= warmups:
                app_samples.append(app)
                bare_samples.append(bare)

    app_mb = median([sample.rss_mb for sample in app_samples])
    bare_mb = median([sample.rss_mb for sample in bare_samples])
    print(f"   median RSS app  : {app_mb:6.1f} MB")
    print(
        f"   median RSS bare : {bare_mb:6.1f} MB   (app's own share {app_mb - bare_mb:+.1f} MB, "
        f"ratio {app_mb / bare_mb:.2f} ×)"
    )
    unclean = [sample for sample in app_samples if not sample.clean_shutdown or sample.exit_code]
    if unclean:
        print(f"   note: {len(unclean)} app run(s) did not exit 0 with a clean shutdown on SIGTERM")
    else:
        print("   SIGTERM: every app run exited 0 after logging a clean shutdown")
    print(
        f"   app RSS {app_mb:.1f} MB   goal < {GOAL_MB:.0f} MB   {verdict(app_mb < GOAL_MB)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
