"""A cancelled import adds nothing: not a conversation, not an image file; a damaged member
is still skipped alone inside the import's one transaction."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest

from dynaspark_desktop.storage import (
    HistoryStore,
    ImportCancelledError,
    export_all,
    export_conversation_json,
    import_file,
)
from tests.storage.support import add_answered_turn, image_files, real_image


class CancelledAtCheck(threading.Event):
    """A cancel flag the user sets while the import runs: the ``at``-th time the import
    looks at it (a deterministic moment in the middle, not a race with a timer)."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at
        self.checks = 0

    def is_set(self) -> bool:
        self.checks += 1
        if self.checks >= self.at:
            self.set()
        return super().is_set()


def _history_with_pictures(data_dir: Path, conversations: int) -> HistoryStore:
    source = HistoryStore.open(data_dir)
    for number in range(conversations):
        conversation = source.create_conversation("m")
        picture = real_image((number * 40 % 256, 90, 200), name=f"p{number}.png")
        add_answered_turn(source, conversation.id, f"question {number}", "answer", picture)
    return source


def test_an_archive_cancelled_after_some_members_were_stored_adds_nothing(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "all.zip"
    with _history_with_pictures(tmp_path / "source", 4) as source:
        assert export_all(source, archive) == 4
    with HistoryStore.open(tmp_path / "target") as target:
        # Run once in full to count the checks, then cancel after the third member is stored.
        with HistoryStore.open(tmp_path / "counting") as counting:
            counter = CancelledAtCheck(at=10**9)
            assert len(import_file(counting, archive, counter).imported) == 4
        cancel = CancelledAtCheck(at=counter.checks * 3 // 4)
        with pytest.raises(ImportCancelledError):
            import_file(target, archive, cancel)
        assert cancel.checks < counter.checks  # it stopped before the end...
        assert target.list_conversations() == []  # ...and kept none of what it had stored
        assert image_files(tmp_path / "target") == []
        # The history still works and a later import is whole.
        assert len(import_file(target, archive).imported) == 4
        assert len(target.list_conversations()) == 4


def test_a_large_file_cancelled_while_it_is_read_adds_nothing(tmp_path: Path) -> None:
    with _history_with_pictures(tmp_path / "source", 1) as source:
        (only,) = source.list_conversations()
        path = export_conversation_json(source, only.id, tmp_path / "one.json")
    # Padded past one read chunk (4 MB) with spaces, which JSON allows between values.
    path.write_bytes(path.read_bytes() + b" " * (9 * 1024 * 1024))
    cancel = CancelledAtCheck(at=2)  # after the first chunk
    with HistoryStore.open(tmp_path / "target") as target:
        with pytest.raises(ImportCancelledError):
            import_file(target, path, cancel)
        assert cancel.checks == 2
        assert target.list_conversations() == []
        assert len(import_file(target, path).imported) == 1


def test_a_cancel_set_before_the_start_reads_nothing(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with HistoryStore.open(tmp_path / "target") as target:
        missing = tmp_path / "not-read.zip"
        with zipfile.ZipFile(missing, "w") as archive:
            archive.writestr("conversations/1.json", b"{}")
        with pytest.raises(ImportCancelledError):
            import_file(target, missing, cancel)
        assert target.list_conversations() == []


def test_inside_the_import_a_damaged_member_is_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    with _history_with_pictures(tmp_path / "source", 2) as source:
        export_all(source, archive)
    with zipfile.ZipFile(archive, "a") as opened:
        opened.writestr("conversations/00003-broken.json", b"{ not json")
    with HistoryStore.open(tmp_path / "target") as target:
        report = import_file(target, archive)
        assert len(report.imported) == 2
        assert [item.source for item in report.skipped] == ["“conversations/00003-broken.json”"]
        assert len(target.list_conversations()) == 2
