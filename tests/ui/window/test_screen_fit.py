"""A saved window larger than the screen (saved on a bigger one) opens fitted to it."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.ui.window.screen_fit import fitted
from tests.ui.conftest import Harness


def test_fitted_cuts_and_moves_a_rectangle_into_the_screen() -> None:
    screen = QRect(0, 0, 1280, 800)
    assert fitted(QRect(100, 50, 800, 600), screen) == QRect(100, 50, 800, 600)
    assert fitted(QRect(-300, -40, 3000, 2000), screen) == screen
    assert fitted(QRect(1000, 700, 800, 600), screen) == QRect(480, 200, 800, 600)


def test_a_saved_geometry_larger_than_the_screen_is_fitted(harness: Harness) -> None:
    available = QApplication.primaryScreen().availableGeometry()
    first = harness.start_app()
    first.window.setGeometry(
        available.x() + 200, available.y() + 150, available.width() * 3, available.height() * 2
    )
    assert first.window.width() > available.width()
    geometry = bytes(first.window.saveGeometry().toBase64()).decode("ascii")
    harness.close_all()
    Settings.load(harness.data_dir).set("window_geometry", geometry)

    again = harness.start_app()
    assert again.window.width() <= available.width()
    assert again.window.height() <= available.height()
    assert available.contains(again.window.geometry())
