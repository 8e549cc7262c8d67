"""A history already poisoned by an earlier import (times no clock accepts) is repaired when
it opens, with a warning in the log; whatever stays is clamped as it is read."""

from __future__ import annotations

import logging
import math
import sqlite3
from pathlib import Path

import pytest

from dynaspark_desktop.core.timestamps import EARLIEST_TIME, LATEST_TIME, is_sane_time, sane_time
from dynaspark_desktop.storage import HistoryStore
from dynaspark_desktop.storage.rows import details_from_row, message_from_row, summary_from_row
from tests.storage.support import add_answered_turn

NOW = 1_700_000_000.0


def _poison(data_dir: Path) -> tuple[int, int]:
    """A history with two conversations, then out-of-range times written straight into it."""
    with HistoryStore.open(data_dir, clock=lambda: NOW) as store:
        poisoned = store.create_conversation("m")
        add_answered_turn(store, poisoned.id, "Question", "Answer")
        healthy = store.create_conversation("m")
        add_answered_turn(store, healthy.id, "Fine", "Fine too")
        store.save_draft(poisoned.id, "draft")
    connection = sqlite3.connect(data_dir / "history.sqlite3")
    with connection:
        connection.execute(
            "UPDATE conversations SET updated = ?, created = ? WHERE id = ?",
            (1e300, float("-inf"), poisoned.id),
        )
        connection.execute(
            "UPDATE messages SET created = ?, finished = ?, elapsed_ms = ? "
            "WHERE conversation_id = ? AND position = 0",
            ("yesterday", float("inf"), 10**15, poisoned.id),
        )
        connection.execute("UPDATE drafts SET updated = ?", (-1e300,))
    connection.close()
    return poisoned.id, healthy.id


def test_a_poisoned_history_is_repaired_when_it_opens_and_says_so_in_the_log(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    poisoned, healthy = _poison(data_dir)
    with (
        caplog.at_level(logging.WARNING),
        HistoryStore.open(data_dir, clock=lambda: NOW + 9) as store,
    ):
        summaries = {summary.id: summary for summary in store.list_conversations()}
        messages = store.load_conversation(poisoned).messages
        draft = store.load_draft(poisoned)
    assert "repaired" in caplog.text
    assert "conversation update times" in caplog.text
    assert all(is_sane_time(summary.updated) for summary in summaries.values())
    # The latest sane message time stands in for the lost one; the healthy one is untouched.
    assert summaries[poisoned].updated == NOW
    assert summaries[healthy].updated == NOW
    question, _answer = messages
    assert is_sane_time(question.created)
    assert question.finished is None
    assert question.elapsed_ms is None
    assert draft is not None
    assert draft.updated == NOW + 9

    # Repaired for good: the next start has nothing to repair and says nothing.
    caplog.clear()
    with caplog.at_level(logging.WARNING), HistoryStore.open(data_dir):
        pass
    assert "repaired" not in caplog.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1e300, LATEST_TIME),
        (float("inf"), LATEST_TIME),
        (10**400, LATEST_TIME),
        (-1e300, EARLIEST_TIME),
        (float("-inf"), EARLIEST_TIME),
        (float("nan"), EARLIEST_TIME),
        ("yesterday", EARLIEST_TIME),
        (b"\x00", EARLIEST_TIME),
        (True, EARLIEST_TIME),
        (NOW, NOW),
    ],
)
def test_reads_clamp_what_could_not_be_repaired(value: object, expected: float) -> None:
    assert sane_time(value) == expected
    summary = summary_from_row((1, "t", value, "m", 0))
    details = details_from_row((1, "t", value, value, "m", "", 0, value))
    message = message_from_row((1, 1, 0, "user", "q", "m", "answered", "", value, value, -5))
    for read in (summary.updated, details.created, details.deleted, message.created):
        assert read == expected
        assert math.isfinite(read)
    assert message.elapsed_ms is None
