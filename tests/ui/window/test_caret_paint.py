"""A caret blink repaints the caret only: the composer's viewport, in a small rectangle, and
no widget under it (the main window, its columns, the composer's frame)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from dynaspark_desktop.ui.base.style import palette_colors
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
        log = PaintLog()
        qapp.installEventFilter(log)
        try:
            viewport = composer.viewport()

            def viewport_paints() -> int:
                return sum(widget is viewport for widget, _ in log.paints)

            # The focus change repaints the composer's frame: by the viewport's second paint
            # (a blink's) that is behind us.
            harness.run(wait_until(lambda: viewport_paints() >= 2))
            log.paints.clear()
            harness.run(wait_until(lambda: viewport_paints() >= BLINKS))
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


def test_the_composer_looks_as_the_frame_it_sits_in(harness: Harness) -> None:
    """Painting its own background, the composer shows the frame's colour, as it did when
    the frame showed through it."""
    app = harness.start_app()
    harness.run(models_listed(app))
    window = app.window
    composer = window.composer
    frame = composer.parentWidget()
    assert frame is not None
    image = window.grab().toImage()
    ratio = image.devicePixelRatio()

    def pixel(widget: QWidget, x: int, y: int) -> str:
        point = widget.mapTo(window, QPoint(x, y)) * ratio
        return image.pixelColor(point).name()

    viewport = composer.viewport()
    # Below the placeholder text, and in the frame's margin above the composer.
    inside = pixel(viewport, viewport.width() - 3, viewport.height() - 3)
    around = pixel(frame, composer.x() + composer.width() // 2, composer.y() - 3)
    assert inside == around == palette_colors()["window"]
