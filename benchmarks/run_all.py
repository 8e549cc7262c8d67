"""Run every benchmark, each in a fresh interpreter, then summarise the goal verdicts.

Each runs in its own process so that none inherits another's imports, Qt state or memory.
A MISS is a finding, not a failure: this exits non-zero only when a benchmark could not run
at all (crashed, or did not finish within its time limit).

Run: ``.venv/bin/python benchmarks/run_all.py [--quick] [NAME ...]`` (names: see
``support/registry.py``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Run as a script from anywhere: the repo root (benchmarks.support) must import.
sys.path.insert(0, str(HERE.parent))

from benchmarks.support.registry import NAMES as BENCHMARKS  # noqa: E402

# Each is meant to take well under two minutes on a 2-core machine; this is a safety net.
TIME_LIMIT_SECONDS = 300.0


def run_one(name: str, quick: bool = False) -> tuple[int, list[str], float]:
    """Run ``name``.py, echoing its output live; returns exit code, verdict lines, seconds."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(HERE / f"{name}.py"), *(["--quick"] if quick else [])],
        cwd=HERE.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    verdicts: list[str] = []
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.rstrip().endswith(("PASS", "MISS")):
            verdicts.append(line.strip())
        if time.perf_counter() - started > TIME_LIMIT_SECONDS:
            process.kill()  # our own child, by its pid
            print(f"   {name}: over {TIME_LIMIT_SECONDS:.0f} s; stopped")
            break
    code = process.wait()
    return code, verdicts, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"which to run (default: all of {BENCHMARKS})"
    )
    parser.add_argument(
        "--quick", action="store_true", help="each in its smallest configuration (a smoke test)"
    )
    arguments = parser.parse_args()
    names: list[str] = arguments.names or list(BENCHMARKS)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; choose from {BENCHMARKS}")

    summary: list[str] = []
    broken = False
    for name in names:
        code, verdicts, seconds = run_one(name, arguments.quick)
        print(f"   ({name}: {seconds:.1f} s)\n", flush=True)
        if code != 0:
            broken = True
            summary.append(f"{name:<15} did not run to the end (exit code {code})")
        summary.extend(f"{name:<15} {line}" for line in verdicts)

    print("== Summary ==")
    for line in summary:
        print(f"   {line}")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
