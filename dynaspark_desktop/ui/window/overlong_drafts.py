"""A saved draft longer than the composer takes (written by an older version, whose paste cap
was higher) is not loaded whole: laying it out would freeze the window on every start. Its
whole text is first written to a file in the data folder, then the composer gets its first
part and a notice names the file. Nothing is cut silently and nothing is lost."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from dynaspark_desktop.core.atomic_write import write_text_atomically
from dynaspark_desktop.core.sizes import megabytes

log = logging.getLogger(__name__)

DRAFTS_FOLDER = "overlong drafts"


_CONTEXT = "OverlongDrafts"


def bounded_draft(text: str, data_dir: Path) -> tuple[str, str | None, bool]:
    """What of the draft ``text`` the composer gets, the notice to show (None when the whole
    draft fits), and whether the saved draft may now be replaced by the bounded one (its
    whole text is kept in a file)."""
    from dynaspark_desktop.ui.widgets.composer import (
        MAX_PARAGRAPH_CHARS,
        MAX_PASTE_CHARS,
        bounded_length,
    )

    end = bounded_length(text)
    if end == len(text):
        return text, None, False
    limits = QCoreApplication.translate(
        _CONTEXT,
        "the composer takes up to {cap} ({limit} characters), {paragraph} characters without"
        " a line break",
    ).format(
        cap=f"{MAX_PASTE_CHARS // 1024} KB",
        limit=f"{MAX_PASTE_CHARS:,}",
        paragraph=f"{MAX_PARAGRAPH_CHARS:,}",
    )
    sizes = {
        "size": megabytes(len(text)),
        "count": f"{len(text):,}",
        "limits": limits,
        "shown": f"{end:,}",
    }
    try:
        path = keep_whole(text, data_dir)
    except OSError as error:
        log.warning("Could not keep an overlong draft of %d characters: %s", len(text), error)
        notice = QCoreApplication.translate(
            _CONTEXT,
            "Your saved draft is {size} ({count} characters); {limits}. Its first {shown}"
            " characters are in the composer. The whole draft could not be written to {folder}"
            " ({error}); the rest stays in the saved draft until you change the composer's"
            " text.",
        ).format(
            folder=data_dir / DRAFTS_FOLDER, error=error.strerror or type(error).__name__, **sizes
        )
        return text[:end], notice, False
    log.info("Kept an overlong draft of %d characters in %s", len(text), path)
    notice = QCoreApplication.translate(
        _CONTEXT,
        "Your saved draft is {size} ({count} characters); {limits}. Its first {shown}"
        " characters are in the composer; the whole draft is kept in {path}.",
    ).format(path=path, **sizes)
    return text[:end], notice, True


def keep_whole(text: str, data_dir: Path) -> Path:
    """Write ``text`` to a new file in the data folder's overlong drafts; its path."""
    folder = data_dir / DRAFTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H-%M-%S")
    path = folder / f"draft {stamp}.txt"
    number = 1
    while path.exists():
        number += 1
        path = folder / f"draft {stamp} ({number}).txt"
    write_text_atomically(path, text, prefix=".draft-")
    return path
