"""Start-up: wall time from launching the real app to its first painted window.

Compared with a bare PySide6 window (QApplication + an empty QMainWindow of the same size)
launched and timed the same way, in the same run, interleaved, so machine noise (CPU
frequency, page cache, other load) hits both sides alike. Goal: app ≤ 1.25 × bare window
(issue 18; it was 1.5 ×).

Both also print the CPU time (user + system) their process has used by the first paint,
interpreter start and imports included: on a machine shared with other work the wall times
stretch with the load and the CPU times much less, so their ratio says more there. The goal
stays the wall-time ratio.

Run: ``.venv/bin/python benchmarks/startup.py [--runs 9] [--warmup 1]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    Launch,
    add_quick_flag,
    app_command,
    banner,
    bare_window_command,
    child_environment,
    ensure_offscreen,
    launch_until_line,
    median,
    verdict,
)

GOAL_RATIO = 1.25
LAUNCH_TIMEOUT_SECONDS = 30.0
PROBE_PREFIX = b"first-paint"


def launch_and_time(command: list[str], env: dict[str, str]) -> Launch:
    return launch_until_line(command, env, PROBE_PREFIX, LAUNCH_TIMEOUT_SECONDS)


def own_clock(launch: Launch) -> float:
    """The child's own clock (from its main() to first paint), for context."""
    return float(launch.line.split()[1])


def cpu_at_paint(launch: Launch) -> float:
    """The child's CPU time (user + system) at its first paint, from its whole start."""
    fields = launch.line.split()
    return float(fields[fields.index(b"cpu") + 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured launches of each (9)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured launches first (1)")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep the shell's PYTHONDONTWRITEBYTECODE as it is (compile from source each time)",
    )
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.runs, arguments.warmup = 1, 0

    ensure_offscreen()
    banner("Start-up: launch to first painted window (real app vs bare PySide6 window)")
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-startup-") as temp:
        root = Path(temp)
        bare_command = bare_window_command(root, quit_after_paint=True)
        # One data dir for all runs: after the warm-up this is a returning user's start.
        data_dir = root / "appdata"
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
            pair = [("app", app_command(data_dir), app_env), ("bare", bare_command, bare_env)]
            if index % 2:
                pair.reverse()
            results = {name: launch_and_time(command, env) for name, command, env in pair}
            if results["app"].exit_code != 0:
                print(f"   note: the app exited with {results['app'].exit_code} after its paint")
            label = "warm" if index < arguments.warmup else str(index - arguments.warmup + 1)
            print(
                f"   {label:>4}  {results['app'].wall_seconds:7.3f}  "
                f"{results['bare'].wall_seconds:7.3f}  "
                f"{own_clock(results['app']):15.3f}",
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
        f"   app inside main(): {median([own_clock(r) for r in app_runs]) * 1000:.1f}"
        " ms median (from main() to first paint; excludes interpreter start and imports)"
    )
    print(f"   overhead    : {(app_median - bare_median) * 1000:+7.1f} ms")
    app_cpu = median([cpu_at_paint(run) for run in app_runs])
    bare_cpu = median([cpu_at_paint(run) for run in bare_runs])
    print(
        f"   CPU time    : app {app_cpu * 1000:.1f} ms, bare {bare_cpu * 1000:.1f} ms median "
        f"(user + system, start to first paint), ratio {app_cpu / bare_cpu:.2f} ×"
    )
    print(
        f"   ratio app/bare = {ratio:.2f} ×   goal ≤ {GOAL_RATIO} ×   "
        f"{verdict(ratio <= GOAL_RATIO)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
