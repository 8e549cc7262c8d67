"""Several images in one message: each reaches an OpenAI-compatible vision model as its own
data URI, shows on the question and comes back after a restart; the Dynaspark web endpoint,
which reads one, is named the one it will get before anything is sent, and gets only it."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.storage import HistoryStore
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.ui.conftest import Harness, ask_and_wait, models_listed, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import write_photo


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


async def _attach_two(app: DesktopApp, tmp_path: Path, total: int = 2) -> None:
    cat = write_photo(tmp_path, "cat.png", size=(300, 200))
    dog = write_photo(tmp_path, "dog.jpg", size=(200, 300))
    assert drop(app.window, files_mime(cat, dog))
    await wait_until(
        lambda: len(app.attachments.images) == total and not app.attachments.is_preparing
    )


def _choose(app: DesktopApp, key: str) -> None:
    picker = app.window.model_picker
    index = picker.findData(key)
    assert index >= 0, f"{key} is not in the picker"
    picker.setCurrentIndex(index)


def test_two_images_reach_a_vision_model_as_two_data_uris_and_come_back_after_a_restart(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    app = harness.start_app_with_server(openai_server.base_url, model="llava:7b")

    async def scenario() -> None:
        await models_listed(app)
        await _attach_two(app, tmp_path)
        assert app.window.attachment_tray.note_label.isHidden()  # it reads them all
        await ask_and_wait(qtbot, app, "Which is bigger?")

    harness.run(scenario())
    turn = app.chat.conversation.turns[0]
    attached = [image.data for image in turn.images]
    content = openai_server.requests[-1].body["messages"][-1]["content"]
    urls = [part["image_url"]["url"] for part in content if part["type"] == "image_url"]
    assert [part["text"] for part in content if part["type"] == "text"] == ["Which is bigger?"]
    kinds = [url.partition(",")[0] for url in urls]
    assert kinds == ["data:image/png;base64", "data:image/jpeg;base64"]
    assert [base64.b64decode(url.partition(",")[2]) for url in urls] == attached
    assert "with 2 image(s)" in turn.answer
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert len(widget.user_bubble.thumbnails) == 2
    assert not app.window.attachment_tray.isVisible()  # sent: the tray is empty

    harness.run(app.shutdown())
    again = harness.start_app()
    harness.run(wait_until(lambda: len(again.chat.conversation.turns) == 1))
    restored = again.chat.conversation.turns[0]
    assert [image.filename for image in restored.images] == ["cat.png", "dog.jpg"]
    assert [path.read_bytes() for path in [restored.image_path, *restored.more_image_paths]] == (
        attached
    )
    widget = again.window.transcript.widget_for(restored.id)
    assert widget is not None
    assert [view.pixmap().isNull() for view in widget.user_bubble.thumbnails] == [False, False]
    # Reopened, a question's image is only its thumbnail in memory: the viewer reads its file.
    assert restored.more_images[0].data == b""
    qtbot.mouseClick(widget.user_bubble.thumbnails[1], Qt.MouseButton.LeftButton)
    viewing = again.window.picture_actions.viewing
    harness.run(
        wait_until(lambda: viewing.viewer is not None and not viewing.viewer.image.isNull())
    )
    assert viewing.viewer is not None
    shown = viewing.viewer.image
    assert (shown.width(), shown.height()) == (200, 300)


def test_dynaspark_web_is_named_the_one_image_it_gets_and_gets_exactly_that_one(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    app = harness.start_app_with_server(openai_server.base_url, model="llava:7b")
    tray = app.window.attachment_tray

    async def scenario() -> None:
        await models_listed(app)
        await _attach_two(app, tmp_path)
        assert tray.note_label.isHidden()
        _choose(app, "gemini-1.5-flash")
        assert tray.note_label.isVisible()
        assert tray.note_label.text() == (
            "Dynaspark (web) reads one picture: it will get the first, “cat.png”."
        )
        # Another model that reads them all: the note goes; back again, it returns.
        _choose(app, "local:llava:7b")
        assert tray.note_label.isHidden()
        _choose(app, "gemini-1.5-flash")
        assert "“cat.png”" in tray.note_label.text()
        # The first one removed: the note names the one left... and with one, says nothing.
        tray.chips[0].remove_button.click()
        assert tray.note_label.isHidden()
        await _attach_two(app, tmp_path, total=3)  # dog.jpg, then cat.png and dog.jpg again
        assert "“dog.jpg”" in tray.note_label.text()
        await ask_and_wait(qtbot, app, "Describe the first")

    harness.run(scenario())
    request = harness.server.requests[-1]
    assert request.fields["ai_model"] == "gemini-1.5-flash"
    assert len(request.files) == 1
    turn = app.chat.conversation.turns[0]
    assert [image.filename for image in turn.images] == ["dog.jpg", "cat.png", "dog.jpg"]
    assert request.files[0].data == turn.images[0].data


def test_two_attached_images_are_kept_as_the_draft_across_a_restart(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    first = harness.start_app()
    qtbot.keyClicks(first.window.composer, "not sent yet")

    async def attach_then_quit() -> None:
        await _attach_two(first, tmp_path)
        await first.shutdown()

    harness.run(attach_then_quit())
    second = harness.start_app()
    harness.run(wait_until(lambda: len(second.attachments.images) == 2))
    assert [image.filename for image in second.attachments.images] == ["cat.png", "dog.jpg"]
    assert [chip.name_label.text() for chip in second.window.attachment_tray.chips] == [
        "cat.png",
        "dog.jpg",
    ]
    assert second.window.composer.toPlainText() == "not sent yet"


def test_a_fallback_to_dynaspark_web_says_only_the_first_of_three_images_was_sent(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    settings = Settings.load(harness.data_dir)
    settings.set("auto_fallback", True)
    settings.set("fallback_models", ["dynaspark:gemini-1.5-flash"])
    app = harness.start_app_with_server(openai_server.base_url, model="llava:7b")
    openai_server.queue_chat(Behaviour(kind="status", status=503, body="overloaded"))

    async def scenario() -> None:
        await models_listed(app)
        await _attach_two(app, tmp_path)
        bird = write_photo(tmp_path, "bird.png", size=(120, 80))
        assert drop(app.window, files_mime(bird))
        await wait_until(lambda: len(app.attachments.images) == 3)
        await wait_until(lambda: not app.attachments.is_preparing)
        assert app.window.attachment_tray.note_label.isHidden()  # llava reads them all
        await ask_and_wait(qtbot, app, "Which is biggest?")

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.answered_by == "gemini-1.5-flash"
    assert len(harness.server.requests[-1].files) == 1
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    note = widget.fallback_label.text()
    assert note.startswith("Answered by gemini-1.5-flash (llava:7b:")
    assert note.endswith("Only the first of the 3 images, “cat.png”, was sent.")
    assert turn.fallback_note == note  # saved with the answer, shown again after a restart


def test_a_server_that_refuses_several_images_with_a_400_is_explained_and_keeps_them(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    app = harness.start_app_with_server(openai_server.base_url, model="llava:7b")
    openai_server.queue_chat(Behaviour(kind="status", status=400, body="invalid request"))

    async def scenario() -> None:
        await models_listed(app)
        await _attach_two(app, tmp_path)
        await ask_and_wait(qtbot, app, "Which is bigger?")

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.FAILED
    assert turn.error.startswith("Local (127.0.0.1) refused the request (HTTP 400)")
    assert "may take fewer than the 2 images sent at once" in turn.error
    assert (turn.question, [image.filename for image in turn.images]) == (
        "Which is bigger?",
        ["cat.png", "dog.jpg"],
    )
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert len(widget.user_bubble.thumbnails) == 2


def test_a_draft_whose_second_image_file_vanished_keeps_the_others_and_says_which_went(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    first = harness.start_app()
    qtbot.keyClicks(first.window.composer, "three pictures")

    async def attach_three_then_quit() -> None:
        await _attach_two(first, tmp_path)
        bird = write_photo(tmp_path, "bird.png", size=(120, 80))
        assert drop(first.window, files_mime(bird))
        await wait_until(lambda: len(first.attachments.images) == 3)
        await wait_until(lambda: not first.attachments.is_preparing)
        await first.shutdown()

    harness.run(attach_three_then_quit())
    with HistoryStore.open(harness.data_dir) as store:
        draft = store.load_draft(None)
    assert draft is not None
    assert [image.filename for image in draft.more_images] == ["dog.jpg", "bird.png"]
    draft.more_images[0].path.unlink()  # gone from the data folder

    second = harness.start_app()
    harness.run(wait_until(lambda: len(second.attachments.images) == 2))
    assert [image.filename for image in second.attachments.images] == ["cat.png", "bird.png"]
    assert second.window.composer.toPlainText() == "three pictures"
    harness.run(wait_until(lambda: "“dog.jpg” could not be read" in second.window.notice_bar.text))
