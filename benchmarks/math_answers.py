"""Math in answers: what typesetting formulas costs, and what it adds to streaming, start-up
and memory.

1. Typesetting 50 different formulas (core/markdown/formulas.py: LaTeX → MathML → SVG with
   ziamath): the one-time load (import and font), then the median per formula cold (first
   time each is typeset) and warm (again: the cache), and drawing one to an image with
   Qt's SVG plugin (what the view adds to its document).
2. Streaming into the answer view (offscreen, 600 px wide, on a qasync loop as in the app)
   an answer with 24 formulas, one token (about 4 characters) at a time, each followed by
   the view's flush and a paint (the worst case: the window flushes at most once a frame);
   a flush that holds text back while its formulas are typeset on the renderer's thread is
   followed by another a frame later. The same answer with each formula replaced by a word
   of its length is the baseline, in the same run. Printed: median, p99 and the longest
   flush-and-paint of the UI thread. Goal, the transcript's (benchmarks/transcript.py):
   the UI thread never stalls over 50 ms, with math as without.
3. Start-up and memory: child processes that open an answer view and show a plain answer
   (the typesetter must stay unloaded), then one with math: the import time of the
   typesetter, and resident memory (VmRSS) without and with it loaded. Goal: nothing
   loaded without math.

Run: ``.venv/bin/python benchmarks/math_answers.py [--runs 3]`` (not math.py: a script of
that name would stand in for the standard library's math module)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    add_quick_flag,
    banner,
    child_environment,
    ensure_offscreen,
    median,
    percentile,
    verdict,
)

# The transcript's goal: no stall of the UI thread longer than this.
GOAL_GAP_MS = 50.0
_TOKEN = re.compile(r"\s*\S{1,4}|\s+")
FORMULAS = [
    r"x^{%d} + y^{%d}",
    r"\frac{a_{%d}}{b + %d}",
    r"\sqrt{%d + x^2}",
    r"\sum_{k=1}^{%d} k^2",
    r"\int_0^{%d} e^{-t}\,dt",
    r"\begin{pmatrix} %d & 1 \\ 0 & 1 \end{pmatrix}",
    r"\lim_{n\to\infty} \left(1 + \frac{%d}{n}\right)^n",
    r"\alpha_{%d} \leq \beta \cdot \gamma",
    r"f(x) = \binom{n}{%d} p^k",
    r"\mathbb{R}^{%d} \to \mathbb{C}",
]


def formula_sources(count: int) -> list[str]:
    return [FORMULAS[n % len(FORMULAS)].replace("%d", str(n + 2)) for n in range(count)]


def part_typesetting(count: int) -> None:
    from dynaspark_desktop.core.markdown import formulas

    print(f"\n-- 1. typesetting {count} formulas --", flush=True)
    started = time.perf_counter()
    formulas.load()
    load_ms = (time.perf_counter() - started) * 1000
    sources = formula_sources(count)
    cold, warm = [], []
    results = []
    for source in sources:
        started = time.perf_counter()
        results.append(formulas.typeset(source, display=False, color="#1f2328", size=18.4))
        cold.append((time.perf_counter() - started) * 1000)
    for source in sources:
        started = time.perf_counter()
        formulas.typeset(source, display=False, color="#1f2328", size=18.4)
        warm.append((time.perf_counter() - started) * 1000)
    failed = sum(result is None for result in results)

    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    from dynaspark_desktop.ui.transcript.formula_images import formula_image

    drawn = []
    for result in results:
        if result is None:
            continue
        started = time.perf_counter()
        formula_image(result, 2.0)
        drawn.append((time.perf_counter() - started) * 1000)
    print(f"   load (import + font, once): {load_ms:.0f} ms")
    print(f"   typeset, median per formula: cold {median(cold):.1f} ms, warm {median(warm):.3f} ms")
    print(f"   typeset, slowest cold: {max(cold):.1f} ms; all {count}: {sum(cold):.0f} ms")
    print(f"   drawn to an image (ratio 2), median: {median(drawn):.2f} ms")
    print(f"   formulas that did not typeset: {failed}")


def answer_with(count: int, math: bool) -> str:
    paragraphs = []
    for number, source in enumerate(formula_sources(count)):
        formula = f"${source}$" if number % 3 else f"\n$$\n{source}\n$$\n"
        shown = formula if math else "w" * len(formula)
        paragraphs.append(
            f"Step {number}: with {shown} the bound holds, as the lemma above says for "
            "every term of the series, so the sum converges."
        )
    return "\n\n".join(paragraphs) + "\n"


def stream_costs(text: str) -> tuple[list[float], int]:
    """The UI thread's time for each flush and paint while ``text`` streams in a token at a
    time, on a qasync loop as in the app (formulas are typeset on the renderer's thread,
    the text waiting meanwhile); and how many flushes held text back for them."""
    import asyncio

    import qasync
    from PySide6.QtWidgets import QApplication

    from dynaspark_desktop.ui.transcript.answer_view import AnswerView

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    view = AnswerView(objectName="answer")
    view.fix_width(600)
    view.show()
    costs: list[float] = []
    held = 0

    async def stream() -> None:
        nonlocal held
        view.begin_stream()
        for token in _TOKEN.findall(text):
            view.append_text(token)
            while True:
                started = time.perf_counter()
                more = view.flush()
                view.viewport().repaint()
                costs.append((time.perf_counter() - started) * 1000)
                if not more:
                    break
                held += 1
                await asyncio.sleep(0.002)  # the next frame
            await asyncio.sleep(0)
        view.end_stream()

    loop.run_until_complete(stream())
    view.close()
    view.deleteLater()
    asyncio.set_event_loop(None)
    loop.close()
    return costs, held


def part_streaming(count: int, runs: int) -> bool:
    from dynaspark_desktop.core.markdown import formulas

    print(f"\n-- 2. streaming an answer with {count} formulas, a flush per token --", flush=True)
    formulas.load()  # the one-time load is part 1's figure, not a frame's
    results = {}
    for math in (False, True):
        medians, p99s, longest, holds = [], [], [], []
        for _run in range(runs):
            formulas._typeset.cache_clear()  # every run typesets its formulas anew
            formulas.load()
            costs, held = stream_costs(answer_with(count, math))
            holds.append(held)
            medians.append(median(costs))
            p99s.append(percentile(costs, 0.99))
            longest.append(max(costs))
        results[math] = (median(medians), median(p99s), median(longest))
        label = "with math   " if math else "without math"
        low, p99, high = results[math]
        print(
            f"   {label}: median {low:.2f} ms, p99 {p99:.2f} ms, longest {high:.1f} ms"
            f" ({median(holds):.0f} frames held for formulas)"
        )
    ratio = results[True][1] / results[False][1]
    print(f"   p99 with math / without: {ratio:.2f}")
    passed = results[True][2] <= GOAL_GAP_MS
    print(f"   goal: with math, no flush over {GOAL_GAP_MS:.0f} ms — {verdict(passed)}")
    return passed


CHILD = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
from dynaspark_desktop.ui.transcript.answer_view import AnswerView

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

app = QApplication(sys.argv[:1])
view = AnswerView(objectName="answer")
view.fix_width(600)
view.show()
view.set_markdown("A plain answer: **bold**, `code`, $5 and $10.\n\n- [ ] a task\n- [x] done")
app.processEvents()
report = {"plain_rss": rss_mb(), "loaded_plain": "ziamath" in sys.modules}
if sys.argv[1] == "math":
    started = time.perf_counter()
    view.set_markdown(sys.argv[2])
    app.processEvents()
    report["first_math_ms"] = (time.perf_counter() - started) * 1000
    report["math_rss"] = rss_mb()
    report["loaded_math"] = "ziamath" in sys.modules
print("REPORT " + json.dumps(report), flush=True)
"""


