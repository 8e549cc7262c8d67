"""Logging to a rotating file in the data directory, with secrets kept out of it."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from dynaspark_desktop.core.redaction import redact_secrets

LOG_FILE_NAME = "dynaspark-desktop.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 3


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks secrets in the whole line (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_secrets(super().format(record))


class DeferredRotatingFileHandler(logging.Handler):
    """A rotating log file that opens on the first flush or the first warning.

    Until then records wait in memory, so that the window's first paint waits for no file.
    Anything at WARNING or above opens the file at once, so a start-up failure is never lost.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._target: logging.Handler | None = None
        self._early: list[logging.LogRecord] = []
        # Why the log file cannot be written (a read-only or full disk), once that is known:
        # the app says so in the window; records then go to stderr, if there is one.
        self.failure: OSError | None = None

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        super().setFormatter(fmt)
        if self._target is not None:
            self._target.setFormatter(fmt)

    def open(self) -> None:
        if self._target is not None:
            return
        target: logging.Handler
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and not self.path.is_file():
                # A FIFO there would block the UI thread forever on open (a folder fails).
                raise OSError(f"{self.path} is not a regular file")
            target = RotatingFile(self.path, _MAX_BYTES, _BACKUPS)
        except OSError as error:
            self.failure = error
            target = _fallback_handler()
        else:
            # A write that fails later (the disk filled up) is noted, not printed per record.
            target.handleError = self._write_failed  # type: ignore[method-assign]
        target.setFormatter(self.formatter)
        self._target = target
        early, self._early = self._early, []
        for record in early:
            target.emit(record)

    def emit(self, record: logging.LogRecord) -> None:
        if self._target is None and record.levelno < logging.WARNING:
            self._early.append(record)
            return
        self.open()
        assert self._target is not None
        self._target.emit(record)

    def _write_failed(self, record: logging.LogRecord) -> None:
        """The file's handleError: a disk that fails (full, gone read-only) sends this and
        later records to the fallback, rather than a traceback on stderr for each."""
        import sys

        error = sys.exc_info()[1]
        if not isinstance(error, OSError) or self._target is None:
            logging.Handler.handleError(self, record)  # a bug in a record: report as usual
            return
        self.failure = error
        broken, self._target = self._target, _fallback_handler()
        self._target.setFormatter(self.formatter)
        self._target.emit(record)
        with contextlib.suppress(Exception):  # its stream may fail again while closing
            broken.close()

    def flush(self) -> None:
        if self._target is None and not self._early:
            return
        self.open()
        assert self._target is not None
        self._target.flush()

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()


class RotatingFile(logging.FileHandler):
    """``logging.handlers.RotatingFileHandler``'s rotation (the file renamed ``.1``, older
    ones ``.2`` … up to ``backups``, when a record would take it past ``max_bytes``),
    without importing ``logging.handlers``, which brings pickle and its C module with it
    (~0.5 MB of the idle app's memory) for its socket handlers."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._should_roll_over(record):
                self._roll_over()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _should_roll_over(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        position = self.stream.tell()
        return bool(position) and position + len(self.format(record)) + 1 >= self.max_bytes

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            older = f"{base}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{base}.{number + 1}")
        if self.backups > 0 and os.path.exists(base):
            os.replace(base, f"{base}.1")
        self.stream = self._open()


def _fallback_handler() -> logging.Handler:
    """Where records go when the log file cannot be written: stderr, or nowhere (a GUI
    launch on Windows has no stderr)."""
    import sys

    return logging.StreamHandler(sys.stderr) if sys.stderr is not None else logging.NullHandler()


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> DeferredRotatingFileHandler:
    """Send the app's log records to ``data_dir/logs``; returns the file handler."""
    log_dir = data_dir / "logs"
    # Made when the file opens: a folder that cannot be written must not stop the start.
    handler = DeferredRotatingFileHandler(log_dir / LOG_FILE_NAME)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # Re-running set-up (tests make several windows) must not stack handlers.
    for existing in list(root.handlers):
        if isinstance(existing, DeferredRotatingFileHandler):
            root.removeHandler(existing)
            existing.close()
    root.addHandler(handler)
    root.setLevel(level)
    # aiohttp's access logging is noise for a client.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    return handler
