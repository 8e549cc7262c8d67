"""Storage performance probe: prints numbers, asserts nothing. Not collected by pytest.

    python tests/storage/perf_probe.py [--keep DIR]

Builds a history of 5,000 conversations and 100,000 messages (one conversation holds
10,000 of them) and measures what users feel: filling the sidebar, searching, saving a
message, opening a long conversation. Bulk data goes in through SQL for speed (the FTS
triggers still index it); write throughput is measured through the store's own API with
the durability settings the app uses.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.storage import HistoryStore

CONVERSATIONS = 5_000
MESSAGES = 100_000
LONG_CONVERSATION = 10_000
VOCABULARY = 8_000
WRITE_TURNS = 1_000


def vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {
        "".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(VOCABULARY)
    }
    return sorted(words)


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    return " ".join(rng.choices(words, weights, k=rng.randint(15, 120)))


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def fake_photo(rng: random.Random) -> PreparedImage:
    return PreparedImage(
        data=b"\xff\xd8" + rng.randbytes(200_000),
        mime_type="image/jpeg",
        filename="photo.jpg",
        width=1600,
        height=1200,
        thumbnail_png=b"\x89PNG\r\n\x1a\n" + rng.randbytes(20_000),
        original_width=4000,
        original_height=3000,
    )


def write_rate(
    store: HistoryStore, texts: list[str], images: list[PreparedImage] | None = None
) -> tuple[float, float]:
    """Messages committed per second through the store's API, and the median commit time."""
    conversation = store.create_conversation("gemini-1.5-flash")
    pictures: list[PreparedImage | None] = list(images) if images else [None] * (len(texts) // 2)
    latencies = []
    started = time.perf_counter()
    for question_text, answer_text, image in zip(texts[::2], texts[1::2], pictures, strict=True):
        before = time.perf_counter()
        question = store.add_user_message(conversation.id, question_text, "m", image)
        store.mark_answered(question.id, answer_text, "m", 1.0)
        latencies.append((time.perf_counter() - before) * 1000 / 2)
    elapsed = time.perf_counter() - started
    return len(texts) / elapsed, statistics.median(latencies)


def populate(store: HistoryStore, rng: random.Random, words: list[str]) -> int:
    """Fill the database; returns the id of the 10,000-message conversation."""
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like, as language is
    now = time.time()
    connection = store._connection  # bulk loading only; the app never does this
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO conversations (id, title, created, updated, model) VALUES (?, ?, ?, ?, ?)",
        (
            (i, f"Conversation {i}", now - i * 3600, now - i * 600, "gemini-1.5-flash")
            for i in range(1, CONVERSATIONS + 1)
        ),
    )
    per_conversation, extra = divmod(MESSAGES - LONG_CONVERSATION, CONVERSATIONS - 1)
    rows = []
    for conversation in range(1, CONVERSATIONS + 1):
        count = (
            LONG_CONVERSATION
            if conversation == 1
            else per_conversation + (conversation <= extra + 1)
        )
        for position in range(count):
            role = "user" if position % 2 == 0 else "assistant"
            rows.append(
                (
                    conversation,
                    position,
                    role,
                    sentence(rng, words, weights),
                    "gemini-1.5-flash",
                    "answered",
                    now - conversation * 600 + position,
                )
            )
    connection.executemany(
        "INSERT INTO messages (conversation_id, position, role, text, model, state, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.execute("COMMIT")
    return 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="build the history here and keep it")
    arguments = parser.parse_args()
    data_dir = arguments.keep or Path(tempfile.mkdtemp(prefix="dynaspark-perf-"))
    rng = random.Random(20261121)
    words = vocabulary(rng)

    with HistoryStore.open(data_dir) as store:
        started = time.perf_counter()
        long_id = populate(store, rng, words)
        built = time.perf_counter() - started
        count = store._connection.execute("SELECT count(*) FROM messages").fetchone()[0]
        print(f"built {count:,} messages in {CONVERSATIONS:,} conversations in {built:.1f} s")

    started = time.perf_counter()
    store = HistoryStore.open(data_dir)  # includes quick_check of the whole file
    opened = (time.perf_counter() - started) * 1000
    size_mb = (data_dir / "history.sqlite3").stat().st_size / 1e6
    print(f"open with quick_check ({size_mb:.0f} MB file): {opened:.0f} ms")

    sidebar = timed(store.list_conversations, 20)
    assert len(store.list_conversations()) == CONVERSATIONS
    print(f"list {CONVERSATIONS:,} conversations: median {statistics.median(sidebar):.1f} ms")

    queries = (
        [rng.choice(words[:50]) for _ in range(30)]  # very common words
        + [rng.choice(words[50:2000]) for _ in range(30)]  # ordinary words
        + [rng.choice(words[2000:]) for _ in range(30)]  # rare words
        + [f"{rng.choice(words[:500])} {rng.choice(words[:500])}" for _ in range(30)]
        + [rng.choice(words)[:3] for _ in range(30)]  # a prefix, as while typing
    )
    search_times = [timed(lambda q=query: store.search(q, limit=50), 1)[0] for query in queries]
    print(
        f"search over {count:,} messages ({len(queries)} queries, 50 results each): "
        f"median {statistics.median(search_times):.1f} ms, "
        f"90th percentile {statistics.quantiles(search_times, n=10)[-1]:.1f} ms, "
        f"worst {max(search_times):.1f} ms"
    )
    everywhere = timed(lambda: store.search(words[0], limit=50), 20)
    print(f"  a word found in every message: median {statistics.median(everywhere):.1f} ms")

    page = timed(lambda: store.load_conversation(long_id, limit=50), 20)
    print(
        f"load latest 50 of a {LONG_CONVERSATION:,}-message conversation: "
        f"median {statistics.median(page):.2f} ms"
    )
    whole = timed(lambda: store.load_conversation(long_id), 3)
    print(
        f"load all {LONG_CONVERSATION:,} messages of it: median {statistics.median(whole):.0f} ms"
    )

    weights = [1 / (rank + 1) for rank in range(len(words))]
    texts = [sentence(rng, words, weights) for _ in range(2 * WRITE_TURNS)]
    rate, latency = write_rate(store, texts)
    print(
        f"write throughput (synchronous=NORMAL, one transaction per message): "
        f"{rate:,.0f} messages/s, median {latency:.2f} ms per commit"
    )
    images = [fake_photo(rng) for _ in range(WRITE_TURNS // 10)]
    rate, latency = write_rate(store, texts[: 2 * len(images)], images)
    print(
        f"  every question with a new 200 KB image (file + fsync + rename): "
        f"{rate:,.0f} messages/s, median {latency:.2f} ms per commit"
    )
    store._connection.execute("PRAGMA synchronous = FULL")  # for comparison only
    rate, latency = write_rate(store, texts[:400])
    print(
        f"  for comparison, synchronous=FULL (fsync per commit): "
        f"{rate:,.0f} messages/s, median {latency:.2f} ms per commit"
    )
    store.close()
    if arguments.keep is None:
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
