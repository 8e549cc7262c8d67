"""The welcome shown over an empty conversation."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate

WELCOME_TITLE = QT_TRANSLATE_NOOP("Transcript", "Ask anything")
WELCOME_TEXT = QT_TRANSLATE_NOOP(
    "Transcript",
    "Type a question below, or drop an image anywhere on this window\n"
    "(or paste one with Ctrl+V) and ask about it.",
)


def make_welcome() -> QWidget:
    # Plain-text, centred labels. Their text format and alignment are set in the style
    # sheet (qproperty-…): a Qt enum touched here would cost the first paint ~15 ms.
    welcome = QWidget(objectName="emptyState")
    column = QVBoxLayout(welcome)
    column.addStretch(2)
    for text, name in ((WELCOME_TITLE, "emptyStateTitle"), (WELCOME_TEXT, "emptyStateText")):
        column.addWidget(QLabel(translate("Transcript", text), objectName=name))
    column.addStretch(3)
    return welcome
