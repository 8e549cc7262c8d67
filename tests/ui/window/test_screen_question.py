"""Ask about the screen, through the real window.

X11: the real app on Qt's xcb platform in a child process, on an Xvfb of its own
(``x11_screen_child.py``): Ctrl+Shift+S hides the window, the overlay shows the frozen
screen, a synthetic drag chooses a region, and the attached image is that region, pixel for
pixel. Wayland: the window in this process, in a session that says it is Wayland, against a
stand-in portal on a private D-Bus bus (``tests/fakes/screenshot_portal.py``). Where neither
route exists (offscreen), the notice bar says so and the question typed stays.

Xvfb, Qt's X11 libraries and dbus-daemon are system packages (.ci/run installs them); each
test is skipped, with the reason, where its package is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.platform_check import XCB_LIBRARIES, missing_libraries
from dynaspark_desktop.ui.window.screen_question import ScreenQuestion
from tests.fakes import screenshot_portal as fake
from tests.ui.conftest import Harness, wait_until

REPO_ROOT = Path(__file__).resolve().parents[3]
QUESTION = "What is in this picture?"


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """An Xvfb on a free display (it picks the number itself: -displayfd)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian: apt-get install xvfb; .ci/run does)")
    missing = missing_libraries({"QT_QPA_PLATFORM": "xcb"}, libraries=({}, XCB_LIBRARIES))
    if missing:
        packages = " ".join(sorted({package.debian for package in missing.values()}))
        pytest.skip(f"Qt's X11 plugin lacks libraries (Debian: apt-get install {packages})")
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert server.stdout is not None
        number = server.stdout.readline().strip()
        assert number.isdigit(), "Xvfb did not say its display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@pytest.mark.parametrize("scale", [1, 2])
