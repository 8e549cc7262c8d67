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
4. Pasting into the composer, by shape and size (its caps lifted, to see the layout's cost):
   one paragraph of words, 799-character runs (just under the long-run guard) between
   spaces, many short lines; 64 KB to 2 MB (``--sizes``). Printed: the longest UI-thread gap
   (a 5 ms timer's), paste + first paint, one keystroke after. Then, with the caps, a 2 MB
   paste of each shape (refused) and the largest paste each shape takes (medians of
   ``--runs``). Goal: **every gap with the caps under 100 ms**.
5. The question bubble (a ``SafeTextView``) showing 2 MB of each shape: the time to show and
   paint it (its display is capped at MAX_QUESTION_SHOWN_CHARS).

Run: ``.venv/bin/python benchmarks/long_text.py [--runs 3]``
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import add_quick_flag, banner, ensure_offscreen, median, verdict
from dynaspark_desktop.core.markdown import StreamingMarkdown, render_markdown

MEGABYTE = 1_000_000
UPDATES = 200


def stream_update_costs(text: str) -> list[float]:
    # Shown whole (past the display limit the rest is only counted, which costs nothing).
    stream = StreamingMarkdown(shown_chars=2 * len(text))
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

    from dynaspark_desktop.ui.widgets.composer import Composer

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


SHAPE_UNITS = {
    "paragraph": "lorem ipsum dolor sit amet ",
    "799-runs": "x" * 799 + " ",
    "short lines": "a short line of text\n",
}
KB = 1024


def shaped(shape: str, size: int) -> str:
    unit = SHAPE_UNITS[shape]
    return (unit * (size // len(unit) + 1))[:size]


def paste_gap(text: str) -> tuple[float, float, float, int]:
    """Paste ``text`` into a fresh, shown composer from a timer (as a key press would), paint
    it, then type one key: the longest UI-thread gap, the paste with its paint, the keystroke
    (ms), and how many characters the composer then holds (the key's included)."""
    from PySide6.QtCore import QEventLoop, QMimeData, QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.support.ticks import TickRecorder
    from dynaspark_desktop.ui.widgets.composer import Composer

    app = QApplication.instance() or QApplication([])
    editor = Composer()
    editor.resize(700, 120)
    editor.show()
    app.processEvents()
    recorder = TickRecorder()
    mime = QMimeData()
    mime.setText(text)
    costs: dict[str, float] = {}

    def paste() -> None:
        started = time.perf_counter()
        editor.insertFromMimeData(mime)  # what Ctrl+V and a drop call
        editor.viewport().repaint()
        costs["paste"] = time.perf_counter() - started

    def type_a_key() -> None:
        started = time.perf_counter()
        editor.insertPlainText("y")
        editor.viewport().repaint()
        costs["key"] = time.perf_counter() - started

    recorder.start()
    # Apart, as a user does them: the gap is the longer of the two, not their sum.
    QTimer.singleShot(20, paste)
    QTimer.singleShot(40, type_a_key)
    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()
    ticks = recorder.stop()
    held = len(editor.toPlainText())
    editor.close()
    editor.deleteLater()
    app.processEvents()
    gap = max(later - earlier for earlier, later in itertools.pairwise(ticks))
    return gap * 1000, costs["paste"] * 1000, costs["key"] * 1000, held


def composer_shapes(sizes: list[int]) -> None:
    from dynaspark_desktop.ui.widgets import composer as composer_module

    caps = composer_module.MAX_PASTE_CHARS, getattr(composer_module, "MAX_PARAGRAPH_CHARS", 0)
    composer_module.MAX_PASTE_CHARS = composer_module.MAX_PARAGRAPH_CHARS = 1 << 40
    try:
        paste_gap("warm-up " * 1000)
        for shape in SHAPE_UNITS:
            for size in sizes:
                gap, paste, key, _ = paste_gap(shaped(shape, size * KB))
                print(
                    f"uncapped {shape:11} {size:5} KB: longest gap {gap:7.1f} ms, paste + paint"
                    f" {paste:7.1f} ms, a keystroke {key:6.1f} ms",
                    flush=True,
                )
    finally:
        composer_module.MAX_PASTE_CHARS, composer_module.MAX_PARAGRAPH_CHARS = caps


def composer_caps(runs: int) -> None:
    from dynaspark_desktop.ui.widgets import composer as composer_module

    worst = 0.0
    for shape in SHAPE_UNITS:
        whole = shaped(shape, 2048 * KB)
        largest = composer_module.bounded_length(whole)
        refused = [paste_gap(whole) for _ in range(runs)]
        taken = [paste_gap(whole[:largest]) for _ in range(runs)]
        refused_gap = median([gap for gap, _, _, _ in refused])
        taken_gap = median([gap for gap, _, _, _ in taken])
        paste = median([paste for _, paste, _, _ in taken])
        key = median([key for _, _, key, _ in taken])
        worst = max(worst, refused_gap, taken_gap)
        print(
            f"capped   {shape:11}: 2 MB refused (the composer then holds"
            f" {refused[0][3]} character: the key), longest gap {refused_gap:5.1f} ms; the"
            f" largest taken, {largest // KB} KB: longest gap {taken_gap:6.1f} ms, paste +"
            f" paint {paste:6.1f} ms, a keystroke {key:5.1f} ms (medians of {runs})",
            flush=True,
        )
    print(f"worst gap with the caps {worst:.1f} ms (goal < 100) {verdict(worst < 100)}")


def question_bubble() -> None:
    from PySide6.QtWidgets import QApplication

    from dynaspark_desktop.ui.base.safe_text import MAX_QUESTION_SHOWN_CHARS, SafeTextView

    app = QApplication.instance() or QApplication([])
    for shape in SHAPE_UNITS:
        view = SafeTextView(objectName="questionText")
        view.fix_width(480)
        view.show()
        app.processEvents()
        text = shaped(shape, 2048 * KB)
        started = time.perf_counter()
        view.set_plain_text(text)
        view.repaint()
        app.processEvents()
        shown = (time.perf_counter() - started) * 1000
        view.close()
        view.deleteLater()
        app.processEvents()
        print(
            f"question bubble, 2 MB of {shape:11} (shows {MAX_QUESTION_SHOWN_CHARS // KB} KB):"
            f" {shown:6.1f} ms",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--sizes", default="64,256,512,1024,2048", help="paste sizes in KB, comma-separated"
    )
    parser.add_argument("--only-paste", action="store_true", help="only cases 4 and 5")
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.runs = 1
        arguments.sizes = "64"
    ensure_offscreen()
    banner("long_text: a streamed 1 MB line, a 50 MB answer, the composer, pastes by shape")
    if not arguments.only_paste:
        streaming(arguments.runs)
        huge_answer(arguments.runs)
        composer()
    composer_shapes([int(size) for size in arguments.sizes.split(",")])
    composer_caps(arguments.runs)
    question_bubble()
    return 0


if __name__ == "__main__":
    sys.exit(main())
