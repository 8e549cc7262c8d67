"""Markdown streaming: the cost of one streamed update early vs late in a long answer.

A 5,000-token answer is built from identical sections (heading, paragraph, list, quote,
code block, table; about 250 tokens each, numbers aside), so the text being streamed at
the start and at the end has the same shape and only the length before it differs. It is
fed to ``StreamingMarkdown`` one token (about 4 characters) at a time with an update after
each: the worst case, since the widget updates at most once per frame. Printed: the median
cost of an update over the first section (tokens 0-250: "at token 50") and over the last
(tokens 4,750-5,000: "at token 5,000"), median over the runs. Goal: **ratio ≤ 2**.

Then one-shot rendering of a 2,000-line answer with 20 code blocks (median of the runs),
as when a long answer is loaded from history.

Pure Python, no Qt: this measures the renderer, not Qt's layout of its HTML.

Run: ``.venv/bin/python benchmarks/markdown_stream.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import add_quick_flag, banner, median, verdict
from dynaspark_desktop.core.markdown import StreamingMarkdown, render_markdown

TOKENS = 5_000
GOAL_RATIO = 2.0
# Model tokens are about 4 characters: a word with its leading space, or punctuation.
_TOKEN = re.compile(r"\s*\S{1,4}|\s+")


def section(number: int) -> str:
    return f"""\
## Step {number}: reading the data

We read the file line by line, so memory stays flat even for **large** inputs; the
`reader` below yields one record at a time and skips blank lines.

- open the file with an explicit encoding
- strip each line before parsing
- keep a count for the summary

> Note: on Windows, open text files with `newline=""` for CSV.

```python
def read_records(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield parse(line)
```

| field | type | example |
|-------|------|---------|
| id    | int  | {number} |
| name  | str  | "Ada" |

"""


def answer_tokens(count: int) -> tuple[list[str], int]:
    """Tokens of an answer of about ``count`` tokens, and the tokens in one section."""
    per_section = len(_TOKEN.findall(section(0)))
    sections = -(-count // per_section)
    text = "".join(section(number) for number in range(sections))
    return _TOKEN.findall(text)[:count], per_section


def update_costs(tokens: list[str]) -> list[float]:
    stream = StreamingMarkdown("dark")
    costs = []
    for token in tokens:
        started = time.perf_counter()
        stream.feed(token)
        costs.append(time.perf_counter() - started)
    stream.finish()
    return costs


def long_answer(lines: int = 2_000, code_blocks: int = 20) -> str:
    """About ``lines`` lines: prose and lists, with ``code_blocks`` code blocks spread in."""
    per_part = lines // code_blocks
    parts = []
    for number in range(code_blocks):
        code = "\n".join(
            f"    total += values[{line}] * {line}  # step {line}" for line in range(30)
        )
        prose_lines = per_part - 37  # heading, blanks, fence, code
        prose = "\n".join(
            f"- item {number}.{line}: a *short* remark with `code` and a [link](https://example.com/{line})"
            if line % 3
            else f"Paragraph {number}.{line} explains the **next** step in plain words."
            for line in range(prose_lines)
        )
        parts.append(f"### Part {number}\n\n{prose}\n\n```python\ndef part():\n{code}\n```\n")
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.runs = 1
    banner("markdown_stream: update cost early vs late, long answer render")

    tokens, per_section = answer_tokens(TOKENS)
    update_costs(tokens[:per_section])  # warm-up: imports, lexer and style caches
    early: list[float] = []
    late: list[float] = []
    for _ in range(arguments.runs):
        costs = update_costs(tokens)
        early.append(median(costs[:per_section]))
        late.append(median(costs[-per_section:]))
    early_ms = median(early) * 1000
    late_ms = median(late) * 1000
    ratio = late_ms / early_ms
    print(f"   answer: {len(tokens)} tokens, {len(''.join(tokens))} characters")
    first = f"tokens 0-{per_section} (at token 50)"
    last = f"tokens {len(tokens) - per_section}-{len(tokens)} (at token 5,000)"
    print(f"   median update, {first}: {early_ms:.3f} ms")
    print(f"   median update, {last}: {late_ms:.3f} ms")
    print(
        f"   ratio late/early: {ratio:.2f} (goal ≤ {GOAL_RATIO:g})  {verdict(ratio <= GOAL_RATIO)}"
    )

    text = long_answer()
    render_markdown(text, "dark")
    timings = []
    for _ in range(arguments.runs):
        started = time.perf_counter()
        rendered = render_markdown(text, "dark")
        timings.append(time.perf_counter() - started)
    print(
        f"   one-shot render of {text.count(chr(10)) + 1} lines, {len(rendered.code_blocks)}"
        f" code blocks, {len(text)} characters: {median(timings) * 1000:.1f} ms"
        f" (HTML {len(rendered.html)} characters)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
