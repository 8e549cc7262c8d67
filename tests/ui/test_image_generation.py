"""/imagine through the real window against the fake Dynaspark API: the picture is shown,
kept with the conversation (it comes back after a restart although the service's link has
expired), failures read like other failures, and a message without a prompt is refused."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.generated_images import check_generated_image
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.base import RateLimit
from dynaspark_desktop.providers.dynaspark_api import DynasparkApiProvider
from dynaspark_desktop.providers.http_body import limits
from dynaspark_desktop.storage import HistoryStore, export_conversation_markdown
from dynaspark_desktop.storage.turns import turns_from_messages
from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget
from tests.fakes.dynaspark_api_server import Behaviour, FakeDynasparkApi
from tests.ui.conftest import Harness, ask_and_wait, wait_until

# The four quarters of the served picture, and where to look for each in a 64×48 picture.
QUARTERS = {
    (16, 12): (220, 30, 30),
    (48, 12): (30, 180, 60),
    (16, 36): (40, 70, 220),
    (48, 36): (250, 250, 250),
}


def quartered_png(width: int = 64, height: int = 48) -> bytes:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    half_w, half_h = width // 2, height // 2
    for (x, y), colour in QUARTERS.items():
        left, top = (0 if x < half_w else half_w), (0 if y < half_h else half_h)
        draw.rectangle((left, top, left + half_w - 1, top + half_h - 1), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def api_server() -> Iterator[FakeDynasparkApi]:
    with FakeDynasparkApi().in_thread() as server:
        server.image_body = quartered_png()
        yield server


def _start(harness: Harness, api_server: FakeDynasparkApi) -> DesktopApp:
    Settings.load(harness.data_dir).set("api_endpoint", api_server.base_url)
    return harness.start_app()


def _widget(app: DesktopApp, turn: Turn) -> TurnWidget:
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    return widget


def _assert_shows_the_served_picture(widget: TurnWidget) -> None:
    block = widget.picture_block
    assert block is not None
    assert block.isVisible()
    assert not widget.answer_view.isVisible()  # the picture, not its caption
    pixmap = block.view.pixmap()
    ratio = pixmap.devicePixelRatio()
    # Shown at its own size (it fits), as a pixmap of exactly that many device pixels.
    assert pixmap.size() == QSize(round(64 * ratio), round(48 * ratio))
    image = pixmap.toImage()
    for (x, y), colour in QUARTERS.items():
        assert image.pixelColor(round(x * ratio), round(y * ratio)) == QColor(*colour)


def _generation_requests(api_server: FakeDynasparkApi) -> list[dict[str, str]]:
    return [r.query for r in api_server.requests if r.path == "/api/generate_image"]


def test_imagine_shows_the_picture_and_it_survives_a_restart_after_the_link_expired(
    harness: Harness, qtbot: QtBot, api_server: FakeDynasparkApi
) -> None:
    first = _start(harness, api_server)

    async def first_session() -> None:
        await ask_and_wait(qtbot, first, "/IMAGINE a red bicycle by the sea --size 1024x9000")
        turn = first.chat.conversation.turns[-1]
        assert turn.state is TurnState.ANSWERED, turn.error
        widget = _widget(first, turn)
        _assert_shows_the_served_picture(widget)
        header = widget.answer_header.text()
        for part in ("“a red bicycle by the sea”", "flux", "seed 42", "64×48"):
            assert part in header
        block = widget.picture_block
        assert block is not None
        QGuiApplication.clipboard().clear()
        qtbot.mouseClick(block.copy_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not QGuiApplication.clipboard().image().isNull())
        # Said on the button that copied, not in a notice.
        await wait_until(lambda: block.copy_button.text() == "Copied ✓")
        assert first.window.notice_bar.text == ""
        await first.shutdown()

    harness.run(first_session())
    # Asked of the image API whatever chat model the picker shows, with the size clamped.
    (query,) = _generation_requests(api_server)
    assert query["user_input"] == "a red bicycle by the sea"
    assert (query["width"], query["height"]) == ("1024", "2048")
    assert not harness.server.requests  # the chat service was not asked
    copied = QGuiApplication.clipboard().image()
    assert (copied.width(), copied.height()) == (64, 48)

    # A day later the service's link is dead: the picture comes from the history.
    api_server.image_status = 410
    downloads = len(api_server.requests)
    second = harness.start_app()

    async def second_session() -> None:
        await wait_until(lambda: len(second.chat.conversation.turns) == 1)
        restored = second.chat.conversation.turns[0]
        await wait_until(lambda: second.window.transcript.widget_for(restored.id) is not None)
        assert restored.state is TurnState.ANSWERED
        assert restored.picture is not None
        assert restored.picture.path is not None
        assert restored.picture.path.read_bytes() == api_server.image_body
        assert restored.picture.seed == 42
        widget = _widget(second, restored)
        _assert_shows_the_served_picture(widget)
        assert "seed 42" in widget.answer_header.text()
        await second.shutdown()

    harness.run(second_session())
    assert len(api_server.requests) == downloads  # nothing was fetched again


def test_a_rate_limit_reads_like_other_failures_with_its_reset_time_and_retry_works(
    harness: Harness, qtbot: QtBot, api_server: FakeDynasparkApi
) -> None:
    api_server.remaining = 0
    app = _start(harness, api_server)

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "/imagine a lighthouse at dusk --wide")
        turn = app.chat.conversation.turns[-1]
        assert turn.state is TurnState.FAILED
        widget = _widget(app, turn)
        assert widget.error_frame.isVisible()
        reset = RateLimit(limit=100, remaining=0, reset_at=api_server.reset_at).reset_clock()
        assert f"resets at {reset}" in widget.error_label.text()
        assert widget.retry_button.isVisible()
        assert not widget.try_other_button.isVisible()  # no chat model draws pictures
        api_server.remaining = 5
        qtbot.mouseClick(widget.retry_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: turn.state is TurnState.ANSWERED)
        await wait_until(lambda: not app.chat.busy)
        assert widget.picture_block is not None
        assert widget.picture_block.isVisible()
        assert not widget.error_frame.isVisible()

    harness.run(scenario())
    sizes = [(q["width"], q["height"]) for q in _generation_requests(api_server)]
    assert sizes == [("1344", "768")] * 2


def test_an_imagine_without_a_prompt_is_refused_and_nothing_is_sent(
    harness: Harness, qtbot: QtBot, api_server: FakeDynasparkApi
) -> None:
    app = _start(harness, api_server)

    async def scenario() -> None:
        qtbot.keyClicks(app.window.composer, "/imagine   --wide ")
        qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
        await wait_until(lambda: bool(app.window.notice_bar.text))

    harness.run(scenario())
    assert "Describe the picture after /imagine" in app.window.notice_bar.text
    assert app.chat.conversation.turns == []
    assert app.window.composer.toPlainText() == "/imagine   --wide "  # kept, to be fixed
    assert api_server.requests == []
    assert not harness.server.requests


def test_stop_ends_a_picture_on_its_way_and_something_not_an_image_is_refused(
    harness: Harness, qtbot: QtBot, api_server: FakeDynasparkApi
) -> None:
    app = _start(harness, api_server)

    async def scenario() -> None:
        api_server.queue(Behaviour(delay=2.0))
        qtbot.keyClicks(app.window.composer, "/imagine a slow sunrise")
        qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
        await wait_until(lambda: app.chat.busy and bool(api_server.requests))
        qtbot.mouseClick(app.window.stop_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not app.chat.busy)
        # A "picture" whose bytes claim PNG but do not decode.
        api_server.image_body = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        await ask_and_wait(qtbot, app, "/imagine a broken picture")

    harness.run(scenario())
    stopped, broken = app.chat.conversation.turns
    assert stopped.state is TurnState.CANCELLED
    assert _widget(app, stopped).retry_button.isVisible()
    assert broken.state is TurnState.FAILED
    assert broken.picture is None
    assert "generated picture" in broken.error
    assert _widget(app, broken).retry_button.isVisible()


def test_the_history_keeps_the_served_bytes_and_exports_the_picture(
    api_server: FakeDynasparkApi, tmp_path: Path
) -> None:
    import asyncio

    async def generate() -> bytes:
        import aiohttp

        async with aiohttp.ClientSession() as session:
            provider = DynasparkApiProvider(api_server.base_url)
            image = await provider.generate_image(session, "a quartered flag")
        return image.data

    data = asyncio.run(generate())
    assert data == api_server.image_body
    picture = check_generated_image(
        data,
        prompt="a quartered flag",
        model="dynaspark-api:flux",
        seed=42,
        filename="dynaspark-flux-42.png",
        max_bytes=limits().image_bytes,
    )
    with HistoryStore.open(tmp_path / "data") as store:
        conversation = store.create_conversation("gemini-1.5-flash")
        question = store.add_user_message(conversation.id, "/imagine a quartered flag", "m")
        answer = store.mark_answered(
            question.id, picture.caption(), picture.model, 1.0, image=picture.as_prepared_image()
        )
        assert answer is not None
        assert answer.image is not None
        assert answer.image.path.read_bytes() == api_server.image_body
        assert answer.image.thumbnail_path.is_file()
        (turn,) = turns_from_messages(store.load_conversation(conversation.id).messages)
        assert turn.picture is not None
        assert turn.picture.display == api_server.image_body  # small: the file itself
        assert (turn.picture.prompt, turn.picture.seed) == ("a quartered flag", 42)
        markdown = export_conversation_markdown(store, conversation.id, tmp_path / "out.md")
        exported = list((tmp_path / "out_images").iterdir())
        assert [path.read_bytes() for path in exported] == [api_server.image_body]
        assert f"out_images/{exported[0].name}" in markdown.read_text(encoding="utf-8")
        # Regenerating keeps the picture (an earlier version of the answer); an answer
        # replaced by a Retry goes, and its picture's files with it.
        store.mark_retrying(question.id, "m")
        assert answer.image.path.exists()
        store.mark_retrying(question.id, "m", replaced_answer_id=answer.id)
        assert not answer.image.path.exists()
