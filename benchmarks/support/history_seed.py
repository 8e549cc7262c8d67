"""A large history for the benchmarks, built through ``HistoryStore.add_snapshots`` (the
storage's public, tested bulk API), in a child process of its own:

    python -m benchmarks.support.history_seed DATA_DIR [--quick | --shape full|quick|switch]

prints a JSON ``Seeded``. The full shape is 5,000 conversations holding 100,000 messages,
one of them 10,000 messages long (5,000 turns, a dozen with an image, answers in Markdown);
``--quick`` builds a few hundred messages of the same kinds. Building in a child keeps the
seeding's freed heap out of the measuring process, where the app's allocations would reuse
it and hide from RSS. Nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import struct
import subprocess
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from benchmarks.support.common import child_environment, module_command
from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import ConversationSnapshot, HistoryStore, Role
from dynaspark_desktop.storage.models import ImageSnapshot, MessageSnapshot

MODEL = "gemini-1.5-flash"
VOCABULARY = 8_000


@dataclass(frozen=True)
class HistoryShape:
    conversations: int
    messages: int
    long_turns: int  # the long conversation (id 1) has twice as many messages
    small_turns: int  # the small one (id 2)
    long_images: int  # questions with an image in the long conversation; 3 in its latest page


FULL = HistoryShape(
    conversations=5_000, messages=100_000, long_turns=5_000, small_turns=3, long_images=12
)
QUICK = HistoryShape(conversations=40, messages=600, long_turns=150, small_turns=3, long_images=4)
# memory_switch.py: the long conversation with more images, and few others.
SWITCH = HistoryShape(
    conversations=12, messages=10_206, long_turns=5_000, small_turns=3, long_images=40
)
SHAPES = {"full": FULL, "quick": QUICK, "switch": SWITCH}


@dataclass
class Seeded:
    long_id: int
    small_id: int
    long_last_question: str
    small_last_question: str
    words: list[str]
    seconds: float
    size_mb: float
    shape: HistoryShape


class Text:
    """Random text over a Zipf-like vocabulary, as language is (common words dominate)."""

    def __init__(self, rng: random.Random) -> None:
        letters = "abcdefghijklmnopqrstuvwxyz"
        words = {
            "".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
            for _ in range(VOCABULARY)
        }
        self.words = sorted(words)
        rng.shuffle(self.words)  # rank is random, not alphabetical
        total = 0.0
        self._cumulative = []
        for rank in range(len(self.words)):
            total += 1 / (rank + 1)
            self._cumulative.append(total)
        self._rng = rng

    def sentence(self, low: int, high: int) -> str:
        rng = self._rng
        chosen = rng.choices(self.words, cum_weights=self._cumulative, k=rng.randint(low, high))
        return " ".join(chosen).capitalize() + "."

    def question(self) -> str:
        return self.sentence(6, 40).rstrip(".") + "?"

    def answer(self) -> str:
        return " ".join(self.sentence(8, 25) for _ in range(self._rng.randint(2, 7)))

    def markdown_answer(self) -> str:
        """What a model answers: paragraphs, a list, sometimes code, some emphasis."""
        rng = self._rng
        parts = [self.sentence(10, 30) + " **" + self.sentence(2, 4).rstrip(".") + "** too."]
        parts.append("\n".join(f"- {self.sentence(4, 14)}" for _ in range(rng.randint(2, 5))))
        if rng.random() < 0.3:
            name = rng.choice(self.words[:200])
            parts.append(f"```python\ndef {name}(value):\n    return value * 2\n```")
        parts.append(self.sentence(10, 40) + " See `" + rng.choice(self.words[:50]) + "`.")
        return "\n\n".join(parts)


def png(width: int, height: int, seed: int) -> bytes:
    """A real, decodable PNG (a gradient with a seed-dependent tint): a stored thumbnail."""
    red, green = (seed * 37) % 256, (seed * 91) % 256
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        blue = (y * 255) // max(1, height - 1)
        for x in range(width):
            rows += bytes(((red + x) % 256, green, blue))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 6))
        + chunk(b"IEND", b"")
    )


def _attached_photo(rng: random.Random, number: int) -> ImageSnapshot:
    return ImageSnapshot(
        data=b"\xff\xd8" + rng.randbytes(150_000),  # never read when a conversation opens
        mime_type="image/jpeg",
        filename=f"IMG_{number:04d}.jpg",
        width=1600,
        height=1200,
        original_width=4000,
        original_height=3000,
        thumbnail_png=png(320, 240, number),
    )


def seed_history(data_dir: Path, shape: HistoryShape = FULL) -> Seeded:
    """Build the history in ``data_dir``: the first conversation stored is the long one, the
    second the small one; the rest share the remaining messages evenly."""
    started = time.perf_counter()
    rng = random.Random(20261121)
    text = Text(rng)
    now = time.time()
    long_turns = shape.long_turns
    # Every message in a question/answer pair: the rest of the turns spread evenly.
    per_other, extra = divmod(
        shape.messages // 2 - long_turns - shape.small_turns, shape.conversations - 2
    )
    image_turns = sorted(
        {long_turns - 2, long_turns - 7, long_turns - 15}
        | {rng.randrange(0, long_turns - 20) for _ in range(shape.long_images - 3)}
    )
    images = {turn: _attached_photo(rng, turn) for turn in image_turns}
    snapshots = []
    last_questions = []
    for number in range(1, shape.conversations + 1):
        if number == 1:
            turns = long_turns
        elif number == 2:
            turns = shape.small_turns
        else:
            turns = per_other + (number - 3 < extra)
        # Most recent first in the sidebar: the long one on top, the small one next.
        updated = now - 60 * number
        created = updated - 60 * turns
        messages = []
        question = ""
        for turn in range(turns):
            question = text.question()
            answer = text.markdown_answer() if number == 1 else text.answer()
            at = created + 60 * turn
            attached = (images[turn],) if number == 1 and turn in images else ()
            for position, role, said, finished in (
                (2 * turn, Role.USER, question, at + 2),
                (2 * turn + 1, Role.ASSISTANT, answer, at + 2),
            ):
                messages.append(
                    MessageSnapshot(
                        position=position,
                        role=role,
                        text=said,
                        model=MODEL,
                        state=TurnState.ANSWERED,
                        error="",
                        created=at if role is Role.USER else at + 2,
                        finished=finished,
                        elapsed_ms=2000,
                        images=attached if role is Role.USER else (),
                    )
                )
        last_questions.append(question)
        snapshots.append(
            ConversationSnapshot(
                title=" ".join(messages[0].text.split()[:7]),
                created=created,
                updated=updated,
                model=MODEL,
                system_prompt="",
                pinned=False,
                messages=tuple(messages),
            )
        )
    with HistoryStore.open(data_dir) as store:
        ids = store.add_snapshots(snapshots)
        listed = store.list_conversations()
        found = store.search(text.words[0], 1)
        if len(listed) != shape.conversations or not found:
            raise RuntimeError(f"seeding went wrong: {len(listed)} conversations, {found}")
    return Seeded(
        long_id=ids[0],
        small_id=ids[1],
        long_last_question=last_questions[0],
        small_last_question=last_questions[1],
        words=text.words,
        seconds=time.perf_counter() - started,
        size_mb=(data_dir / "history.sqlite3").stat().st_size / 1e6,
        shape=shape,
    )


def seed_in_child(data_dir: Path, home: Path, *, quick: bool, shape: str = "full") -> Seeded:
    """``seed_history`` in a child process (see the module's docstring for why); ``shape``
    is a name in SHAPES, and ``quick`` takes QUICK whatever it names."""
    built = subprocess.run(
        module_command("history_seed", str(data_dir), "--shape", "quick" if quick else shape),
        env=child_environment(home, bytecode_cache=False),
        capture_output=True,
        check=True,
    )
    fields = json.loads(built.stdout)
    fields["shape"] = HistoryShape(**fields["shape"])
    return Seeded(**fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--quick", action="store_true", help="a few hundred messages")
    parser.add_argument("--shape", choices=SHAPES, default="full", help="which history (full)")
    arguments = parser.parse_args()
    seeded = seed_history(arguments.data_dir, QUICK if arguments.quick else SHAPES[arguments.shape])
    print(json.dumps(dataclasses.asdict(seeded)))


if __name__ == "__main__":
    main()
