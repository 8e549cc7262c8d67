"""At rest the app loads nothing it does not need yet (issue 18): no keyring when no key was
stored, no network stack and no Markdown before something is typed. Each case runs the real
app in a child process (offscreen) until its start-up work is done (first paint, history,
the model catalog built and listed), then reports what it imported.

The child never sees the user's keyring: where no key is stored it gets keyring's failing
backend (should the app regress and load keyring, nothing real is touched); where one is, a
recording in-memory backend from tests/providers/keyring_support.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dynaspark_desktop.core.secrets import SERVICE_NAME
from dynaspark_desktop.providers.presets import api_key_name

REPO_ROOT = Path(__file__).resolve().parents[2]
WATCHED = (
    "keyring",
    "aiohttp",
    "aiohttp_socks",
    "markdown_it",
    "mdit_py_plugins",
    "pygments",
    "ziamath",
    "PIL",
    # The renderer and its parts come with the first answer, not with the message widgets.
    "dynaspark_desktop.core.markdown.render",
    "dynaspark_desktop.core.markdown.extensions",
    "dynaspark_desktop.core.markdown.highlight",
    # Asking about the screen: its capture, its overlay and D-Bus load when the user asks.
    "PySide6.QtDBus",
    "dynaspark_desktop.ui.base.screen_capture",
    "dynaspark_desktop.ui.widgets.region_overlay",
)
KEY_NAME = api_key_name("dynaspark-api")
KEY = "dsk-own-0123456789abcdefLAZY"

PROBE = r"""
import asyncio
import json
import sys
from pathlib import Path

data_dir, planted = Path(sys.argv[1]), json.loads(sys.argv[2])
watched = json.loads(sys.argv[3])
asked = []
if planted is not None:
    import keyring

    from tests.providers.keyring_support import MemoryKeyring

    class Recording(MemoryKeyring):
        def get_password(self, service, username):
            asked.append(username)
            return super().get_password(service, username)

    backend = Recording()
    backend.passwords.update({(service, name): value for service, name, value in planted})
    keyring.set_keyring(backend)

import qasync
from PySide6.QtWidgets import QApplication

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.options import Options
from dynaspark_desktop.ui.base import warm_up

qt_app = QApplication(sys.argv[:1])
loop = qasync.QEventLoop(qt_app)
asyncio.set_event_loop(loop)
desktop = DesktopApp(Options(data_dir=data_dir), route_qt_messages=False)
listed = []
desktop.history.conversationsChanged.connect(listed.append)


def image_format_plugins():
    # Qt's image-format plugins mapped into this process (Linux; elsewhere none are seen).
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            return sorted({line.split("/")[-1].strip() for line in maps if "imageformats" in line})
    except OSError:
        return []


async def until(condition):
    while not condition():
        await asyncio.sleep(0.02)


async def scenario():
    running = asyncio.ensure_future(desktop.run())
    await until(lambda: desktop.models is not None)
    catalog = desktop.chat.catalog
    await catalog.ready()
    await until(lambda: not any(group.loading for group in catalog.groups()))
    await until(lambda: bool(listed))  # the history is open and the sidebar listed
    await asyncio.sleep(0.3)  # anything start-up queued after that has run too
    report = {
        "at_rest": [name for name in watched if name in sys.modules],
        "asked": asked,
        "own_key": catalog.registry.get("dynaspark-api")._api_key,
        "warm_up_started": warm_up.started(),
        "image_format_plugins": image_format_plugins(),
    }
    desktop.window.composer.setPlainText("Hello")  # the first keystroke
    await warm_up.network_ready()
    report["after_typing"] = [name for name in watched if name in sys.modules]
    desktop.request_quit()
    await running
    print("REPORT " + json.dumps(report), flush=True)


loop.run_until_complete(scenario())
"""


def run_app_to_rest(
    tmp_path: Path, data_dir: Path, planted: list[tuple[str, str, str]] | None
) -> dict[str, object]:
    home = tmp_path / "home"
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        # Only ever used if the app loads keyring where it must not: nothing real answers.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir), json.dumps(planted), json.dumps(WATCHED)],
        capture_output=True,
        text=True,
        timeout=90,
        env=environment,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, result.stdout + result.stderr
    return json.loads(lines[-1].removeprefix("REPORT "))


def write_settings(data_dir: Path, **values: object) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps(values), encoding="utf-8")


def saved_settings(data_dir: Path) -> dict[str, object]:
    return json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", ["new", "listing no key"])
def test_at_rest_without_a_key_nothing_heavy_is_loaded(tmp_path: Path, folder: str) -> None:
    data_dir = tmp_path / "appdata"
    if folder == "listing no key":
        write_settings(data_dir, keyring_names=[], keyring_names_known=True, model="gpt-4o")

    report = run_app_to_rest(tmp_path, data_dir, planted=None)

    assert report["at_rest"] == []
    # The icons are read as PNG by name: Qt loads no image-format plugin to sniff them.
    assert report["image_format_plugins"] == []
    assert report["warm_up_started"] is False
    # The first keystroke loads the network stack (off the UI thread), ready for a Send.
    assert {"aiohttp", "aiohttp_socks"} <= set(report["after_typing"])  # type: ignore[arg-type]
    assert "keyring" not in report["after_typing"]  # type: ignore[operator]
    # The new folder's list is saved as known (and empty) for the next start.
    assert saved_settings(data_dir)["keyring_names_known"] is True


def test_a_server_to_list_loads_the_network_stack_and_nothing_more(tmp_path: Path) -> None:
    data_dir = tmp_path / "appdata"
    # Nothing listens on port 9: the listing fails at once, after aiohttp was needed for it.
    server = {"id": "far", "preset": "custom", "label": "Far", "base_url": "http://127.0.0.1:9/v1"}
    write_settings(data_dir, keyring_names=[], keyring_names_known=True, providers=[server])

    report = run_app_to_rest(tmp_path, data_dir, planted=None)

    assert report["at_rest"] == ["aiohttp", "aiohttp_socks"]


def test_a_key_the_settings_list_is_read_from_the_keyring(tmp_path: Path) -> None:
    data_dir = tmp_path / "appdata"
    write_settings(data_dir, keyring_names=[KEY_NAME], keyring_names_known=True)

    report = run_app_to_rest(tmp_path, data_dir, planted=[(SERVICE_NAME, KEY_NAME, KEY)])

    assert report["asked"] == [KEY_NAME]
    assert report["own_key"] == KEY


def test_settings_of_an_older_version_ask_the_keyring_once_and_list_what_it_holds(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "appdata"
    # An older version's settings: no list of what is in the keyring, a proxy without a user.
    write_settings(data_dir, model="gpt-4o", proxy="http://127.0.0.1:9")

    report = run_app_to_rest(tmp_path, data_dir, planted=[(SERVICE_NAME, KEY_NAME, KEY)])

    assert report["asked"] == [KEY_NAME]  # every configured provider's key: here the one
    assert report["own_key"] == KEY
    saved = saved_settings(data_dir)
    assert saved["keyring_names"] == [KEY_NAME]
    assert saved["keyring_names_known"] is True
