"""Replacing a file all at once: a crash mid-write leaves the old file, never a torn one."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_output(path: Path, *, prefix: str | None = None) -> Iterator[BinaryIO]:
    """A binary file to write into: a temporary file beside ``path``, flushed to disk and
    renamed over ``path`` if the block ends normally, removed otherwise.

    The file is created readable by the user only (``mkstemp`` makes it 0600 from the
    start), which a file holding keys relies on. Making the rename itself survive a power
    cut takes a sync of the folder as well: the history does that (``storage.files``).
    """
    import tempfile  # only needed when saving; kept off the start-up path

    handle, temp_name = tempfile.mkstemp(
        prefix=prefix or f".{path.name}-", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "w+b") as temp_file:
            yield temp_file
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str, *, prefix: str) -> None:
    with atomic_output(path, prefix=prefix) as output:
        output.write(text.encode("utf-8"))
