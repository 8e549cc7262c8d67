"""Keys and passwords that a server echoes back never reach a file: through the real window,
a key quoted in a 401 (or in an answer) is masked in what is shown, and appears in no file
under the data folder (settings, the log, the history database and its write-ahead log)
and in no export (Markdown, JSON, zip)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.secrets import SERVICE_NAME
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.presets import api_key_name
from tests.fakes.dynaspark_api_server import FakeDynasparkApi
from tests.fakes.echo_proxy import EchoingProxy
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.providers.keyring_support import MemoryKeyring, store_secret
from tests.ui.conftest import HISTORY_DATABASE, Harness, ask_and_wait, saved_rows, wait_until

OPENAI_KEY = "sk-wrong-0123456789abcdefECHOED"
API_KEY = "dsk-own-9876543210fedcbaECHOED"


def files_under(*roots: Path) -> list[Path]:
    return [path for root in roots for path in sorted(root.rglob("*")) if path.is_file()]


def assert_in_no_file(secret: str, files: Iterable[Path]) -> None:
    checked = 0
    for path in files:
        assert secret.encode() not in path.read_bytes(), f"the secret is in {path}"
        checked += 1
    assert checked, "no file was checked"


def saved_errors(data_dir: Path) -> list[str]:
    connection = sqlite3.connect(data_dir / HISTORY_DATABASE)
    try:
        rows = connection.execute("SELECT error FROM messages WHERE state = 'failed'")
        return [error for (error,) in rows.fetchall()]
    finally:
        connection.close()


def log_text(data_dir: Path) -> str:
    return "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in files_under(data_dir / "logs")
    )


async def export_everything(app: DesktopApp, folder: Path) -> list[Path]:
    """The conversation shown as Markdown and JSON, and the whole history as a zip, as the
    window's export actions write them."""
    conversation_id = app.chat.conversation.id
    assert conversation_id is not None
    markdown = await app.history.export_markdown(conversation_id, folder / "chat.md")
    as_json = await app.history.export_json(conversation_id, folder / "chat.json")
    everything = folder / "all.zip"
    assert await app.history.export_all(everything) == 1
    return [markdown, as_json, everything]


def assert_zip_holds_the_masked_error(archive: Path, masked: str) -> None:
    import zipfile

    with zipfile.ZipFile(archive) as opened:
        texts = [opened.read(name).decode("utf-8") for name in opened.namelist()]
    assert any(masked in text for text in texts)


async def saved_failure(data_dir: Path) -> list[str]:
    await wait_until(lambda: bool(saved_errors(data_dir)))
    return saved_errors(data_dir)


