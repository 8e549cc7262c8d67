"""Imports: the memory and time an import costs, crafted archives included.

Each case runs in a fresh child process that reports its peak RSS growth (VmHWM after minus
VmRSS before) and its time:

- a 1 GB JSON file (sparse): refused before it is read;
- a zip bomb whose one member honestly declares 1 GB (a ~1 MB zip): refused by its size;
- a zip whose member declares 1 kB and inflates to 256 MB: refused after 1 kB;
- a real 100 MB conversation (30 images of 2.5 MB, in base64): imported, for the cost
  of a big import;
- baseline: what the import did before (``ZipFile.read`` of the whole member) on a 256 MB
  bomb, to compare with the refusals.

Goal: **every refusal costs under 16 MB and 1 s; the 100 MB import under 4 × its size.**

Run: ``.venv/bin/python benchmarks/imports.py``
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import banner, python_executable, verdict
from benchmarks.support.import_files import conversation_json

MB = 1024 * 1024
REFUSAL_GOAL_MB = 16.0
REFUSAL_GOAL_SECONDS = 1.0
IMPORT_FACTOR_GOAL = 4.0


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _bomb(path: Path, inflated: int, declared: int | None = None) -> Path:
    piece = b" " * MB
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("conversations/bomb.json", "w", force_zip64=declared is None) as member,
    ):
        for _ in range(inflated // MB):
            member.write(piece)
    if declared is not None:
        data = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = data.find(signature)
            struct.pack_into("<I", data, start + offset, declared)
        path.write_bytes(bytes(data))
    return path


def _run_case(case: str, path: str, data_dir: str) -> None:
    """In the child: import ``path`` (or, for the baseline, read it as the old code did)."""
    from dynaspark_desktop.storage import HistoryStore, ImportFormatError, import_file

    before = _status_kb("VmRSS")
    started = time.perf_counter()
    outcome = ""
    if case == "baseline":
        with zipfile.ZipFile(path) as archive:
            outcome = f"read {len(archive.read('conversations/bomb.json')) // MB} MB"
    else:
        with HistoryStore.open(Path(data_dir)) as store:
            try:
                report = import_file(store, Path(path))
                outcome = report.user_message()
            except ImportFormatError as error:
                outcome = str(error)
    seconds = time.perf_counter() - started
    grown_mb = (_status_kb("VmHWM") - before) / 1024
    print(json.dumps({"seconds": seconds, "grown_mb": grown_mb, "outcome": outcome[:110]}))


def _measure(case: str, path: Path, data_dir: Path) -> dict[str, float | str]:
    completed = subprocess.run(
        [python_executable(), __file__, "--case", case, str(path), str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    banner("Imports: refusing crafted files, and the cost of a big one")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sparse = root / "huge.json"
        with sparse.open("wb") as file:
            file.truncate(1024 * MB)
        cases = [
            ("1 GB JSON file", "import", sparse, True),
            ("zip declaring 1 GB", "import", _bomb(root / "honest.zip", 1024 * MB), True),
            (
                "zip lying: 1 kB declared, 256 MB inside",
                "import",
                _bomb(root / "lying.zip", 256 * MB, declared=1024),
                True,
            ),
        ]
        baseline_bomb = _bomb(root / "baseline.zip", 256 * MB)
        big = root / "big.json"
        big.write_bytes(conversation_json(30, 5 * MB // 2))
        big_mb = big.stat().st_size / MB
        for number, (label, case, path, refusal) in enumerate(cases):
            result = _measure(case, path, root / f"data{number}")
            passed = refusal and (
                float(result["grown_mb"]) < REFUSAL_GOAL_MB
                and float(result["seconds"]) < REFUSAL_GOAL_SECONDS
            )
            print(
                f"{label:42s} {float(result['seconds']) * 1000:8.1f} ms "
                f"{float(result['grown_mb']):8.1f} MB  {verdict(passed)}"
            )
            print(f"    {result['outcome']}")
        result = _measure("baseline", baseline_bomb, root / "baseline")
        print(
            f"{'baseline (old read) of a 256 MB member':42s} "
            f"{float(result['seconds']) * 1000:8.1f} ms {float(result['grown_mb']):8.1f} MB"
        )
        result = _measure("import", big, root / "big")
        factor = float(result["grown_mb"]) / big_mb
        print(
            f"{f'a real {big_mb:.0f} MB conversation':42s} "
            f"{float(result['seconds']) * 1000:8.1f} ms {float(result['grown_mb']):8.1f} MB "
            f"({factor:.1f} × its size)  {verdict(factor < IMPORT_FACTOR_GOAL)}"
        )
        print(f"    {result['outcome']}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--case":
        _run_case(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1:] in ([], ["--quick"]):
        if sys.argv[1:] == ["--quick"]:
            # The smallest configuration (tests/test_benchmarks.py): every case at a quarter of
            # its size (the labels overstate them; the figures mean nothing). The "1 GB" cases
            # stay over the 128 MB limit, so they still take the refusal paths.
            MB //= 4
        main()
    else:
        sys.exit(f"usage: {sys.argv[0]} [--quick]")
