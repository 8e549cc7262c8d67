"""ChatGPT's own data export: read as a tree (branches and the chosen path), stored as a
tree with that path shown, capped, and partial or malformed exports import what they can."""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import HistoryStore, ImportCancelledError, import_file
from dynaspark_desktop.storage.chatgpt_export import (
    ImportedTree,
    UnusableConversation,
    is_chatgpt_export,
    read_conversation,
)
from dynaspark_desktop.storage.models import ImportFormatError, Role
from tests.storage.chatgpt_fixtures import branched_conversation, conversation, message

T = 1_700_000_000.0


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _texts(store: HistoryStore, conversation_id: int) -> list[tuple[Role, str]]:
    return [(m.role, m.text) for m in store.snapshot(conversation_id).messages]


def test_the_tree_keeps_every_branch_and_the_chosen_path() -> None:
    tree = read_conversation(branched_conversation())

    assert isinstance(tree, ImportedTree)
    assert {node.id for node in tree.nodes} == {
        "root", "sys", "q1", "a1", "q2", "a2", "q2b", "a2b", "a2c"
    }  # fmt: skip
    positions = {node.id: index for index, node in enumerate(tree.nodes)}
    for node in tree.nodes:  # parents first
        if node.parent is not None:
            assert positions[node.parent] < positions[node.id]
    assert tree.node("a2b").parent == "q2b"
    assert tree.node("a2c").parent == "q2b"
    assert tree.node("q2").parent == "a1"
    assert tree.chosen_path == ("root", "sys", "q1", "a1", "q2b", "a2c")
    assert [node.text for node in tree.shown_path()] == [
        "Where is the lighthouse?", "On the cliffs.", "How old is it?", "Built in 1852."
    ]  # fmt: skip
    assert tree.problems == ()


def test_a_conversations_json_imports_every_branch_and_its_chosen_path(
    store: HistoryStore, tmp_path: Path
) -> None:
    path = _write(tmp_path / "conversations.json", [branched_conversation()])

    report = import_file(store, path)

    [conversation_id] = report.imported
    snapshot = store.snapshot(conversation_id)
    assert [(m.role, m.text) for m in snapshot.shown_path()] == [
        (Role.USER, "Where is the lighthouse?"),
        (Role.ASSISTANT, "On the cliffs."),
        (Role.USER, "How old is it?"),
        (Role.ASSISTANT, "Built in 1852."),
    ]
    by_text = {m.text: m for m in snapshot.messages}
    assert len(snapshot.messages) == 7  # the root and the system message left out
    parent_text = {
        m.text: snapshot.messages[m.parent].text for m in snapshot.messages if m.parent is not None
    }
    # The edit is a sibling of the first version of the question, each with its answers;
    # the regenerated answer a sibling of the first one.
    assert parent_text["How tall is it?"] == parent_text["How old is it?"] == "On the cliffs."
    assert parent_text["About 30 m."] == "How tall is it?"
    assert parent_text["From 1850."] == parent_text["Built in 1852."] == "How old is it?"
    assert by_text["Where is the lighthouse?"].parent is None
    assert snapshot.title == "Lighthouse trip"
    assert snapshot.created == T
    assert by_text["On the cliffs."].model == "gpt-4o"
    assert by_text["Built in 1852."].created == T + 7
    assert report.user_message() == "Imported 1 conversation."

    # The history shows the chosen path, and the other versions are a switch away.
    page = store.load_conversation(conversation_id)
    assert [m.text for m in page.messages] == [m.text for m in snapshot.shown_path()]


def test_the_same_export_imported_twice_is_there_once(store: HistoryStore, tmp_path: Path) -> None:
    path = _write(tmp_path / "conversations.json", [branched_conversation()])
    import_file(store, path)

    again = import_file(store, path)

    assert again.imported == ()
    assert again.unchanged == ("Lighthouse trip",)
    assert len(store.list_conversations()) == 1


def test_the_export_zip_is_recognised_by_its_conversations_json(
    store: HistoryStore, tmp_path: Path
) -> None:
    archive = tmp_path / "chatgpt-export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("chat.html", "<html></html>")
        zipped.writestr("user.json", "{}")
        zipped.writestr("conversations.json", json.dumps([branched_conversation()]))

    report = import_file(store, archive)

    assert len(report.imported) == 1
    assert report.skipped == ()


def test_a_malformed_export_imports_what_it_can_and_says_what_it_skipped(
    store: HistoryStore, tmp_path: Path
) -> None:
    picture_question = message("q2", "user", "Unanswered", T + 2, content_type="multimodal_text")
    picture_question["content"]["parts"].insert(
        0, {"content_type": "image_asset_pointer", "asset_pointer": "file-service://file-1"}
    )
    broken_branch = conversation(
        "Half broken",
        [
            ("root", None, None),
            ("q1", "root", message("q1", "user", "First question", T)),
            ("a1", "q1", message("a1", "assistant", "First answer", T + 1)),
            ("q2", "a1", picture_question),
            # A cycle, cut off from the root: left out, and said so.
            ("x", "y", message("x", "user", "loop", T)),
            ("y", "x", message("y", "assistant", "loop", T)),
            ("odd", "q2", message("odd", "assistant", None, T, content_type="unknown")),
        ],
        "missing-node",
        conversation_id="second",
    )
    document = [
        branched_conversation(),
        {"title": "No mapping here"},
        "not even an object",
        broken_branch,
    ]
    path = _write(tmp_path / "conversations.json", document)

    report = import_file(store, path)

    assert len(report.imported) == 2
    assert [item.source for item in report.skipped] == ["“No mapping here”", "“Conversation 3”"]
    [partial] = report.partial
    assert partial.source == "“Half broken”"
    assert "2 messages not linked to the conversation" in partial.problem
    assert "latest branch" in partial.problem
    assert "1 message in a form this app cannot show" in partial.problem
    assert "1 picture or file" in partial.problem
    half = report.imported[1]
    assert _texts(store, half)[-1] == (Role.USER, "Unanswered")
    last = store.snapshot(half).messages[-1]
    assert last.state is TurnState.FAILED
    message_text = report.user_message()
    assert "skipped 2 that were damaged" in message_text
    assert "left out parts of “Half broken”" in message_text


