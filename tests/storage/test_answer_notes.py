"""An answer's notes (the context it was sent with, the fallback that answered) and a
conversation's unread mark are kept across restarts, and a history made before they existed
opens unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import HistoryStore
from dynaspark_desktop.storage.answer_measures import AnswerMeasures
from dynaspark_desktop.storage.schema import CURRENT_VERSION, MIGRATIONS
from dynaspark_desktop.storage.turns import turns_from_messages

# The version the release before the notes left (the notes' migration is the one after it).
NOTES_VERSION = 6


def _database_before_notes(data_dir: Path) -> Path:
    """A history as the release before the notes left it: migrated up to the version before,
    with a conversation of two turns (one regenerated) and another one."""
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / "history.sqlite3"
    connection = sqlite3.connect(database, isolation_level=None)
    for version, migration in enumerate(MIGRATIONS[:NOTES_VERSION]):
        migration(connection)
        connection.execute(f"PRAGMA user_version = {version + 1}")
    connection.executescript(
        """
        INSERT INTO conversations (id, title, created, updated, model, current_leaf)
            VALUES (1, 'Lighthouses', 100.0, 200.0, 'm', 4);
        INSERT INTO conversations (id, title, created, updated, model) VALUES
            (2, 'Soup', 110.0, 300.0, 'm');
        INSERT INTO messages (id, conversation_id, position, role, text, model, state, created,
            finished, elapsed_ms, parent_id, tokens, first_text_ms) VALUES
            (1, 1, 0, 'user', 'Where?', 'm', 'answered', 100, 101, 1000, NULL, NULL, NULL),
            (2, 1, 1, 'assistant', 'North.', 'm', 'answered', 101, 101, 1000, 1, 3, 200),
            (3, 1, 2, 'assistant', 'South.', 'm2', 'answered', 102, 102, 900, 1, 4, 100),
            (4, 1, 3, 'user', 'Why?', 'm', 'failed', 103, 104, 500, 3, NULL, NULL);
        UPDATE messages SET error = 'Down.' WHERE id = 4;
        """
    )
    connection.close()
    return database


def _shown(store: HistoryStore, conversation_id: int) -> list[tuple[object, ...]]:
    page = store.load_conversation(conversation_id)
    return [
        (m.id, m.role, m.text, m.model, m.state, m.error, m.elapsed_ms, m.parent_id, m.tokens)
        for m in page.messages
    ]


def test_a_history_from_before_the_notes_opens_unchanged(data_dir: Path) -> None:
    database = _database_before_notes(data_dir)
    with HistoryStore.open(data_dir) as store:
        assert _shown(store, 1) == [
            (1, "user", "Where?", "m", TurnState.ANSWERED, "", 1000, None, None),
            (3, "assistant", "South.", "m2", TurnState.ANSWERED, "", 900, 1, 4),
            (4, "user", "Why?", "m", TurnState.FAILED, "Down.", 500, 3, None),
        ]
        listed = store.list_conversations()
        assert [(c.id, c.title, c.updated, c.unread) for c in listed] == [
            (2, "Soup", 300.0, False),
            (1, "Lighthouses", 200.0, False),
        ]
        page = store.load_conversation(1)
        turns = turns_from_messages(page.messages, page.answers, page.question_versions)
        assert turns[0].context_turns is None
        assert turns[0].fallback_note == ""
        assert [facts.model for facts in turns[0].earlier_answer_facts if facts] == ["m"]
    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert MIGRATIONS[NOTES_VERSION].__name__ == "_add_answer_notes"
    connection.close()


def test_notes_and_unread_marks_come_back_after_a_restart(data_dir: Path) -> None:
    with HistoryStore.open(data_dir) as store:
        chat = store.create_conversation("m")
        question = store.add_user_message(chat.id, "Tell me", "m")
        first = store.mark_answered(
            question.id,
            "One.",
            "backup",
            1.0,
            measures=AnswerMeasures.of(
                5, 0.2, context_turns=(18, 240), fallback_note="Answered by backup (m: 503)"
            ),
            unread=True,
        )
        store.mark_retrying(question.id, "m")
        store.mark_answered(question.id, "Two.", "m", 1.0, measures=AnswerMeasures.of(3, 0.1))
        other = store.create_conversation("m")
        store.add_user_message(other.id, "Hello", "m")
    assert first is not None
    assert first.context_turns == (18, 240)

    with HistoryStore.open(data_dir) as store:
        assert {c.id: c.unread for c in store.list_conversations()} == {
            chat.id: True,
            other.id: False,
        }
        page = store.load_conversation(chat.id)
        turns = turns_from_messages(page.messages, page.answers, page.question_versions)
        (turn,) = turns
        assert turn.answer == "Two."
        assert turn.context_turns is None
        assert turn.fallback_note == ""
        (earlier,) = turn.earlier_answer_facts
        assert earlier is not None
        assert earlier.context_turns == (18, 240)
        assert earlier.fallback_note == "Answered by backup (m: 503)"
        # Browsing back to the first answer brings its notes with it.
        assert turn.make_answer_current(0)
        assert turn.context_turns == (18, 240)
        assert turn.fallback_note == "Answered by backup (m: 503)"

        store.mark_read(chat.id)
    with HistoryStore.open(data_dir) as store:
        assert not any(c.unread for c in store.list_conversations())


def test_a_failure_away_from_the_screen_is_unread_and_a_later_read_answer_keeps_it(
    data_dir: Path,
) -> None:
    with HistoryStore.open(data_dir) as store:
        chat = store.create_conversation("m")
        question = store.add_user_message(chat.id, "Tell me", "m")
        store.mark_failed(question.id, "Down.", 1.0, unread=True)
        # Another write that is not unread does not clear the mark: only showing it does.
        store.mark_retrying(question.id, "m")
        store.mark_cancelled(question.id, "", 0.5, partial_answer="Par", model="m")
        assert [c.unread for c in store.list_conversations()] == [True]
