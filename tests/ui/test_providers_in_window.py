"""Every provider through the real window: the picker groups their models, each answers,
images reach a vision model as data URIs, keys stay out of every file, a model that cannot
see is offered a replacement, and a failing model gives way to another."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.presets import api_key_name
from tests.fakes.dynaspark_api_server import Behaviour as ApiBehaviour
from tests.fakes.dynaspark_api_server import FakeDynasparkApi
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.providers.keyring_support import store_secret
from tests.ui.conftest import Harness, ask_and_wait, models_listed, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import write_photo

SECRET_KEY = "sk-test-0123456789abcdefSECRET"


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def _rows(app: DesktopApp) -> list[tuple[str, object, bool]]:
    """The picker's rows: (text, model key, selectable)."""
    picker = app.window.model_picker
    model = picker.model()
    rows = []
    for row in range(picker.count()):
        index = model.index(row, 0)
        selectable = bool(model.flags(index) & Qt.ItemFlag.ItemIsSelectable)
        rows.append((picker.itemText(row), picker.itemData(row), selectable))
    return rows


def _choose(app: DesktopApp, key: str) -> None:
    """Pick ``key`` in the model picker, as a user does."""
    picker = app.window.model_picker
    index = picker.findData(key)
    assert index >= 0, f"{key} is not in the picker"
    picker.setCurrentIndex(index)


def _answer_shown(app: DesktopApp, turn_index: int = -1) -> str:
    turn = app.chat.conversation.turns[turn_index]
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    return widget.answer_view.toPlainText().strip()


def test_the_picker_groups_models_by_provider_and_each_provider_answers(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI, api_server: FakeDynasparkApi
) -> None:
    Settings.load(harness.data_dir).set("api_endpoint", api_server.base_url)
    app = harness.start_app_with_server(openai_server.base_url)

    async def scenario() -> None:
        await models_listed(app)
        rows = _rows(app)
        headings = [text for text, _key, selectable in rows if not selectable]
        assert headings == ["Dynaspark (web)", "Dynaspark API", "Local"]
        keys = [key for _text, key, selectable in rows if selectable]
        assert "gemini-1.5-flash" in keys
        assert "dynaspark-api:mistral" in keys
        assert "local:llava:7b" in keys
        assert app.window.header.model_label.text() == "Local"

        await ask_and_wait(qtbot, app, "Hello local")
        _choose(app, "dynaspark-api:mistral")
        assert app.window.header.model_label.text() == "Dynaspark API"
        await ask_and_wait(qtbot, app, "Hello API")
        _choose(app, "gemini-1.5-flash")
        await ask_and_wait(qtbot, app, "Hello web")

    harness.run(scenario())
    turns = app.chat.conversation.turns
    assert [turn.state for turn in turns] == [TurnState.ANSWERED] * 3
    assert _answer_shown(app, 0) == "[llama3.2:3b] You said: Hello local"
    assert openai_server.requests[-1].body["model"] == "llama3.2:3b"
    assert _answer_shown(app, 1).startswith("[mistral] You said:")
    assert "Hello API" in _answer_shown(app, 1)
    assert "Hello web" in harness.server.requests[-1].fields["user_input"]
    # The answers name the model that gave them, without the provider prefix.
    first = app.window.transcript.widget_for(turns[0].id)
    assert first is not None
    assert first.answer_header.text().startswith("llama3.2:3b")
    # The API's allowance is shown while one of its models is chosen, and only then.
    assert not app.window.header.rate_label.isVisible()
    _choose(app, "dynaspark-api:mistral")
    assert app.window.header.rate_label.text().startswith("99 of 100 requests left this hour")
    assert "resets" in app.window.header.rate_label.text()


def test_an_unreachable_provider_is_shown_with_its_reason_and_refresh_lists_again(
    harness: Harness, openai_server: FakeOpenAI
) -> None:
    openai_server.queue_models(Behaviour(kind="status", status=500, body="model store broken"))
    app = harness.start_app_with_server(openai_server.base_url, model="llava:7b")

    async def scenario() -> None:
        await models_listed(app)
        rows = _rows(app)
        texts = [text for text, _key, _selectable in rows]
        assert "Local · unavailable" in texts
        heading = texts.index("Local · unavailable")
        reason = texts[heading + 1]
        assert "500" in reason or "server" in reason.lower()
        # The chosen model stays chosen while its provider is down.
        assert app.window.current_model() == "local:llava:7b"
        assert "not available now" in app.window.model_picker.currentText()

        app.window.header.refresh_button.click()
        await models_listed(app)

    harness.run(scenario())
    keys = [key for _text, key, selectable in _rows(app) if selectable]
    assert "local:qwen2.5-coder:7b" in keys
    assert app.window.model_picker.currentText() == "llava:7b"
    assert app.window.current_model() == "local:llava:7b"


