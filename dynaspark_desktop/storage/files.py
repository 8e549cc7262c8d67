"""Files written so that a crash leaves the old file or the new one, never a torn one.

Images live in a content-addressed tree, ``images/ab/abcdef….ext``: the name is the SHA-256
of the bytes, so an image shared by many messages is stored once and a name never changes
meaning.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dynaspark_desktop.core.atomic_write import atomic_output as replacing_output

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` survive power loss (POSIX only).

    Windows cannot open a directory for syncing and persists the rename through NTFS's own
    journal, so there this does nothing.
    """
    if os.name != "posix":
        return
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file and an atomic rename."""
    with atomic_output(path) as output:
        output.write(data)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write into; it replaces ``path`` only if the block ends normally,
    and the rename is synced to disk too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing_output(path) as output:
        yield output
    fsync_directory(path.parent)


class ImageFiles:
    """The content-addressed image folder of one data directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, extension: str) -> Path:
        # The digest comes from the database, which a person could edit: check it, so a row
        # can never point a path outside the image folder.
        if not _SHA256_HEX.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", extension):
            raise ValueError(f"not a file extension: {extension!r}")
        return self.root / sha256[:2] / f"{sha256}{extension}"

    def store(self, data: bytes, extension: str) -> str:
        """Keep ``data`` (once) and return its SHA-256.

        An existing file of the right size is trusted: atomic writes mean a file under its
        final name is always complete, so a second copy would only cost time.
        """
        digest = sha256_hex(data)
        path = self.path_for(digest, extension)
        try:
            if path.stat().st_size == len(data):
                return digest
        except FileNotFoundError:
            pass
        atomic_write_bytes(path, data)
        return digest

    def read(self, sha256: str, extension: str) -> bytes:
        return self.path_for(sha256, extension).read_bytes()

    def remove(self, sha256: str, extension: str) -> None:
        path = self.path_for(sha256, extension)
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # only succeeds when the folder is empty
            path.parent.rmdir()