def test_a_conversation_without_a_readable_message_is_skipped() -> None:
    empty = conversation("Empty", [], "none")
    assert isinstance(read_conversation(empty), UnusableConversation)


def test_consecutive_messages_of_one_side_are_joined_and_hidden_ones_left_out(
    store: HistoryStore, tmp_path: Path
) -> None:
    tool = message("t", "tool", "search results", T + 2)
    thoughts = message("th", "assistant", None, T + 2, content_type="thoughts")
    document = [
        conversation(
            "Tools",
            [
                ("root", None, None),
                ("s", "root", message("s", "system", "Answer in French.", T)),
                ("q", "s", message("q", "user", "Weather?", T + 1)),
                ("th", "q", thoughts),
                ("a", "th", message("a", "assistant", "Let me look.", T + 2)),
                ("t", "a", tool),
                ("a2", "t", message("a2", "assistant", "Il pleut.", T + 3)),
                ("c", "a2", message("c", "assistant", "print(1)", T + 4, content_type="code")),
            ],
            "c",
        )
    ]
    report = import_file(store, _write(tmp_path / "c.json", document))

    [conversation_id] = report.imported
    assert _texts(store, conversation_id) == [
        (Role.USER, "Weather?"),
        (Role.ASSISTANT, "Let me look.\n\nIl pleut.\n\n```\nprint(1)\n```"),
    ]
    assert store.snapshot(conversation_id).system_prompt == "Answer in French."


def test_an_answer_without_a_question_gets_an_empty_one(
    store: HistoryStore, tmp_path: Path
) -> None:
    document = [
        conversation(
            "Greeting",
            [("root", None, None), ("a", "root", message("a", "assistant", "Hello!", T))],
            "a",
        )
    ]
    [conversation_id] = import_file(store, _write(tmp_path / "g.json", document)).imported
    assert _texts(store, conversation_id) == [(Role.USER, ""), (Role.ASSISTANT, "Hello!")]


def test_caps_hold_against_a_hostile_export(tmp_path: Path) -> None:
    from dynaspark_desktop.storage import chatgpt_export

    huge = conversation(
        "Huge",
        [("root", None, None)]
        + [(f"n{i}", "root", message(f"n{i}", "user", "x", T)) for i in range(50)],
        "n1",
    )
    long_text = conversation(
        "Long", [("q", None, message("q", "user", "y" * 5000, T))], "q", conversation_id="l"
    )
    original = (chatgpt_export.MAX_NODES, chatgpt_export.MAX_TEXT_CHARS)
    chatgpt_export.MAX_NODES, chatgpt_export.MAX_TEXT_CHARS = 20, 1000
    try:
        refused = read_conversation(huge)
        cut = read_conversation(long_text)
    finally:
        chatgpt_export.MAX_NODES, chatgpt_export.MAX_TEXT_CHARS = original
    assert isinstance(refused, UnusableConversation)
    assert "more than 20 messages" in refused.problem
    assert isinstance(cut, ImportedTree)
    assert len(cut.shown_path()[0].text) == 1000


def test_a_deep_chain_is_followed_without_recursion() -> None:
    chain = [("n0", None, message("n0", "user", "q", T))]
    chain += [
        (f"n{i}", f"n{i - 1}", message(f"n{i}", "assistant" if i % 2 else "user", "t", T))
        for i in range(1, 5000)
    ]
    tree = read_conversation(conversation("Deep", chain, "n4999"))
    assert isinstance(tree, ImportedTree)
    assert len(tree.chosen_path) == 5000


def test_only_a_list_of_objects_with_a_mapping_is_a_chatgpt_export() -> None:
    assert is_chatgpt_export([branched_conversation()])
    assert not is_chatgpt_export([])
    assert not is_chatgpt_export({"mapping": {}})
    assert not is_chatgpt_export([{"title": "x"}])


def test_a_json_that_is_neither_format_is_refused(store: HistoryStore, tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="not a conversation exported"):
        import_file(store, _write(tmp_path / "x.json", [{"title": "x"}]))


def test_a_cancel_stops_it_and_keeps_nothing(store: HistoryStore, tmp_path: Path) -> None:
    path = _write(tmp_path / "conversations.json", [branched_conversation()])
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelledError):
        import_file(store, path, cancel)
    assert store.list_conversations() == []


def test_an_odd_conversation_id_still_gives_an_id_the_app_can_export_and_import(
    store: HistoryStore, tmp_path: Path
) -> None:
    from dynaspark_desktop.storage import export_conversation_json, import_conversation_json

    odd = branched_conversation()
    odd["conversation_id"] = odd["id"] = "a/b c\u00e9'; --"
    [conversation_id] = import_file(store, _write(tmp_path / "c.json", [odd])).imported
    uid = store.conversation_uid(conversation_id)
    assert uid.startswith("chatgpt-")
    exported = export_conversation_json(store, conversation_id, tmp_path / "out.json")
    assert import_conversation_json(store, exported) == conversation_id  # found, not copied
