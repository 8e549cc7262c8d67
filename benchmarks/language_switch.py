"""A change of language while the app runs, through the real window: the ``language``
setting switched between English and Russian with a conversation on screen (its answers
with code blocks, an error), the Settings window open on its Providers page and the
keyboard shortcuts sheet made.

Goal (issue 15): a switch costs the UI thread no more than a switch of the theme (light ↔
dark, which also renders every answer again), measured in the same run (median); the first
one, which also reads the compiled catalogs, no more than 1.5 × that.

Run: ``.venv/bin/python benchmarks/language_switch.py [--rounds 9] [--quick]``
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    add_quick_flag,
    banner,
    close_app_and_loop,
    ensure_offscreen,
    isolate_home,
    median,
    print_log_problems,
    verdict,
)

ensure_offscreen()  # before Qt is imported below (hence E402 on the imports that follow)

from benchmarks.support.app import start_app  # noqa: E402
from benchmarks.support.history_window import open_and_wait  # noqa: E402
from dynaspark_desktop.app import DesktopApp  # noqa: E402
from dynaspark_desktop.core.chat import TurnState  # noqa: E402
from dynaspark_desktop.storage import HistoryStore, Role  # noqa: E402
from dynaspark_desktop.storage.models import ConversationSnapshot, MessageSnapshot  # noqa: E402

GOAL_RATIO = 1.0
FIRST_GOAL_RATIO = 1.5
SETTLE_SECONDS = 0.2
LAST_QUESTION = "And the last question?"
ANSWER = (
    "An answer with **emphasis**, a list and code:\n\n- one\n- two\n\n"
    "```python\nprint('hello')\n```\n\nA closing sentence."
)


def conversation(turns: int) -> ConversationSnapshot:
    messages: list[MessageSnapshot] = []
    for number in range(turns):
        question = LAST_QUESTION if number == turns - 1 else f"Question {number}?"
        for role, text in ((Role.USER, question), (Role.ASSISTANT, ANSWER)):
            messages.append(
                MessageSnapshot(
                    position=len(messages),
                    role=role,
                    text=text,
                    model="gemini-1.5-flash",
                    state=TurnState.ANSWERED,
                    error="",
                    created=1_700_000_000.0 + len(messages),
                    finished=1_700_000_000.5 + len(messages),
                    elapsed_ms=500,
                    parent=len(messages) - 1 if messages else None,
                )
            )
    return ConversationSnapshot(
        title="Languages",
        created=1_700_000_000.0,
        updated=1_700_000_100.0,
        model="gemini-1.5-flash",
        system_prompt="",
        pinned=False,
        messages=tuple(messages),
    )


def timed_set(desk: DesktopApp, name: str, value: str) -> float:
    """The UI thread's time for one setting change and what follows it at once, in ms."""
    started = time.perf_counter()
    desk.settings.set(name, value)
    return (time.perf_counter() - started) * 1000


async def run(desk: DesktopApp, conversation_id: int, rounds: int) -> dict[str, list[float]]:
    await asyncio.sleep(1.0)  # the history opened, the sidebar listed
    await open_and_wait(desk, conversation_id, LAST_QUESTION)
    desk.settings_presenter.open_settings("providers")
    desk.window.keys.actions["shortcuts"].trigger()
    await asyncio.sleep(SETTLE_SECONDS)
    results: dict[str, list[float]] = {"first": [], "language": [], "theme": []}
    results["first"].append(timed_set(desk, "language", "ru"))
    await asyncio.sleep(SETTLE_SECONDS)
    results["first"].append(timed_set(desk, "language", "en"))
    for _ in range(rounds):
        for language in ("ru", "en"):
            await asyncio.sleep(SETTLE_SECONDS)
            results["language"].append(timed_set(desk, "language", language))
        for theme in ("dark", "light"):
            await asyncio.sleep(SETTLE_SECONDS)
            results["theme"].append(timed_set(desk, "theme", theme))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="switches each way (default 9)")
    add_quick_flag(parser)
    arguments = parser.parse_args()
    turns = 4 if arguments.quick else 12
    if arguments.quick:
        arguments.rounds = 1
    banner("A change of language while the app runs (real window, offscreen)")
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-language-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        data_dir = root / "appdata"
        with HistoryStore.open(data_dir) as store:
            (conversation_id,) = store.add_snapshots([conversation(turns)])
        loop, desk = start_app(data_dir, pin=False)
        desk.settings.set("language", "en")
        desk.window.show()
        try:
            results = loop.run_until_complete(run(desk, conversation_id, arguments.rounds))
        finally:
            close_app_and_loop(loop, desk)
        print_log_problems(data_dir)

    def line(values: list[float]) -> str:
        return f"median {median(values):6.1f} ms (min {min(values):.1f}, max {max(values):.1f})"

    first, switched, theme = (
        results["first"][0],
        median(results["language"]),
        median(results["theme"]),
    )
    print(f"   first switch (reads the catalogs)   {first:6.1f} ms  (ratio {first / theme:.2f})")
    print(f"   language switch, UI thread          {line(results['language'])}")
    ratio = switched / theme
    print(f"   baseline: theme switch              {line(results['theme'])}  (ratio {ratio:.2f})")
    passed = verdict(first <= FIRST_GOAL_RATIO * theme)
    print(f"   goal: first switch ≤ {FIRST_GOAL_RATIO} × a theme switch: {passed}")
    print(f"   goal: a switch ≤ {GOAL_RATIO} × a theme switch: {verdict(ratio <= GOAL_RATIO)}")


if __name__ == "__main__":
    main()
