"""Reading attached documents: a 2 GB log and a long PDF, as a drop does.

Two files, made once per run in a temporary folder:

- a 2 GB log (a sparse file: its first megabytes are text, the rest never written), which
  the app must read in part (its first megabyte, with a note), never whole;
- a PDF of ``--pages`` pages (300, the page cap; 8 lines of text each, so that all 300 fit
  the character cap), made with pypdf's writer, whose text the app extracts.

Each is read (``core.document_reading.read_document``) in a fresh child interpreter, runs
interleaved. A child prints the read's wall time and its peak memory: the growth of the
process's peak resident set (``ru_maxrss``) over what it had after importing the reader
(pypdf imported first, for both files alike). Printed: medians over the runs.

Goals: **the 2 GB log is read in part in under 100 ms with under 32 MB of peak memory; the
300-page PDF's text is extracted in under 10 s (a third of the reading time limit) with under
200 MB of peak memory.**

Run: ``.venv/bin/python benchmarks/documents.py [--runs 3] [--pages 300]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    REPO_ROOT,
    add_quick_flag,
    banner,
    median,
    python_executable,
    verdict,
)
from benchmarks.support.pdf_pages import write_pdf

LOG_BYTES = 2 * 1024**3
GOAL_LOG_SECONDS = 0.1
GOAL_LOG_PEAK_MB = 32.0
GOAL_PDF_SECONDS = 10.0
GOAL_PDF_PEAK_MB = 200.0

_CHILD = """\
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
import pypdf  # imported before measuring, for both files alike
from dynaspark_desktop.core.document_reading import read_document
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
document = read_document(Path({path!r}))
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
n, read, pages = len(document.text), document.pages_read, document.pages
outcome = f"{{n:,}} characters, pages {{read}} of {{pages}}"
print(f"result {{elapsed:.6f}} {{(peak - before) / 1024:.1f}} {{outcome}}", flush=True)
"""


def write_sparse_log(path: Path) -> None:
    line = b"2026-12-04 12:00:00 INFO request served in 12 ms for /api/items?page=3\n"
    with path.open("wb") as file:
        file.write(line * (4 * 1024 * 1024 // len(line)))  # 4 MB of text, then a hole
        file.truncate(LOG_BYTES)


def page_text(number: int) -> str:
    return "\n".join(
        f"Page {number}, line {line}: quarterly revenue by region and product line"
        for line in range(8)
    )


def measure(path: Path) -> tuple[float, float, str]:
    script = _CHILD.format(repo=str(REPO_ROOT), path=str(path))
    output = subprocess.run(
        [python_executable(), "-c", script], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("result "))
    _, seconds, peak, outcome = line.split(" ", 3)
    return float(seconds), float(peak), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=300)
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.runs, arguments.pages = 1, 10
    banner("documents: a 2 GB log read in part, a long PDF's text extracted")
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "server.log"
        write_sparse_log(log)
        pdf = write_pdf(
            Path(folder) / "report.pdf", [page_text(n) for n in range(1, arguments.pages + 1)]
        )
        print(f"   PDF: {arguments.pages} pages, {pdf.stat().st_size / 1024:.0f} KB", flush=True)
        results: dict[str, list[tuple[float, float, str]]] = {"log": [], "pdf": []}
        for _ in range(arguments.runs):
            results["log"].append(measure(log))
            results["pdf"].append(measure(pdf))
    for name, runs in results.items():
        seconds = median([run[0] for run in runs]) * 1000
        peak = median([run[1] for run in runs])
        print(f"{name}: median {seconds:.1f} ms, peak +{peak:.1f} MB ({runs[-1][2]})")
    log_ms = median([run[0] for run in results["log"]]) * 1000
    log_mb = median([run[1] for run in results["log"]])
    pdf_s = median([run[0] for run in results["pdf"]])
    pdf_mb = median([run[1] for run in results["pdf"]])
    print(
        f"goal: 2 GB log < {GOAL_LOG_SECONDS * 1000:.0f} ms, < {GOAL_LOG_PEAK_MB:.0f} MB: "
        f"{verdict(log_ms < GOAL_LOG_SECONDS * 1000 and log_mb < GOAL_LOG_PEAK_MB)}"
    )
    print(
        f"goal: {arguments.pages}-page PDF < {GOAL_PDF_SECONDS:.0f} s, "
        f"< {GOAL_PDF_PEAK_MB:.0f} MB: "
        f"{verdict(pdf_s < GOAL_PDF_SECONDS and pdf_mb < GOAL_PDF_PEAK_MB)}"
    )


if __name__ == "__main__":
    main()
