"""At rest: what the idle app costs (wake-ups, CPU, memory) beside a bare PySide6 window.

Each process is launched with its own temporary data dir and HOME: the real app through its
own launch path (``dynaspark_desktop.launch.main``, as ``python -m dynaspark_desktop``), and
a bare PySide6 window (a QMainWindow with a combo box, a QTextBrowser, a focused
QPlainTextEdit and a button), both under ``benchmarks/support/rest_probe.py``, which prints
the first paint and sets the scene a second later. Measuring starts 3 s after the first
paint and lasts 10 s; nothing happens meanwhile. Measured from /proc (Linux only):

- wake-ups: voluntary context switches summed over every thread of the process
  (/proc/PID/task/*/status; a thread that ends during the window takes its count with it);
- CPU: the threads' run time from /proc/PID/task/*/schedstat (nanoseconds), and
  utime+stime from /proc/PID/stat (whole process, 10 ms ticks) beside it;
- RSS at the end (VmRSS).

Two scenes: ``focused`` (the composer, or the text edit, has the focus: a caret blinks twice
a second) and ``background`` (another window is active and nothing has the focus). Runs
alternate app / bare, in alternating order; medians of the runs, and app / bare.

Goals (issue 18): focused, at most the bare window's wake-ups + 5 and CPU + 2 ms per 10 s;
background, at most 1 wake-up per second.

Run: ``.venv/bin/python benchmarks/at_rest.py [--runs 3] [--seconds 10] [--settle 3]``
"""

from __future__ import annotations

import argparse
import os
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
    REPO_ROOT,
    UNUSED_LOOPBACK_ENDPOINT,
    add_quick_flag,
    banner,
    child_environment,
    ensure_offscreen,
    median,
    module_command,
    read_line_starting,
    stop_process,
    verdict,
)

START_TIMEOUT_SECONDS = 30.0
SCENE_TIMEOUT_SECONDS = 10.0
EXTRA_WAKEUPS_PER_10S = 5
EXTRA_CPU_MS_PER_10S = 2.0
BACKGROUND_WAKEUPS_PER_SECOND = 1.0
SCENES = ("focused", "background")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Counters:
    switches: dict[str, int]  # per thread id: voluntary context switches
    run_ns: dict[str, int]  # per thread id: time on a CPU
    ticks: int  # utime + stime of the whole process
    threads: int


@dataclass
class Sample:
    wakeups: int
    cpu_ms: float
    ticks_ms: float
    rss_mb: float
    threads: int
    scene: str

    def line(self) -> str:
        return (
            f"{self.wakeups:5d} wake-ups  {self.cpu_ms:7.2f} ms CPU ({self.ticks_ms:4.0f} ms in"
            f" ticks)  RSS {self.rss_mb:6.1f} MB  {self.threads} threads  [{self.scene}]"
        )


def _read_counters(pid: int) -> Counters:
    switches: dict[str, int] = {}
    run_ns: dict[str, int] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
            schedstat = (task / "schedstat").read_text()
        except OSError:
            continue  # the thread ended meanwhile
        for line in status.splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                switches[task.name] = int(line.split()[1])
        run_ns[task.name] = int(schedstat.split()[0])
    # Fields 14 and 15 after the command name (which may hold spaces, so split after ")").
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(stat[11]) + int(stat[12])
    return Counters(switches, run_ns, ticks, len(run_ns))


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _difference(before: dict[str, int], after: dict[str, int]) -> int:
    # A thread started during the window counts from zero.
    return sum(value - before.get(thread, 0) for thread, value in after.items())


