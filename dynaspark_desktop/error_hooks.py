"""Where an error nobody caught goes: the log file (with its traceback), and a short human
message for the user. Never a traceback in the user's face, never a silent exit.

Two stages. From the very start (before Qt, the window or the history is built), an error
goes to the log and a short message to a dialog or stderr, and the app exits non-zero:
:func:`install_early_hooks` and :func:`report_startup_failure`. Once the window and the
event loop run, :func:`install_error_handlers` shows it in the window and the app keeps
running.

Light at import (no Qt): ``launch`` imports it before the app.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio
    from pathlib import Path

    from dynaspark_desktop.app import DesktopApp
    from dynaspark_desktop.core.logs import DeferredRotatingFileHandler

log = logging.getLogger(__name__)

# The process's exit status when the app could not start.
STARTUP_FAILED = 1


def install_early_hooks() -> None:
    """Log every uncaught exception (main thread, other threads) with its traceback, from
    before the app is built; replaced by :func:`install_error_handlers` once it runs."""

    def excepthook(
        kind: type[BaseException], error: BaseException, traceback: TracebackType | None
    ) -> None:
        log.critical("Uncaught exception during start-up", exc_info=(kind, error, traceback))

    def thread_excepthook(arguments: threading.ExceptHookArgs) -> None:
        if arguments.exc_type is SystemExit:
            return
        log.critical(
            "Uncaught exception in thread %s",
            arguments.thread.name if arguments.thread is not None else "?",
            exc_info=(arguments.exc_type, arguments.exc_value, arguments.exc_traceback),
        )

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


def report_startup_failure(error: BaseException, handler: DeferredRotatingFileHandler) -> int:
    """The app could not start: log ``error`` with its traceback, tell the user in a sentence
    (a dialog when Qt's app exists and can show one, else stderr); returns the exit status."""
    log.critical("The app could not start", exc_info=error)
    handler.flush()
    log_place: Path | str = handler.path if handler.failure is None else "standard error"
    message = _startup_message(log_place)
    stderr = sys.stderr
    if stderr is not None:
        print(message, file=stderr, flush=True)
    _show_dialog(message)
    return STARTUP_FAILED


def _startup_message(log_place: Path | str) -> str:
    try:
        from PySide6.QtCore import QCoreApplication

        template = QCoreApplication.translate(
            "StartupFailure",
            "Dynaspark Desktop could not start because of an unexpected problem. "
            "The details are in {log}.",
        )
    except Exception:  # Qt itself may be what failed
        template = (
            "Dynaspark Desktop could not start because of an unexpected problem. "
            "The details are in {log}."
        )
    return template.format(log=log_place)


def _show_dialog(message: str) -> None:
    """A modal box, only where someone can see it: not off screen, not without Qt's app."""
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return
        if QApplication.platformName() in ("offscreen", "minimal"):
            return  # nobody to click it: it would wait forever
        QMessageBox.critical(None, "Dynaspark Desktop", message)
    except Exception:
        log.exception("Could not show the start-up failure")


def install_error_handlers(desktop: DesktopApp, loop: asyncio.AbstractEventLoop) -> None:
    """Once the app runs: log an uncaught error and tell the user in the window."""

    def excepthook(
        kind: type[BaseException], error: BaseException, traceback: TracebackType | None
    ) -> None:
        log.critical("Uncaught exception", exc_info=(kind, error, traceback))
        desktop.show_unexpected_error(f"{kind.__name__}: {error}")

    def loop_exception_handler(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        log.error("Unhandled error in the event loop: %s", context.get("message"), exc_info=error)
        if error is not None:
            desktop.show_unexpected_error(f"{type(error).__name__}: {error}")

    sys.excepthook = excepthook
    loop.set_exception_handler(loop_exception_handler)
