"""More providers (issue 5): what the app adds on the way to an OpenAI-compatible server, and
the streaming rate the window keeps up with.

Goals:
  overhead    from pressing Send to the first character painted, against a bare aiohttp
              request to the same local server in the same run: under 5 ms added at the
              median
  throughput  a local server sends 2,000 tokens as fast as it can: the window's longest
              UI-thread gap under 50 ms (also reported: p99 gap, total time, the tokens/s
              the answer's header shows, and whether the final text is what was sent)

The real ``DesktopApp`` and window run in this process on a qasync loop, offscreen, in
temporary folders. The tests' ``FakeOpenAI`` runs in a child process (``--serve``), so it
does not share this process's GIL; it is saved in the settings as a provider and its model
``local:llama3.2:3b`` is chosen, as a user would, so the app's ``ModelCatalog`` resolves it
and ``ChatController`` streams through ``OpenAICompatibleProvider``.

Overhead, per round (30 after 3 unmeasured), in an order that rotates each round: a bare
aiohttp POST (its own session, kept alive) timed to the first SSE event with content; the
app's provider called directly (the app's session), to its first piece of text; and twice
the window: the question typed into the composer, Enter pressed (``QTest.keyClick``), timed
to the first Paint of the answer view's viewport with text in its document and to the end
of the window's paint pass that held it. The server echoes the question (9 pieces), once
all at once and once a piece every 30 ms (the first piece still at once), as a model
streams: then the first piece is shown while the rest is on its way. Each window round
starts a new chat (``navigator.new_chat()``) unless ``--one-chat``, where the conversation
grows by one exchange a round. The steps in between are stamped by wrapping, on their
instances, the history's ``record_question``, the resolved provider's ``stream_chat`` and
the answer view's ``flush``, and by slots on ``Transcript.turnsShown`` (the new turn's widget
is built once its request has left) and ``answerGrew``. Also counted: the area of the
Paint events the transcript's column gets until that paint pass ended, in views (its region
covers the turns repainted inside it: about 1.0 or more when the earlier turns are repainted
whole, a fraction when only the new turn is), and that of the sidebar's list, in its rows
(one: the conversation's row; as many as the list shows: repainted whole; none: its mark
came in the next frame). ``--one-chat`` is the ongoing conversation.

Throughput: three times, a 2,000-token answer (Markdown paragraphs), sent by the server
with no delay between pieces, into a new chat; a 5 ms ``PreciseTimer`` stamps the UI thread
from Enter until the answer is done + 250 ms. The verdict is on the median of the three
streams' longest gaps.

The measuring is in ``providers_parts.py``, the server and its answers in
``providers_server.py``.

Run: ``.venv/bin/python benchmarks/providers.py [--rounds 30] [--one-chat]``
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import add_quick_flag, ensure_offscreen

ensure_offscreen()  # before the parts (imported when run) load Qt

GOAL_OVERHEAD_MS = 5.0
GOAL_GAP_MS = 50.0
WARM_UP_ROUNDS = 3
FLOOD_ROUNDS = 3


def report_overhead(rounds: list, new_chat: bool) -> None:
    from benchmarks.support.common import median, percentile, verdict
    from benchmarks.support.providers_parts import WINDOW_STEPS
    from benchmarks.support.providers_server import PACED_DELAY_SECONDS

    def line(label: str, values: list[float], step: float | None = None) -> None:
        shown = f"{step:7.1f}" if step is not None else ""
        print(
            f"      {label:<60} {median(values):7.1f} {percentile(values, 0.1):7.1f} "
            f"{percentile(values, 0.9):7.1f} {shown}".rstrip()
        )

    bare = median([r.bare_ms for r in rounds])
    how = "a new chat each round" if new_chat else "one conversation, growing a round at a time"
    print()
    print(
        f"   1. overhead: Send to the first character painted vs a bare aiohttp request "
        f"({len(rounds)} rounds; {how})"
    )
    print(f"      {'ms':<60} {'median':>7} {'p10':>7} {'p90':>7} {'step':>7}")
    line("bare aiohttp: POST to the first SSE content parsed", [r.bare_ms for r in rounds])
    line("the app's provider alone: call to its first text", [r.provider_ms for r in rounds])
    verdicts = []
    for title, windows in (
        ("the answer at once", [r.window for r in rounds]),
        (f"a piece every {PACED_DELAY_SECONDS * 1000:.0f} ms", [r.paced for r in rounds]),
    ):
        answered = sum(w.answered for w in windows)
        print(f"      window, {title} ({answered} of {len(windows)} answered): Enter to …")
        previous = [0.0] * len(windows)
        for name, label in WINDOW_STEPS:
            values = [w.marks[name] for w in windows]
            step = None
            if not any(math.isnan(value) for value in values):
                step = median([a - b for a, b in zip(values, previous, strict=True)])
                previous = values
            line(f"   … {label}", values, step)
        line("   (the window's layout and paint before the first text)", [w.ui_ms for w in windows])
        painted = [w.views_painted for w in windows if not math.isnan(w.views_painted)]
        if painted:
            label = "   (the transcript's area painted until then, in views)"
            print(
                f"      {label:<60} {median(painted):7.2f} {percentile(painted, 0.1):7.2f} "
                f"{percentile(painted, 0.9):7.2f}"
            )
        rows = [w.sidebar_rows_painted for w in windows if not math.isnan(w.sidebar_rows_painted)]
        if rows:
            label = "   (the sidebar's list painted until then, in rows)"
            print(
                f"      {label:<60} {median(rows):7.2f} {percentile(rows, 0.1):7.2f} "
                f"{percentile(rows, 0.9):7.2f}"
            )
        added = median([w.marks["pass_ended"] for w in windows]) - bare
        verdicts.append(
            f"      added by the app at the median, {title}: {added:.1f} ms  "
            f"goal < {GOAL_OVERHEAD_MS:.0f} ms: {verdict(added < GOAL_OVERHEAD_MS)}"
        )
    for text in verdicts:
        print(text)


def report_flood(results: list) -> None:
    from benchmarks.support.common import median, verdict
    from benchmarks.support.providers_server import FLOOD_TOKENS
    from benchmarks.support.ui_timing import gap_stats, longest_gaps, spans_between

    print()
    print(
        f"   2. throughput: {FLOOD_TOKENS:,} tokens sent with no delay into the window "
        f"({len(results)} streams, each in a new chat)"
    )
    print(
        f"      {'':<8} {'time s':>7} {'tok/s':>7} {'gaps':>6} {'median':>7} {'p99':>7} "
        f"{'longest':>8} {'flushes':>8}  final text  header"
    )
    longest_each = []
    for number, result in enumerate(results, 1):
        _gaps, middle, p99, longest = gap_stats(result.ticks)
        longest_each.append(longest)
        equal = (
            "equal"
            if result.text_equal and result.shown_equal
            else (
                f"DIFFERS (answer {'=' if result.text_equal else '≠'}, "
                f"shown {'=' if result.shown_equal else '≠'})"
            )
        )
        print(
            f"      stream {number} {result.seconds:7.2f} {result.pieces / result.seconds:7.0f} "
            f"{len(result.ticks) - 1:6d} {middle:7.1f} {p99:7.1f} {longest:8.1f} "
            f"{len(result.flushes):8d}  {equal:<10}  {result.header!r}"
        )
    for number, result in enumerate(results, 1):
        starts = [span[0] for span in result.spans]

        def describe(began: float, ended: float, result=result, starts=starts) -> str:
            inside = [f for f in result.flushes if f[0] < ended and f[1] > began]
            caused = spans_between(result.spans, starts, began, ended)
            what = [f"layout {caused['layout']:.1f} ms", f"paint {caused['paint']:.1f} ms"]
            if inside:
                flush_ms = sum((end - begin) * 1000 for begin, end, _ in inside)
                what.insert(0, f"{len(inside)} flush(es) {flush_ms:.1f} ms at piece {inside[0][2]}")
            else:
                what.insert(0, "no flush")
            return ", ".join(what)

        print(
            f"      stream {number}: first text after {result.first_text_seconds * 1000:.0f} ms, "
            f"turn {result.state}, end_stream() {result.end_stream_ms:.1f} ms; longest gaps:"
        )
        for line in longest_gaps(result.ticks, 3, describe):
            print(f"        {line}")
    typical = median(longest_each)
    print(
        f"      longest UI-thread gap, median of the {len(results)} streams: {typical:.1f} ms "
        f"(worst {max(longest_each):.1f})  goal < {GOAL_GAP_MS:.0f} ms: "
        f"{verdict(typical < GOAL_GAP_MS)}"
    )


def run(rounds: int, new_chat: bool, quick: bool = False) -> None:
    import asyncio

    from benchmarks.support.app import start_app
    from benchmarks.support.common import (
        banner,
        close_app_and_loop,
        isolate_home,
        print_log_problems,
    )
    from benchmarks.support.providers_parts import flood, overhead_round, watch_window
    from benchmarks.support.providers_server import ServerProcess, save_provider

    banner("More providers: overhead to the first painted character, streaming throughput")
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-providers-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        server = ServerProcess(root / "home")
        data_dir = root / "appdata"
        data_dir.mkdir()
        save_provider(data_dir, server.base_url)
        loop, desk = start_app(data_dir)
        desk.window.show()

        async def scenario() -> tuple[list, list]:
            import aiohttp

            warm_ups, floods_wanted = (0, 1) if quick else (WARM_UP_ROUNDS, FLOOD_ROUNDS)
            await asyncio.sleep(0.3 if quick else 1.5)  # the app's after-first-paint preparations
            assert desk.chat.catalog is not None
            await desk.chat.catalog.ready()
            events = watch_window(desk)
            measured = []
            async with aiohttp.ClientSession(trust_env=False) as session:
                for index in range(warm_ups + rounds):
                    fresh = new_chat or index == 0
                    result = await overhead_round(desk, events, session, server, index, fresh)
                    if index >= warm_ups:
                        measured.append(result)
            floods = []
            for _ in range(floods_wanted):
                await asyncio.sleep(0.5)
                floods.append(await flood(desk, server, events))
            return measured, floods

        try:
            measured, floods = loop.run_until_complete(scenario())
        finally:
            close_app_and_loop(loop, desk)
            server.close()
        report_overhead(measured, new_chat)
        report_flood(floods)
        print_log_problems(data_dir)


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--rounds", type=int, default=30, help="overhead rounds (default 30)")
    parser.add_argument(
        "--one-chat",
        action="store_true",
        help="send every overhead round's question in one conversation (it grows) instead of "
        "a new chat each round",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.serve:
        from benchmarks.support.providers_server import serve

        serve()
        return
    run(1 if arguments.quick else arguments.rounds, not arguments.one_chat, arguments.quick)


if __name__ == "__main__":
    main()
