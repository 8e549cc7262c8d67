"""The answers ``transcript.py`` streams and shows, and the fake OpenAI-compatible server that
sends them (``transcript.py --serve``, in a child process of its own)."""

from __future__ import annotations

import random
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from benchmarks.support.common import BENCHMARKS_DIR, ServerChild

STREAM_TOKENS = 5_000
QUICK_STREAM_TOKENS = 400  # --quick
CHUNK_DELAY_SECONDS = 0.002  # 500 tokens/s, if the server kept up perfectly
RENDER_LINES = 2_000
RENDER_CODE_BLOCKS = 20
SHORT_ANSWER = "Sure, here it is."
# The script the server child runs (with ``--serve``).
_ENTRY_SCRIPT = BENCHMARKS_DIR / "transcript.py"

_VOCABULARY = (
    "the a of to and in is it that for on with as by this we you can be are from or at "
    "data model request answer server window thread value function result cache file line "
    "record parse stream token layout paint widget frame buffer queue event loop timer "
    "memory index query page scroll text block list code style table image size width "
    "height first last next every each only when then because while before after until "
    "fast slow small large simple clear careful exact steady early late often rarely "
    "reads writes keeps shows builds sends waits returns checks measures counts opens"
)
_WORDS = _VOCABULARY.split()
_CODE_TEMPLATES = (
    "def {a}_{b}(path, limit=100):",
    '    """Return the {a} of every {b} in the file."""',
    "    results = []",
    '    with open(path, encoding="utf-8") as handle:',
    "        for number, line in enumerate(handle):",
    "            if number >= limit:",
    "                break",
    "            {a} = parse_{b}(line.strip())",
    "            if {a} is not None:",
    "                results.append({a})",
    "    return results",
    "",
    "class {A}{B}:",
    "    def __init__(self, size: int) -> None:",
    "        self.size = size",
    "        self.items: list[str] = []",
    "",
    "    def add(self, item: str) -> bool:",
    "        if len(self.items) >= self.size:",
    "            return False",
    "        self.items.append(item)",
    "        return True",
)