def test_x11_a_dragged_region_of_the_screen_is_attached_pixel_for_pixel(
    x_display: str, tmp_path: Path, scale: int
) -> None:
    home = tmp_path / "home"
    overlay_png = tmp_path / "overlay.png"
    environment = {
        **os.environ,
        "DISPLAY": x_display,
        "QT_QPA_PLATFORM": "xcb",
        "QT_SCALE_FACTOR": str(scale),  # 2: a HiDPI screen, two device pixels to a point
        "XDG_SESSION_TYPE": "x11",
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    environment.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.window.x11_screen_child",
            str(tmp_path / "appdata"),
            str(overlay_png),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        cwd=REPO_ROOT,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("REPORT ")]
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines, result.stdout + result.stderr
    report = json.loads(lines[-1].removeprefix("REPORT "))

    assert report["platform"] == "xcb"
    # Esc first: the window came back with the question as it was, nothing attached.
    assert report["after_escape"] == {
        "notice": "The screen capture was cancelled; nothing was attached.",
        "attached": False,
        "composer_text": QUESTION,
        "composer_focused": True,
    }
    assert report["hidden_while_choosing"] is True
    assert report["scale"] == scale
    # The whole screen, in points (the X server's 1280 by 800 pixels).
    assert report["overlay_geometry"] == [0, 0, 1280 // scale, 800 // scale]
    # The drag went from (220, 170) to (340, 260): that region, 120 by 90 points, in the
    # screen's own pixels, and what was there: the marker's green, and its red square from
    # (20, 10) into the region on.
    assert report["size"] == [120 * scale, 90 * scale]
    assert report["mime_type"] == "image/png"
    assert report["filename"].startswith("Screen region ")
    assert report["green_corner"] == "#12c456"
    assert report["red_corner"] == "#e02020"
    assert report["red_inside"] == "#e02020"
    assert report["green_beside_red"] == "#12c456"
    # Back, with the question as it was typed and the message box focused.
    assert report["window_visible"] is True
    assert report["composer_focused"] is True
    assert report["composer_text"] == QUESTION
    # The overlay, as the user saw it while dragging: the selection shows the screen as it
    # is (the marker's own green), the rest is dimmed.
    seen = QImage(str(overlay_png))
    assert seen.pixelColor(280 * scale, 250 * scale) == QColor("#12c456")
    dimmed = seen.pixelColor(420 * scale, 290 * scale)  # the marker, outside the selection
    assert dimmed != QColor("#12c456")
    assert dimmed.green() < 0xC4


# -- in this process: offscreen, or a Wayland session with a stand-in portal ------------------


def _ready_with_question(harness: Harness) -> DesktopApp:
    app = harness.start_app()
    window = app.window

    async def ready() -> None:
        await wait_until(lambda: bool(window.keys.actions))

    harness.run(ready())
    window.composer.setPlainText(QUESTION)
    return app


def _ask(app: DesktopApp) -> ScreenQuestion:
    app.window.keys.actions["askAboutScreen"].trigger()
    question = app.window.findChild(ScreenQuestion, "screenQuestion")
    assert question is not None
    return question


def test_offscreen_says_the_screen_cannot_be_captured_and_keeps_the_question(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    assert QGuiApplication.platformName() == "offscreen"
    app = _ready_with_question(harness)

    question = _ask(app)

    assert not question.busy
    assert question.overlay is None
    assert app.window.isVisible()  # never hidden: there was nothing to choose from
    assert "cannot be captured here" in app.window.notice_bar.text
    assert app.window.composer.toPlainText() == QUESTION
    assert app.attachments.image is None
    assert not app.attachments.is_preparing


@pytest.fixture
def wayland_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A Wayland session's environment with a private session bus; yields its address."""
    if not fake.has_dbus_daemon():
        pytest.skip("dbus-daemon is not installed (Debian: apt-get install dbus-daemon)")
    pytest.importorskip("jeepney")
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    with fake.private_bus(tmp_path) as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


def test_wayland_the_portals_screenshot_is_attached_and_the_window_comes_back(
    harness: Harness, wayland_bus: str, tmp_path: Path
) -> None:
    picture = QImage(64, 48, QImage.Format.Format_RGB32)
    picture.fill(QColor("#3366cc"))
    shot = tmp_path / "Screenshot from the portal.png"
    assert picture.save(str(shot))
    app = _ready_with_question(harness)
    window = app.window

    with fake.fake_portal(wayland_bus, 0, shot.as_uri()) as portal:
        question = _ask(app)
        assert question.busy
        assert not window.isVisible()

        async def attached() -> None:
            await wait_until(lambda: app.attachments.image is not None)

        harness.run(attached())
        seen = fake.calls(portal)

    image = app.attachments.image
    assert image is not None
    assert (image.width, image.height) == (64, 48)
    assert QImage.fromData(image.data).pixelColor(10, 10) == QColor("#3366cc")
    assert image.filename == shot.name
    assert [call["call"] for call in seen] == ["Screenshot"]
    assert seen[0]["options"]["interactive"] is True  # type: ignore[index]
    assert window.isVisible()
    assert not question.busy
    assert window.composer.toPlainText() == QUESTION
    assert QApplication.focusWidget() is window.composer or window.focusWidget() is window.composer


@pytest.mark.parametrize(
    ("code", "notice"),
    [(1, "The screenshot was cancelled"), (2, "could not take the screenshot")],
)
def test_wayland_a_cancelled_or_failed_screenshot_is_told_and_nothing_is_lost(
    harness: Harness, wayland_bus: str, code: int, notice: str
) -> None:
    app = _ready_with_question(harness)
    window = app.window

    with fake.fake_portal(wayland_bus, code, "file:///nowhere.png"):
        question = _ask(app)

        async def back() -> None:
            await wait_until(lambda: not question.busy)

        harness.run(back())

    assert window.isVisible()
    assert notice in window.notice_bar.text
    assert window.composer.toPlainText() == QUESTION
    assert app.attachments.image is None
    assert not app.attachments.is_preparing


def test_wayland_without_a_portal_on_the_bus_says_so(harness: Harness, wayland_bus: str) -> None:
    app = _ready_with_question(harness)

    question = _ask(app)

    async def back() -> None:
        await wait_until(lambda: not question.busy)

    harness.run(back())
    assert app.window.isVisible()
    assert "no desktop portal for screenshots" in app.window.notice_bar.text
    assert app.window.composer.toPlainText() == QUESTION


def test_a_message_with_all_its_images_is_kept_and_the_window_stays(
    harness: Harness, wayland_bus: str, tmp_path: Path
) -> None:
    from dynaspark_desktop.ui.controllers.attachment_controller import MOST_IMAGES

    app = _ready_with_question(harness)
    for index in range(MOST_IMAGES):
        pending = tmp_path / f"pending{index}.png"
        QImage(8, 8, QImage.Format.Format_RGB32).save(str(pending))
        app.window.attach_path(str(pending))

    async def prepared() -> None:
        await wait_until(lambda: len(app.attachments.images) == MOST_IMAGES)

    harness.run(prepared())
    question = _ask(app)

    assert not question.busy
    assert app.window.isVisible()
    assert f"at most {MOST_IMAGES} images" in app.window.notice_bar.text
    assert [image.filename for image in app.attachments.images] == [
        f"pending{index}.png" for index in range(MOST_IMAGES)
    ]


def test_the_command_is_in_the_window_menu(harness: Harness) -> None:
    app = _ready_with_question(harness)
    menu = app.window.header.menu_button.menu()
    action = app.window.keys.actions["askAboutScreen"]
    assert action in menu.actions()
    assert action.text() == "Ask about the screen…"
    assert action.shortcut().toString() == "Ctrl+Shift+S"
    assert action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