def child(kind: str, home: Path) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, kind, answer_with(10, True)],
        capture_output=True,
        text=True,
        timeout=120,
        env=child_environment(home),
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("REPORT ")]
    if not lines:
        raise RuntimeError(completed.stderr[-2000:])
    return json.loads(lines[-1].removeprefix("REPORT "))


def part_memory(runs: int) -> bool:
    print("\n-- 3. start-up and memory, without and with math loaded --", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        child("math", home)  # fills the bytecode cache
        reports = [child("math", home) for _ in range(runs)]
    plain = median([report["plain_rss"] for report in reports])
    with_math = median([report["math_rss"] for report in reports])
    first = median([report["first_math_ms"] for report in reports])
    unloaded = not any(report["loaded_plain"] for report in reports)
    print(f"   RSS, an answer view with a plain answer: {plain:.1f} MB")
    print(f"   RSS, then an answer with 10 formulas: {with_math:.1f} MB (+{with_math - plain:.1f})")
    print(f"   the first answer with math, typesetter loaded and all typeset: {first:.0f} ms")
    print(f"   goal: no typesetter without math — {verdict(unloaded)}")
    return unloaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    add_quick_flag(parser)
    arguments = parser.parse_args()
    ensure_offscreen()
    banner("math in answers")
    count, runs = (10, 1) if arguments.quick else (50, arguments.runs)
    part_typesetting(count)
    part_streaming(8 if arguments.quick else 24, runs)
    part_memory(1 if arguments.quick else runs)


if __name__ == "__main__":
    main()
