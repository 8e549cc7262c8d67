"""One running app per data folder: a lock file says who runs it, a local socket reaches it.

The first launch takes an exclusive lock on ``instance.lock`` in the data folder (``flock``
on Unix, ``msvcrt.locking`` on Windows). The operating system drops the lock when the process
ends, however it ends: a launch after a crash or a SIGKILL finds the file unlocked and runs.
Once its window is up, the running app listens on a local socket (AF_UNIX beside the lock;
loopback TCP where there is no AF_UNIX or its path would be too long) and writes where, with
a random token, into the lock file (readable by the user only).

A later launch finds the lock taken, reads the address and token, hands its arguments (the
files to attach) over that socket and exits. It never opens the history: the running app's
questions still waiting for an answer stay as they are.

Only the standard library: no Qt here (the running app serves with asyncio on its qasync
loop, which costs nothing until someone connects).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dynaspark_desktop import APP_NAME

if TYPE_CHECKING:
    import asyncio
    import socket

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "instance.lock"
SOCKET_FILE_NAME = "instance.sock"
# A handed-over request: a JSON line with the token and at most this many file names.
MAX_REQUEST_BYTES = 64 * 1024
MAX_FILES = 16
# How long the running app gives a caller to send its line (a stuck caller is dropped).
READ_TIMEOUT_SECONDS = 5.0
# How long a second launch keeps trying: the first may still be painting its window.
HAND_OVER_TIMEOUT_SECONDS = 10.0
_RETRY_SECONDS = 0.05
# AF_UNIX paths are limited to about 104-108 bytes; a longer one uses loopback TCP.
_MAX_UNIX_PATH = 100
# Windows locks byte ranges (and refuses reads of a locked one): lock a byte far past the
# address written at the start of the file.
_WINDOWS_LOCK_OFFSET = 1 << 20


class HandOverError(Exception):
    """The running app could not be reached (it did not answer, or refused the token)."""


class HolderQuitError(HandOverError):
    """No app holds the data folder any more: this launch may take it."""


class DataFolderClaim:
    """This process runs the data folder: the lock is held until :meth:`release`."""

    def __init__(self, data_dir: Path, descriptor: int) -> None:
        self.data_dir = data_dir
        self._descriptor: int | None = descriptor
        self._socket: socket.socket | None = None
        self._socket_path: Path | None = None
        self._server: asyncio.AbstractServer | None = None

    async def serve(self, on_files: Callable[[list[str]], None]) -> None:
        """Listen for later launches on the running loop; ``on_files`` gets what each hands
        over (absolute paths, perhaps none: then it just wants the window shown)."""
        import asyncio

        listener, address = self._listen()
        token = os.urandom(16).hex()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                line = await asyncio.wait_for(reader.readline(), READ_TIMEOUT_SECONDS)
                files = _checked_request(line, token)
                if files is None:
                    log.warning("A launch handed over a request that was refused")
                    writer.write(b"refused\n")
                else:
                    writer.write(b"ok\n")
                await writer.drain()
            except (TimeoutError, ValueError, OSError) as error:
                # ValueError: a line over the limit. Nothing the caller sends can stop us.
                log.warning("A launch's hand-over failed: %s", error)
                files = None
            finally:
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
            if files is not None:
                try:
                    on_files(files)
                except Exception:
                    log.exception("Taking the files of a later launch failed")

        if address["kind"] == "unix":
            self._server = await asyncio.start_unix_server(
                handle, sock=listener, limit=MAX_REQUEST_BYTES
            )
        else:
            self._server = await asyncio.start_server(
                handle, sock=listener, limit=MAX_REQUEST_BYTES
            )
        self._publish({**address, "token": token, "pid": os.getpid()})
        log.info("Listening for later launches (%s)", address["kind"])

    def _listen(self) -> tuple[socket.socket, dict[str, Any]]:
        import socket

        unix_path = self.data_dir / SOCKET_FILE_NAME
        if _has_unix_sockets() and len(os.fsencode(unix_path)) <= _MAX_UNIX_PATH:
            # Ours to replace: we hold the lock, so a socket file left here is a dead run's.
            unix_path.unlink(missing_ok=True)
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                listener.bind(os.fspath(unix_path))
                os.chmod(unix_path, 0o600)
            except BaseException:
                listener.close()
                raise
            self._socket_path = unix_path
            address: dict[str, Any] = {"kind": "unix", "path": os.fspath(unix_path)}
        else:
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.bind(("127.0.0.1", 0))
            address = {"kind": "tcp", "port": listener.getsockname()[1]}
        listener.listen(8)
        listener.setblocking(False)
        self._socket = listener
        return listener, address

    def _publish(self, record: dict[str, Any]) -> None:
        """Write where we listen into the lock file (a later launch reads it)."""
        assert self._descriptor is not None
        data = json.dumps(record).encode("utf-8") + b"\n"
        os.ftruncate(self._descriptor, 0)
        os.lseek(self._descriptor, 0, os.SEEK_SET)
        os.write(self._descriptor, data)

    async def stop_serving(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
            await server.wait_closed()

    def release(self) -> None:
        """Stop being the running app: remove the address, then drop the lock."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._socket_path is not None:
            with contextlib.suppress(OSError):
                self._socket_path.unlink()
            self._socket_path = None
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, 0)
            with contextlib.suppress(OSError):
                os.close(descriptor)  # closing drops the lock (so does the process ending)