def test_a_key_echoed_in_a_401_is_masked_and_written_nowhere(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    store_secret(harness.data_dir, api_key_name("local"), OPENAI_KEY)
    exports = tmp_path / "exports"
    exports.mkdir()
    masked = "Incorrect API key provided: ***"

    with FakeOpenAI(api_key="sk-the-right-one-000000", echo_key=True).in_thread() as server:
        app = harness.start_app_with_server(server.base_url, preset="custom")

        async def scenario() -> list[Path]:
            await ask_and_wait(qtbot, app, "Are you there?")
            (turn,) = app.chat.conversation.turns
            assert turn.state is TurnState.FAILED
            errors = await saved_failure(harness.data_dir)
            # While the app runs: the database's write-ahead log holds the newest writes.
            assert any(path.name.endswith("-wal") for path in files_under(harness.data_dir))
            assert_in_no_file(OPENAI_KEY, files_under(harness.data_dir))
            assert errors == [turn.error]
            return await export_everything(app, exports)

        written = harness.run(scenario())
        # The server did quote the key it was sent: what the window shows is masked.
        assert server.requests[-1].headers["authorization"] == f"Bearer {OPENAI_KEY}"
        (turn,) = app.chat.conversation.turns
        assert masked in turn.error
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        assert masked in widget.error_label.text()
        # The model list was refused with the same echo: the picker shows it masked.
        problems = [group.problem for group in app.models.catalog.groups() if group.problem]
        assert any(masked in problem for problem in problems)
    harness.close_all()

    assert masked in log_text(harness.data_dir)
    assert_zip_holds_the_masked_error(written[2], masked)
    assert masked in written[0].read_text(encoding="utf-8")
    assert_in_no_file(OPENAI_KEY, [*files_under(harness.data_dir), *files_under(exports)])


def test_a_key_echoed_in_an_answer_is_masked_in_the_history_and_exports(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    store_secret(harness.data_dir, api_key_name("local"), OPENAI_KEY)
    exports = tmp_path / "exports"
    exports.mkdir()

    with FakeOpenAI(api_key=OPENAI_KEY).in_thread() as server:
        # Streamed in word-sized pieces: the key arrives in a piece of its own.
        server.queue_chat(Behaviour(answer=f"Your key is {OPENAI_KEY} as sent"))
        app = harness.start_app_with_server(server.base_url, preset="custom")

        async def scenario() -> list[Path]:
            await ask_and_wait(qtbot, app, "Which key?")
            saved = ("assistant", "Your key is *** as sent", "answered")
            await wait_until(lambda: saved in saved_rows(harness.data_dir))
            return await export_everything(app, exports)

        written = harness.run(scenario())
        (turn,) = app.chat.conversation.turns
        assert turn.state is TurnState.ANSWERED
        assert turn.answer == "Your key is *** as sent"
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        assert widget.answer_view.toPlainText().strip() == "Your key is *** as sent"
    harness.close_all()

    assert "Your key is *** as sent" in written[0].read_text(encoding="utf-8")
    assert_in_no_file(OPENAI_KEY, [*files_under(harness.data_dir), *files_under(exports)])


def test_the_dynaspark_api_key_echoed_by_the_api_is_written_nowhere(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    store_secret(harness.data_dir, api_key_name("dynaspark-api"), API_KEY)
    exports = tmp_path / "exports"
    exports.mkdir()

    with FakeDynasparkApi(echo_key=True).in_thread() as server:
        Settings.load(harness.data_dir).set("api_endpoint", server.base_url)
        app = harness.start_app(model="dynaspark-api:mistral")

        async def scenario() -> list[Path]:
            await ask_and_wait(qtbot, app, "Hello API")
            # /imagine asks the same API with the same key.
            await ask_and_wait(qtbot, app, "/imagine a lighthouse")
            await wait_until(lambda: len(saved_errors(harness.data_dir)) == 2)
            assert_in_no_file(API_KEY, files_under(harness.data_dir))
            return await export_everything(app, exports)

        written = harness.run(scenario())
        sent = [request.query.get("api_key") for request in server.requests]
        assert sent == [API_KEY, API_KEY]
        turns = app.chat.conversation.turns
        assert [turn.state for turn in turns] == [TurnState.FAILED, TurnState.FAILED]
        for turn in turns:
            assert "Invalid API key ***" in turn.error
    harness.close_all()

    assert "Invalid API key ***" in log_text(harness.data_dir)
    assert "Invalid API key ***" in written[1].read_text(encoding="utf-8")
    assert_in_no_file(API_KEY, [*files_under(harness.data_dir), *files_under(exports)])


PROXY_PASSWORD = "hunter2-proxy-pass"
# A remote address, so the proxy is used; nothing resolves it (see _offline_session).
REMOTE_ENDPOINT = "http://dynaspark.example/generate_response"


async def _offline_session(app: DesktopApp) -> None:
    """The app's HTTP session, with a resolver that refuses every name: the remote endpoint
    is reached only through the local proxy, and nothing leaves this machine."""
    import aiohttp

    from tests.providers.support import NoSuchHost

    await wait_until(lambda: app.models is not None)
    assert app.chat.catalog is not None
    await app.chat.catalog.ready()
    connector = aiohttp.TCPConnector(resolver=NoSuchHost())
    app.chat._http.current = aiohttp.ClientSession(connector=connector, trust_env=False)


def test_a_plain_text_proxy_password_moves_to_the_keyring_and_its_echo_is_written_nowhere(
    harness: Harness, qtbot: QtBot, tmp_path: Path, private_keyring: MemoryKeyring
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    with EchoingProxy().in_thread() as proxy:
        address = f"http://alice@127.0.0.1:{proxy.port}"
        # As an earlier version saved it: the password in the settings file.
        Settings.load(harness.data_dir).set("proxy", address.replace("@", f":{PROXY_PASSWORD}@"))
        app = harness.start_app(endpoint=REMOTE_ENDPOINT)

        async def first_run() -> list[Path]:
            await _offline_session(app)
            await ask_and_wait(qtbot, app, "Through the proxy?")
            await saved_failure(harness.data_dir)
            return await export_everything(app, exports)

        written = harness.run(first_run())
        assert proxy.credentials == [f"alice:{PROXY_PASSWORD}"]
        assert proxy.targets == [REMOTE_ENDPOINT]
        (turn,) = app.chat.conversation.turns
        assert "Upstream refused the request of alice:***" in turn.error
        # Moved: the settings keep the address, the keyring the password.
        assert json.loads((harness.data_dir / "settings.json").read_text())["proxy"] == address
        assert private_keyring.passwords[(SERVICE_NAME, "proxy-password")] == PROXY_PASSWORD
        harness.close_all()

        # The next start reads the password from the keyring and still uses it.
        again = harness.start_app(endpoint=REMOTE_ENDPOINT)

        async def second_run() -> None:
            await _offline_session(again)
            await ask_and_wait(qtbot, again, "Still through the proxy?")
            await wait_until(lambda: len(saved_errors(harness.data_dir)) == 2)

        harness.run(second_run())
        assert proxy.credentials[-1] == f"alice:{PROXY_PASSWORD}"
        assert again.chat.proxy == address.replace("@", f":{PROXY_PASSWORD}@")
    harness.close_all()

    assert "Upstream refused the request of alice:***" in written[0].read_text(encoding="utf-8")
    assert "alice:***" in log_text(harness.data_dir)
    assert_in_no_file(PROXY_PASSWORD, [*files_under(harness.data_dir), *files_under(exports)])


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_proxy_typed_in_the_window_is_used_with_its_password_kept_in_the_keyring(
    harness: Harness, qtbot: QtBot, private_keyring: MemoryKeyring
) -> None:
    from tests.providers.support import closed_port
    from tests.ui.provider_setup.test_providers_dialog import type_into

    app = harness.start_app()
    # Nobody listens there: nothing leaves this machine, whatever is listed again.
    address = f"http://alice@127.0.0.1:{closed_port()}"
    typed = address.replace("@", f":{PROXY_PASSWORD}@")

    async def scenario() -> None:
        await wait_until(lambda: app.models is not None)
        assert app.models is not None
        app.models.open_providers()
        dialog = app.models.providers_dialog
        assert dialog is not None
        dialog.tabs.setCurrentIndex(1)
        type_into(qtbot, dialog.fallback_page.proxy_field, typed)
        try:
            await wait_until(lambda: app.chat.proxy == typed)
        except AssertionError:
            raise AssertionError(f"{app.chat.proxy!r} {typed!r}") from None
        assert dialog.fallback_page.proxy_field.text() == address.replace("@", ":***@")

    harness.run(scenario())
    assert json.loads((harness.data_dir / "settings.json").read_text())["proxy"] == address
    assert private_keyring.passwords[(SERVICE_NAME, "proxy-password")] == PROXY_PASSWORD
    harness.close_all()
    assert_in_no_file(PROXY_PASSWORD, files_under(harness.data_dir))


AWKWARD_PROXY_PASSWORD = "a/b?c#d@e:f%40g-proxy"


def test_a_proxy_password_with_url_characters_authenticates_and_is_written_nowhere(
    harness: Harness, qtbot: QtBot, private_keyring: MemoryKeyring
) -> None:
    """Through the window and a local proxy that checks Basic credentials: the answer comes
    back, the proxy got the password exactly as typed, and no file holds it (as typed or
    percent-encoded, as the proxy URL carries it)."""
    from urllib.parse import quote

    from tests.fakes.auth_proxy import BasicAuthProxy

    proxy_server = BasicAuthProxy(harness.server.port, "alice", AWKWARD_PROXY_PASSWORD)
    with proxy_server.in_thread() as proxy:
        address = f"http://alice@127.0.0.1:{proxy.port}"
        typed = address.replace("@", f":{AWKWARD_PROXY_PASSWORD}@")
        Settings.load(harness.data_dir).set("proxy", typed)
        app = harness.start_app(endpoint=REMOTE_ENDPOINT)

        async def scenario() -> None:
            await _offline_session(app)
            await ask_and_wait(qtbot, app, "Through the office proxy?")

        harness.run(scenario())
        (turn,) = app.chat.conversation.turns
        assert turn.state is TurnState.ANSWERED, turn.error
        assert proxy.credentials == [f"alice:{AWKWARD_PROXY_PASSWORD}"]
        assert proxy.targets == [REMOTE_ENDPOINT]
    harness.close_all()
    for form in (AWKWARD_PROXY_PASSWORD, quote(AWKWARD_PROXY_PASSWORD, safe="")):
        assert_in_no_file(form, files_under(harness.data_dir))
