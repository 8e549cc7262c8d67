"""Documents in the window: dropped, shown as chips, sent as delimited context to every
provider, refused or cut with a clear message (nothing typed is lost), and too long for a
model with a choice."""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from benchmarks.support.pdf_pages import pdf_bytes, write_pdf
from tests.fakes.openai_server import FakeOpenAI
from tests.ui.conftest import Harness, ask_and_wait, models_listed, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import write_photo


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def _chips(app) -> list[tuple[str, str]]:
    chips = app.window.composer_area.document_chips.chips
    return [(chip.name_label.text(), chip.detail_label.text()) for chip in chips]


def test_a_dropped_pdf_and_text_file_reach_the_web_endpoint_as_delimited_context(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window
    pdf = write_pdf(tmp_path / "report.pdf", ["Revenue rose by nine percent", "Costs fell"])
    notes = tmp_path / "notes.md"
    notes.write_text("# Meeting\n- ship on Friday\n")

    async def scenario() -> None:
        assert drop(window, files_mime(pdf, notes))
        await wait_until(lambda: len(app.window.attach_actions.documents.documents) == 2)
        assert window.composer_area.document_chips.isVisible()
        assert _chips(app) == [
            ("report.pdf", f"2 pages · {pdf.stat().st_size} B"),
            ("notes.md", f"{notes.stat().st_size} B"),
        ]
        assert window.send_button.isEnabled()
        await ask_and_wait(qtbot, app, "Summarize both")

    harness.run(scenario())
    sent = harness.server.requests[-1].fields["user_input"]
    assert "File: report.pdf, pages 1–2\n\nRevenue rose by nine percent\n\nCosts fell" in sent
    assert "End of file: report.pdf" in sent
    assert "File: notes.md\n\n# Meeting\n- ship on Friday\n\nEnd of file: notes.md" in sent
    assert sent.rstrip().endswith("Summarize both")
    assert window.composer.toPlainText() == ""
    assert not window.composer_area.document_chips.isVisible()
    turn = app.chat.conversation.turns[-1]
    assert turn.question == "Summarize both"
    assert [document.filename for document in turn.documents] == ["report.pdf", "notes.md"]


def test_a_pdf_reaches_an_openai_compatible_server_in_the_question(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    app = harness.start_app_with_server(openai_server.base_url)
    pdf = write_pdf(tmp_path / "spec.pdf", ["The widget weighs 3 kg"])

    async def scenario() -> None:
        await models_listed(app)
        app.window.attach_path(str(pdf))
        await wait_until(lambda: bool(app.window.attach_actions.documents.documents))
        await ask_and_wait(qtbot, app, "How heavy is it?")

    harness.run(scenario())
    content = openai_server.requests[-1].body["messages"][-1]["content"]
    assert content == (
        "File: spec.pdf, page 1\n\nThe widget weighs 3 kg\n\nEnd of file: spec.pdf\n\n"
        "How heavy is it?"
    )


def _bad_file(tmp_path: Path, kind: str) -> Path:
    if kind == "encrypted":
        return write_pdf(tmp_path / "locked.pdf", ["secret"], password="hunter2")
    if kind == "broken":
        path = tmp_path / "broken.pdf"
        path.write_bytes(pdf_bytes(["text"] * 3)[:300])
        return path
    if kind == "binary":
        path = tmp_path / "data.txt"
        path.write_bytes(bytes(range(256)) * 4)
        return path
    if kind == "archive":
        path = tmp_path / "bundle.zip"
        with zipfile.ZipFile(path, "w") as zipped:
            zipped.writestr("inside.txt", "hello")
        return path
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("encrypted", "protected by a password"),
        ("broken", "not a readable PDF"),
        ("binary", "binary data"),
        ("archive", "is an archive"),
    ],
)
def test_a_bad_document_is_refused_with_a_message_and_nothing_typed_is_lost(
    harness: Harness, qtbot: QtBot, tmp_path: Path, kind: str, expected: str
) -> None:
    app = harness.start_app()
    window = app.window
    qtbot.keyClicks(window.composer, "my draft question")
    bad = _bad_file(tmp_path, kind)

    async def scenario() -> None:
        assert drop(window, files_mime(bad))
        await wait_until(lambda: window.notice_bar.text != "")
        await wait_until(lambda: not window.attach_actions.preparing)

    harness.run(scenario())
    assert expected in window.notice_bar.text
    assert bad.name in window.notice_bar.text
    assert window.composer.toPlainText() == "my draft question"
    assert window.attach_actions.documents.documents == ()
    assert not window.composer_area.document_chips.isVisible()


