"""Announcements to screen readers: the event Qt 6.8+ takes, and the description change an
older Qt gets instead."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base.announce import MAX_ANNOUNCED_CHARS, announce


def test_an_announcement_is_an_accessibility_event_of_its_start(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    label = QLabel("answer")
    qtbot.addWidget(label)
    sent: list[tuple[str, str, Any]] = []
    update = QAccessible.updateAccessibility

    def listen(event: Any) -> None:  # Qt's own handling still runs
        sent.append((type(event).__name__, event.message(), event.politeness()))
        update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(listen))
    announce(label, "word " * 200, assertive=True)
    [(kind, message, politeness)] = sent
    assert kind == "QAccessibleAnnouncementEvent"
    assert len(message) == MAX_ANNOUNCED_CHARS
    assert message.endswith("…")
    assert politeness == QAccessible.AnnouncementPoliteness.Assertive


def test_without_announcements_the_description_changes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(QtGui, "QAccessibleAnnouncementEvent")  # as in Qt before 6.8
    label = QLabel("answer")
    qtbot.addWidget(label)
    announce(label, "Answer complete: Paris.")
    assert label.accessibleDescription() == "Answer complete: Paris."
