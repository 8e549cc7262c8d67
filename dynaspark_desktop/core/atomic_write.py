"""Replacing a small file all at once: a crash mid-write leaves the old file, never a torn one."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomically(path: Path, text: str, *, prefix: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, then rename it
    over ``path``. The file is created readable by the user only (``mkstemp`` makes it 0600
    from the start), which a file holding keys relies on."""
    import tempfile  # only needed when saving; kept off the start-up path

    handle, temp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp_file:
            temp_file.write(text)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
