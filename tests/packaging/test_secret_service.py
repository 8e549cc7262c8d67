"""The keyring's Secret Service backend with the bundle's cryptography shim, against a real
Secret Service (GNOME Keyring on a private D-Bus session bus, in a temporary home): a key
it stores is read back by the real ``cryptography`` and the other way round, over sessions
encrypted as the service requires (Diffie-Hellman, AES-128-CBC).

Needs ``dbus-daemon`` and ``gnome-keyring-daemon`` (Debian: dbus-daemon, gnome-keyring;
.ci/run installs them); skipped without."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING

pytest.importorskip("secretstorage")
pytest.importorskip("cryptography")

pytestmark = [
    pytest.mark.skipif(
        shutil.which("dbus-daemon") is None or shutil.which("gnome-keyring-daemon") is None,
        reason="needs dbus-daemon and gnome-keyring-daemon",
    ),
    pytest.mark.timeout(90),
]

# Run in a child process: with_shim puts the shim first, as the bundle's runtime hook does
# (the bundle has no real cryptography at all); otherwise the real library answers.
CLIENT = r"""
import json, sys
packaging, with_shim, action, secret = sys.argv[1:5]
if with_shim == "shim":
    sys.path.insert(0, packaging)
    import cryptography_shim
    sys.meta_path.insert(0, cryptography_shim.ShimFinder())
import cryptography
import secretstorage
from keyring.backends import SecretService
backend = SecretService.Keyring()
if action == "set":
    backend.set_password("dynaspark-desktop-test", "provider", secret)
connection = secretstorage.dbus_init()
encrypted = secretstorage.util.open_session(connection).encrypted
print(json.dumps({"cryptography": cryptography.__version__, "encrypted": encrypted,
    "read": backend.get_password("dynaspark-desktop-test", "provider")}))
"""


@pytest.fixture
def secret_service(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a private session bus with GNOME Keyring's secrets on it, its
    login keyring created and unlocked, everything under ``tmp_path``."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    environment = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    environment.pop("PYTHON_KEYRING_BACKEND", None)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
    )
    keyring_daemon = None
    try:
        assert bus.stdout is not None
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment,
        )
        assert keyring_daemon.stdin is not None
        keyring_daemon.stdin.write(b"test keyring password")  # the login keyring's, new
        keyring_daemon.stdin.close()
        _wait_for_the_service(environment)
        yield environment
    finally:
        for process in (keyring_daemon, bus):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)
        if bus.stdout is not None:
            bus.stdout.close()


def _wait_for_the_service(environment: dict[str, str]) -> None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    deadline = time.monotonic() + 20
    with open_dbus_connection(bus=environment["DBUS_SESSION_BUS_ADDRESS"]) as connection:
        while time.monotonic() < deadline:
            reply = connection.send_and_get_reply(
                message_bus.NameHasOwner("org.freedesktop.secrets")
            )
            if reply.body[0]:
                return
            time.sleep(0.05)
    raise AssertionError("GNOME Keyring did not come up on the private bus")


def _client(environment: dict[str, str], cryptography: str, action: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", CLIENT, str(PACKAGING), cryptography, action, "sk-ключ-123"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_a_key_stored_through_the_shim_is_read_by_cryptography(
    secret_service: dict[str, str],
) -> None:
    stored = _client(secret_service, "shim", "set")
    assert stored == {"cryptography": "0+shim", "encrypted": True, "read": "sk-ключ-123"}
    read = _client(secret_service, "real", "get")
    assert read["cryptography"] != "0+shim"
    assert (read["encrypted"], read["read"]) == (True, "sk-ключ-123")


def test_a_key_stored_through_cryptography_is_read_by_the_shim(
    secret_service: dict[str, str],
) -> None:
    assert _client(secret_service, "real", "set")["read"] == "sk-ключ-123"
    assert _client(secret_service, "shim", "get") == {
        "cryptography": "0+shim",
        "encrypted": True,
        "read": "sk-ключ-123",
    }
