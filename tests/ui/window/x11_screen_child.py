"""The child process of ``test_screen_question.py``'s X11 test: the real app on Qt's xcb
platform, on the X server named by ``DISPLAY`` (an Xvfb), asked about the screen.

Run as ``python -m tests.ui.window.x11_screen_child DATA_DIR [OVERLAY_PNG]``. A marker window
is drawn where the main window will stand (so the picture shows it only if the main window
got out of the way), a question is typed, Ctrl+Shift+S is pressed, the overlay is dragged
over part of the marker with synthetic mouse events, and the attached image is reported as
one JSON line: its size, some pixels, and the window's state after the capture.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from pathlib import Path

import qasync
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.options import Options
from dynaspark_desktop.ui.widgets.region_overlay import RegionOverlay
from tests.fakes.dynaspark_server import FakeDynasparkThread

# The marker: green, with a red square in it, at a known place on the screen.
MARKER = (200, 150, 240, 160)  # x, y, width, height
RED_SQUARE = (40, 30, 60, 50)  # inside the marker
GREEN, RED = QColor("#12c456"), QColor("#e02020")
DRAG_FROM, DRAG_TO = QPoint(220, 170), QPoint(340, 260)  # 120 x 90, across the red square


class Marker(QWidget):
    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), GREEN)
        painter.fillRect(*RED_SQUARE, RED)
        painter.end()


async def until(condition: object, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def scenario(desktop: DesktopApp, overlay_png: str | None) -> dict[str, object]:
    window = desktop.window
    marker = Marker(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.BypassWindowManagerHint)
    marker.setGeometry(*MARKER)
    marker.show()
    window.move(0, 0)
    window.raise_()
    await until(lambda: bool(window.keys.actions), "the window's keys")
    window.activateWindow()
    window.composer.setFocus()
    window.composer.setPlainText("What is in this picture?")
    await asyncio.sleep(0.2)  # both windows mapped and painted

    from dynaspark_desktop.ui.window.screen_question import ScreenQuestion

    async def ask() -> tuple[ScreenQuestion, RegionOverlay]:
        QTest.keyClick(
            window.composer,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        question = window.findChild(ScreenQuestion, "screenQuestion")
        assert question is not None, "Ctrl+Shift+S did not ask about the screen"
        await until(
            lambda: question.overlay is not None and question.overlay.isVisible(), "the overlay"
        )
        assert question.overlay is not None
        return question, question.overlay

    # First Esc: the window comes back as it was, nothing attached.
    question, overlay = await ask()
    QTest.keyClick(overlay, Qt.Key.Key_Escape)
    await until(lambda: window.isVisible() and not question.busy, "the window back after Esc")
    # The X server gives the window the keyboard a moment after it is shown again; if it
    # never does, that is reported below.
    with contextlib.suppress(AssertionError):
        await until(lambda: QApplication.focusWidget() is window.composer, "the focus", 3.0)
    after_escape = {
        "notice": window.notice_bar.text,
        "attached": desktop.attachments.image is not None or desktop.attachments.is_preparing,
        "composer_text": window.composer.toPlainText(),
        "composer_focused": QApplication.focusWidget() is window.composer,
    }
    await asyncio.sleep(0.1)

    question, overlay = await ask()
    hidden_while_choosing = not window.isVisible()
    geometry = overlay.geometry()
    await asyncio.sleep(0.1)
    QTest.mousePress(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, DRAG_FROM)
    QTest.mouseMove(overlay, QPoint(280, 200))
    QTest.mouseMove(overlay, DRAG_TO)
    await asyncio.sleep(0.05)
    if overlay_png:
        # What the user sees while dragging: the overlay as it is on the X server's screen.
        QGuiApplication.primaryScreen().grabWindow(0).save(overlay_png)
    QTest.mouseRelease(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, DRAG_TO)
    await until(lambda: desktop.attachments.image is not None, "the attached image")
    image = desktop.attachments.image
    assert image is not None
    picture = QImage.fromData(image.data)

    scale = round(QGuiApplication.primaryScreen().devicePixelRatio())

    def pixel(x: int, y: int) -> str:  # at a logical point of the region
        return picture.pixelColor(x * scale, y * scale).name()

    # The region's own coordinates: the red square starts at the marker's (40, 30), i.e.
    # at screen (240, 180), which is (20, 10) into the region dragged from (220, 170).
    return {
        "after_escape": after_escape,
        "overlay_geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
        "hidden_while_choosing": hidden_while_choosing,
        "filename": image.filename,
        "mime_type": image.mime_type,
        "size": [picture.width(), picture.height()],
        "scale": scale,
        "green_corner": pixel(5, 5),
        "red_inside": pixel(30, 20),
        "red_corner": pixel(20, 10),
        "green_beside_red": pixel(85, 20),
        "window_visible": window.isVisible(),
        "composer_focused": window.composer.hasFocus()
        or QApplication.focusWidget() is window.composer,
        "composer_text": window.composer.toPlainText(),
        "platform": QGuiApplication.platformName(),
    }


def main() -> None:
    data_dir = Path(sys.argv[1])
    overlay_png = sys.argv[2] if len(sys.argv) > 2 else None
    qt_app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with FakeDynasparkThread() as server:
        desktop = DesktopApp(
            Options(endpoint=server.endpoint, data_dir=data_dir), route_qt_messages=False
        )
        desktop.window.show()

        async def run() -> dict[str, object]:
            try:
                return await asyncio.wait_for(scenario(desktop, overlay_png), 30)
            finally:
                await desktop.shutdown()

        report = loop.run_until_complete(run())
    print("REPORT " + json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
