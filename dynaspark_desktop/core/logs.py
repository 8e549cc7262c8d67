"""Logging to a rotating file in the data directory, with secrets kept out of it."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_FILE_NAME = "dynaspark-desktop.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 3

# Passwords in URLs (proxies) and anything that looks like an API key parameter or header.
_SECRET_PATTERNS = (
    (re.compile(r"(?<=://)([^:/@\s]+):([^@/\s]*)@"), r"\1:***@"),
    (
        re.compile(
            r"(?i)(api[_-]?key|token|authorization|password)([\"']?\s*[:=]\s*[\"']?)([^\s\"'&,]+)"
        ),
        r"\1\2***",
    ),
    (re.compile(r"(?i)(bearer\s+)[\w.\-~+/]+=*"), r"\1***"),
)


def redact_secrets(text: str) -> str:
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks secrets in the whole line (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_secrets(super().format(record))


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the app's log records to ``data_dir/logs``; returns the log file's path."""
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(
        log_path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # Re-running set-up (tests make several windows) must not stack handlers.
    for existing in list(root.handlers):
        if getattr(existing, "_dynaspark_handler", False):
            root.removeHandler(existing)
            existing.close()
    handler._dynaspark_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # aiohttp's access logging is noise for a client.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    return log_path
