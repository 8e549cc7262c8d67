"""Full-text search across every message: words found, highlighted, any input tolerated."""

from __future__ import annotations

import pytest

from dynaspark_desktop.storage import HIGHLIGHT_END, HIGHLIGHT_START, HistoryStore, Role
from dynaspark_desktop.storage.search import MAX_SEARCH_TERMS, fts_query
from tests.storage.support import add_answered_turn

HOSTILE_QUERIES = [
    '"',
    '""',
    "'",
    "AND OR",
    "NOT",
    "*",
    "col:",
    "text:lighthouse",
    "(",
    ")",
    "((lighthouse",
    "NEAR(",
    "NEAR(a b, 3)",
    "^",
    "-",
    "+",
    "lighthouse AND",
    "OR lighthouse",
    'light"house',
    "{text}: x",
    "a:b:c",
    ";DROP TABLE messages;--",
    "\\",
    "\x00",
    "",
    "   ",
    "🙂",
    "x" * 5000,
    "word " * 200,
]


@pytest.fixture
def searchable(store: HistoryStore) -> HistoryStore:
    trip = store.create_conversation("m", title="Trip")
    add_answered_turn(
        store, trip.id, "Where is the lighthouse?", "The lighthouse stands on the northern cliffs."
    )
    soup = store.create_conversation("m", title="Soup")
    add_answered_turn(store, soup.id, "A recipe for leek soup, please", "Leeks, potatoes, butter.")
    add_answered_turn(store, soup.id, "Is crème fraîche okay?", "Yes, crème fraîche works well.")
    return store


def test_search_finds_words_in_questions_and_answers(searchable: HistoryStore) -> None:
    hits = searchable.search("lighthouse")
    assert {(hit.conversation_title, hit.role) for hit in hits} == {
        ("Trip", Role.USER),
        ("Trip", Role.ASSISTANT),
    }
    for hit in hits:
        message = searchable.get_message(hit.message_id)
        assert message is not None
        assert message.conversation_id == hit.conversation_id


def test_matched_words_are_marked_for_highlighting(searchable: HistoryStore) -> None:
    [hit] = searchable.search("northern cliffs")
    assert f"{HIGHLIGHT_START}northern{HIGHLIGHT_END}" in hit.snippet
    assert f"{HIGHLIGHT_START}cliffs{HIGHLIGHT_END}" in hit.snippet
    assert hit.snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "") == (
        "The lighthouse stands on the northern cliffs."
    )


def test_every_word_must_match(searchable: HistoryStore) -> None:
    assert len(searchable.search("leek soup")) == 1
    assert searchable.search("leek lighthouse") == []


def test_the_last_word_matches_as_a_prefix_while_typing(searchable: HistoryStore) -> None:
    assert len(searchable.search("lightho")) == 2
    assert searchable.search("lightho ") == []  # a space ends the word


def test_case_and_accents_do_not_matter(searchable: HistoryStore) -> None:
    assert len(searchable.search("CREME FRAICHE")) == 2
    assert len(searchable.search("Crème")) == 2


def test_punctuation_inside_a_word_still_finds_it(searchable: HistoryStore) -> None:
    assert len(searchable.search("lighthouse?")) == 2
    assert len(searchable.search("(leek)")) == 1


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(searchable: HistoryStore, query: str) -> None:
    hits = searchable.search(query)
    assert isinstance(hits, list)


def test_operator_words_are_searched_as_plain_words(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    add_answered_turn(store, conversation.id, "cats AND dogs", "NOT both")
    add_answered_turn(store, conversation.id, "cats dogs", "neither")
    assert len(store.search("AND")) == 1
    assert len(store.search("cats AND dogs")) == 1
    assert len(store.search("NOT")) == 1


def test_search_lists_the_newest_first_and_stops_at_the_limit(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    for number in range(20):
        add_answered_turn(store, conversation.id, f"common word {number}", "reply")
    hits = store.search("common", limit=5)
    assert [hit.snippet.split()[-1] for hit in hits] == ["19", "18", "17", "16", "15"]
    assert store.search("common", limit=0) == []


def test_query_building() -> None:
    assert fts_query("hello world") == '"hello" "world"*'
    assert fts_query("hello world ") == '"hello" "world"'
    assert fts_query("don't") == '"don t"*'
    assert fts_query('say "hi"') == '"say" "hi"'
    assert fts_query("col:value") == '"col value"*'
    assert fts_query("end *") == '"end"'
    assert fts_query("finished.") == '"finished"'
    assert fts_query('" * ( )') is None
    assert fts_query("") is None
    long_query = fts_query("w " * 100)
    assert long_query is not None
    assert long_query.count('"w"') == MAX_SEARCH_TERMS
