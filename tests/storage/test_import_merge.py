"""Importing what the history already holds: nothing duplicated, changes kept as a copy."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.storage import HistoryStore, export_all, import_file
from tests.storage.support import add_answered_turn, real_image


def _two_conversations(store: HistoryStore) -> tuple[int, int]:
    first = store.create_conversation("m", title="Lighthouses").id
    add_answered_turn(store, first, "Where is it?", "North.", real_image((9, 9, 200)))
    second = store.create_conversation("m", title="Soup").id
    add_answered_turn(store, second, "Leek soup?", "Yes.")
    return first, second


def _titles(store: HistoryStore) -> list[str]:
    return sorted(summary.title for summary in store.list_conversations())


def test_importing_the_same_archive_twice_adds_nothing_the_second_time(
    store: HistoryStore, tmp_path: Path
) -> None:
    archive = tmp_path / "all.zip"
    _two_conversations(store)
    export_all(store, archive)

    report = import_file(store, archive)

    assert _titles(store) == ["Lighthouses", "Soup"]
    assert report.imported == ()
    assert sorted(report.unchanged) == ["Lighthouses", "Soup"]
    assert "skipped 2 already in your history unchanged" in report.user_message()
    assert import_file(store, archive).unchanged  # and a third time
    assert len(store.list_conversations()) == 2


def test_an_archive_imported_into_another_history_twice_is_there_once(
    store: HistoryStore, tmp_path: Path, data_dir: Path
) -> None:
    archive = tmp_path / "all.zip"
    _two_conversations(store)
    export_all(store, archive)
    with HistoryStore.open(tmp_path / "other") as other:
        first = import_file(other, archive)
        second = import_file(other, archive)
        assert len(first.imported) == 2
        assert second.imported == ()
        assert _titles(other) == ["Lighthouses", "Soup"]
        # The copy keeps the stable id, so its own exports match back too.
        assert {other.conversation_uid(cid) for cid in first.imported} == {
            store.conversation_uid(summary.id) for summary in store.list_conversations()
        }


def test_a_conversation_changed_since_comes_in_as_a_marked_copy(
    store: HistoryStore, tmp_path: Path
) -> None:
    archive = tmp_path / "all.zip"
    first, _second = _two_conversations(store)
    export_all(store, archive)
    add_answered_turn(store, first, "And the second one?", "South.")  # changed since
    store.set_pinned(_second, True)  # pinning is not a change of content
    store.set_conversation_parameters(_second, ChatParameters(temperature=0.2))

    report = import_file(store, archive, copy_title="{title} [copie importée]")

    assert _titles(store) == ["Lighthouses", "Lighthouses [copie importée]", "Soup"]
    assert report.unchanged == ("Soup",)
    assert report.copies == report.imported
    copy = store.snapshot(report.imported[0])
    assert [message.text for message in copy.messages] == ["Where is it?", "North."]
    assert copy.uid != store.conversation_uid(first)
    assert "kept as a copy" in report.user_message()


def test_a_match_in_the_trash_is_no_match(store: HistoryStore, tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    first, _second = _two_conversations(store)
    export_all(store, archive)
    store.delete_conversation(first)

    report = import_file(store, archive)

    assert _titles(store) == ["Lighthouses", "Soup"]  # back, unmarked
    assert len(report.imported) == 1


def test_an_export_without_ids_still_imports(store: HistoryStore, tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    _two_conversations(store)
    export_all(store, archive)
    older = tmp_path / "older.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(older, "w") as target:
        for name in source.namelist():
            document = json.loads(source.read(name))
            del document["conversation"]["uid"]
            target.writestr(name, json.dumps(document))

    report = import_file(store, older)

    assert len(report.imported) == 2  # nothing to match them by: new ones
    assert len(store.list_conversations()) == 4


def test_a_uid_that_is_not_an_id_is_refused_by_name(store: HistoryStore, tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    _two_conversations(store)
    export_all(store, archive)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(bad, "w") as target:
        for name in source.namelist():
            document = json.loads(source.read(name))
            document["conversation"]["uid"] = "x' OR 1=1 --"
            target.writestr(name, json.dumps(document))

    report = import_file(store, bad)

    assert report.imported == ()
    assert len(report.skipped) == 2
    assert "“uid”" in report.skipped[0].problem


def test_the_copy_is_found_again_when_the_same_archive_comes_once_more(
    store: HistoryStore, tmp_path: Path
) -> None:
    archive = tmp_path / "all.zip"
    first, _second = _two_conversations(store)
    export_all(store, archive)
    add_answered_turn(store, first, "And the second one?", "South.")
    import_file(store, archive)

    again = import_file(store, archive)

    assert again.imported == ()
    assert sorted(again.unchanged) == ["Lighthouses", "Soup"]
    assert _titles(store) == ["Lighthouses", "Lighthouses (imported)", "Soup"]
    # A copy changed in turn is copied once more (its uid taken: a fresh one).
    [copy_id] = [s.id for s in store.list_conversations() if s.title.endswith("(imported)")]
    add_answered_turn(store, copy_id, "Edited copy", "Yes.")
    third = import_file(store, archive)
    assert len(third.copies) == 1
    assert len(store.list_conversations()) == 4


def test_one_conversation_file_changed_since_comes_in_as_a_marked_copy(
    store: HistoryStore, tmp_path: Path
) -> None:
    from dynaspark_desktop.storage import export_conversation_json, import_conversation_json

    first, _second = _two_conversations(store)
    exported = export_conversation_json(store, first, tmp_path / "one.json")
    assert import_conversation_json(store, exported) == first  # unchanged: the same one
    store.rename_conversation(first, "Lighthouses of Brittany")

    copy = import_conversation_json(store, exported, copy_title="{title} (copy)")

    assert copy != first
    assert store.snapshot(copy).title == "Lighthouses (copy)"
    assert len(store.list_conversations()) == 3


def test_a_conversations_parameters_travel_with_its_export(
    store: HistoryStore, tmp_path: Path
) -> None:
    archive = tmp_path / "all.zip"
    first, _second = _two_conversations(store)
    store.set_conversation_parameters(first, ChatParameters(temperature=0.3, seed=5))
    export_all(store, archive)
    with zipfile.ZipFile(archive) as zipped:
        documents = [json.loads(zipped.read(name)) for name in zipped.namelist()]
    by_title = {doc["conversation"]["title"]: doc["conversation"] for doc in documents}
    assert by_title["Lighthouses"]["parameters"] == {"temperature": 0.3, "seed": 5}
    assert by_title["Soup"]["parameters"] is None

    with HistoryStore.open(tmp_path / "other") as other:
        report = import_file(other, archive)
        kept = {
            other.snapshot(cid).title: other.conversation_parameters(cid) for cid in report.imported
        }
    assert kept == {"Lighthouses": ChatParameters(temperature=0.3, seed=5), "Soup": None}


def test_parameters_out_of_every_range_are_refused_by_name(
    store: HistoryStore, tmp_path: Path
) -> None:
    archive = tmp_path / "all.zip"
    _two_conversations(store)
    export_all(store, archive)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(bad, "w") as target:
        for name in source.namelist():
            document = json.loads(source.read(name))
            document["conversation"]["uid"] = None  # not matched: read as new ones
            document["conversation"]["parameters"] = {"temperature": 1e9}
            target.writestr(name, json.dumps(document))

    report = import_file(store, bad)

    assert report.imported == ()
    assert "“parameters”" in report.skipped[0].problem
