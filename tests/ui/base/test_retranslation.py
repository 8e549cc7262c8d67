"""The walk that says every text again in a new language, on plain widgets: a text that two
messages share in Russian ("Закрыть": Close or Dismiss) goes back to the one it came from,
and what is not a text of the app stays as it is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base.translation import (
    install_translations,
    remove_translations,
    switch_language,
)


@pytest.fixture
def english() -> Iterator[None]:
    install_translations("en")
    yield
    remove_translations()


def test_a_shared_translation_goes_back_to_its_own_message(qtbot: QtBot, english: None) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    close = QPushButton(QCoreApplication.translate("ParametersDialog", "Close"))
    title = QLabel("Dismiss the llama3.2:3b")  # not a text of the app
    column.addWidget(close)
    column.addWidget(title)
    window.show()
    assert switch_language("ru") == "ru"
    assert close.text() == "Закрыть"
    assert switch_language("en") == "en"
    assert close.text() == "Close"  # not "Dismiss", which reads "Закрыть" too
    assert title.text() == "Dismiss the llama3.2:3b"
