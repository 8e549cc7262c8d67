"""The Settings window on the real app: every page opens from the ⋯ menu, a field made from
a declaration saves what is typed and the app follows at once, a value a setting does not take
is refused with a message and never saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.dynaspark import Dynaspark
from dynaspark_desktop.ui.settings.settings_window import PAGES, SettingsWindow
from tests.fakes.dynaspark_server import FakeDynasparkThread
from tests.ui.conftest import Harness, ask_and_wait, models_listed, wait_until


def saved(data_dir: Path) -> dict:
    return json.loads((data_dir / "settings.json").read_text())


async def open_settings(app: DesktopApp) -> SettingsWindow:
    """Open the Settings window from the ⋯ menu, as a user does."""
    await models_listed(app)
    menu = app.window.header.menu_button.menu()
    assert menu is not None
    # The shortcut table's action (Ctrl+,), shown in the menu.
    (action,) = [entry for entry in menu.actions() if entry.objectName() == "settingsAction"]
    assert action.text() == "Settings…"
    action.trigger()
    window = app.settings_presenter.settings_window
    assert window is not None
    await wait_until(window.isVisible)
    return window


def type_line(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the providers window
def test_every_page_opens_with_its_fields(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        assert window.page_list.count() == len(PAGES)
        for row, name in enumerate(PAGES):
            window.page_list.setCurrentRow(row)
            assert window.current_page() == name
            assert window.stack.currentWidget().isVisible()
        # Fields are made from the declarations: each editor is named after its setting and
        # carries the declaration's description.
        expected = {
            "theme": QComboBox,
            "text_zoom": QSpinBox,
            "send_key": QComboBox,
            "language": QComboBox,
            "default_system_prompt": QPlainTextEdit,
            "max_image_side": QSpinBox,
            "image_quality": QSpinBox,
            "endpoint": QLineEdit,
            "api_endpoint": QLineEdit,
        }
        for name, kind in expected.items():
            editor = window.findChild(kind, f"setting_{name}")
            assert editor is not None, name
            assert editor.accessibleName()
            assert editor.accessibleDescription()
        quality = window.findChild(QSpinBox, "setting_image_quality")
        assert (quality.minimum(), quality.maximum()) == (50, 100)
        # The providers panel is shown on its page, with its own names kept.
        window.show_page("providers")
        assert window.providers_panel is not None
        assert window.providers_panel.parentWidget() is window.providers
        assert window.providers_panel.objectName() == "providersPanel"
        assert window.providers.findChild(QLineEdit, "proxyField") is not None
        # And the providers window takes it back when opened from the menu.
        assert app.models is not None
        app.models.open_providers()
        dialog = app.models.providers_dialog
        assert dialog is not None
        assert dialog.isVisible()
        assert dialog.panel.parentWidget() is dialog
        assert dialog.objectName() == "providersDialog"
        dialog.close()
        window.show_page("providers")
        assert window.providers_panel.parentWidget() is window.providers

    harness.run(scenario())


def test_a_changed_value_is_saved_and_applied_at_once(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        window.show_page("connections")
        editor = window.connections.fields["request_timeout"].editor
        editor.setValue(12.5)
        assert app.chat.timeout_seconds == 12.5
        window.show_page("chat")
        quality = window.chat.fields["image_quality"].editor
        quality.setValue(60)
        assert app.attachments.quality == 60
        side = window.chat.fields["max_image_side"].editor
        side.setValue(800)
        assert app.attachments.max_side == 800
        values = saved(harness.data_dir)
        assert (values["request_timeout"], values["image_quality"]) == (12.5, 60)
        assert values["max_image_side"] == 800
        # A change made elsewhere shows in the field.
        app.settings.set("image_quality", 75)
        assert quality.value() == 75

    harness.run(scenario())


def test_invalid_input_is_refused_with_a_message_and_not_saved(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        window.show_page("connections")
        # The harness starts the app with --endpoint: the page says it rules this run.
        assert window.connections.endpoint_note.isVisible()
        assert harness.server.endpoint in window.connections.endpoint_note.text()
        field = window.connections.fields["endpoint"]
        type_line(qtbot, field.editor, "ftp://example.com/generate_response")
        assert field.problem.isVisible()
        assert "http://" in field.problem.text()
        assert app.settings.get("endpoint") == ""
        settings_file = harness.data_dir / "settings.json"
        assert not settings_file.exists() or "ftp://" not in settings_file.read_text()
        # The Test sends nothing to an address that cannot be one.
        window.connections.test_button.click()
        assert not window.connections.test_result.isVisible()
        assert field.problem.isVisible()
        # Restore default clears what was refused.
        window.connections.restore_button.click()
        assert field.editor.text() == ""
        assert not field.problem.isVisible()
        # A good address clears the message and is saved.
        type_line(qtbot, field.editor, "http://127.0.0.1:9/generate_response")
        assert not field.problem.isVisible()
        assert app.settings.get("endpoint") == "http://127.0.0.1:9/generate_response"

    harness.run(scenario())


def test_an_endpoint_change_sends_the_next_message_to_the_new_server(
    harness: Harness, qtbot: QtBot
) -> None:
    Settings.load(harness.data_dir).set("endpoint", harness.server.endpoint)
    app = harness.start_app(endpoint=None)  # the settings' endpoint, not the command line's

    async def scenario() -> None:
        window = await open_settings(app)
        window.show_page("connections")
        assert not window.connections.endpoint_note.isVisible()  # no --endpoint this run
        with FakeDynasparkThread() as other:
            type_line(qtbot, window.connections.fields["endpoint"].editor, other.endpoint)
            assert Dynaspark.api_endpoint == other.endpoint
            window.close()
            await ask_and_wait(qtbot, app, "where do you go?")
            assert [r.fields["user_input"] for r in other.requests] == ["where do you go?"]
            assert harness.server.requests == []
            # Restore default: the built-in endpoint again (not contacted here).
            await open_settings(app)
            window.connections.restore_button.click()
            assert app.settings.get("endpoint") == ""
            assert Dynaspark.api_endpoint == "https://dynaspark.onrender.com/generate_response"
            assert window.connections.fields["endpoint"].editor.text() == ""

    harness.run(scenario())


def test_the_endpoint_test_reports_a_server_that_answers_and_one_that_fails(
    harness: Harness, qtbot: QtBot
) -> None:
    from tests.fakes.dynaspark_server import Behaviour

    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        window.show_page("connections")
        page = window.connections
        type_line(qtbot, page.fields["endpoint"].editor, harness.server.endpoint)
        page.test_button.click()
        await wait_until(lambda: page.test_result.property("state") != "busy")
        assert page.test_result.property("state") == "ok", page.test_result.text()
        assert page.test_result.text().startswith("It works")
        assert harness.server.requests[-1].path == "/generate_response"
        harness.server.queue(Behaviour(kind="status", status=500, body="boom"))
        page.test_button.click()
        await wait_until(lambda: page.test_result.property("state") != "busy")
        assert page.test_result.property("state") == "error"
        assert page.test_result.text().startswith("It did not work")
        assert "Traceback" not in page.test_result.text()

    harness.run(scenario())


def test_send_key_ctrl_enter_makes_enter_a_new_line(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    composer = app.window.composer

    async def scenario() -> None:
        window = await open_settings(app)
        combo = window.general.fields["send_key"].editor
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData("ctrl_enter"))
        assert app.settings.get("send_key") == "ctrl_enter"
        assert "Ctrl+Enter to send" in composer.hint
        window.close()
        composer.setFocus()
        qtbot.keyClicks(composer, "first line")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        qtbot.keyClicks(composer, "second line")
        assert composer.toPlainText() == "first line\nsecond line"
        assert not app.chat.conversation.turns
        qtbot.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await wait_until(lambda: not app.chat.busy and bool(app.chat.conversation.turns))
        assert app.chat.conversation.turns[0].question == "first line\nsecond line"
        # Back to Enter: Enter sends again.
        app.settings.set("send_key", "enter")
        assert "Enter to send · Shift+Enter" in composer.hint
        await ask_and_wait(qtbot, app, "plain enter")
        assert app.chat.conversation.turns[-1].question == "plain enter"

    harness.run(scenario())


def test_a_new_chat_starts_with_the_default_system_prompt(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        window.show_page("chat")
        field = window.chat.fields["default_system_prompt"]
        field.editor.setPlainText("Answer like a pirate.")
        await wait_until(lambda: app.settings.get("default_system_prompt") != "")
        # The chat not started yet takes it at once; a new chat starts with it.
        assert app.chat.conversation.system_prompt == "Answer like a pirate."
        window.close()
        await ask_and_wait(qtbot, app, "hello")
        assert "System: Answer like a pirate." in harness.server.requests[-1].fields["user_input"]
        assert app.navigator is not None
        app.navigator.new_chat()
        assert app.chat.conversation.system_prompt == "Answer like a pirate."

    harness.run(scenario())


def test_default_parameters_are_set_with_the_parameters_window(
    harness: Harness, qtbot: QtBot
) -> None:
    from dynaspark_desktop.ui.widgets.parameters_dialog import ParametersDialog

    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        window.show_page("chat")
        window.chat.parameters_button.click()
        dialog = window.findChild(ParametersDialog)
        assert dialog is not None
        assert dialog.isVisible()
        assert not dialog.as_defaults.isVisible()  # these are the defaults
        dialog.set_value("temperature", 0.3)
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        assert app.settings.get("chat_parameters") == {"temperature": 0.3}
        assert app.chat.default_parameters.temperature == 0.3

    harness.run(scenario())


def test_a_proxy_typed_on_the_connections_page_is_used_or_refused(
    harness: Harness, qtbot: QtBot
) -> None:
    from tests.fakes.echo_proxy import EchoingProxy

    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        page = window.connections
        window.show_page("connections")
        type_line(qtbot, page.proxy_field, "gopher://nowhere")
        assert page.proxy_result.isVisible()
        assert page.proxy_result.property("state") == "error"
        assert app.settings.get("proxy") == ""
        with EchoingProxy().in_thread() as proxy:
            type_line(qtbot, page.proxy_field, proxy.root_url)
            assert app.settings.get("proxy") == proxy.root_url
            assert app.chat.proxy == proxy.root_url
            # Its Test asks the endpoint typed above through the proxy (loopback addresses
            # never go through one, so a name that is not).
            remote = "http://dynaspark.test/generate_response"
            type_line(qtbot, page.fields["endpoint"].editor, remote)
            page.proxy_test_button.click()
            await wait_until(lambda: page.proxy_result.property("state") != "busy")
            assert page.proxy_result.property("state") == "error"
            assert page.proxy_result.text().startswith("It did not work")
            assert proxy.targets == [remote]

    harness.run(scenario())


def test_the_default_model_is_the_pickers_choice(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        window.show_page("chat")
        choice = window.chat.model_choice
        keys = [choice.itemData(row) for row in range(choice.count())]
        assert app.window.current_model() in keys
        assert len(keys) == len(set(keys))
        other = next(key for key in keys if key != app.window.current_model())
        choice.setCurrentIndex(keys.index(other))
        choice.activated.emit(keys.index(other))
        assert app.window.current_model() == other
        assert app.settings.get("model") == other
        # A choice in the picker shows here too.
        app.window.select_model(keys[0])
        assert choice.currentData() == keys[0]

    harness.run(scenario())


def test_every_control_of_the_settings_pages_has_a_name(harness: Harness, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox

    app = harness.start_app()

    async def scenario() -> None:
        window = await open_settings(app)
        panel = window.providers_panel
        kinds = (
            QAbstractButton,
            QComboBox,
            QLineEdit,
            QAbstractSpinBox,
            QPlainTextEdit,
            QAbstractItemView,
        )
        unnamed = []
        checked = 0
        for kind in kinds:
            for control in window.findChildren(kind):
                if panel is not None and panel.isAncestorOf(control):
                    continue  # the providers panel's own (provider_setup's) controls
                if control.window() is not window or isinstance(control.parent(), QLineEdit):
                    continue  # Qt's own: a list's popup, a line's clear button
                if isinstance(control, QLineEdit) and isinstance(
                    control.parent(), QAbstractSpinBox | QComboBox
                ):
                    continue  # a spin box's own text field
                checked += 1
                if not control.objectName() or not control.accessibleName():
                    unnamed.append((type(control).__name__, control.objectName()))
        assert checked > 15
        assert unnamed == [], unnamed

    harness.run(scenario())