def measure(
    which: str, scene: str, root: Path, index: int, settle: float, seconds: float
) -> Sample:
    folder = root / f"{which}-{scene}-{index}"
    home = folder / "home"
    home.mkdir(parents=True)
    arguments = [which, scene]
    if which == "app":
        arguments += ["--data-dir", str(folder / "appdata"), "--endpoint", UNUSED_LOOPBACK_ENDPOINT]
    # The bytecode cache stays in one place across runs (as an installed app's would).
    env = child_environment(home, PYTHONPYCACHEPREFIX=str(root / "pycache"))
    process = subprocess.Popen(
        module_command("rest_probe", *arguments),
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        painted = read_line_starting(process, b"first-paint", START_TIMEOUT_SECONDS)
        if painted is None:
            raise RuntimeError(f"{which} did not paint (exit {process.poll()})")
        described = read_line_starting(process, b"scene", SCENE_TIMEOUT_SECONDS)
        if described is None:
            raise RuntimeError(f"{which} did not set its scene (exit {process.poll()})")
        time.sleep(max(0.0, settle - (time.perf_counter() - painted[1])))
        before = _read_counters(process.pid)
        time.sleep(seconds)
        after = _read_counters(process.pid)
        rss = _rss_mb(process.pid)
        if process.poll() is not None:
            raise RuntimeError(f"{which} ended while measured (exit {process.returncode})")
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # this child only, by its pid
        stop_process(process, 10)
    scale = 10.0 / seconds  # every figure is per 10 s
    return Sample(
        wakeups=round(_difference(before.switches, after.switches) * scale),
        cpu_ms=_difference(before.run_ns, after.run_ns) / 1e6 * scale,
        ticks_ms=(after.ticks - before.ticks) * 1000 / CLOCK_TICKS * scale,
        rss_mb=rss,
        threads=after.threads,
        scene=described[0].decode().removeprefix("scene ").strip(),
    )


def _ratio(app: float, bare: float) -> str:
    return f"{app / bare:5.2f} ×" if bare else "  n/a"


def summarize(scene: str, samples: dict[str, list[Sample]]) -> None:
    app, bare = samples["app"], samples["bare"]
    figures = {
        "wake-ups / 10 s": (median([s.wakeups for s in app]), median([s.wakeups for s in bare])),
        "CPU ms / 10 s": (median([s.cpu_ms for s in app]), median([s.cpu_ms for s in bare])),
        "RSS MB": (median([s.rss_mb for s in app]), median([s.rss_mb for s in bare])),
    }
    print(f"   -- {scene}: medians of {len(app)} runs --")
    for label, (app_value, bare_value) in figures.items():
        print(
            f"   {label:<16} app {app_value:8.2f}   bare {bare_value:8.2f}   "
            f"app/bare {_ratio(app_value, bare_value)}"
        )
    wakeups, cpu = figures["wake-ups / 10 s"], figures["CPU ms / 10 s"]
    if scene == "focused":
        passed = wakeups[0] <= wakeups[1] + EXTRA_WAKEUPS_PER_10S
        print(
            f"   focused wake-ups: app {wakeups[0]:.0f} ≤ bare {wakeups[1]:.0f} + "
            f"{EXTRA_WAKEUPS_PER_10S}   {verdict(passed)}"
        )
        passed = cpu[0] <= cpu[1] + EXTRA_CPU_MS_PER_10S
        print(
            f"   focused CPU: app {cpu[0]:.2f} ms ≤ bare {cpu[1]:.2f} + "
            f"{EXTRA_CPU_MS_PER_10S} ms   {verdict(passed)}"
        )
    else:
        limit = BACKGROUND_WAKEUPS_PER_SECOND * 10
        print(
            f"   background wake-ups: app {wakeups[0]:.0f} ≤ {limit:.0f} per 10 s   "
            f"{verdict(wakeups[0] <= limit)}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measured runs of each, per scene")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time at rest (10)")
    parser.add_argument("--settle", type=float, default=3.0, help="from first paint to start (3)")
    parser.add_argument("--scene", choices=SCENES, action="append", help="one scene (both)")
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.runs, arguments.seconds, arguments.settle = 1, 1.0, 1.5
    if not Path("/proc/self/task").exists():
        print("at_rest.py needs Linux /proc; nothing measured")
        return

    ensure_offscreen()
    banner("At rest: wake-ups, CPU and RSS of the idle app (vs a bare PySide6 window)")
    print(
        f"   {arguments.runs} runs of each per scene; {arguments.seconds:g} s measured from "
        f"{arguments.settle:g} s after the first paint; figures per 10 s"
    )
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-rest-") as temp:
        root = Path(temp)
        # One unmeasured launch of each fills the shared bytecode cache, for what the app
        # imports after its first paint too (so it lives as long as a measured one waits).
        for which in ("app", "bare"):
            measure(which, "focused", root, -1, arguments.settle, 0.1)
        for scene in arguments.scene or SCENES:
            samples: dict[str, list[Sample]] = {"app": [], "bare": []}
            for index in range(arguments.runs):
                order = ["app", "bare"] if index % 2 == 0 else ["bare", "app"]
                for which in order:
                    sample = measure(which, scene, root, index, arguments.settle, arguments.seconds)
                    samples[which].append(sample)
                    print(f"   {scene:<10} {index + 1:>2} {which:<4} {sample.line()}", flush=True)
            summarize(scene, samples)


if __name__ == "__main__":
    main()
