"""Building a request's context: the path to the question read from the history and cut to
the model's budget, for a conversation of 10,000 messages (5,000 answered turns).

This is what the history's thread does before a question is sent in a long conversation
(``ui/controllers/history_context.py``): ``HistoryStore.context_path`` reads the turns before
the question, ``core.context_window.fit_context`` keeps the latest that fit. The UI thread only
gets the result. Printed: the median over the runs, for a local model's window (8,192 tokens:
most turns are left out) and for a window the whole path fits (every message is sent).
Goal: **under 20 ms** for each, the question being the 10,001st message.

Run: ``.venv/bin/python benchmarks/context_path.py [--runs 15]``
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from pathlib import Path

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import add_quick_flag, banner, median, verdict
from dynaspark_desktop.core.context_window import fit_latest
from dynaspark_desktop.storage import HistoryStore

GOAL_MS = 20.0
QUESTION_ASKED = "And the last step?"
MODEL = "local:llama3.2:3b"
# About what a chat holds: a question of a sentence or two, an answer of a few paragraphs.
QUESTION = "How would I change step {n} so that it also handles the empty case? " * 2
ANSWER = (
    "For step {n}, check the length first and return early; the rest stays as it is. "
    "A short example follows, then the reason it works.\n\n"
) * 4


def seed(store: HistoryStore, turns: int) -> tuple[int, int]:
    """A conversation of ``turns`` answered turns and a new question; their ids."""
    conversation = store.create_conversation(MODEL, title="Long").id
    with store.batch():
        for number in range(turns):
            asked = store.add_user_message(conversation, QUESTION.format(n=number), MODEL)
            store.mark_answered(asked.id, ANSWER.format(n=number), MODEL, 1.0)
    question = store.add_user_message(conversation, "And the last step?", MODEL)
    return conversation, question.id


def fitting(tokens: int) -> dict[str, object]:
    return {"question": QUESTION_ASKED, "context_tokens": tokens}


def build_ms(store: HistoryStore, ids: tuple[int, int], tokens: int, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        window = store.latest_context(*ids, functools.partial(fit_latest, **fitting(tokens)))
        window.messages(QUESTION_ASKED)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    add_quick_flag(parser)
    arguments = parser.parse_args()
    turns = 500 if arguments.quick else 5_000
    runs = 2 if arguments.quick else arguments.runs
    banner("context_path: a request's context from a long conversation's history")
    with (
        tempfile.TemporaryDirectory(prefix="context-path-") as folder,
        HistoryStore.open(Path(folder)) as store,
    ):
        ids = seed(store, turns)
        before = len(store.context_path(*ids))
        print(f"   conversation: {2 * turns + 1} messages, {before} turns before the question")
        for label, tokens in (("8,192-token window", 8_192), ("whole path fits", 10_000_000)):
            build_ms(store, ids, tokens, 1)  # warm-up: the page cache, the statements
            timings = build_ms(store, ids, tokens, runs)
            window = store.latest_context(*ids, functools.partial(fit_latest, **fitting(tokens)))
            took = median(timings)
            print(
                f"   {label}: {len(window.turns)} turns sent, median {took:.1f} ms over {runs}"
                f" runs (goal < {GOAL_MS:g} ms)  {verdict(took < GOAL_MS)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
