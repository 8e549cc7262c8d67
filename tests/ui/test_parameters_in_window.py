"""Parameters set in the window reach each provider as its contract says: query parameters
for the Dynaspark API, JSON fields for an OpenAI-compatible server, nothing for the web
endpoint (whose window says it takes none). A conversation's own values survive a restart;
the defaults apply to new chats."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.ui.widgets.parameters_dialog import ParametersDialog
from tests.fakes.dynaspark_api_server import FakeDynasparkApi
from tests.fakes.openai_server import FakeOpenAI
from tests.ui.conftest import Harness, ask_and_wait, models_listed, wait_until


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


async def _open_from_menu(app: DesktopApp) -> ParametersDialog:
    """Open the Parameters window from the ⋯ menu, as a user does."""
    menu = app.window.header.menu_button.menu()
    assert menu is not None
    action = menu.findChild(QAction, "parametersAction")
    assert action is not None
    assert action.text() == "Parameters for this conversation…"
    action.trigger()
    found: list[ParametersDialog] = []

    def opened() -> bool:
        found[:] = app.window.findChildren(ParametersDialog)
        return bool(found) and found[0].isVisible()

    await wait_until(opened)
    return found[0]


def _set(qtbot: QtBot, dialog: ParametersDialog, name: str, value: float) -> None:
    """Tick a parameter and type its value."""
    tick = dialog.findChild(type(dialog.ticks[name]), f"parameterSet_{name}")
    assert tick is not None
    tick.click()
    assert tick.isChecked()
    field = dialog.fields[name]
    assert field.isEnabled()
    field.selectAll()
    qtbot.keyClicks(field.lineEdit(), f"{value:g}")
    field.interpretText()


def _save(dialog: ParametersDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_temperature_set_in_the_window_reaches_the_dynaspark_api_as_a_query_parameter(
    harness: Harness, qtbot: QtBot, api_server: FakeDynasparkApi
) -> None:
    Settings.load(harness.data_dir).set("api_endpoint", api_server.base_url)
    app = harness.start_app(model="dynaspark-api:mistral")

    async def scenario() -> None:
        await models_listed(app)
        dialog = await _open_from_menu(app)
        # What the API takes, and no length limit (its documentation names none).
        assert sorted(dialog.fields) == [
            "frequency_penalty", "presence_penalty", "seed", "temperature", "top_p"
        ]  # fmt: skip
        assert dialog.fields["temperature"].maximum() == 3.0
        _set(qtbot, dialog, "temperature", 0.7)
        _set(qtbot, dialog, "seed", 42)
        _save(dialog)
        await ask_and_wait(qtbot, app, "Hello")

    harness.run(scenario())
    query = api_server.requests[-1].query
    assert query["temperature"] == "0.7"
    assert query["seed"] == "42"
    assert "top_p" not in query  # unticked: left to the model
    chip = app.window.header.parameters_button
    assert chip.isVisible()
    assert "temperature 0.7, seed 42" in chip.toolTip()
    app.window.select_model("gemini-1.5-flash")  # the web endpoint: nothing would be sent
    assert not chip.isVisible()


def test_temperature_set_in_the_window_reaches_an_openai_server_as_a_json_field(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = harness.start_app_with_server(openai_server.base_url)

    async def scenario() -> None:
        await models_listed(app)
        dialog = await _open_from_menu(app)
        assert "max_tokens" in dialog.fields
        assert dialog.fields["temperature"].maximum() == 2.0
        _set(qtbot, dialog, "temperature", 0.3)
        _set(qtbot, dialog, "max_tokens", 256)
        _save(dialog)
        await ask_and_wait(qtbot, app, "Hello")

    harness.run(scenario())
    body = openai_server.requests[-1].body
    assert body["temperature"] == 0.3
    assert body["max_tokens"] == 256
    assert "top_p" not in body


def test_the_web_endpoint_is_sent_no_parameters_and_the_window_says_it_takes_none(
    harness: Harness, qtbot: QtBot
) -> None:
    # Defaults a user set for another provider's chats: the web endpoint still gets none.
    Settings.load(harness.data_dir).set("chat_parameters", {"temperature": 0.5, "seed": 3})
    app = harness.start_app()
    assert app.window.current_model() == "gemini-1.5-flash"

    async def scenario() -> None:
        await models_listed(app)
        dialog = await _open_from_menu(app)
        assert dialog.fields == {}
        assert "takes no parameters" in dialog.explanation.text()
        assert "Dynaspark (web)" in dialog.explanation.text()
        close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
        assert close is not None
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save) is None
        close.click()
        await ask_and_wait(qtbot, app, "Hello")

    harness.run(scenario())
    assert set(harness.server.requests[-1].fields) == {"user_input", "ai_model"}
    assert not app.window.header.parameters_button.isVisible()  # nothing is sent


def test_a_conversations_own_parameters_survive_a_restart(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = harness.start_app_with_server(openai_server.base_url)

    async def first_session() -> None:
        await models_listed(app)
        await ask_and_wait(qtbot, app, "Hello")
        dialog = await _open_from_menu(app)
        _set(qtbot, dialog, "temperature", 1.4)
        _set(qtbot, dialog, "presence_penalty", -0.5)
        _save(dialog)

    harness.run(first_session())
    conversation_id = app.chat.conversation.id
    assert conversation_id is not None
    harness.close_all()

    again = harness.start_app()

    async def second_session() -> None:
        await models_listed(again)
        await wait_until(lambda: again.chat.conversation.id == conversation_id)
        await ask_and_wait(qtbot, again, "Again")

    harness.run(second_session())
    expected = ChatParameters(temperature=1.4, presence_penalty=-0.5)
    assert again.chat.conversation.parameters == expected
    body = openai_server.requests[-1].body
    assert (body["temperature"], body["presence_penalty"]) == (1.4, -0.5)
    assert again.window.header.parameters_button.isVisible()


def test_defaults_set_in_the_window_apply_to_new_chats(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = harness.start_app_with_server(openai_server.base_url)

    async def scenario() -> None:
        await models_listed(app)
        dialog = await _open_from_menu(app)
        _set(qtbot, dialog, "top_p", 0.4)
        assert dialog.as_defaults is not None
        dialog.as_defaults.click()
        _save(dialog)
        await ask_and_wait(qtbot, app, "First chat")
        first_id = app.chat.conversation.id
        assert first_id is not None
        menu = app.window.header.menu_button.menu()
        assert menu is not None
        [new_chat] = [action for action in menu.actions() if action.text() == "New chat"]
        new_chat.trigger()
        await wait_until(lambda: app.chat.conversation.id is None)
        assert app.chat.conversation.parameters is None  # a new chat: the defaults
        await ask_and_wait(qtbot, app, "Second chat")

    harness.run(scenario())
    assert Settings.load(harness.data_dir).get("chat_parameters") == {"top_p": 0.4}
    first, second = (request.body for request in openai_server.requests[-2:])
    assert first["top_p"] == 0.4
    assert second["top_p"] == 0.4

    async def change_the_new_chat() -> None:
        dialog = await _open_from_menu(app)
        restore = dialog.findChild(QPushButton, "parametersUseDefaults")
        assert restore is not None
        assert not restore.isEnabled()  # the new chat has no values of its own
        assert "uses the defaults" in dialog.explanation.text()
        _set(qtbot, dialog, "temperature", 0.9)  # for this chat alone
        _save(dialog)
        await ask_and_wait(qtbot, app, "Third message")
        # Back to the defaults: its own values go.
        dialog = await _open_from_menu(app)
        restore = dialog.findChild(QPushButton, "parametersUseDefaults")
        assert restore is not None
        restore.click()
        await ask_and_wait(qtbot, app, "Fourth message")

    harness.run(change_the_new_chat())
    third, fourth = (request.body for request in openai_server.requests[-2:])
    assert (third["temperature"], third["top_p"]) == (0.9, 0.4)
    assert "temperature" not in fourth
    assert fourth["top_p"] == 0.4
    assert app.chat.conversation.parameters is None
    assert Settings.load(harness.data_dir).get("chat_parameters") == {"top_p": 0.4}