def claim_data_folder(data_dir: Path) -> DataFolderClaim | None:
    """Take the data folder for this process, or None when a running app holds it.

    Raises OSError when no lock can be taken at all (a folder that cannot be written, a file
    system without locks): the caller runs without the one-instance guard then.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(data_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(descriptor):
            os.close(descriptor)
            return None
        # A dead run's address must not be taken for ours while we start.
        os.ftruncate(descriptor, 0)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(descriptor)
        raise
    return DataFolderClaim(data_dir, descriptor)


def claim_or_hand_over(
    data_dir: Path, files: Sequence[str]
) -> tuple[DataFolderClaim | None, str | None]:
    """What a launch does first: (the claim, None) when this process is to run; (None,
    None) when the running app took ``files`` (this launch is done); (None, why) when no
    guard is possible (a folder that cannot be written: run unguarded). Exits with status 1
    when an app holds the folder but cannot be reached."""
    problem = ""
    for _attempt in range(3):  # the holder may quit while we try: then claim it
        try:
            claim = claim_data_folder(data_dir)
        except OSError as error:
            return None, f"{error.strerror or error} ({data_dir})"
        if claim is not None:
            return claim, None
        try:
            hand_over(data_dir, files)
        except HolderQuitError as error:
            problem = str(error)
            continue
        except HandOverError as error:
            problem = str(error)
            break  # it holds the folder but does not answer: waiting longer will not help
        return None, None
    print(
        f"{APP_NAME} is already running with the data folder {data_dir}, but it did not "
        f"answer: {problem}.",
        file=sys.stderr,
    )
    raise SystemExit(1)


def hand_over(
    data_dir: Path, files: Sequence[str], *, timeout: float = HAND_OVER_TIMEOUT_SECONDS
) -> None:
    """Give ``files`` to the app running on ``data_dir`` (it shows its window and attaches
    them). Retries while that app is still starting; raises HandOverError if it never
    answers, or when no app holds the folder any more (the caller may then claim it)."""
    import socket

    paths = [os.path.abspath(name) for name in files[:MAX_FILES]]
    deadline = time.monotonic() + timeout
    last_problem = "it has not said where it listens"
    while True:
        record = _read_record(data_dir)
        if record is not None:
            try:
                reply = _send(socket, record, paths)
            except (OSError, ValueError) as error:
                last_problem = str(error) or type(error).__name__
            else:
                if reply == "ok":
                    return
                raise HandOverError(f"the running app answered {reply!r}")
        if not _held_elsewhere(data_dir):
            raise HolderQuitError("the app that held the data folder has quit")
        if time.monotonic() > deadline:
            raise HandOverError(f"the running app did not answer ({last_problem})")
        time.sleep(_RETRY_SECONDS)


def _send(socket_module: Any, record: dict[str, Any], paths: list[str]) -> str:
    line = json.dumps({"token": record["token"], "files": paths}).encode("utf-8") + b"\n"
    if record.get("kind") == "unix":
        connection = socket_module.socket(socket_module.AF_UNIX, socket_module.SOCK_STREAM)
        target: Any = record["path"]
    else:
        connection = socket_module.socket(socket_module.AF_INET, socket_module.SOCK_STREAM)
        target = ("127.0.0.1", int(record["port"]))
    with connection:
        connection.settimeout(READ_TIMEOUT_SECONDS)
        connection.connect(target)
        connection.sendall(line)
        reply = connection.makefile("rb").readline(64)
    return reply.decode("utf-8", "replace").strip()


def _read_record(data_dir: Path) -> dict[str, Any] | None:
    """The running app's address and token, or None while it has not written them."""
    try:
        with open(data_dir / LOCK_FILE_NAME, "rb") as file:
            text = file.read(4096)
        record = json.loads(text)
    except (OSError, ValueError):
        return None  # not written yet, or half-written: read again
    if not isinstance(record, dict) or not isinstance(record.get("token"), str):
        return None
    return record


def _checked_request(line: bytes, token: str) -> list[str] | None:
    """The files of a launch's request line, or None when it is not a valid one."""
    import hmac

    from dynaspark_desktop.core.guarded_json import loads_guarded

    try:
        request = loads_guarded(line, max_depth=4)
        files = request["files"]
        offered = request["token"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(offered, str) or not hmac.compare_digest(offered, token):
        return None
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        return None
    return files[:MAX_FILES]


def _held_elsewhere(data_dir: Path) -> bool:
    try:
        descriptor = os.open(data_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return False
    try:
        return not _try_lock(descriptor)  # if we got it, closing below gives it back
    finally:
        os.close(descriptor)


def _has_unix_sockets() -> bool:
    import socket

    # Windows has AF_UNIX in recent builds, but asyncio's proactor loop cannot serve it.
    return hasattr(socket, "AF_UNIX") and sys.platform != "win32"


if sys.platform == "win32":

    def _try_lock(descriptor: int) -> bool:
        import msvcrt

        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(descriptor, 0, os.SEEK_SET)
        return True

else:

    def _try_lock(descriptor: int) -> bool:
        import fcntl

        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


__all__ = [
    "LOCK_FILE_NAME",
    "DataFolderClaim",
    "HandOverError",
    "HolderQuitError",
    "claim_data_folder",
    "claim_or_hand_over",
    "hand_over",
]
