"""The prompt library in the history database: saved prompts and assistants, their names
checked, kept across a restart, and carried by this app's archives (merged by name)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from dynaspark_desktop.storage import HistoryStore, export_all, import_file
from dynaspark_desktop.storage.prompt_transfer import LIBRARY_FORMAT, LIBRARY_MEMBER
from dynaspark_desktop.storage.prompts import (
    MAX_ENTRIES,
    MAX_TEXT_CHARS,
    LibraryEntry,
    LibraryKind,
    LibraryNameError,
)
from dynaspark_desktop.storage.schema import MIGRATIONS, migrate
from tests.storage.support import add_answered_turn

PROMPT, ASSISTANT = LibraryKind.PROMPT, LibraryKind.ASSISTANT


def _prompt(name: str, text: str = "Say it plainly.") -> LibraryEntry:
    return LibraryEntry(PROMPT, name, text)


def _names(store: HistoryStore, kind: LibraryKind = PROMPT) -> list[str]:
    return [entry.name for entry in store.prompt_library().of_kind(kind)]


def test_prompts_are_created_renamed_edited_and_deleted(store: HistoryStore) -> None:
    store.save_library_entry(_prompt("tldr", "Summarise in three lines."))
    store.save_library_entry(_prompt("fix", "Fix the grammar."))
    assert _names(store) == ["fix", "tldr"]

    store.save_library_entry(_prompt("short", "Summarise in one line."), replacing="tldr")
    assert store.prompt_library().prompts == (
        _prompt("fix", "Fix the grammar."),
        _prompt("short", "Summarise in one line."),
    )
    assert store.delete_library_entry(PROMPT, "FIX")  # case is not part of a name
    assert not store.delete_library_entry(PROMPT, "fix")
    assert _names(store) == ["short"]
    with pytest.raises(KeyError):
        store.save_library_entry(_prompt("x"), replacing="gone")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "A name is needed"),
        ("   ", "A name is needed"),
        ("two words", "no spaces"),
        ("TLDR", "already a prompt named"),
        ("x" * 41, "at most 40"),
        ("imagine", "composer's own command"),
        ("tab\there", "control characters"),
    ],
)
def test_a_prompt_name_must_be_one_unique_word(
    store: HistoryStore, name: str, problem: str
) -> None:
    store.save_library_entry(_prompt("tldr"))
    with pytest.raises(LibraryNameError, match=problem):
        store.save_library_entry(_prompt(name))
    assert _names(store) == ["tldr"]


def test_renaming_to_its_own_name_in_another_case_is_allowed(store: HistoryStore) -> None:
    store.save_library_entry(_prompt("tldr"))
    store.save_library_entry(_prompt("TLDR", "new"), replacing="tldr")
    assert store.prompt_library().prompts == (_prompt("TLDR", "new"),)


def test_assistants_take_spaces_a_model_and_share_no_names_with_prompts(
    store: HistoryStore,
) -> None:
    store.save_library_entry(_prompt("tutor"))
    tutor = LibraryEntry(ASSISTANT, "Maths tutor", "You are a patient tutor.", "local:qwen")
    store.save_library_entry(tutor)
    store.save_library_entry(LibraryEntry(ASSISTANT, "tutor", "Another."))
    assert store.prompt_library().assistants == (
        tutor,
        LibraryEntry(ASSISTANT, "tutor", "Another."),
    )
    with pytest.raises(LibraryNameError, match="already an assistant"):
        store.save_library_entry(LibraryEntry(ASSISTANT, "maths TUTOR", "x"))


def test_an_overlong_text_is_cut_and_the_library_survives_a_restart(
    data_dir: Path,
) -> None:
    with HistoryStore.open(data_dir) as store:
        store.save_library_entry(_prompt("long", "y" * (MAX_TEXT_CHARS + 500)))
    with HistoryStore.open(data_dir) as store:
        (kept,) = store.prompt_library().prompts
    assert kept.name == "long"
    assert len(kept.text) == MAX_TEXT_CHARS


def test_the_library_migration_comes_after_the_others(tmp_path: Path) -> None:
    """A history made before the library gains its table, conversations untouched."""
    library_version = next(
        index for index, step in enumerate(MIGRATIONS) if step.__name__ == "_add_prompt_library"
    )
    connection = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    for version, migration in enumerate(MIGRATIONS[:library_version]):
        migration(connection)
        connection.execute(f"PRAGMA user_version = {version + 1}")
    connection.execute("INSERT INTO conversations (title, created, updated) VALUES ('kept', 1, 1)")
    migrate(connection)
    assert connection.execute("SELECT title FROM conversations").fetchall() == [("kept",)]
    assert connection.execute("SELECT count(*) FROM library").fetchone() == (0,)
    connection.close()


# Export and import --------------------------------------------------------------------------


def _fill(store: HistoryStore) -> None:
    conversation = store.create_conversation("m", title="Soup").id
    add_answered_turn(store, conversation, "Leek soup?", "Yes.")
    store.save_library_entry(_prompt("tldr", "Summarise in three lines."))
    store.save_library_entry(_prompt("fix", "Fix the grammar."))
    store.save_library_entry(LibraryEntry(ASSISTANT, "Tutor", "Be patient.", "m"))


def test_export_then_import_into_a_fresh_folder_brings_the_library_back_once(
    store: HistoryStore, tmp_path: Path
) -> None:
    archive = tmp_path / "all.zip"
    _fill(store)
    export_all(store, archive)

    with HistoryStore.open(tmp_path / "fresh") as fresh:
        first = import_file(fresh, archive)
        assert fresh.prompt_library() == store.prompt_library()
        assert [summary.title for summary in fresh.list_conversations()] == ["Soup"]
        assert "added 2 prompts to your library" in first.user_message()
        assert "added 1 assistant" in first.user_message()

        second = import_file(fresh, archive)
        assert fresh.prompt_library() == store.prompt_library()
        assert second.library is not None
        assert (second.library.prompts, second.library.assistants) == (0, 0)
        assert second.library.kept == 3
        assert not second.has_problems


def test_an_imported_prompt_never_replaces_one_of_the_same_name(
    store: HistoryStore, tmp_path: Path
) -> None:
    archive = tmp_path / "all.zip"
    _fill(store)
    export_all(store, archive)
    with HistoryStore.open(tmp_path / "other") as other:
        other.save_library_entry(_prompt("TLDR", "My own version."))
        report = import_file(other, archive)
        assert other.prompt_library().prompts == (
            _prompt("fix", "Fix the grammar."),
            _prompt("TLDR", "My own version."),
        )
        assert "kept your own version of 1" in report.user_message()


def _archive_with_library(path: Path, lines: list[bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(LIBRARY_MEMBER, b"\n".join(lines))
    return path


def _header() -> bytes:
    return json.dumps({"format": LIBRARY_FORMAT, "version": 1}).encode()


def _line(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_a_hostile_library_is_capped_and_said_so(store: HistoryStore, tmp_path: Path) -> None:
    lines = [_header()]
    lines += [_line(kind="prompt", name=f"p{number}", text="t") for number in range(100_000)]
    report = import_file(store, _archive_with_library(tmp_path / "hostile.zip", lines))

    assert len(store.prompt_library().prompts) == MAX_ENTRIES
    assert report.has_problems
    message = report.user_message()
    assert "added 1,000 prompts" in message
    assert "left out 99,000 saved prompt(s) or assistant(s): the library holds at most 1,000" in (
        message
    )


def test_entries_of_the_wrong_shape_are_left_out_and_counted(
    store: HistoryStore, tmp_path: Path
) -> None:
    lines = [
        _header(),
        _line(kind="prompt", name="x" * 100_000, text="huge name"),
        _line(kind="prompt", name=7, text="wrong type"),
        _line(kind="assistant", name="A", text=["not", "text"]),
        _line(kind="weapon", name="w", text="unknown kind"),
        b"[" * 5_000 + b"]" * 5_000,
        b"{not json",
        _line(kind="prompt", name="good", text="kept"),
    ]
    report = import_file(store, _archive_with_library(tmp_path / "odd.zip", lines))
    assert store.prompt_library().prompts == (_prompt("good", "kept"),)
    assert report.library is not None
    assert report.library.damaged == 6
    assert "left out 6 saved prompt(s) or assistant(s) that were damaged" in (report.user_message())


def test_a_library_member_of_another_format_or_too_large_is_refused(
    store: HistoryStore, tmp_path: Path
) -> None:
    other = _archive_with_library(tmp_path / "other.zip", [b'{"format": "something else"}'])
    report = import_file(store, other)
    assert "left out its prompt library, which is not one" in report.user_message()

    huge = tmp_path / "huge.zip"
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(LIBRARY_MEMBER, _header() + b"\n" + b" " * (40 * 1024 * 1024))
    report = import_file(store, huge)
    assert "it would unpack to" in report.user_message()
    assert store.prompt_library().prompts == ()


def test_names_an_archive_repeats_in_another_case_are_not_called_the_users_own(
    store: HistoryStore, tmp_path: Path
) -> None:
    store.save_library_entry(_prompt("mine", "my own"))
    lines = [
        _header(),
        _line(kind="prompt", name="Déjà", text="first"),
        _line(kind="prompt", name="déjà", text="second"),
        _line(kind="prompt", name="DÉJÀ", text="third"),
        _line(kind="prompt", name="MINE", text="theirs"),
    ]
    report = import_file(store, _archive_with_library(tmp_path / "cases.zip", lines))
    library = store.prompt_library().prompts
    assert [(entry.name, entry.text) for entry in library] == [
        ("Déjà", "first"),
        ("mine", "my own"),
    ]
    assert report.library is not None
    assert (report.library.kept, report.library.repeated) == (1, 2)
    message = report.user_message()
    assert "kept your own version of 1 saved prompt(s)" in message
    assert "left out 2 saved prompt(s) or assistant(s) whose name the archive already used" in (
        message
    )


def test_a_ten_megabyte_prompt_in_an_archive_is_added_cut_and_said_so(
    store: HistoryStore, tmp_path: Path
) -> None:
    lines = [
        _header(),
        _line(kind="prompt", name="huge", text="z" * 10_000_000),
        _line(kind="prompt", name="small", text="fits"),
    ]
    report = import_file(store, _archive_with_library(tmp_path / "huge-line.zip", lines))
    texts = {entry.name: entry.text for entry in store.prompt_library().prompts}
    assert (len(texts["huge"]), texts["small"]) == (MAX_TEXT_CHARS, "fits")
    assert report.library is not None
    assert report.library.cut == 1
    assert "cut 1 saved prompt(s) or assistant(s) to the library's 20,000 characters" in (
        report.user_message()
    )
