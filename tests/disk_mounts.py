"""Real disk trouble for tests: a small tmpfs that is full or read-only, where root may mount.

Tests run as root, which ignores ``chmod``: a read-only folder must be a read-only mount.
Where mounting is not allowed (no root, a container without CAP_SYS_ADMIN) the helpers say
so, and each test falls back to a simulated ``OSError`` and says which one it ran.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

# Set to run the simulated fallbacks even where mounting works (to test them).
NO_MOUNT_VARIABLE = "DYNASPARK_TEST_NO_MOUNT"
# Room for a fresh data folder (history, its backup, the log) with some to spare.
SMALL_DISK = "2m"


def _run(*command: str) -> bool:
    try:
        result = subprocess.run(command, capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


@contextlib.contextmanager
def small_tmpfs(mount_point: Path, size: str = SMALL_DISK) -> Iterator[bool]:
    """Mount a tmpfs of ``size`` on ``mount_point`` for the block; yields whether it is
    mounted (False: mounting is not allowed here; the folder is an ordinary one)."""
    mount_point.mkdir(parents=True, exist_ok=True)
    allowed = os.name == "posix" and not os.environ.get(NO_MOUNT_VARIABLE)
    mounted = allowed and _run(
        "mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(mount_point)
    )
    try:
        yield mounted
    finally:
        if mounted and not _run("umount", str(mount_point)):
            _run("umount", "-l", str(mount_point))  # still busy: detach it now, free it later


def remount_read_only(mount_point: Path) -> None:
    """Make the mounted tmpfs read-only (every file on it must be closed for writing)."""
    result = subprocess.run(
        ["mount", "-o", "remount,ro", str(mount_point)], capture_output=True, text=True, timeout=20
    )
    assert result.returncode == 0, f"remounting read-only failed: {result.stderr}"


def fill_disk(folder: Path) -> Path:
    """Write a file into ``folder`` until its disk has no byte left; returns the file
    (delete it to free the space)."""
    filler = folder / "filler.bin"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 20, 1 << 12, 1):
            chunk = b"\0" * size
            with contextlib.suppress(OSError):
                while os.write(descriptor, chunk) == size:
                    pass
    finally:
        os.close(descriptor)
    return filler
