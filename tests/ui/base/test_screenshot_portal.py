"""The desktop portal's Screenshot, asked over a private D-Bus session bus of a stand-in
portal (tests/fakes/screenshot_portal.py): the answer's file, an older portal's own Request
path, a portal that never answers (given up on, its picker closed), an answer that is no
local file, and no session bus at all. Which route a session takes is checked here too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base.screen_capture import CaptureRoute, capture_route
from tests.fakes import screenshot_portal as fake


@pytest.mark.parametrize(
    ("platform", "session", "route"),
    [
        ("xcb", "x11", CaptureRoute.GRAB),
        ("xcb", "", CaptureRoute.GRAB),
        ("wayland", "wayland", CaptureRoute.PORTAL),
        ("wayland", "", CaptureRoute.PORTAL),
        ("xcb", "wayland", CaptureRoute.PORTAL),  # XWayland: X11's grab sees only our windows
        ("offscreen", "x11", CaptureRoute.NONE),
        ("minimal", "", CaptureRoute.NONE),
    ],
)
def test_the_route_follows_the_platform_and_the_session(
    platform: str, session: str, route: CaptureRoute
) -> None:
    assert capture_route(platform, {"XDG_SESSION_TYPE": session}) is route


@pytest.fixture
def bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if not fake.has_dbus_daemon():
        pytest.skip("dbus-daemon is not installed (Debian: apt-get install dbus-daemon)")
    pytest.importorskip("jeepney")
    with fake.private_bus(tmp_path) as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


def _outcome(qtbot: QtBot, answer_limit: float = 10.0) -> list[tuple[str, object]]:
    from dynaspark_desktop.ui.base.screenshot_portal import PortalScreenshot

    portal = PortalScreenshot(answer_limit=answer_limit)
    said: list[tuple[str, object]] = []
    portal.captured.connect(lambda path: said.append(("captured", path)))
    portal.failed.connect(lambda text, cancelled: said.append((text, cancelled)))
    portal.start()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    qtbot.wait(50)  # nothing more is said
    assert not portal.waiting
    return said


def test_an_older_portal_answering_on_a_path_of_its_own_is_heard(
    qtbot: QtBot, bus: str, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"a file the portal wrote")
    with fake.fake_portal(bus, 0, shot.as_uri(), legacy=True):
        said = _outcome(qtbot)
    assert said == [("captured", str(shot))]


def test_a_portal_that_never_answers_is_given_up_and_its_picker_closed(
    qtbot: QtBot, bus: str
) -> None:
    with fake.fake_portal(bus, -1) as portal:
        said = _outcome(qtbot, answer_limit=0.3)
        qtbot.wait(100)  # the Close call reaches the portal
        seen = fake.calls(portal)
    assert said == [
        ("The desktop portal did not answer in time; the screen was not captured.", False)
    ]
    assert [call["call"] for call in seen] == ["Screenshot", "org.freedesktop.portal.Request.Close"]


def test_an_answer_that_is_no_local_file_is_refused(qtbot: QtBot, bus: str) -> None:
    with fake.fake_portal(bus, 0, "https://example.invalid/shot.png"):
        said = _outcome(qtbot)
    assert said == [("The desktop portal could not take the screenshot.", False)]


def test_without_a_session_bus_the_user_is_told(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus-here'}")
    said = _outcome(qtbot)
    assert len(said) == 1
    assert "no D-Bus session bus" in str(said[0][0])