def test_a_two_gigabyte_log_is_attached_in_part_with_a_note(
    harness: Harness, tmp_path: Path
) -> None:
    app = harness.start_app()
    log = tmp_path / "server.log"
    with log.open("wb") as file:
        file.write(b"2026-12-04 INFO request served\n" * 40_000)
        file.truncate(2 * 1024**3)  # sparse: never written, never read

    async def scenario() -> None:
        app.window.attach_path(str(log))
        await wait_until(lambda: bool(app.window.attach_actions.documents.documents))

    harness.run(scenario())
    (document,) = app.window.attach_actions.documents.documents
    assert document.truncated
    assert document.text.startswith("2026-12-04 INFO request served\n")
    ((name, details),) = _chips(app)
    assert name == "server.log"
    assert details.startswith("2,048 MB · only the first 1 MB of 2,048 MB were read")


def test_drag_over_says_what_will_be_attached_and_what_cannot(
    harness: Harness, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window
    first = write_photo(tmp_path)
    second = tmp_path / "second.png"
    second.write_bytes(first.read_bytes())
    pdf = write_pdf(tmp_path / "paper.pdf", ["words"])
    archive = _bad_file(tmp_path, "archive")
    mime = files_mime(first, second, pdf, archive)  # kept alive: the event does not own it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPointF(window.rect().center()).toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(window, enter)
    overlay = window.findChild(QLabel, "dropOverlay")
    assert overlay is not None
    assert overlay.isVisible()
    lines = overlay.text().splitlines()
    assert lines[0] == "Drop to attach 2 images and 1 PDF"
    assert "“bundle.zip” is an archive" in lines[1]


def test_documents_too_long_for_the_model_are_sent_cut_only_when_the_user_chooses(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    from dynaspark_desktop.core.settings import Settings

    Settings.load(harness.data_dir).set("context_tokens", 1024)
    app = harness.start_app_with_server(openai_server.base_url)
    window = app.window
    long_text = tmp_path / "long.txt"
    long_text.write_text("".join(f"line {n} of the long file\n" for n in range(2000)))

    async def scenario() -> None:
        await models_listed(app)
        window.attach_path(str(long_text))
        await wait_until(lambda: bool(window.attach_actions.documents.documents))
        qtbot.keyClicks(window.composer, "What is on the last line?")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await wait_until(lambda: "too long for this model" in window.notice_bar.text)
        assert openai_server.requests == [] or all(
            "messages" not in (request.body or {}) for request in openai_server.requests
        )
        assert window.composer.toPlainText() == "What is on the last line?"
        assert window.notice_bar.action_button.text() == "Send cut to fit"
        window.notice_bar.action_button.click()
        await wait_until(lambda: not app.chat.busy and bool(app.chat.conversation.turns))
        await wait_until(lambda: not app.chat.busy)

    harness.run(scenario())
    content = openai_server.requests[-1].body["messages"][-1]["content"]
    assert content.startswith("File: long.txt, truncated\n\nline 0 of the long file\n")
    assert "End of file: long.txt (truncated: the rest was not sent)" in content
    assert "line 1999 of the long file" not in content
    assert len(content) < 4 * 1024
    assert window.composer.toPlainText() == ""


def _documents_label(app, turn) -> str:
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    label = widget.user_bubble.findChild(QLabel, "questionDocuments")
    assert label is not None
    return label.text()


def test_documents_are_kept_shown_after_a_restart_and_go_with_a_follow_up(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    first = harness.start_app()
    pdf = write_pdf(tmp_path / "manual.pdf", ["Press the red button twice"])
    shown: list[str] = []

    async def first_session() -> None:
        first.window.attach_path(str(pdf))
        await wait_until(lambda: bool(first.window.attach_actions.documents.documents))
        await ask_and_wait(qtbot, first, "How do I start it?")
        shown.append(_documents_label(first, first.chat.conversation.turns[0]))
        await first.shutdown()

    harness.run(first_session())
    assert shown[0] == f"manual.pdf · 1 page · {pdf.stat().st_size} B"

    second = harness.start_app()

    async def second_session() -> None:
        await wait_until(lambda: len(second.chat.conversation.turns) == 1)
        await ask_and_wait(qtbot, second, "And to stop it?")

    harness.run(second_session())
    restored = second.chat.conversation.turns[0]
    assert [document.filename for document in restored.documents] == ["manual.pdf"]
    assert restored.documents[0].text == "Press the red button twice"
    assert _documents_label(second, restored) == shown[0]
    # The follow-up's request carries the earlier question with its document as context.
    sent = harness.server.requests[-1].fields["user_input"]
    assert sent.startswith(
        "User: File: manual.pdf, page 1\n\nPress the red button twice\n\n"
        "End of file: manual.pdf\n\nHow do I start it?\n"
    )
    assert sent.endswith("User: And to stop it?\nAssistant:")
    stored = list((harness.data_dir / "documents").rglob("*.txt"))
    assert len(stored) == 1
    assert stored[0].read_text() == "Press the red button twice"
