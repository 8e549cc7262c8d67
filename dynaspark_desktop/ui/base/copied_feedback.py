""" "Copied ✓" on the button that copied, for a second, instead of a notice."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QAbstractButton

SHOWN_MS = 1000


def show_copied(button: QAbstractButton) -> None:
    """Say "Copied ✓" on ``button``, then its own text again (a single-shot timer, only
    while the word shows; none if the button goes away first)."""
    own = button.property("ownText") or button.text()
    button.setProperty("ownText", own)
    button.setText(QCoreApplication.translate("Copy", "Copied ✓"))
    QTimer.singleShot(SHOWN_MS, button, lambda: button.setText(own))
