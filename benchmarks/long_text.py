"""Long lines: streaming one huge line, showing a huge one-line answer, and the composer.

1. A 1 MB line without a newline streamed in 200 updates: the median cost of an update over
   the first tenth of the line and over the last tenth. Goal: **ratio ≤ 2** (an update
   costs the same at the end of the line as at its start; it used to re-render the whole
   line each time). Pure Python, no Qt.
2. A 50 MB one-line answer rendered once: the time and the size of the HTML (capped near
   MAX_SHOWN_CHARS, with a note of the rest). Goal: **HTML under 3 MB**.
3. The composer (a real ``Composer``, offscreen): inserting a 100 KB unbroken line with Qt's
   usual word wrapping (the baseline: quadratic in the line's length) and with the composer's
   own guard ("wrap anywhere" while such a line is there), then the same guard with 1 MB,
   and one keystroke at its end. Goal: **1 MB pasted in under 5 s**. Timings are of one run
   each: the baseline alone takes seconds.

Run: ``/work/venv/bin/python benchmarks/long_text.py [--runs 3]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import banner, ensure_offscreen, median, verdict
from dynaspark_desktop.core.markdown import StreamingMarkdown, render_markdown

MEGABYTE = 1_000_000
UPDATES = 200


def stream_update_costs(text: str) -> list[float]:
    stream = StreamingMarkdown()
    step = len(text) // UPDATES + 1
    costs = []
    for position in range(0, len(text), step):
        started = time.perf_counter()
        stream.feed(text[position : position + step])
        costs.append(time.perf_counter() - started)
    stream.finish()
    return costs


def streaming(runs: int) -> None:
    text = "word " * (MEGABYTE // 5)
    stream_update_costs(text[:50_000])  # warm-up: imports, the parser
    early: list[float] = []
    late: list[float] = []
    for _ in range(runs):
        costs = stream_update_costs(text)
        tenth = len(costs) // 10
        early.append(median(costs[:tenth]))
        late.append(median(costs[-tenth:]))
    ratio = median(late) / median(early)
    print(
        f"1 MB line streamed in {UPDATES} updates: update {median(early) * 1000:.2f} ms in the"
        f" first tenth, {median(late) * 1000:.2f} ms in the last; ratio {ratio:.2f}"
        f" (goal ≤ 2) {verdict(ratio <= 2)}",
        flush=True,
    )


def huge_answer(runs: int) -> None:
    text = "x" * (50 * MEGABYTE)
    durations = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(render_markdown(text).html)
        durations.append(time.perf_counter() - started)
    print(
        f"50 MB one-line answer: rendered in {median(durations):.2f} s as {size:,} characters"
        f" of HTML (goal < 3 MB) {verdict(size < 3 * MEGABYTE)}",
        flush=True,
    )


def composer() -> None:
    from PySide6.QtGui import QTextOption
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from dynaspark_desktop.ui.composer import Composer

    app = QApplication.instance() or QApplication([])

    def insert(editor: QPlainTextEdit, text: str) -> float:
        editor.resize(600, 200)
        editor.show()
        app.processEvents()
        started = time.perf_counter()
        editor.insertPlainText(text)
        app.processEvents()
        return time.perf_counter() - started

    line = "x" * 100_000
    baseline_editor = QPlainTextEdit()
    baseline_editor.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    baseline = insert(baseline_editor, line)
    guarded = insert(Composer(), line)
    print(
        f"100 KB line into the composer: {baseline:.2f} s with word wrapping (baseline),"
        f" {guarded:.2f} s guarded; {baseline / guarded:.0f}× faster",
        flush=True,
    )
    big = Composer()
    pasted = insert(big, "x" * MEGABYTE)
    started = time.perf_counter()
    big.insertPlainText("y")
    app.processEvents()
    keystroke = time.perf_counter() - started
    print(
        f"1 MB line into the composer: {pasted:.2f} s, then a keystroke {keystroke:.2f} s"
        f" (goal < 5 s) {verdict(pasted < 5)}",
        flush=True,
    )


# Answers of hostile or odd shapes, each 2 MB: what a reopened answer costs to lay out.
SHAPE_CHARS = 2 * MEGABYTE
SHAPES = {
    "prose": "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n\n",
    "one giant paragraph": "lorem ipsum dolor sit amet ",
    "100k link lines": "https://example.com/a/b\n",
    "799-char runs": "x" * 799 + " ",
    "code blocks": "```python\n" + "value = compute(1, 2, 3)  # note\n" * 40 + "```\n\n",
    "tables": "| a | b | c |\n|---|---|---|\n" + "| 1 | two | 3.0 |\n" * 40 + "\n",
    "deep lists": "".join("  " * depth + "- item\n" for depth in range(30)) + "\n",
    "short lines": "a\n",
}


def shape_text(name: str) -> str:
    unit = SHAPES[name]
    return unit * (SHAPE_CHARS // len(unit) + 1)


def reopen_shapes(runs: int) -> None:
    """Each shape rendered with the former 2 MB display cap and with today's: the time to
    render it (a worker thread's, for a large answer) and the UI thread's time to set the
    HTML, lay it out and paint the view (median of ``runs``)."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from dynaspark_desktop.core.markdown.blocks import MAX_SHOWN_CHARS
    from dynaspark_desktop.ui.answer_view import AnswerView

    app = QApplication.instance() or QApplication([])
    caps = {f"after ({MAX_SHOWN_CHARS // 1024} K cap)": 0, "before (2 MB cap)": 2 * 1024 * 1024}
    worst: dict[str, float] = {}
    for label, cap in caps.items():
        shown_chars = cap or MAX_SHOWN_CHARS
        for name in SHAPES:
            text = shape_text(name)
            render_times, ui_times = [], []
            for _ in range(runs):
                started = time.perf_counter()
                rendered = render_markdown(text, shown_chars=shown_chars, notice=False)
                render_times.append(time.perf_counter() - started)
                # In a scroll area, as in the transcript: only what the window shows is painted.
                area = QScrollArea()
                area.resize(640, 700)
                area.setWidgetResizable(True)
                view = AnswerView()
                view.fix_width(600)
                area.setWidget(view)
                area.show()
                app.processEvents()
                started = time.perf_counter()
                view.document().setHtml(rendered.html)
                view._fit_height()
                app.processEvents()
                area.grab()  # paints what the window shows
                ui_times.append(time.perf_counter() - started)
                area.close()
                area.deleteLater()
                app.processEvents()
            ui = median(ui_times)
            worst[label] = max(worst.get(label, 0.0), ui)
            print(
                f"{label:>18} {name:>20}: render {median(render_times) * 1000:7.1f} ms,"
                f" UI thread {ui * 1000:7.1f} ms ({len(rendered.html):,} chars of HTML)",
                flush=True,
            )
    for label, ui in worst.items():
        print(f"{label}: worst shape costs the UI thread {ui * 1000:.0f} ms", flush=True)
    after = worst[next(label for label in worst if label.startswith("after"))]
    print(f"worst shape after: goal < 100 ms {verdict(after < 0.1)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shapes-only", action="store_true", help="only the reopened shapes")
    arguments = parser.parse_args()
    ensure_offscreen()
    if arguments.shapes_only:
        reopen_shapes(arguments.runs)
        return 0
    banner("long_text: a streamed 1 MB line, a 50 MB answer, the composer")
    streaming(arguments.runs)
    huge_answer(arguments.runs)
    composer()
    return 0


if __name__ == "__main__":
    sys.exit(main())
