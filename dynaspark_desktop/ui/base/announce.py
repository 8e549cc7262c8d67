"""Saying something to screen readers without moving the focus.

Qt 6.8 and later send an announcement (``QAccessibleAnnouncementEvent``: Orca, NVDA and
VoiceOver read it out); an older Qt gets a description change on ``target``, which screen
readers read for the control they are on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

MAX_ANNOUNCED_CHARS = 300  # an announcement is heard whole: the start of a long text


def announce(target: QObject, text: str, *, assertive: bool = False) -> None:
    """Have screen readers say ``text`` (cut to its start), as about ``target``."""
    from PySide6.QtGui import QAccessible

    if len(text) > MAX_ANNOUNCED_CHARS:
        text = text[: MAX_ANNOUNCED_CHARS - 1].rstrip() + "…"
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent
    except ImportError:  # Qt before 6.8
        if isinstance(target, QWidget):
            target.setAccessibleDescription(text)  # sends a DescriptionChanged event
        return
    event = QAccessibleAnnouncementEvent(target, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
