"""The "Models and providers" dialog, driven like a user would on a real qasync loop, against
the fake OpenAI-compatible server. Keys only ever reach an in-memory keyring (or, with
consent, a 0600 file in the test's folder); nothing leaves 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import stat
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import aiohttp
import pytest
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.secrets import SERVICE_NAME, SecretStore
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.presets import api_key_name
from dynaspark_desktop.ui.provider_setup.providers_dialog import ProvidersDialog
from tests.fakes.openai_server import MODELS, Behaviour, FakeOpenAI
from tests.providers.keyring_support import MemoryKeyring, using_keyring
from tests.ui.conftest import wait_until

KEY = "sk-test-4242424242abcdef"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    with using_keyring(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]


@pytest.fixture
def no_keyring(memory_keyring: MemoryKeyring) -> Iterator[None]:
    with using_keyring(fail.Keyring()):
        yield


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as fake:
        yield fake


class Dialogs:
    """Opens dialogs on one data directory and a session made on the test's loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, data_dir: Path, qtbot: QtBot) -> None:
        self.loop = loop
        self.data_dir = data_dir
        self.qtbot = qtbot
        self.session = self.run(self._new_session())
        self.opened: list[ProvidersDialog] = []

    async def _new_session(self) -> aiohttp.ClientSession:
        return aiohttp.ClientSession()

    async def session_factory(self) -> aiohttp.ClientSession:
        return self.session

    def open(self) -> ProvidersDialog:
        settings = Settings.load(self.data_dir)
        store = SecretStore.in_data_dir(self.data_dir)
        # Not qtbot.addWidget: pytest-qt would delete the dialog before shutdown() ran.
        dialog = ProvidersDialog(settings, store, self.session_factory)
        dialog.show()
        self.opened.append(dialog)
        return dialog

    def run(self, scenario: Awaitable[T], timeout: float = 30.0) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(scenario, timeout))

    def wait(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        self.run(wait_until(condition, timeout), timeout + 5)

    def close(self) -> None:
        for dialog in self.opened:
            self.run(dialog.shutdown())
            dialog.close()
            dialog.deleteLater()
        self.run(self.session.close())
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def dialogs(loop: asyncio.AbstractEventLoop, data_dir: Path, qtbot: QtBot) -> Iterator[Dialogs]:
    opener = Dialogs(loop, data_dir, qtbot)
    yield opener
    opener.close()


def saved_settings(data_dir: Path) -> dict:
    path = data_dir / "settings.json"
    return json.loads(path.read_text()) if path.exists() else {}


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Replace the field's text by typing, then press Enter (as a user finishes an edit)."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def add_from_menu(dialog: ProvidersDialog, label: str) -> str:
    action = next(a for a in dialog.add_menu.actions() if a.text() == label)
    action.trigger()
    return dialog._selected_id()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def files_containing(root: Path, text: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


# -- adding a server and testing it ----------------------------------------------------------


def test_an_added_ollama_server_lists_the_fake_servers_models(
    dialogs: Dialogs, server: FakeOpenAI, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    assert not dialog.isModal()
    assert dialog.windowTitle() == "Models and providers"
    with qtbot.waitSignal(dialog.providersChanged):
        provider_id = add_from_menu(dialog, "Ollama")
    assert provider_id == "ollama"
    assert dialog.form.url_field.text() == "http://localhost:11434/v1"
    type_into(qtbot, dialog.form.url_field, server.base_url)
    assert dialog.isVisible()  # Enter finishes the edit; it does not close the dialog
    saved = saved_settings(dialogs.data_dir)["providers"]
    assert saved == [
        {"id": "ollama", "preset": "ollama", "label": "Ollama", "base_url": server.base_url}
    ]

    qtbot.mouseClick(dialog.form.test_button, Qt.MouseButton.LeftButton)
    result = dialog.form.check_result
    dialogs.wait(lambda: result.property("state") == "ok")
    assert result.textFormat() == Qt.TextFormat.PlainText
    assert result.text().startswith("Connected: 3 models found.")
    assert ", ".join(MODELS) in result.text()
    assert dialog.form.test_button.isEnabled()
    assert [r.path for r in server.requests] == ["/v1/models"]
    # What a test found is offered for the fallback list.
    picker = dialog.fallback_page.model_picker
    offered = [picker.itemText(i) for i in range(picker.count())]
    assert "ollama:llama3.2:3b" in offered


def test_a_test_shows_that_it_is_busy_until_the_answer(
    dialogs: Dialogs, server: FakeOpenAI, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "LM Studio")
    type_into(qtbot, dialog.form.url_field, server.base_url)
    server.queue_models(Behaviour(delay=0.5))
    qtbot.mouseClick(dialog.form.test_button, Qt.MouseButton.LeftButton)
    assert not dialog.form.test_button.isEnabled()
    assert dialog.form.test_button.text() == "Testing…"
    assert dialog.form.check_result.property("state") == "busy"
    assert f"127.0.0.1:{server.port}" in dialog.form.check_result.text()
    dialogs.wait(lambda: dialog.form.check_result.property("state") == "ok")
    assert dialog.form.test_button.text() == "Test connection"


def test_a_failing_server_shows_its_reason_as_plain_text(
    dialogs: Dialogs, server: FakeOpenAI, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "llama.cpp server")
    type_into(qtbot, dialog.form.url_field, server.base_url)
    body = json.dumps({"error": {"message": "<b>model runner</b> crashed"}})
    server.queue_models(Behaviour(kind="status", status=500, body=body))
    qtbot.mouseClick(dialog.form.test_button, Qt.MouseButton.LeftButton)
    result = dialog.form.check_result
    dialogs.wait(lambda: result.property("state") == "error")
    assert "HTTP 500" in result.text()
    assert "<b>model runner</b> crashed" in result.text()  # shown as written, not as markup
    assert result.textFormat() == Qt.TextFormat.PlainText
    assert dialog.form.test_button.isEnabled()


def test_a_refused_port_says_it_cannot_connect(dialogs: Dialogs, qtbot: QtBot) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "Ollama")
    type_into(qtbot, dialog.form.url_field, f"http://127.0.0.1:{closed_port()}/v1")
    qtbot.mouseClick(dialog.form.test_button, Qt.MouseButton.LeftButton)
    result = dialog.form.check_result
    dialogs.wait(lambda: result.property("state") == "error")
    assert result.text().startswith("Cannot connect to Ollama (127.0.0.1)")


def test_each_server_keeps_its_own_last_result(
    dialogs: Dialogs, server: FakeOpenAI, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "Ollama")
    type_into(qtbot, dialog.form.url_field, server.base_url)
    qtbot.mouseClick(dialog.form.test_button, Qt.MouseButton.LeftButton)
    dialogs.wait(lambda: dialog.form.check_result.property("state") == "ok")
    add_from_menu(dialog, "OpenAI")
    assert dialog.form.check_result.isHidden()
    dialog.select_provider("ollama")
    assert dialog.form.check_result.text().startswith("Connected")


# -- API keys ----------------------------------------------------------------------------------


def test_an_api_key_goes_to_the_keyring_and_nowhere_else(
    dialogs: Dialogs,
    memory_keyring: MemoryKeyring,
    qtbot: QtBot,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with FakeOpenAI(api_key=KEY).in_thread() as keyed_server:
        dialog = dialogs.open()
        add_from_menu(dialog, "Custom server…")
        type_into(qtbot, dialog.form.url_field, keyed_server.base_url)
        with qtbot.waitSignal(dialog.providersChanged):
            type_into(qtbot, dialog.form.key_field, KEY)
        dialogs.wait(lambda: dialog.form.key_status.text() == "Saved in the system keyring.")
        assert dialog.form.key_field.text() == ""
        assert dialog.form.forget_key_button.isVisible()
        assert memory_keyring.passwords == {(SERVICE_NAME, api_key_name("custom")): KEY}

        # The test uses the saved key: the keyed server answers.
        qtbot.mouseClick(dialog.form.test_button, Qt.MouseButton.LeftButton)
        dialogs.wait(lambda: dialog.form.check_result.property("state") == "ok")
        assert keyed_server.requests[-1].headers["authorization"] == f"Bearer {KEY}"

    assert KEY not in (dialogs.data_dir / "settings.json").read_text()
    assert files_containing(tmp_path, KEY) == []
    assert KEY not in caplog.text


def test_a_saved_key_is_shown_as_saved_when_the_dialog_opens_again(
    dialogs: Dialogs, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "OpenAI")
    type_into(qtbot, dialog.form.key_field, KEY)
    dialogs.wait(lambda: dialog.form.key_status.text() == "Saved in the system keyring.")

    again = dialogs.open()
    again.select_provider("openai")
    dialogs.wait(lambda: again.form.key_status.text() == "Saved in the system keyring.")
    assert again.form.key_field.text() == ""  # the key itself is never read into the form
    assert again.form.key_field.echoMode() == QLineEdit.EchoMode.Password

    with qtbot.waitSignal(again.providersChanged):
        qtbot.mouseClick(again.form.forget_key_button, Qt.MouseButton.LeftButton)
    assert again.form.key_status.text() == "Not set. This service needs one."
    assert memory_keyring.passwords == {}


def test_without_a_keyring_the_dialog_asks_before_using_the_file(
    dialogs: Dialogs, no_keyring: None, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = dialogs.open()
    add_from_menu(dialog, "OpenRouter")
    type_into(qtbot, dialog.form.key_field, KEY)
    dialogs.wait(lambda: dialog.form.consent_panel.isVisible())
    question = dialog.form.consent_text.text()
    assert "no keyring service" in question
    assert "only your user account can read" in question
    assert "not encrypted" in question
    key_file = dialogs.data_dir / "secrets.json"
    assert not key_file.exists()
    assert saved_settings(dialogs.data_dir)["api_keys_in_file"] is False

    with qtbot.waitSignal(dialog.providersChanged):
        qtbot.mouseClick(dialog.form.store_in_file_button, Qt.MouseButton.LeftButton)
    dialogs.wait(lambda: dialog.form.key_status.text() == "Saved in a file only you can read.")
    assert not dialog.form.consent_panel.isVisible()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert json.loads(key_file.read_text()) == {api_key_name("openrouter"): KEY}
    settings_text = (dialogs.data_dir / "settings.json").read_text()
    assert KEY not in settings_text
    assert json.loads(settings_text)["api_keys_in_file"] is True
    assert KEY not in caplog.text

    # The answer is remembered: the next key goes to the file without a question.
    add_from_menu(dialog, "OpenAI")
    type_into(qtbot, dialog.form.key_field, "sk-second")
    dialogs.wait(lambda: dialog.form.key_status.text() == "Saved in a file only you can read.")
    assert not dialog.form.consent_panel.isVisible()


def test_declining_the_file_stores_the_key_nowhere(
    dialogs: Dialogs, no_keyring: None, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "Google Gemini")
    type_into(qtbot, dialog.form.key_field, KEY)
    dialogs.wait(lambda: dialog.form.consent_panel.isVisible())
    qtbot.mouseClick(dialog.form.decline_file_button, Qt.MouseButton.LeftButton)
    assert not dialog.form.consent_panel.isVisible()
    assert dialog.form.key_status.text() == "Not set. This service needs one."
    assert files_containing(tmp_path, KEY) == []
    assert saved_settings(dialogs.data_dir)["api_keys_in_file"] is False


def test_the_dynaspark_api_takes_a_key_but_its_address_is_fixed(
    dialogs: Dialogs, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    dialog.select_provider("dynaspark-api")
    assert dialog.form.url_field.isReadOnly()
    assert dialog.form.label_field.isReadOnly()
    assert not dialog.remove_button.isEnabled()
    assert dialog.form.test_button.isHidden()
    dialogs.wait(lambda: dialog.form.key_status.text().startswith("Not set: the free"))
    type_into(qtbot, dialog.form.key_field, KEY)
    dialogs.wait(lambda: dialog.form.key_status.text() == "Saved in the system keyring.")
    assert memory_keyring.passwords == {(SERVICE_NAME, api_key_name("dynaspark-api")): KEY}
    dialog.select_provider("dynaspark")
    assert dialog.form.key_field.isHidden()


# -- addresses, removal and saved settings --------------------------------------------------


def test_an_invalid_base_url_is_explained_and_not_saved(dialogs: Dialogs, qtbot: QtBot) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "Ollama")
    type_into(qtbot, dialog.form.url_field, "localhost:11434")
    problem = dialog.form.url_problem
    assert problem.isVisible()
    assert problem.text() == "The base URL must start with http:// or https:// and name a host."
    assert problem.textFormat() == Qt.TextFormat.PlainText
    assert not dialog.form.test_button.isEnabled()
    saved = saved_settings(dialogs.data_dir)["providers"]
    assert saved[0]["base_url"] == "http://localhost:11434/v1"
    # Fixing it clears the complaint at once, before the field is left.
    dialog.form.url_field.home(False)
    qtbot.keyClicks(dialog.form.url_field, "http://")
    assert not problem.isVisible()
    assert dialog.form.test_button.isEnabled()


def test_a_custom_server_is_saved_once_it_has_an_address(
    dialogs: Dialogs, server: FakeOpenAI, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "Custom server…")
    assert dialog.form.url_field.text() == ""
    assert "providers" not in saved_settings(dialogs.data_dir)
    type_into(qtbot, dialog.form.url_field, "http://127.0.0.1:1/v1?x=1")
    assert dialog.form.url_problem.text() == "The base URL must not have a ?query or #fragment."
    assert "providers" not in saved_settings(dialogs.data_dir)
    type_into(qtbot, dialog.form.url_field, server.base_url + "/")
    saved = saved_settings(dialogs.data_dir)["providers"]
    assert saved == [
        {"id": "custom", "preset": "custom", "label": "Custom server", "base_url": server.base_url}
    ]


def test_settings_round_trip(
    dialogs: Dialogs, server: FakeOpenAI, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "Ollama")
    type_into(qtbot, dialog.form.url_field, server.base_url)
    type_into(qtbot, dialog.form.label_field, "Ollama on the desk")
    add_from_menu(dialog, "OpenRouter")
    page = dialog.fallback_page
    for key in ("ollama:llama3.2:3b", "dynaspark:gemini-2.0-flash"):
        page.model_picker.setCurrentText(key)
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    page.model_picker.setCurrentText("nowhere:model")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.model_problem.text() == "No provider called “nowhere” is set up."
    page.fallback_list.setCurrentRow(1)
    with qtbot.waitSignal(dialog.fallbackChanged):
        qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    page.auto_fallback.setChecked(True)
    with qtbot.waitSignal(dialog.proxyChanged):
        type_into(qtbot, page.proxy_field, "socks5://me:hunter2@127.0.0.1:1080")
    assert page.proxy_field.text() == "socks5://me:***@127.0.0.1:1080"
    dialog.close()

    again = dialogs.open()
    rows = [
        again.provider_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(again.provider_list.count())
    ]
    assert [row for row in rows if row] == ["dynaspark", "dynaspark-api", "ollama", "openrouter"]
    again.select_provider("ollama")
    assert again.form.label_field.text() == "Ollama on the desk"
    assert again.form.url_field.text() == server.base_url
    page = again.fallback_page
    assert page.fallback_models == ["dynaspark:gemini-2.0-flash", "ollama:llama3.2:3b"]
    assert page.fallback_list.item(1).text() == "llama3.2:3b  ·  Ollama on the desk"
    assert page.auto_fallback.isChecked()
    dialogs.wait(lambda: page.proxy_field.text() == "socks5://me:***@127.0.0.1:1080")
    saved = saved_settings(dialogs.data_dir)
    # The address in the settings, the password in the keyring.
    assert saved["proxy"] == "socks5://me@127.0.0.1:1080"
    assert memory_keyring.passwords == {(SERVICE_NAME, "proxy-password"): "hunter2"}
    assert again.controller.proxy == "socks5://me:hunter2@127.0.0.1:1080"
    assert saved["auto_fallback"] is True


def test_editing_a_redacted_proxy_keeps_its_password(
    dialogs: Dialogs, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    SecretStore.in_data_dir(dialogs.data_dir).set("proxy-password", "s3cret")
    Settings.load(dialogs.data_dir).set("proxy", "http://me@proxy.example:3128")
    dialog = dialogs.open()
    dialog.tabs.setCurrentIndex(1)
    page = dialog.fallback_page
    # Read from the keyring on the worker thread, then shown masked.
    dialogs.wait(lambda: page.proxy_field.text() == "http://me:***@proxy.example:3128")
    with qtbot.waitSignal(dialog.proxyChanged):
        type_into(qtbot, page.proxy_field, "http://me:***@proxy.example:8080")
    assert saved_settings(dialogs.data_dir)["proxy"] == "http://me@proxy.example:8080"
    assert dialog.controller.proxy == "http://me:s3cret@proxy.example:8080"
    type_into(qtbot, page.proxy_field, "ftp://proxy.example:21")
    assert page.proxy_problem.isVisible()
    assert "only http://, https://, socks5:// and socks4://" in page.proxy_problem.text()
    assert saved_settings(dialogs.data_dir)["proxy"] == "http://me@proxy.example:8080"
    with qtbot.waitSignal(dialog.proxyChanged):
        type_into(qtbot, page.proxy_field, "")
    assert saved_settings(dialogs.data_dir)["proxy"] == ""
    dialogs.wait(lambda: memory_keyring.passwords == {})


def test_removing_a_server_forgets_its_key_and_fallback_models(
    dialogs: Dialogs, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    add_from_menu(dialog, "OpenAI")
    type_into(qtbot, dialog.form.key_field, KEY)
    dialogs.wait(lambda: dialog.form.key_status.text() == "Saved in the system keyring.")
    dialog.controller.set_fallback_models(["openai:gpt-4o", "dynaspark:gemini-1.5-flash"])
    with qtbot.waitSignal(dialog.providersChanged):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    saved = saved_settings(dialogs.data_dir)
    assert saved["providers"] == []
    assert saved["fallback_models"] == ["dynaspark:gemini-1.5-flash"]
    assert dialog.fallback_page.fallback_models == ["dynaspark:gemini-1.5-flash"]
    dialogs.wait(lambda: memory_keyring.passwords == {})
    assert dialog._selected_id() == "dynaspark-api"


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_present_shows_the_dialog_without_blocking(dialogs: Dialogs) -> None:
    dialog = dialogs.open()
    dialog.hide()
    dialog.present()  # returns at once: the loop keeps running
    assert dialog.isVisible()
    assert not dialog.isModal()


def test_without_a_keyring_the_proxy_password_goes_to_a_file_only_after_asking(
    dialogs: Dialogs, no_keyring: None, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    dialog.tabs.setCurrentIndex(1)
    page = dialog.fallback_page
    type_into(qtbot, page.proxy_field, "http://me:hunter2@proxy.example:3128")
    dialogs.wait(page.proxy_consent_panel.isVisible)
    assert "secrets.json" in page.proxy_consent_text.text()
    key_file = dialogs.data_dir / "secrets.json"
    assert not key_file.exists()
    assert saved_settings(dialogs.data_dir)["proxy"] == "http://me@proxy.example:3128"

    with qtbot.waitSignal(dialog.proxyChanged):
        qtbot.mouseClick(page.allow_proxy_file_button, Qt.MouseButton.LeftButton)
    assert not page.proxy_consent_panel.isVisible()
    assert json.loads(key_file.read_text()) == {"proxy-password": "hunter2"}
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert saved_settings(dialogs.data_dir)["api_keys_in_file"] is True
    assert dialog.controller.proxy == "http://me:hunter2@proxy.example:3128"
    assert page.proxy_field.text() == "http://me:***@proxy.example:3128"
    assert b"hunter2" not in (dialogs.data_dir / "settings.json").read_bytes()


def test_a_proxy_password_the_user_would_not_keep_in_a_file_is_not_saved(
    dialogs: Dialogs, no_keyring: None, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    dialog.tabs.setCurrentIndex(1)
    page = dialog.fallback_page
    type_into(qtbot, page.proxy_field, "http://me:hunter2@proxy.example:3128")
    dialogs.wait(page.proxy_consent_panel.isVisible)
    decline = page.findChild(QPushButton, "declineProxyFile")
    assert decline is not None
    with qtbot.waitSignal(dialog.proxyChanged):
        qtbot.mouseClick(decline, Qt.MouseButton.LeftButton)
    assert not page.proxy_consent_panel.isVisible()
    assert page.proxy_problem.isVisible()
    assert "not saved" in page.proxy_problem.text()
    assert not (dialogs.data_dir / "secrets.json").exists()
    assert saved_settings(dialogs.data_dir)["api_keys_in_file"] is False
    assert dialog.controller.proxy == "http://me@proxy.example:3128"
    assert b"hunter2" not in (dialogs.data_dir / "settings.json").read_bytes()
    # The mask left in the field stands for the password there is (none): nothing to save.
    type_into(qtbot, page.proxy_field, "http://me:***@proxy.example:3128")
    assert not page.proxy_consent_panel.isVisible()
    assert saved_settings(dialogs.data_dir)["proxy"] == "http://me@proxy.example:3128"


def test_a_proxy_password_with_url_characters_is_saved_whole(
    dialogs: Dialogs, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    dialog.tabs.setCurrentIndex(1)
    page = dialog.fallback_page
    with qtbot.waitSignal(dialog.proxyChanged):
        type_into(qtbot, page.proxy_field, "http://me:a/?#@:%b@proxy.example:3128")
    assert not page.proxy_problem.isVisible()
    assert saved_settings(dialogs.data_dir)["proxy"] == "http://me@proxy.example:3128"
    dialogs.wait(lambda: memory_keyring.passwords == {(SERVICE_NAME, "proxy-password"): "a/?#@:%b"})
    # A malformed address is the proxy's problem, said in words about the proxy.
    type_into(qtbot, page.proxy_field, "http://me:a/?#@:%b@[::1:3128")
    assert page.proxy_problem.isVisible()
    shown = page.proxy_problem.text()
    assert "Check the proxy setting" in shown
    assert "endpoint" not in shown
    assert "a/?#" not in shown
    assert saved_settings(dialogs.data_dir)["proxy"] == "http://me@proxy.example:3128"


def test_requests_at_once_show_each_providers_default_and_save_only_a_change(
    dialogs: Dialogs, qtbot: QtBot
) -> None:
    dialog = dialogs.open()
    field = dialog.form.concurrency_field
    dialog.select_provider("dynaspark-api")
    assert field.value() == 10  # the service's own limit
    assert dialog.form.concurrency_default.text() == "default: 10"
    ollama = add_from_menu(dialog, "Ollama")
    assert field.value() == 1  # a server on this computer: one at a time
    assert saved_settings(dialogs.data_dir)["concurrent_requests"] == []  # the defaults

    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "3")
    assert saved_settings(dialogs.data_dir)["concurrent_requests"] == [
        {"provider": ollama, "limit": 3}
    ]
    dialog.select_provider("dynaspark-api")
    dialog.select_provider(ollama)
    assert field.value() == 3

    field.selectAll()
    qtbot.keyClicks(field, "1")  # back to the default: nothing kept for it
    assert saved_settings(dialogs.data_dir)["concurrent_requests"] == []

    field.selectAll()
    qtbot.keyClicks(field, "2")
    with qtbot.waitSignal(dialog.providersChanged):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert saved_settings(dialogs.data_dir)["concurrent_requests"] == []  # gone with it
