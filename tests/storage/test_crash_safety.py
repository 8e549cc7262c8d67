"""SIGKILL while saving, many times over one database: nothing reported saved is ever lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dynaspark_desktop.storage import HistoryStore, Role
from dynaspark_desktop.storage.files import sha256_hex
from tests.storage.support import integrity

REPO_ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 15

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def run_writer_until_killed(data_dir: Path, rng: random.Random, round_number: int) -> list[str]:
    """Start the writer, SIGKILL it at a random moment, return every line it printed."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.strip())
            ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if round_number % 5 == 4:
        # Now and then, kill it while it is still starting: opening, checking, migrating.
        time.sleep(rng.uniform(0.0, 0.3))
    else:
        assert ready.wait(20), "the writer never started"
        time.sleep(rng.uniform(0.0, 0.3))
    child.send_signal(signal.SIGKILL)
    child.wait(20)
    reader.join(20)
    assert child.stderr is not None
    errors = child.stderr.read()
    child.stdout.close()  # type: ignore[union-attr]
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL, f"the writer died on its own:\n{errors}"
    return lines


def test_sigkill_while_saving_loses_nothing_that_was_reported_saved(data_dir: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    saved_questions: set[int] = set()
    saved_answers: set[int] = set()
    last_draft = -1
    kills_mid_save = 0
    for round_number in range(ROUNDS):
        lines = run_writer_until_killed(data_dir, rng, round_number)
        context = f"seed {seed}, round {round_number}"
        for line in lines:
            kind, _, value = line.partition(" ")
            if kind == "Q":
                saved_questions.add(int(value))
            elif kind == "A":
                saved_answers.add(int(value))
            elif kind == "D":
                last_draft = int(value)
        kills_mid_save += any(line.startswith("Q") for line in lines)

        database = data_dir / "history.sqlite3"
        if not database.exists():
            continue  # killed before the very first open created it
        assert integrity(database) == "ok", context

        with HistoryStore.open(data_dir) as store:
            assert store.moved_aside is None, context
            conversations = store.list_conversations()
            if not saved_questions:
                continue
            page = store.load_conversation(conversations[0].id)
            by_id = {message.id: message for message in page.messages}
            assert saved_questions <= by_id.keys(), context
            assert saved_answers <= by_id.keys(), context
            assert all(by_id[i].role is Role.ASSISTANT for i in saved_answers), context
            for message in page.messages:
                for image in message.attachments:
                    # A row that made it to disk points at a complete file.
                    assert sha256_hex(image.path.read_bytes()) == image.sha256, context
                    assert sha256_hex(image.thumbnail_path.read_bytes()) == image.thumbnail_sha256
            if last_draft >= 0:
                draft = store.load_draft(None)
                assert draft is not None, context
                assert int(draft.text.split()[1]) >= last_draft, context
    # The test is only worth its time if most kills landed while saves were under way.
    assert kills_mid_save >= ROUNDS // 2, f"seed {seed}"
    assert len(saved_questions) > 50