def test_a_dropped_image_reaches_an_openai_compatible_vision_model_as_a_data_uri(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    app = harness.start_app_with_server(openai_server.base_url, model="llava:7b")
    photo = write_photo(tmp_path)

    async def scenario() -> None:
        await models_listed(app)
        assert drop(app.window, files_mime(photo))
        await wait_until(lambda: app.attachments.image is not None)
        assert "cannot see" not in app.window.notice_bar.text
        await ask_and_wait(qtbot, app, "What is in this photo?")

    harness.run(scenario())
    body = openai_server.requests[-1].body
    content = body["messages"][-1]["content"]
    texts = [part["text"] for part in content if part["type"] == "text"]
    urls = [part["image_url"]["url"] for part in content if part["type"] == "image_url"]
    assert texts == ["What is in this photo?"]
    assert len(urls) == 1
    header, _, data = urls[0].partition(",")
    assert header == "data:image/jpeg;base64"
    sent = base64.b64decode(data)
    assert sent == app.chat.conversation.turns[0].image.data
    assert _answer_shown(app) == "[llava:7b] You said: What is in this photo? with 1 image(s)"


def test_an_image_with_a_model_that_cannot_see_offers_the_vision_model(
    harness: Harness, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    app = harness.start_app_with_server(openai_server.base_url, model="llama3.2:3b")
    photo = write_photo(tmp_path)

    async def scenario() -> None:
        await models_listed(app)
        app.window.offer_mime(files_mime(photo))
        await wait_until(lambda: app.attachments.image is not None)
        await wait_until(lambda: "cannot see images" in app.window.notice_bar.text)

    harness.run(scenario())
    bar = app.window.notice_bar
    assert "llama3.2:3b cannot see images" in bar.text
    assert "llava:7b (Local)" in bar.text
    assert bar.action_button.text() == "Use llava:7b"
    bar.action_button.click()
    assert app.window.current_model() == "local:llava:7b"
    assert app.attachments.image is not None  # nothing was dropped
    assert app.window.attachment_tray.isVisible()


def test_an_api_key_is_sent_but_never_written_to_settings_log_or_history(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    store_secret(harness.data_dir, api_key_name("local"), SECRET_KEY)

    with FakeOpenAI(api_key=SECRET_KEY).in_thread() as server:
        app = harness.start_app_with_server(server.base_url, preset="custom")

        async def scenario() -> None:
            await models_listed(app)
            await ask_and_wait(qtbot, app, "Are you there?")

        harness.run(scenario())
        assert app.chat.conversation.turns[0].state is TurnState.ANSWERED
        assert server.requests[-1].headers["authorization"] == f"Bearer {SECRET_KEY}"
    harness.close_all()  # the log and the history are complete once the app has quit

    files = [path for path in harness.data_dir.rglob("*") if path.is_file()]
    assert any(path.name == "settings.json" for path in files)
    assert any(path.suffix == ".log" for path in files)
    for path in files:
        assert SECRET_KEY.encode() not in path.read_bytes(), f"the key is in {path}"


def test_a_503_offers_another_model_and_trying_it_answers(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = harness.start_app_with_server(openai_server.base_url, model="qwen2.5-coder:7b")
    openai_server.queue_chat(Behaviour(kind="status", status=503, body="overloaded"))

    async def scenario() -> None:
        await models_listed(app)
        await ask_and_wait(qtbot, app, "Write a haiku")
        turn = app.chat.conversation.turns[0]
        assert turn.state is TurnState.FAILED
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        assert widget.try_other_button.isVisible()
        # Another provider first: the failing one is the likely trouble.
        assert widget.try_other_button.text() == "Try with gemini-1.5-flash"
        widget.try_other_button.click()
        await wait_until(lambda: turn.state is TurnState.ANSWERED)

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.answered_by == "gemini-1.5-flash"
    assert "Write a haiku" in harness.server.requests[-1].fields["user_input"]
    assert app.window.current_model() == "gemini-1.5-flash"


def test_automatic_fallback_after_a_503_says_which_model_answered(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    settings = Settings.load(harness.data_dir)
    settings.set("auto_fallback", True)
    settings.set("fallback_models", ["local:llava:7b", "dynaspark:gemini-1.5-flash"])
    app = harness.start_app_with_server(openai_server.base_url, model="qwen2.5-coder:7b")
    openai_server.queue_chat(Behaviour(kind="status", status=503, body="overloaded"))

    async def scenario() -> None:
        await models_listed(app)
        await ask_and_wait(qtbot, app, "Write a haiku")

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.ANSWERED
    assert turn.answered_by == "local:llava:7b"
    assert [request.body["model"] for request in openai_server.requests[-2:]] == [
        "qwen2.5-coder:7b",
        "llava:7b",
    ]
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.answer_header.text().startswith("llava:7b")
    assert widget.fallback_label.isVisible()
    note = widget.fallback_label.text()
    assert note.startswith("Answered by llava:7b (qwen2.5-coder:7b:")
    assert "503" in note or "overloaded" in note.lower() or "busy" in note.lower()


def test_a_system_prompt_goes_as_a_system_message_or_a_flattened_line_and_is_kept(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = harness.start_app_with_server(openai_server.base_url)

    async def scenario() -> None:
        await models_listed(app)
        app.window.systemPromptRequested.emit()
        dialog = await _dialog(app)
        dialog.editor.setPlainText("Answer like a pirate.")
        dialog.buttons.accepted.emit()
        assert app.window.header.system_prompt_button.isVisible()
        await ask_and_wait(qtbot, app, "Hello")
        _choose(app, "gemini-1.5-flash")
        await ask_and_wait(qtbot, app, "Hello again")

    harness.run(scenario())
    messages = openai_server.requests[-1].body["messages"]
    assert messages[0] == {"role": "system", "content": "Answer like a pirate."}
    assert _answer_shown(app, 0).endswith("(system: Answer like a pirate.)")
    flattened = harness.server.requests[-1].fields["user_input"]
    assert flattened.startswith("System: Answer like a pirate.")
    conversation_id = app.chat.conversation.id
    assert conversation_id is not None
    harness.close_all()

    again = harness.start_app()

    async def reopened() -> None:
        await wait_until(lambda: again.chat.conversation.id == conversation_id)

    harness.run(reopened())
    assert again.chat.conversation.system_prompt == "Answer like a pirate."
    assert again.window.header.system_prompt_button.isVisible()


async def _dialog(app: DesktopApp):
    from dynaspark_desktop.ui.widgets.system_prompt_dialog import SystemPromptDialog

    found: list[SystemPromptDialog] = []

    def opened() -> bool:
        found[:] = app.window.findChildren(SystemPromptDialog)
        return bool(found) and found[0].isVisible()

    await wait_until(opened)
    return found[0]


def _ask_the_api_once(harness: Harness, qtbot: QtBot, api_server: FakeDynasparkApi) -> Turn:
    """Ask the Dynaspark API (the fake) one question through the window; the turn."""
    Settings.load(harness.data_dir).set("api_endpoint", api_server.base_url)
    app = harness.start_app(model="dynaspark-api:mistral")

    async def scenario() -> None:
        await models_listed(app)
        await ask_and_wait(qtbot, app, "Hello")

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    return turn


def test_a_429_from_the_api_is_explained_with_its_reset_time(
    harness: Harness, qtbot: QtBot, api_server: FakeDynasparkApi
) -> None:
    api_server.remaining = 0
    turn = _ask_the_api_once(harness, qtbot, api_server)
    assert turn.state is TurnState.FAILED
    assert "limit" in turn.error.lower()
    assert time.strftime("%H:%M", time.localtime(api_server.reset_at)) in turn.error


def test_api_errors_come_from_its_json_error_field(
    harness: Harness, qtbot: QtBot, api_server: FakeDynasparkApi
) -> None:
    api_server.queue(
        ApiBehaviour(kind="status", status=400, body='{"error": "user_input is too long"}')
    )
    turn = _ask_the_api_once(harness, qtbot, api_server)
    assert turn.state is TurnState.FAILED
    assert "user_input is too long" in turn.error


def test_choosing_a_model_that_sees_takes_back_the_cannot_see_notice_and_only_it(
    harness: Harness, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    app = harness.start_app_with_server(openai_server.base_url, model="llama3.2:3b")
    photo = write_photo(tmp_path)
    bar = app.window.notice_bar

    async def scenario() -> None:
        await models_listed(app)
        app.window.offer_mime(files_mime(photo))
        await wait_until(lambda: "cannot see images" in bar.text)

    harness.run(scenario())
    app.window.select_model("local:llava:7b")  # chosen in the picker, not through the button
    assert app.window.current_model() == "local:llava:7b"
    assert bar.text == ""
    assert app.attachments.image is not None

    # Back to a model that cannot see, then something else is said: choosing the seeing
    # model again leaves that other notice alone.
    app.window.select_model("local:llama3.2:3b")
    assert "cannot see images" in bar.text
    app.window.exportRequested.emit("markdown")  # nothing to export yet: says so
    said = bar.text
    assert "nothing to export yet" in said
    app.window.select_model("local:llava:7b")
    assert bar.text == said
