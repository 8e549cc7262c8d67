"""The conversation is a tree: regenerations and edits are siblings, nothing is destroyed, the
shown path is remembered, and a history made by the release before trees opens unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import HistoryStore, Role
from dynaspark_desktop.storage.files import sha256_hex
from dynaspark_desktop.storage.schema import CURRENT_VERSION, MIGRATIONS
from tests.storage.support import add_answered_turn, fake_image, image_files, integrity

# The release before trees had this many migrations (conversations, search, trash).
RELEASED_VERSION = 3


def texts(store: HistoryStore, conversation_id: int) -> list[str]:
    return [message.text for message in store.load_conversation(conversation_id).messages]


# -- a history made by the current release ----------------------------------------------------


def make_released_database(data_dir: Path) -> Path:
    """A history as the release before trees wrote it: its schema (the first three
    migrations) and rows as its code inserted them: questions at even positions, answers
    at the next odd one, a failed question without an answer, an image, a draft."""
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / "history.sqlite3"
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    for version, migration in enumerate(MIGRATIONS[:RELEASED_VERSION]):
        connection.execute("BEGIN IMMEDIATE")
        migration(connection)
        connection.execute(f"PRAGMA user_version = {version + 1}")
        connection.execute("COMMIT")
    image = fake_image(3)
    connection.executescript(
        f"""
        BEGIN;
        INSERT INTO conversations (id, title, created, updated, model, system_prompt, pinned)
            VALUES (1, 'Lighthouses', 100.0, 400.0, 'm', 'Be brief', 0);
        INSERT INTO conversations (id, title, created, updated, model, system_prompt, pinned)
            VALUES (2, 'Empty', 100.0, 100.0, 'm', '', 0);
        INSERT INTO messages (id, conversation_id, position, role, text, model, state, error,
            created, finished, elapsed_ms) VALUES
            (1, 1, 0, 'user', 'Where is the lighthouse?', 'm', 'answered', '', 100, 101, 1000),
            (2, 1, 1, 'assistant', 'On the cliffs.', 'm', 'answered', '', 101, 101, 1000),
            (3, 1, 2, 'user', 'How tall?', 'm', 'failed', 'down', 200, 201, 500),
            (4, 1, 4, 'user', 'How old?', 'm', 'answered', '', 300, 301, 800),
            (5, 1, 5, 'assistant', 'A century.', 'm', 'answered', '', 301, 301, 800);
        INSERT INTO attachments (message_id, draft_id, sha256, mime_type, filename, width,
            height, byte_size, original_width, original_height, thumbnail_sha256, notes)
            VALUES (4, NULL, '{sha256_hex(image.data)}', 'image/png', 'map.png', 16, 8,
            {len(image.data)}, 32, 16, '{sha256_hex(image.thumbnail_png)}', '[]');
        INSERT INTO drafts (conversation_id, text, updated) VALUES (1, 'and the keeper?', 402);
        COMMIT;
        """
    )
    connection.close()
    return database


def test_a_history_of_the_current_release_opens_unchanged_as_one_path(data_dir: Path) -> None:
    database = make_released_database(data_dir)

    with HistoryStore.open(data_dir) as store:
        assert store.moved_aside is None
        page = store.load_conversation(1)
        assert [(m.id, m.position, m.parent_id) for m in page.messages] == [
            (1, 0, None),
            (2, 1, 1),
            (3, 2, 2),
            (4, 4, 3),
            (5, 5, 4),
        ]
        assert page.messages[2].state is TurnState.FAILED
        assert page.messages[3].image is not None
        assert page.messages[3].image.filename == "map.png"
        assert page.question_versions == {}
        assert store.path_to(4)[0].text == "Where is the lighthouse?"
        assert [hit.message_id for hit in store.search("century")] == [5]
        draft = store.load_draft(1)
        assert draft is not None
        assert draft.text == "and the keeper?"
        assert store.load_conversation(2).messages == ()

        # The migrated conversation grows and branches like a new one.
        store.mark_retrying(4, "m2")
        store.mark_answered(4, "About a hundred years.", "m2", 1.0)
        follow_up = store.add_user_message(1, "Who built it?", "m")
        assert follow_up.parent_id is not None
        assert texts(store, 1)[-2:] == ["About a hundred years.", "Who built it?"]
        assert [a.text for a in store.load_conversation(1).answers[4]] == [
            "A century.",
            "About a hundred years.",
        ]

    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    connection.close()
    assert integrity(database) == "ok"


def test_a_migrated_history_has_the_same_schema_as_a_new_one(data_dir: Path) -> None:
    make_released_database(data_dir / "old")
    HistoryStore.open(data_dir / "old").close()
    HistoryStore.open(data_dir / "new").close()

    def schema(database: Path) -> list[tuple[str, str]]:
        connection = sqlite3.connect(database)
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        connection.close()
        return [(name, " ".join((sql or "").split())) for name, sql in rows]

    old = schema(data_dir / "old" / "history.sqlite3")
    assert old == schema(data_dir / "new" / "history.sqlite3")
    assert "messages_by_parent" in [name for name, _sql in old]


# -- regenerations ------------------------------------------------------------------------------


def test_regenerating_twice_keeps_three_answers_and_the_chosen_one_across_a_reopen(
    store: HistoryStore, data_dir: Path
) -> None:
    conversation = store.create_conversation("m")
    question, _first = add_answered_turn(store, conversation.id, "Name a colour", "Red")
    for answer, model in (("Blue", "m2"), ("Green", "m3")):
        store.mark_retrying(question, model)
        # While the new answer is on its way the path ends at the question.
        assert texts(store, conversation.id) == ["Name a colour"]
        store.mark_answered(question, answer, model, 2.0)
    page = store.load_conversation(conversation.id)
    assert [m.text for m in page.messages] == ["Name a colour", "Green"]
    answers = page.answers[question]
    assert [(a.text, a.model, a.state) for a in answers] == [
        ("Red", "gemini-1.5-pro", TurnState.ANSWERED),
        ("Blue", "m2", TurnState.ANSWERED),
        ("Green", "m3", TurnState.ANSWERED),
    ]
    assert all(answer.parent_id == question for answer in answers)

    store.choose_branch(answers[0].id)
    store.close()
    with HistoryStore.open(data_dir) as reopened:
        assert texts(reopened, conversation.id) == ["Name a colour", "Red"]


def test_a_retry_of_a_stopped_answer_replaces_it_but_a_regenerate_keeps_it(
    store: HistoryStore,
) -> None:
    conversation = store.create_conversation("m")
    question = store.add_user_message(conversation.id, "Tell a story", "m")
    store.mark_cancelled(question.id, "", 1.0, partial_answer="Once", model="m")
    (stopped,) = store.load_conversation(conversation.id).answers[question.id]
    store.mark_retrying(question.id, "m", replaced_answer_id=stopped.id)
    store.mark_cancelled(question.id, "", 1.0, partial_answer="Once upon", model="m")
    (again,) = store.load_conversation(conversation.id).answers[question.id]
    assert again.text == "Once upon"
    store.mark_retrying(question.id, "m")  # Regenerate: the stopped answer stays a version
    store.mark_answered(question.id, "Once upon a time.", "m", 1.0)
    answers = store.load_conversation(conversation.id).answers[question.id]
    assert [a.text for a in answers] == ["Once upon", "Once upon a time."]


# -- edits ----------------------------------------------------------------------------------------


def test_editing_an_earlier_question_branches_and_switching_back_brings_the_later_turns(
    store: HistoryStore, data_dir: Path
) -> None:
    conversation = store.create_conversation("m")
    ids = [
        add_answered_turn(store, conversation.id, f"Question {n}", f"Answer {n}", fake_image(n))
        for n in (1, 2, 3)
    ]
    files = image_files(data_dir)
    edited = store.edit_question(ids[1][0], "Question 2, rephrased")
    assert edited is not None
    assert edited.parent_id == ids[0][1]
    assert edited.image is not None  # the rewrite keeps the question's image
    store.mark_retrying(edited.id, "m")
    store.mark_answered(edited.id, "Answer 2'", "m", 1.0)
    store.add_user_message(conversation.id, "Question 3'", "m")

    page = store.load_conversation(conversation.id)
    assert [m.text for m in page.messages] == [
        "Question 1",
        "Answer 1",
        "Question 2, rephrased",
        "Answer 2'",
        "Question 3'",
    ]
    assert page.question_versions == {edited.id: (ids[1][0], edited.id)}
    assert image_files(data_dir) == files  # nothing destroyed, no file copied

    branch = store.load_branch(ids[1][0])
    assert [m.text for m in branch.messages] == [
        "Question 2",
        "Answer 2",
        "Question 3",
        "Answer 3",
    ]
    assert branch.question_versions[ids[1][0]] == (ids[1][0], edited.id)
    store.close()
    with HistoryStore.open(data_dir) as reopened:
        assert texts(reopened, conversation.id)[2:] == [
            "Question 2",
            "Answer 2",
            "Question 3",
            "Answer 3",
        ]
        # Back to the rewrite: its own later question comes back with it.
        reopened.choose_branch(edited.id)
        assert texts(reopened, conversation.id)[-1] == "Question 3'"


def test_editing_the_first_question_makes_a_second_root(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    first, _answer = add_answered_turn(store, conversation.id, "Hello", "Hi")
    edited = store.edit_question(first, "Hello there")
    assert edited is not None
    assert edited.parent_id is None
    page = store.load_conversation(conversation.id)
    assert page.question_versions == {edited.id: (first, edited.id)}
    store.choose_branch(first)
    assert texts(store, conversation.id) == ["Hello", "Hi"]


# -- paths and pages ------------------------------------------------------------------------------


def test_pages_walk_back_along_the_shown_path_only(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    questions = [add_answered_turn(store, conversation.id, f"q{n}", f"a{n}")[0] for n in range(10)]
    # A side branch at the fifth question, with later turns of its own, then back.
    side = store.edit_question(questions[4], "q4 side")
    assert side is not None
    store.mark_answered(side.id, "a4 side", "m", 1.0)
    add_answered_turn(store, conversation.id, "q5 side", "a5 side")
    store.choose_branch(questions[4])

    whole = [m.text for m in store.load_conversation(conversation.id).messages]
    assert whole == [text for n in range(10) for text in (f"q{n}", f"a{n}")]
    page = store.load_conversation(conversation.id, limit=5)
    shown = [m.text for m in page.messages]
    assert shown == ["q7", "a7", "q8", "a8", "q9", "a9"]  # no leading answer: q7 added
    assert page.has_earlier
    collected = shown
    while page.has_earlier:
        page = store.load_conversation(conversation.id, limit=5, before=page.first_position)
        collected = [m.text for m in page.messages] + collected
    assert collected == whole
    assert [m.role for m in store.path_to(questions[2])] == [Role.USER, Role.ASSISTANT] * 2 + [
        Role.USER
    ]


def test_a_search_hit_on_another_branch_becomes_the_shown_path(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    first, _ = add_answered_turn(store, conversation.id, "Plan a trip", "To Lisbon")
    add_answered_turn(store, conversation.id, "By train?", "Through Madrid")
    edited = store.edit_question(first, "Plan a cheap trip")
    assert edited is not None
    store.mark_answered(edited.id, "To Porto", "m", 1.0)
    assert texts(store, conversation.id) == ["Plan a cheap trip", "To Porto"]

    (hit,) = store.search("Madrid")
    store.show_branch_of(hit.message_id)
    page = store.load_conversation(conversation.id, limit=2, from_message=hit.message_id)
    assert [m.text for m in page.messages] == ["By train?", "Through Madrid"]
    assert texts(store, conversation.id)[0] == "Plan a trip"


def test_removing_a_conversation_for_good_removes_every_branch(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    first, _ = add_answered_turn(store, conversation.id, "One", "Uno", fake_image(1))
    edited = store.edit_question(first, "One, again")
    assert edited is not None
    store.mark_answered(edited.id, "Eins", "m", 1.0)
    store.delete_conversation(conversation.id)
    assert store.search("Uno") == []
    assert store.purge_deleted() == 1
    assert image_files(store.data_dir) == []
    assert integrity(store.database_path) == "ok"


def test_each_answer_keeps_its_own_model_timings_tokens_and_state(store: HistoryStore) -> None:
    from dynaspark_desktop.storage.turn_writes import AnswerMeasures
    from dynaspark_desktop.storage.turns import turns_from_messages

    conversation = store.create_conversation("m")
    question = store.add_user_message(conversation.id, "Count to ten", "m")
    store.mark_answered(
        question.id, "1 2 3 4 5 6 7 8 9 10", "fast", 2.0, measures=AnswerMeasures(40, 500)
    )
    store.mark_retrying(question.id, "slow")
    store.mark_cancelled(
        question.id, "", 9.0, partial_answer="1 2", model="slow", measures=AnswerMeasures(4, 3000)
    )
    page = store.load_conversation(conversation.id)
    (turn,) = turns_from_messages(page.messages, page.answers, page.question_versions)
    assert (turn.answer, turn.answered_by, turn.state) == ("1 2", "slow", TurnState.CANCELLED)
    assert turn.elapsed_seconds == 9.0
    assert turn.first_text_seconds == 3.0
    assert turn.tokens_per_second() == 4 / 6
    (facts,) = turn.earlier_answer_facts
    assert facts is not None
    assert (facts.model, facts.state, facts.elapsed_seconds) == ("fast", TurnState.ANSWERED, 2.0)
    assert facts.tokens_per_second() == 40 / 1.5
    assert turn.earlier_answers == [("1 2 3 4 5 6 7 8 9 10", "fast")]


def test_retrying_a_stopped_answer_in_the_middle_keeps_the_later_turns_on_the_path(
    store: HistoryStore,
) -> None:
    conversation = store.create_conversation("m")
    question = store.add_user_message(conversation.id, "Tell a story", "m")
    partial = store.mark_cancelled(question.id, "", 1.0, partial_answer="Once", model="m")
    add_answered_turn(store, conversation.id, "Go on?", "Sure")
    store.mark_retrying(question.id, "m", replaced_answer_id=partial)
    # While the new answer comes, the later turn follows the question directly.
    assert texts(store, conversation.id) == ["Tell a story", "Go on?", "Sure"]
    store.mark_answered(question.id, "Once upon a time.", "m", 1.0)
    assert texts(store, conversation.id) == ["Tell a story", "Once upon a time.", "Go on?", "Sure"]
    assert partial not in [hit.message_id for hit in store.search("Once")]  # replaced
