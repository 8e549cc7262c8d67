"""The region overlay on its own (offscreen): a drag chooses exactly the pixels under it, on
a HiDPI screen too; a click chooses nothing; Enter takes the whole screen; Esc, the right
button or closing it cancels, each said once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPixmap
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.widgets.region_overlay import RegionOverlay

LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


def _frozen(scale: int) -> QPixmap:
    """A picture of the screen at ``scale`` device pixels per logical pixel, with blocks of
    colour, so that any two different crops of it differ."""
    size = QGuiApplication.primaryScreen().geometry().size() * scale
    pixmap = QPixmap(size)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    for index in range(40):
        x, y = (index * 97) % size.width(), (index * 61) % size.height()
        painter.fillRect(x, y, 23 + index, 17 + index, QColor.fromHsv(index * 9 % 360, 200, 220))
    painter.end()
    return pixmap


def _overlay(qtbot: QtBot, frozen: QPixmap) -> RegionOverlay:
    overlay = RegionOverlay(QGuiApplication.primaryScreen(), frozen)
    qtbot.addWidget(overlay)
    overlay.open()
    qtbot.waitExposed(overlay)
    return overlay


@pytest.mark.parametrize("scale", [1, 2])
def test_a_drag_chooses_the_pixels_under_it(qtbot: QtBot, scale: int) -> None:
    frozen = _frozen(scale)
    overlay = _overlay(qtbot, frozen)
    chosen: list[QImage] = []
    overlay.regionChosen.connect(chosen.append)

    # From lower right to upper left: the rectangle between the two points either way.
    qtbot.mousePress(overlay, LEFT, NO_KEYS, QPoint(130, 95))
    qtbot.mouseMove(overlay, QPoint(60, 60))
    qtbot.mouseMove(overlay, QPoint(30, 45))
    assert overlay.selection == QRect(30, 45, 100, 50)
    qtbot.mouseRelease(overlay, LEFT, NO_KEYS, QPoint(30, 45))

    assert len(chosen) == 1
    expected = frozen.copy(QRect(30 * scale, 45 * scale, 100 * scale, 50 * scale)).toImage()
    assert chosen[0].size() == expected.size()
    assert chosen[0].convertToFormat(expected.format()) == expected
    assert not overlay.isVisible()


def test_a_click_chooses_nothing_and_the_overlay_waits(qtbot: QtBot) -> None:
    overlay = _overlay(qtbot, _frozen(1))
    said: list[object] = []
    overlay.regionChosen.connect(said.append)
    overlay.cancelled.connect(lambda: said.append("cancelled"))

    qtbot.mousePress(overlay, LEFT, NO_KEYS, QPoint(200, 200))
    qtbot.mouseRelease(overlay, LEFT, NO_KEYS, QPoint(202, 201))

    assert said == []
    assert overlay.isVisible()
    assert overlay.selection.isEmpty()


def test_enter_takes_the_whole_screen(qtbot: QtBot) -> None:
    frozen = _frozen(1)
    overlay = _overlay(qtbot, frozen)
    chosen: list[QImage] = []
    overlay.regionChosen.connect(chosen.append)

    qtbot.keyClick(overlay, Qt.Key.Key_Return)

    assert [image.size() for image in chosen] == [frozen.size()]


@pytest.mark.parametrize("how", ["Esc", "right button", "closed"])
def test_cancelling_is_said_once(qtbot: QtBot, how: str) -> None:
    overlay = _overlay(qtbot, _frozen(1))
    said: list[object] = []
    overlay.regionChosen.connect(said.append)
    overlay.cancelled.connect(lambda: said.append("cancelled"))

    if how == "Esc":
        qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    elif how == "right button":
        qtbot.mousePress(overlay, Qt.MouseButton.RightButton, NO_KEYS, QPoint(50, 50))
    else:
        overlay.close()

    assert said == ["cancelled"]
    assert not overlay.isVisible()


def test_the_selection_shows_the_screen_as_it_is_and_the_rest_is_dimmed(qtbot: QtBot) -> None:
    frozen = QPixmap(QGuiApplication.primaryScreen().geometry().size())
    frozen.fill(QColor("#12c456"))
    overlay = _overlay(qtbot, frozen)

    qtbot.mousePress(overlay, LEFT, NO_KEYS, QPoint(100, 150))
    qtbot.mouseMove(overlay, QPoint(300, 350))
    seen = overlay.grab().toImage()

    assert seen.pixelColor(200, 250) == QColor("#12c456")
    outside = seen.pixelColor(400, 450)
    assert outside.green() < QColor("#12c456").green()
    assert outside.lightness() < QColor("#12c456").lightness()