class _Writer:
    """Deterministic Markdown the way a model writes it."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def words(self, low: int, high: int) -> str:
        chosen = self._rng.choices(_WORDS, k=self._rng.randint(low, high))
        if len(chosen) > 4 and self._rng.random() < 0.4:
            at = self._rng.randrange(1, len(chosen) - 2)
            chosen[at] = f"**{chosen[at]}**"
        if len(chosen) > 4 and self._rng.random() < 0.3:
            at = self._rng.randrange(1, len(chosen) - 2)
            chosen[at] = f"`{chosen[at]}()`"
        return " ".join(chosen)

    def sentence(self, low: int = 8, high: int = 18) -> str:
        return self.words(low, high).capitalize() + "."

    def paragraph(self, words: int) -> str:
        sentences: list[str] = []
        while sum(len(s.split(" ")) for s in sentences) < words:
            sentences.append(self.sentence())
        return " ".join(sentences)

    def bullets(self, count: int) -> str:
        return "\n".join(f"- {self.words(5, 12)}" for _ in range(count))

    def code(self, lines: int) -> str:
        a, b = self._rng.sample(_WORDS[20:], 2)
        body = []
        start = self._rng.randrange(len(_CODE_TEMPLATES))
        for index in range(lines):
            template = _CODE_TEMPLATES[(start + index) % len(_CODE_TEMPLATES)]
            body.append(template.format(a=a, b=b, A=a.capitalize(), B=b.capitalize()))
        return "```python\n" + "\n".join(body) + "\n```"


def token_count(text: str) -> int:
    """How many pieces the fake server streams ``text`` in (its ``pieces_of``)."""
    return len(text.split(" "))


def streamed_answer(tokens: int = STREAM_TOKENS) -> str:
    """About ``tokens`` (5,000) word pieces: sections of paragraphs, lists and a few code blocks. It
    begins and ends with the same shape (a paragraph, then a list), so the updates around
    token 50 and token 5,000 do comparable work on text of comparable shape."""
    writer = _Writer(4)
    parts = [writer.paragraph(70), writer.bullets(5)]
    section = 1
    while token_count("\n\n".join(parts)) < tokens - 260:
        parts.append(f"## {writer.words(2, 5).replace('**', '').capitalize()}")
        parts.append(writer.paragraph(60))
        parts.append(writer.bullets(4))
        if section % 3 == 0:
            parts.append(writer.code(10))
        parts.append(writer.paragraph(40))
        section += 1
    closing = [writer.paragraph(70), writer.bullets(5)]
    while token_count("\n\n".join(parts + closing)) < tokens + 40:
        closing.append(writer.sentence())
    return "\n\n".join(parts + closing)


def long_answer() -> str:
    """A 2,000-line answer with 20 code blocks: 20 sections of 100 lines (a heading, a
    23-line paragraph, 20 list items, a 48-line code block, a closing line, blank lines)."""
    writer = _Writer(7)
    lines: list[str] = []
    for number in range(RENDER_CODE_BLOCKS):
        lines += [f"## Step {number + 1}: {writer.words(2, 4).replace('**', '')}", ""]
        lines += [writer.words(8, 14) for _ in range(23)]
        lines.append("")
        lines += [f"- {writer.words(4, 10)}" for _ in range(20)]
        lines.append("")
        lines += writer.code(48).splitlines()
        lines += ["", writer.sentence(), ""]
    lines[-1] = writer.sentence()  # the last paragraph has two lines: no trailing blank
    if len(lines) != RENDER_LINES or sum(line.startswith("```") for line in lines) != 40:
        raise RuntimeError(f"the long answer has {len(lines)} lines")
    return "\n".join(lines)


# -- the server process  ---------------------------------------------------------------------


def serve(quick: bool = False) -> None:
    """``--serve``: FakeOpenAI on 127.0.0.1; prints ``base_url URL``; then each ``stream``
    or ``short`` line on stdin queues that answer for the next chat request (``ok``). With
    ``quick`` the streamed answer is QUICK_STREAM_TOKENS long."""
    from tests.fakes.openai_server import Behaviour

    streamed = streamed_answer(QUICK_STREAM_TOKENS if quick else STREAM_TOKENS)
    serve_fake_openai(
        {
            "stream": Behaviour(answer=streamed, chunk_delay=CHUNK_DELAY_SECONDS),
            "short": Behaviour(answer=SHORT_ANSWER),
        }
    )


def serve_fake_openai(answers: Mapping[str, Any]) -> None:
    """Run FakeOpenAI on 127.0.0.1 and print ``base_url URL``; each line on stdin naming one
    of ``answers`` (``tests.fakes.openai_server.Behaviour``) queues it for the next chat
    request (``ok``); ``quit`` ends. Without one queued, a request gets its echo at once."""
    from tests.fakes.openai_server import FakeOpenAI

    with FakeOpenAI().in_thread() as server:
        print(f"base_url {server.base_url}", flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "quit":
                break
            if command in answers:
                server.queue_chat(answers[command])  # a deque: one append is thread-safe
                print("ok", flush=True)
            elif command:
                print(f"error unknown command {command!r}", flush=True)


class OpenAIServerProcess:
    """A script's ``--serve`` mode (by default this one's) in a child process: a fake
    OpenAI-compatible server that does not share the measured process's GIL."""

    def __init__(self, home: Path, entry_script: Path = _ENTRY_SCRIPT, *options: str) -> None:
        self._child = ServerChild(
            [str(entry_script), "--serve", *options], home, "base_url", "fake OpenAI server"
        )
        self.base_url = self._child.url

    def queue(self, answer: str) -> None:
        """The name of an answer the server knows, for the next chat request."""
        self._child.command(answer)

    def close(self) -> None:
        self._child.close()
