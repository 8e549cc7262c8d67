"""A second launch on a data folder already in use: wall time until it has handed its file to
the running app and exited.

Compared with a bare PySide6 window's launch to first paint, timed the same way in the same
run, interleaved. Goal: the second launch (which shows no window) ≤ 1.0 × the bare window.
Also checks that every second launch exited 0 and that the running app received every file.

Run: ``.venv/bin/python benchmarks/second_launch.py [--runs 9]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    launch_until_line,
    median,
    stop_process,
    verdict,
    wait_for_log_text,
)

GOAL_RATIO = 1.0
LISTENING = "Listening for later launches"
TIMEOUT_SECONDS = 30.0


def _time_second_launch(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, timeout=60)
    return time.perf_counter() - started, result.returncode


def _time_bare_window(command: list[str], env: dict[str, str]) -> float:
    return launch_until_line(command, env, b"first-paint", TIMEOUT_SECONDS).wall_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured launches of each (9)")
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.runs = 1

    ensure_offscreen()
    banner("Second launch: hand a file to the running app and exit (vs a bare window)")
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-second-") as temp:
        root = Path(temp)
        data_dir = root / "appdata"
        image = root / "photo.png"
        from PIL import Image

        Image.new("RGB", (64, 48), (70, 130, 200)).save(image)
        bare = bare_window_command(root, quit_after_paint=True)
        env = child_environment(root / "home")
        second = app_command(data_dir, str(image))
        first = subprocess.Popen(
            app_command(data_dir),
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        log_file = data_dir / LOG_RELATIVE_PATH
        try:
            if not wait_for_log_text(log_file, LISTENING, first, TIMEOUT_SECONDS):
                raise RuntimeError(f"the first app did not start listening (exit {first.poll()})")
            if not arguments.quick:
                # One unmeasured launch of each fills the bytecode cache.
                _time_second_launch(second, env)
                _time_bare_window(bare, env)
            second_runs: list[float] = []
            bare_runs: list[float] = []
            failures = 0
            print(f"   {'run':>4}  {'second s':>8}  {'bare s':>7}")
            for index in range(arguments.runs):
                seconds, exit_code = _time_second_launch(second, env)
                failures += exit_code != 0
                bare_seconds = _time_bare_window(bare, env)
                second_runs.append(seconds)
                bare_runs.append(bare_seconds)
                print(f"   {index + 1:>4}  {seconds:8.3f}  {bare_seconds:7.3f}", flush=True)
            handed = log_file.read_text(errors="replace").count("Another launch handed over")
        finally:
            first.terminate()
            first_exit = stop_process(first, timeout=20)

    second_median = median(second_runs)
    bare_median = median(bare_runs)
    ratio = second_median / bare_median
    print(f"   median second launch : {second_median * 1000:7.1f} ms (launch → exit 0)")
    print(f"   median bare window   : {bare_median * 1000:7.1f} ms (launch → first paint)")
    print(f"   second launches that did not exit 0: {failures}")
    hand_overs = arguments.runs + (0 if arguments.quick else 1)
    print(f"   hand-overs the running app logged: {handed} of {hand_overs}")
    print(f"   the running app's own exit status: {first_exit}")
    print(
        f"   ratio second/bare = {ratio:.2f} ×   goal ≤ {GOAL_RATIO} ×   "
        f"{verdict(ratio <= GOAL_RATIO and failures == 0)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
