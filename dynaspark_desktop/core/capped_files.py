"""Reading a file the user or an import names, as untrusted: only a regular file, and never
more than a cap.

One way for every reader (an attached image, an imported conversation, the settings): the
file is opened without blocking and checked on the open descriptor, so a FIFO named like a
picture (or swapped in after a check) cannot hang the reader, and a file that grows while it
is read is still cut at the cap.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from typing import BinaryIO

# A chunked read (see ``between_chunks``) reads this much between its checks.
_CHUNK_BYTES = 4 * 1024 * 1024


class NotARegularFileError(OSError):
    """A pipe, socket or device where a file was expected."""


class FileTooLargeError(ValueError):
    """Over the cap: ``size`` is the file's size when it said so before the read, None when it
    grew past the cap while it was read."""

    def __init__(self, size: int | None) -> None:
        super().__init__(f"larger than the cap ({size} bytes)" if size else "grew past the cap")
        self.size = size


def read_regular_file(
    path: str | os.PathLike[str],
    max_bytes: int,
    *,
    between_chunks: Callable[[], None] | None = None,
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    Raises FileTooLargeError past the cap, NotARegularFileError for a pipe, socket or device,
    and the OSError of the open otherwise (FileNotFoundError, IsADirectoryError, …). With
    ``between_chunks``, the file is read a chunk at a time and that is called before each
    (it may raise to stop the read: a cancelled import).
    """
    with open(path, "rb", opener=_open_without_blocking) as file:
        status = os.fstat(file.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(f"{os.fspath(path)} is a folder")
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFileError(f"{os.fspath(path)} is not a regular file")
        if status.st_size > max_bytes:
            raise FileTooLargeError(status.st_size)
        if between_chunks is None:
            data = file.read(max_bytes + 1)
        else:
            data = _read_in_chunks(file, max_bytes + 1, between_chunks)
    if len(data) > max_bytes:
        raise FileTooLargeError(None)
    return data


def read_regular_prefix(path: str | os.PathLike[str], max_bytes: int) -> tuple[bytes, int]:
    """The first ``max_bytes`` of the regular file at ``path`` (never more is read, however
    large it is), and the file's size. Raises as :func:`read_regular_file` does, but never
    FileTooLargeError: a long log is read in part, not refused."""
    with open(path, "rb", opener=_open_without_blocking) as file:
        status = os.fstat(file.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(f"{os.fspath(path)} is a folder")
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFileError(f"{os.fspath(path)} is not a regular file")
        return file.read(max_bytes), status.st_size


def _read_in_chunks(file: BinaryIO, limit: int, between_chunks: Callable[[], None]) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        between_chunks()
        chunk = file.read(min(_CHUNK_BYTES, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _open_without_blocking(path: str, flags: int) -> int:
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
