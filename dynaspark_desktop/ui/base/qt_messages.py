"""Qt's own warnings and messages go into the app's log instead of the terminal."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

_qt_log = logging.getLogger("qt")
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_previous_handler: Any = None


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    _qt_log.log(_LEVELS.get(kind, logging.WARNING), "%s", message)
    if _previous_handler is not None:
        # Keep whatever was installed before (pytest-qt's capture, for instance).
        _previous_handler(kind, context, message)


def route_qt_messages_to_logging() -> None:
    global _previous_handler
    previous = qInstallMessageHandler(_handle)
    if previous is not _handle:
        _previous_handler = previous
