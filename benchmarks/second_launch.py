"""A second launch on a data folder already in use: wall time until it has handed its file to
the running app and exited.

Compared with a bare PySide6 window's launch to first paint, timed the same way in the same
run, interleaved. Goal: the second launch (which shows no window) ≤ 1.0 × the bare window.
Also checks that every second launch exited 0 and that the running app received every file.

Run: ``/work/venv/bin/python benchmarks/second_launch.py [--runs 9]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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

GOAL_RATIO = 1.0
LISTENING = "Listening for later launches"
TIMEOUT_SECONDS = 30.0


def _wait_for_log(log_file: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while text not in (log_file.read_text(errors="replace") if log_file.exists() else ""):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the first app did not start listening (exit {process.poll()})")
        time.sleep(0.05)


def _time_second_launch(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, timeout=60)
    return time.perf_counter() - started, result.returncode


def _time_bare_window(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        found = read_line_starting(process, b"first-paint", TIMEOUT_SECONDS)
    finally:
        stop_process(process)
    if found is None:
        raise RuntimeError("the bare window did not paint")
    return found[1] - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured launches of each (9)")
    arguments = parser.parse_args()

    ensure_offscreen()
    banner("Second launch: hand a file to the running app and exit (vs a bare window)")
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-second-") as temp:
        root = Path(temp)
        data_dir = root / "appdata"
        image = root / "photo.png"
        from PIL import Image

        Image.new("RGB", (64, 48), (70, 130, 200)).save(image)
        bare_script = root / "bare_window.py"
        bare_script.write_text(bare_window_script(quit_after_paint=True), encoding="utf-8")
        env = child_environment(root / "home")
        app = [python_executable(), "-m", "dynaspark_desktop", "--data-dir", str(data_dir)]
        first = subprocess.Popen(
            [*app, "--endpoint", UNUSED_LOOPBACK_ENDPOINT],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        log_file = data_dir / "logs" / "dynaspark-desktop.log"
        try:
            _wait_for_log(log_file, LISTENING, first)
            # One unmeasured launch of each fills the bytecode cache.
            _time_second_launch([*app, str(image)], env)
            _time_bare_window([python_executable(), str(bare_script)], env)
            second_runs: list[float] = []
            bare_runs: list[float] = []
            failures = 0
            print(f"   {'run':>4}  {'second s':>8}  {'bare s':>7}")
            for index in range(arguments.runs):
                seconds, exit_code = _time_second_launch([*app, str(image)], env)
                failures += exit_code != 0
                bare = _time_bare_window([python_executable(), str(bare_script)], env)
                second_runs.append(seconds)
                bare_runs.append(bare)
                print(f"   {index + 1:>4}  {seconds:8.3f}  {bare:7.3f}", flush=True)
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
    print(f"   hand-overs the running app logged: {handed} of {arguments.runs + 1}")
    print(f"   the running app's own exit status: {first_exit}")
    print(
        f"   ratio second/bare = {ratio:.2f} ×   goal ≤ {GOAL_RATIO} ×   "
        f"{verdict(ratio <= GOAL_RATIO and failures == 0)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
