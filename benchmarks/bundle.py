"""The one-folder bundle (``dist/dynaspark-desktop/``, made by ``python packaging/build.py``):
its size on disk and as a ``.tar.gz``, and its start-up and idle memory beside the source
install's (``python -m dynaspark_desktop``), measured in the same run, interleaved.

Goals: under 110 MB on disk and 45 MB compressed (Electron chat apps ship 200 to 400 MB);
the bundle starts no slower than the source install (median launch → first paint, the same
probe as ``startup.py``, 15 launches of each after 2 warm-ups, the order alternating each
round); its idle RSS is reported beside the source install's. Each side's CPU time by its
paint and its time before the app's own clock starts (bootloader, interpreter, imports) are
printed too, with quartiles and range: on a loaded machine the wall times wait in the run
queue (that, not work, made the bundle's launches look bimodal), the CPU times much less.

Needs a built bundle: without ``dist/dynaspark-desktop/`` it says so and stops (it is not
one of the quick runs of tests/test_benchmarks.py for that reason).

Run: ``.venv/bin/python benchmarks/bundle.py [--runs 15] [--memory-runs 3]``
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    LOG_RELATIVE_PATH,
    REPO_ROOT,
    UNUSED_LOOPBACK_ENDPOINT,
    add_quick_flag,
    app_command,
    banner,
    child_environment,
    ensure_offscreen,
    launch_until_line,
    median,
    percentile,
    stop_process,
    verdict,
    wait_for_log_text,
)

BUNDLE = REPO_ROOT / "dist" / "dynaspark-desktop"
EXECUTABLE = BUNDLE / "dynaspark-desktop"
GOAL_DISK_MB = 110.0
GOAL_TAR_MB = 45.0
LAUNCH_TIMEOUT_SECONDS = 30.0
SETTLE_SECONDS = 2.0
MB = 1_000_000


def bundle_command(executable: Path, data_dir: Path) -> list[str]:
    return [str(executable), "--data-dir", str(data_dir), "--endpoint", UNUSED_LOOPBACK_ENDPOINT]


def size_on_disk(folder: Path) -> int:
    # The bundle links some libraries beside the executable to their place: count each once.
    return sum(
        path.lstat().st_size for path in folder.rglob("*") if path.is_file() or path.is_symlink()
    )


def compressed_size(folder: Path, temp: Path) -> int:
    archive = temp / "bundle.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname=folder.name)
    return archive.stat().st_size


def idle_rss_mb(command: list[str], env: dict[str, str], data_dir: Path, settle: float) -> float:
    """Start, wait for "starting" in the log and ``settle`` seconds, read VmRSS, SIGTERM."""
    log_path = data_dir / LOG_RELATIVE_PATH
    log_path.unlink(missing_ok=True)
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_for_log_text(log_path, "starting", process, LAUNCH_TIMEOUT_SECONDS):
            raise RuntimeError(f"{command[0]} did not start (exit code {process.poll()})")
        time.sleep(settle)
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
                break
        else:
            raise RuntimeError("no VmRSS in /proc")
        process.send_signal(signal.SIGTERM)  # this child only, by its pid
        process.wait(10)
        return rss_kb / 1024
    finally:
        if process.poll() is None:
            stop_process(process, 1)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def spread(values: list[float]) -> str:
    """Median with the quartiles and the extremes, in ms: how far to trust the median."""
    quartiles = f"{percentile(values, 0.25) * 1000:.0f}–{percentile(values, 0.75) * 1000:.0f}"
    return (
        f"median {median(values) * 1000:4.0f} ms  (quartiles {quartiles}, "
        f"range {min(values) * 1000:.0f}–{max(values) * 1000:.0f})"
    )


def compare_start_up(
    commands: dict[str, list[str]], env: dict[str, str], warmup: int, runs: int
) -> None:
    """Launch → first paint of each, interleaved (the order alternates each round), with the
    CPU time each used by its paint and the part spent before the app's own clock starts
    (bootloader, interpreter, imports): wall times stretch with the machine's load, CPU
    times much less, so both are printed."""
    walls: dict[str, list[float]] = {"bundle": [], "source": []}
    cpus: dict[str, list[float]] = {"bundle": [], "source": []}
    before_main: dict[str, list[float]] = {"bundle": [], "source": []}
    print(f"   load average before: {load_average()}")
    print(f"   {warmup} warm-up + {runs} measured launches of each, interleaved")
    print(f"   {'run':>4}  {'first':>6}  {'bundle s':>8} {'cpu':>6}  {'source s':>8} {'cpu':>6}")
    for index in range(warmup + runs):
        order = ["bundle", "source"] if index % 2 == 0 else ["source", "bundle"]
        launches = {
            name: launch_until_line(commands[name], env, b"first-paint", LAUNCH_TIMEOUT_SECONDS)
            for name in order
        }
        label = "warm" if index < warmup else str(index - warmup + 1)
        row = [f"   {label:>4}  {order[0]:>6}"]
        for name in ("bundle", "source"):
            fields = launches[name].line.split()
            own_clock, cpu = float(fields[1]), float(fields[fields.index(b"cpu") + 1])
            row.append(f"  {launches[name].wall_seconds:8.3f} {cpu:6.3f}")
            if index >= warmup:
                walls[name].append(launches[name].wall_seconds)
                cpus[name].append(cpu)
                before_main[name].append(launches[name].wall_seconds - own_clock)
        print("".join(row), flush=True)
    print(f"   load average after : {load_average()}")
    for name in ("bundle", "source"):
        print(f"   {name} wall      : {spread(walls[name])}")
        print(f"   {name} CPU       : {spread(cpus[name])}")
        print(f"   {name} pre-main  : {spread(before_main[name])}")
    ratio = median(walls["bundle"]) / median(walls["source"])
    cpu_ratio = median(cpus["bundle"]) / median(cpus["source"])
    print(f"   CPU-time ratio bundle/source: {cpu_ratio:.2f} ×")
    print(f"   start-up ratio bundle/source: {ratio:.2f} ×   goal ≤ 1.0 ×   ", end="")
    print(verdict(ratio <= 1.0), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured launches of each (15)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured launches first (2)")
    parser.add_argument("--memory-runs", type=int, default=3, help="RSS samples of each (3)")
    parser.add_argument(
        "--bundle", type=Path, default=BUNDLE, help=f"the bundle's folder ({BUNDLE})"
    )
    add_quick_flag(parser)
    arguments = parser.parse_args()
    bundle, executable = arguments.bundle, arguments.bundle / EXECUTABLE.name
    if arguments.quick:
        arguments.runs, arguments.warmup, arguments.memory_runs = 1, 0, 1
    banner("The one-folder bundle: size, start-up and idle memory beside the source install")
    if not executable.is_file():
        print(f"   no bundle at {bundle}: build it with `python packaging/build.py`; skipped")
        return
    ensure_offscreen()
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-bundle-") as folder:
        temp = Path(folder)
        disk_mb = size_on_disk(bundle) / MB
        tar_mb = compressed_size(bundle, temp) / MB
        print(f"   on disk : {disk_mb:6.1f} MB   goal < {GOAL_DISK_MB:.0f} MB   ", end="")
        print(verdict(disk_mb < GOAL_DISK_MB))
        print(f"   .tar.gz : {tar_mb:6.1f} MB   goal < {GOAL_TAR_MB:.0f} MB   ", end="")
        print(verdict(tar_mb < GOAL_TAR_MB), flush=True)

        env = child_environment(temp / "home", DYNASPARK_STARTUP_PROBE="1")
        commands = {
            "bundle": bundle_command(executable, temp / "bundle-data"),
            "source": app_command(temp / "source-data"),
        }
        compare_start_up(commands, env, arguments.warmup, arguments.runs)

        settle = 1.0 if arguments.quick else SETTLE_SECONDS
        memory_env = child_environment(temp / "home")
        rss: dict[str, list[float]] = {"bundle": [], "source": []}
        for _ in range(arguments.memory_runs):
            rss["bundle"].append(
                idle_rss_mb(
                    bundle_command(executable, temp / "bundle-data"),
                    memory_env,
                    temp / "bundle-data",
                    settle,
                )
            )
            rss["source"].append(
                idle_rss_mb(
                    app_command(temp / "source-data"), memory_env, temp / "source-data", settle
                )
            )
        print(
            f"   idle RSS (median of {arguments.memory_runs}): bundle "
            f"{median(rss['bundle']):.1f} MB, source {median(rss['source']):.1f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
