"""Documents in each conversation's draft: kept with it across a switch and a restart, never
carried to another conversation, and sent (then cleared) from the conversation they belong
to. A document still being read at a switch is named and dropped, as an image still being
prepared is."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core import document_reading
from dynaspark_desktop.storage import HistoryStore
from dynaspark_desktop.storage.document_rows import TEXT_EXTENSION, document_files
from dynaspark_desktop.ui.controllers import document_controller
from tests.ui.conftest import Harness, ask_and_wait, wait_until
from tests.ui.test_sidebar import _click_conversation, _seed, _sidebar_ids


def _tray(app) -> list[str]:
    return [chip.name_label.text() for chip in app.window.composer_area.document_chips.chips]


def _notes(tmp_path: Path) -> Path:
    notes = tmp_path / "notes.md"
    notes.write_text("# Pantry\n- saffron, two pinches\n")
    return notes


def test_a_drafts_documents_stay_with_it_across_switches_and_a_restart_until_sent(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    cooking, travel = _seed(harness.data_dir, [("Cooking", "", 1), ("Travel", "", 1)])
    with HistoryStore.open(harness.data_dir) as store:
        store.save_draft(travel, "half-written about Lisbon")
    app = harness.start_app()
    window = app.window

    async def switch_to(target, conversation_id: int) -> None:
        await wait_until(lambda: len(_sidebar_ids(target)) == 2)
        _click_conversation(qtbot, target, conversation_id)
        await wait_until(lambda: target.chat.conversation.id == conversation_id)

    async def attach_switch_and_back() -> None:
        await switch_to(app, cooking)
        window.attach_path(str(_notes(tmp_path)))
        await wait_until(lambda: bool(window.attach_actions.documents.documents))
        await switch_to(app, travel)
        await wait_until(lambda: window.composer.toPlainText() == "half-written about Lisbon")
        assert _tray(app) == []
        assert window.attach_actions.documents.documents == ()
        assert not window.composer_area.document_chips.isVisible()
        await switch_to(app, cooking)
        await wait_until(lambda: _tray(app) == ["notes.md"])
        assert window.composer.toPlainText() == ""
        assert window.composer_area.document_chips.isVisible()

    harness.run(attach_switch_and_back())
    harness.run(app.shutdown())
    with HistoryStore.open(harness.data_dir) as store:
        kept, other = store.load_draft(cooking), store.load_draft(travel)
    assert kept is not None
    assert [(d.filename, d.text) for d in kept.documents] == [
        ("notes.md", "# Pantry\n- saffron, two pinches\n")
    ]
    assert other is not None
    assert (other.text, other.documents) == ("half-written about Lisbon", ())

    again = harness.start_app()  # reopens Cooking, the conversation open at the quit

    async def send_after_restart() -> None:
        await wait_until(lambda: again.chat.conversation.id == cooking)
        await wait_until(lambda: _tray(again) == ["notes.md"])
        await ask_and_wait(qtbot, again, "What spice is left?")

    harness.run(send_after_restart())
    sent = harness.server.requests[-1].fields["user_input"]
    assert "File: notes.md\n\n# Pantry\n- saffron, two pinches\n\nEnd of file: notes.md" in sent
    assert "End of file: notes.md\n\nWhat spice is left?" in sent
    assert _tray(again) == []
    harness.run(again.shutdown())
    with HistoryStore.open(harness.data_dir) as store:
        assert store.load_draft(cooking) is None
        page = store.load_conversation(cooking, limit=10)
    (question,) = [m for m in page.messages if m.documents]
    assert [d.filename for d in question.documents] == ["notes.md"]
    # The text the question uses stays, though the draft that held it first is cleared.
    assert (
        document_files(harness.data_dir)
        .path_for(question.documents[0].sha256, TEXT_EXTENSION)
        .is_file()
    )


def test_a_cleared_drafts_document_text_goes_unless_a_question_uses_it(
    harness: Harness,
) -> None:
    from dynaspark_desktop.core.documents import TEXT, AttachedDocument

    (cooking,) = _seed(harness.data_dir, [("Cooking", "", 1)])
    only_draft = AttachedDocument(filename="a.txt", kind=TEXT, size=5, text="alone")
    with HistoryStore.open(harness.data_dir) as store:
        store.save_draft(cooking, "", documents=(only_draft,))
        (kept,) = store.load_draft(cooking).documents
        path = document_files(harness.data_dir).path_for(kept.sha256, TEXT_EXTENSION)
        assert path.read_text() == "alone"
        store.clear_draft(cooking)
        assert not path.exists()
        message = store.add_user_message(cooking, "with it", "")
        store.add_documents(message.id, (only_draft,))
        store.save_draft(cooking, "", documents=(only_draft,))
        store.clear_draft(cooking)
        assert path.read_text() == "alone"  # the question still uses it


class SlowRead:
    """Holds a document's reading until ``release`` is set (or the reading is abandoned)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        real = document_reading.read_document

        def held(path: Path, guard: document_reading.ReadGuard | None = None):
            if path.name.startswith("slow"):
                self.started.set()
                while not self.release.wait(0.01):
                    if guard is not None:
                        guard.check(path.name)  # raises once the reading is abandoned
            return real(path, guard)

        monkeypatch.setattr(document_controller, "read_document", held)


def test_a_document_still_read_at_a_switch_is_named_and_not_carried_along(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cooking, travel = _seed(harness.data_dir, [("Cooking", "", 1), ("Travel", "", 1)])
    app = harness.start_app()
    window = app.window
    slow = SlowRead(monkeypatch)
    late = tmp_path / "slow menu.txt"
    late.write_text("not read in time")

    async def scenario() -> None:
        await wait_until(lambda: len(_sidebar_ids(app)) == 2)
        _click_conversation(qtbot, app, cooking)
        await wait_until(lambda: app.chat.conversation.id == cooking)
        window.attach_path(str(_notes(tmp_path)))
        await wait_until(lambda: bool(window.attach_actions.documents.documents))
        window.attach_path(str(late))
        await wait_until(slow.started.is_set)
        _click_conversation(qtbot, app, travel)
        await wait_until(lambda: app.chat.conversation.id == travel)
        assert _tray(app) == []
        _click_conversation(qtbot, app, cooking)
        await wait_until(lambda: app.chat.conversation.id == cooking)
        await wait_until(lambda: _tray(app) == ["notes.md"])

    harness.run(scenario())
    slow.release.set()
    assert "“slow menu.txt” was still being prepared" in window.notice_bar.text
    harness.run(app.shutdown())
    with HistoryStore.open(harness.data_dir) as store:
        left, switched_to = store.load_draft(cooking), store.load_draft(travel)
    assert left is not None
    assert [d.filename for d in left.documents] == ["notes.md"]
    assert switched_to is None
