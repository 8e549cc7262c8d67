"""The fake OpenAI-compatible server ``providers.py`` talks to (its ``--serve`` mode, in a
child process of its own), what it answers, and the app's settings that point at it.

Nothing here imports Qt or the app's UI: the server's process loads only what it serves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.support.answers import (
    OpenAIServerProcess,
    _Writer,
    serve_fake_openai,
    token_count,
)
from benchmarks.support.common import BENCHMARKS_DIR

PROVIDER_ID = "local"
MODEL_ID = "llama3.2:3b"  # one of the fake server's models
MODEL_KEY = f"{PROVIDER_ID}:{MODEL_ID}"
QUESTION = "What is the capital of France?"
# The fake server echoes a question it has no queued answer for, at once and in one go:
# "[llama3.2:3b] You said: What is the capital of France?" (9 pieces). Told ``paced``, it
# sends the next echo a piece every PACED_DELAY_SECONDS, as a model streams: the first piece
# then arrives alone, and the window shows it before the rest.
PACED_DELAY_SECONDS = 0.03
FLOOD_TOKENS = 2_000
_ENTRY_SCRIPT = BENCHMARKS_DIR / "providers.py"


def flood_answer() -> str:
    """Exactly ``FLOOD_TOKENS`` word pieces of Markdown prose (paragraphs with some bold and
    inline code), so what the view shows can be compared with what was sent."""
    writer = _Writer(11)
    parts: list[str] = []
    while token_count("\n\n".join(parts)) < FLOOD_TOKENS - 120:
        parts.append(writer.paragraph(60))
    # Joining with "\n\n" merges a paragraph's last word and the next one's first into one
    # piece; the closing paragraph (plain words, no markup to cut in half) makes up the rest.
    missing = FLOOD_TOKENS - token_count("\n\n".join(parts)) + 1
    filler = ["the", "window", "keeps", "up", "with", "every", "token", "the", "server", "sends"]
    closing = " ".join(filler[index % len(filler)] for index in range(missing))
    text = "\n\n".join([*parts, closing.capitalize() + "."])
    if token_count(text) != FLOOD_TOKENS:
        raise RuntimeError(f"the flood answer has {token_count(text)} pieces")
    return text


def shown_words(markdown_prose: str) -> str:
    """``flood_answer()``'s text as the view shows it: without the markup, spaces collapsed.
    Between backticks (inline code) everything is literal; elsewhere ``**`` is bold."""
    parts = markdown_prose.split("`")
    plain = "".join(
        part if index % 2 else part.replace("**", "") for index, part in enumerate(parts)
    )
    return " ".join(plain.split())


# -- the server process  ---------------------------------------------------------------------


def serve() -> None:
    """``--serve``: FakeOpenAI on 127.0.0.1; prints ``base_url URL``; each ``flood`` line on
    stdin queues the 2,000-token answer, sent with no delay, for the next chat request, and
    each ``paced`` line an echo a piece every PACED_DELAY_SECONDS (``ok``). Without one
    queued, a request gets its echo at once."""
    from tests.fakes.openai_server import Behaviour

    serve_fake_openai(
        {
            "flood": Behaviour(answer=flood_answer(), chunk_delay=0.0),
            "paced": Behaviour(chunk_delay=PACED_DELAY_SECONDS),
        }
    )


class ServerProcess(OpenAIServerProcess):
    """``providers.py --serve`` in a child process; ``queue`` takes ``flood`` or ``paced``."""

    def __init__(self, home: Path) -> None:
        super().__init__(home, _ENTRY_SCRIPT)


def save_provider(data_dir: Path, base_url: str) -> None:
    """The server saved as a provider and its model chosen, as a user would (and as
    ``tests/ui/conftest.py``'s ``Harness.start_app_with_server`` does)."""
    from dynaspark_desktop.core.settings import Settings

    settings = Settings.load(data_dir)
    entry = {"id": PROVIDER_ID, "preset": "ollama", "label": "Local", "base_url": base_url}
    settings.set("providers", [entry])
    settings.set("model", MODEL_KEY)


def request_body(question: str) -> dict[str, Any]:
    """What the app sends for a first question (``openai_format.chat_body``), written out."""
    return {
        "model": MODEL_ID,
        "messages": [{"role": "user", "content": question}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
