"""A caret blink repaints the caret only: the composer's viewport, in a small rectangle, and
no widget under it (the main window, its columns, the composer's frame)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import Harness, models_listed, wait_until

FAST_FLASH_MS = 100  # a blink every 50 ms: several blinks in a fraction of a second
BLINKS = 6


class PaintLog(QObject):
    """Every Paint event of any widget: (the widget, the bounding rectangle of its region)."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: list[tuple[QWidget, QRect]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.paints.append((watched, event.region().boundingRect()))  # type: ignore[attr-defined]
        return False


def test_a_caret_blink_repaints_only_the_caret(harness: Harness, qapp: QApplication) -> None:
    app = harness.start_app()
    window = app.window
    harness.run(models_listed(app))  # after the first paint: nothing else left to show
    composer = window.composer
    composer.setFocus()
    harness.run(wait_until(lambda: window.isActiveWindow() and composer.hasFocus()))
    # The blink's period is read when the focus arrives: take the focus again at the new one.
    before = QApplication.cursorFlashTime()
    QApplication.setCursorFlashTime(FAST_FLASH_MS)
    try:
        composer.clearFocus()
        composer.setFocus()
        harness.run(asyncio.sleep(0.2))  # the repaints of the focus change itself
        log = PaintLog()
        qapp.installEventFilter(log)
        try:
            viewport = composer.viewport()
            harness.run(wait_until(lambda: sum(w is viewport for w, _ in log.paints) >= BLINKS))
        finally:
            qapp.removeEventFilter(log)
    finally:
        QApplication.setCursorFlashTime(before)

    painted = {widget.objectName() or type(widget).__name__ for widget, _ in log.paints}
    assert painted == {viewport.objectName()}
    line = composer.fontMetrics().lineSpacing()
    for _, rect in log.paints:
        # The caret's rectangle (Qt adds a few pixels around it), not the text area's.
        assert rect.width() <= 16, rect
        assert rect.height() <= 2 * line, rect
        assert rect.width() * rect.height() * 20 < viewport.width() * viewport.height()
