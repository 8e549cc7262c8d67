"""Start-up: wall time from launching the real app to its first painted window.

Compared with a bare PySide6 window (QApplication + an empty QMainWindow of the same size)
launched and timed the same way, in the same run, interleaved, so machine noise (CPU
frequency, page cache, other load) hits both sides alike. Goal: app ≤ 1.5 × bare window.

Run: ``/work/venv/bin/python benchmarks/startup.py [--runs 9] [--warmup 1]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (
    REPO_ROOT,
    UNUSED_LOOPBACK_ENDPOINT,
    banner,
    bare_window_script,
    child_environment,
    ensure_offscreen,
    median,
    python_executable,
    read_line_starting,
    stop_process,
    verdict,
)

GOAL_RATIO = 1.5
LAUNCH_TIMEOUT_SECONDS = 30.0
PROBE_PREFIX = b"first-paint"


@dataclass
class Launch:
    wall_seconds: float  # Popen → the probe line read by us: what the user waits
    self_reported_seconds: float  # the child's own clock (from its main()), for context
    exit_code: int


def launch_and_time(command: list[str], env: dict[str, str]) -> Launch:
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
        found = read_line_starting(process, PROBE_PREFIX, LAUNCH_TIMEOUT_SECONDS)
    finally:
        # Both children quit by themselves right after the paint; this only reaps them.
        exit_code = stop_process(process)
    if found is None:
        raise RuntimeError(f"no {PROBE_PREFIX.decode()} line from {command!r} (exit {exit_code})")
    line, read_at = found
    return Launch(
        wall_seconds=read_at - started,
        self_reported_seconds=float(line.split()[1]),
        exit_code=exit_code,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured launches of each (9)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured launches first (1)")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep the shell's PYTHONDONTWRITEBYTECODE as it is (compile from source each time)",
    )
    arguments = parser.parse_args()

    ensure_offscreen()
    banner("Start-up: launch to first painted window (real app vs bare PySide6 window)")
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-startup-") as temp:
        root = Path(temp)
        bare_script = root / "bare_window.py"
        bare_script.write_text(bare_window_script(quit_after_paint=True), encoding="utf-8")
        # One data dir for all runs: after the warm-up this is a returning user's start.
        data_dir = root / "appdata"
        app_command = [
            python_executable(),
            "-m",
            "dynaspark_desktop",
            "--data-dir",
            str(data_dir),
            "--endpoint",
            UNUSED_LOOPBACK_ENDPOINT,
        ]
        bare_command = [python_executable(), str(bare_script)]
        cache = not arguments.no_bytecode_cache
        app_env = child_environment(
            root / "home", bytecode_cache=cache, DYNASPARK_STARTUP_PROBE="1"
        )
        bare_env = child_environment(root / "home", bytecode_cache=cache)
        how = "on (temp PYTHONPYCACHEPREFIX)" if cache else "as the shell has it"
        print(f"   bytecode cache: {how}")

        app_runs: list[Launch] = []
        bare_runs: list[Launch] = []
        print(f"   {arguments.warmup} warm-up + {arguments.runs} measured launches of each")
        print(f"   {'run':>4}  {'app s':>7}  {'bare s':>7}  {'app (own clock)':>15}")
        for index in range(arguments.warmup + arguments.runs):
            # Alternate which goes first, so neither always runs right after the other.
            pair = [("app", app_command, app_env), ("bare", bare_command, bare_env)]
            if index % 2:
                pair.reverse()
            results = {name: launch_and_time(command, env) for name, command, env in pair}
            if results["app"].exit_code != 0:
                print(f"   note: the app exited with {results['app'].exit_code} after its paint")
            label = "warm" if index < arguments.warmup else str(index - arguments.warmup + 1)
            print(
                f"   {label:>4}  {results['app'].wall_seconds:7.3f}  "
                f"{results['bare'].wall_seconds:7.3f}  "
                f"{results['app'].self_reported_seconds:15.3f}",
                flush=True,
            )
            if index >= arguments.warmup:
                app_runs.append(results["app"])
                bare_runs.append(results["bare"])

    app_median = median([run.wall_seconds for run in app_runs])
    bare_median = median([run.wall_seconds for run in bare_runs])
    ratio = app_median / bare_median
    print(f"   median app  : {app_median * 1000:7.1f} ms (launch → first paint)")
    print(f"   median bare : {bare_median * 1000:7.1f} ms")
    print(
        f"   app inside main(): {median([r.self_reported_seconds for r in app_runs]) * 1000:.1f}"
        " ms median (from main() to first paint; excludes interpreter start and imports)"
    )
    print(f"   overhead    : {(app_median - bare_median) * 1000:+7.1f} ms")
    print(
        f"   ratio app/bare = {ratio:.2f} ×   goal ≤ {GOAL_RATIO} ×   "
        f"{verdict(ratio <= GOAL_RATIO)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
