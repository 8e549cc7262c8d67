"""A stand-in for the XDG desktop portal's Screenshot interface, on a private D-Bus session
bus, and that bus itself.

The service (run as ``python -m tests.fakes.screenshot_portal ADDRESS CODE URI``, written
with jeepney, a pure-Python D-Bus library that keyring brings on Linux) owns
``org.freedesktop.portal.Desktop`` and answers ``Screenshot(parent_window, options)`` as the
real portal does: with the Request object's path (``.../request/<caller>/<handle_token>``),
then that object's ``Response(CODE, {"uri": URI})`` signal. ``CODE`` -1 never answers (a
portal that hangs); a fourth argument ``legacy`` answers as portals before 0.9 did, on a
Request path of its own choosing. Each call is written to stdout as a JSON line, for the
tests to read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVICE = "org.freedesktop.portal.Desktop"
READY = "ready"


def serve(address: str, code: int, uri: str, *, legacy: bool = False) -> None:
    from jeepney import (
        DBusAddress,
        HeaderFields,
        MessageType,
        new_error,
        new_method_return,
        new_signal,
    )
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    connection = open_dbus_connection(bus=address)
    connection.send_and_get_reply(message_bus.RequestName(SERVICE))
    print(READY, flush=True)
    while True:
        message = connection.receive()
        header = message.header
        if header.message_type != MessageType.method_call:
            continue
        interface = header.fields.get(HeaderFields.interface)
        member = header.fields.get(HeaderFields.member)
        if (interface, member) != ("org.freedesktop.portal.Screenshot", "Screenshot"):
            print(json.dumps({"call": f"{interface}.{member}"}), flush=True)
            connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))
            continue
        parent_window, options = message.body
        print(
            json.dumps(
                {
                    "call": "Screenshot",
                    "parent_window": parent_window,
                    "options": {name: value for name, (_sig, value) in options.items()},
                }
            ),
            flush=True,
        )
        caller = header.fields[HeaderFields.sender].removeprefix(":").replace(".", "_")
        token = options["handle_token"][1]
        handle = f"/org/freedesktop/portal/desktop/request/{caller}/{token}"
        if legacy:
            handle = "/org/freedesktop/portal/desktop/request/legacy_1"
        connection.send(new_method_return(message, "o", (handle,)))
        if legacy:
            time.sleep(0.3)  # such a portal is only safe when the user takes a moment
        if code >= 0:
            request = DBusAddress(handle, interface="org.freedesktop.portal.Request")
            results = {"uri": ("s", uri)} if code == 0 else {}
            connection.send(new_signal(request, "Response", "ua{sv}", (code, results)))


@contextmanager
def private_bus(folder: Path) -> Iterator[str]:
    """A D-Bus session bus of our own (``dbus-daemon`` must be installed); yields its
    address."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "HOME": str(folder)},
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon gave no address"
        yield address
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
        if daemon.stdout is not None:
            daemon.stdout.close()


@contextmanager
def fake_portal(
    address: str, code: int, uri: str = "", *, legacy: bool = False
) -> Iterator[subprocess.Popen[str]]:
    """The stand-in portal on the bus at ``address``, answering ``code`` (and ``uri``); its
    stdout has a JSON line per call once the test is done with it."""
    root = Path(__file__).resolve().parents[2]
    service = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.screenshot_portal", address, str(code), uri]
        + (["legacy"] if legacy else []),
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
    )
    try:
        assert service.stdout is not None
        assert service.stdout.readline().strip() == READY, "the fake portal did not start"
        yield service
    finally:
        service.terminate()
        service.wait(timeout=10)
        if service.stdout is not None:
            service.stdout.close()


def has_dbus_daemon() -> bool:
    return shutil.which("dbus-daemon") is not None


def calls(service: subprocess.Popen[str]) -> list[dict[str, object]]:
    """The calls a stopped fake portal saw."""
    service.terminate()
    service.wait(timeout=10)
    assert service.stdout is not None
    lines = service.stdout.read().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), sys.argv[3], legacy=sys.argv[4:] == ["legacy"])
