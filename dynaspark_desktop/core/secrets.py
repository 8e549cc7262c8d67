"""API keys and the proxy password: in the OS keyring, or, only once the user agreed, in a
file only they can read.

Keys never go into the settings file, the log or an export. The UI asks the
:class:`SecretStore`; when it raises :class:`KeyringUnavailableError` (no keyring on this
system, or it refused), the UI explains, asks, and on consent sets ``allow_file = True`` and
stores again: the key then goes to ``secrets.json`` with mode 0600.

Every method blocks (the keyring may talk to D-Bus or show an unlock prompt): call them
through ``asyncio.to_thread``. ``keyring`` is imported on first use, never at start-up, and
with :class:`~dynaspark_desktop.core.secret_names.StoredSecretNames` only for a name it lists
(or while that list is not known yet): a store that never held a key never loads it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dynaspark_desktop.core.atomic_write import write_text_atomically
from dynaspark_desktop.core.errors import KeyringUnavailableError, SecretStorageError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.redaction import forget_secret, remember_secret
from dynaspark_desktop.core.secret_names import StoredSecretNames

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE_NAME = "dynaspark-desktop"
SECRETS_FILE_NAME = "secrets.json"
Location = Literal["keyring", "file"]
# Where a key is kept, as the providers' form words it: "keyring", "file", or "" for none.
KEYRING, KEY_FILE, NO_KEY = "keyring", "file", ""


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    backend: str  # the backend's name, e.g. "SecretService Keyring"
    reason: str = ""  # why it is not available, in words for the user


def keyring_status() -> KeyringStatus:
    """Whether a real keyring backend is there (``fail``/``null`` backends do not count)."""
    try:
        backend = _backend()
    except Exception as error:  # keyring's start-up can fail in many ways (D-Bus, config)
        return KeyringStatus(
            False,
            "",
            translate("Secrets", "the system keyring could not be opened ({error})").format(
                error=error
            ),
        )
    name = getattr(backend, "name", type(backend).__name__)
    reason = _unusable_reason(backend)
    return KeyringStatus(reason is None, name, reason or "")


def _backend() -> KeyringBackend:
    import keyring

    return keyring.get_keyring()


def _unusable_reason(backend: KeyringBackend) -> str | None:
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring) or (
        isinstance(backend, chainer.ChainerBackend) and not backend.backends
    ):
        return "this system has no keyring service (such as GNOME Keyring or KWallet) running"
    return None


class KeyringSecrets:
    """Secrets in the OS keyring under the app's service name."""

    def _ready_backend(self) -> KeyringBackend:
        status = keyring_status()
        if not status.available:
            raise KeyringUnavailableError(
                translate(
                    "Secrets",
                    "The system keyring is not available: {reason}. The key can be kept in a "
                    "file only you can read instead.",
                ).format(reason=status.reason)
            )
        return _backend()

    def get(self, name: str) -> str | None:
        backend = self._ready_backend()
        try:
            return backend.get_password(SERVICE_NAME, name)
        except Exception as error:
            raise _keyring_failed(translate("Secrets", "read"), error) from error

    def set(self, name: str, value: str) -> None:
        backend = self._ready_backend()
        try:
            backend.set_password(SERVICE_NAME, name, value)
        except Exception as error:
            raise _keyring_failed(translate("Secrets", "store"), error) from error

    def delete(self, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        backend = self._ready_backend()
        try:
            backend.delete_password(SERVICE_NAME, name)
        except PasswordDeleteError:
            pass  # nothing stored under that name: already as wanted
        except Exception as error:
            raise _keyring_failed(translate("Secrets", "delete"), error) from error


def _keyring_failed(action: str, error: Exception) -> KeyringUnavailableError:
    # The backend's message names no secret (we never pass it one to word).
    return KeyringUnavailableError(
        translate(
            "Secrets",
            "The system keyring could not {action} the API key (it may be locked, or its "
            "service stopped).",
        ).format(action=action),
        detail=f"{type(error).__name__}: {error}",
    )


class FileSecrets:
    """Secrets in a JSON file readable only by the user (mode 0600), written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        try:
            mode = self.path.stat().st_mode
        except FileNotFoundError:
            return {}
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            # Someone (a backup restore, a copy) widened it: narrow it before reading.
            log.warning("%s was readable by others; making it private again", self.path)
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)
        try:
            raw: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SecretStorageError(
                translate(
                    "Secrets", "The key file {path} cannot be read; enter the API keys again."
                ).format(path=self.path),
                detail=type(error).__name__,
            ) from error
        if not isinstance(raw, dict):
            return {}
        return {str(key): value for key, value in raw.items() if isinstance(value, str)}

    def _write(self, secrets: dict[str, str]) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # The temporary file is created 0600: the key is never readable by others, not even
        # for a moment before a chmod.
        write_text_atomically(
            self.path, json.dumps(secrets, indent=2, sort_keys=True), prefix=".secrets-"
        )

    def get(self, name: str) -> str | None:
        return self._read().get(name)

    def set(self, name: str, value: str) -> None:
        secrets = self._read()
        secrets[name] = value
        self._write(secrets)

    def delete(self, name: str) -> None:
        secrets = self._read()
        if secrets.pop(name, None) is None:
            return
        if secrets:
            self._write(secrets)
        else:
            self.path.unlink(missing_ok=True)


class SecretStore:
    """The keyring first; the 0600 file only with ``allow_file`` (the user's consent).

    A key stored in the file earlier is still found there; storing it again once a keyring
    works moves it into the keyring.

    ``names`` (the settings' list of what is in the keyring) keeps the keyring out of reach
    for every other name: it is not even imported. Without it, every name is asked for.

    Every value read or stored is registered with ``core.redaction``, so that a server
    echoing it back never gets it into a message, the log, the history or an export.
    """

    def __init__(
        self,
        file_path: Path,
        *,
        allow_file: bool = False,
        names: StoredSecretNames | None = None,
    ) -> None:
        self.keyring = KeyringSecrets()
        self.file = FileSecrets(file_path)
        self.allow_file = allow_file
        self.names = names if names is not None else StoredSecretNames(known=False)

    @classmethod
    def in_data_dir(
        cls, data_dir: Path, *, allow_file: bool = False, names: StoredSecretNames | None = None
    ) -> SecretStore:
        return cls(data_dir / SECRETS_FILE_NAME, allow_file=allow_file, names=names)

    def status(self) -> KeyringStatus:
        return keyring_status()

    def get(self, name: str) -> str | None:
        value = self._from_keyring(name)
        if value is None:
            value = self.file.get(name)
        remember_secret(name, value)
        return value

    def location(self, name: str) -> str:
        """Where ``name`` is kept: ``KEYRING``, ``KEY_FILE`` or ``NO_KEY``."""
        if self._from_keyring(name) is not None:
            return KEYRING
        return KEY_FILE if self.file.get(name) is not None else NO_KEY

    def _from_keyring(self, name: str) -> str | None:
        """``name``'s value in the keyring; None when it is not there, when no keyring works,
        or (without importing keyring) when the names say it was never put there."""
        if not self.names.may_be_in_keyring(name):
            return None
        if not keyring_status().available:
            self.names.keyring_failed()  # out of reach, perhaps only for now
            return None
        try:
            value = self.keyring.get(name)
        except KeyringUnavailableError:
            self.names.keyring_failed()
            raise
        self.names.keyring_answered()
        self.names.note(name, value is not None)
        return value

    def set(self, name: str, value: str) -> Location:
        """Store ``value``; returns where it went. Raises KeyringUnavailableError when no
        keyring works and the file is not allowed (the UI asks, then retries)."""
        if not value:
            self.delete(name)
            return "keyring"
        # Masked from now on, even if storing fails: the value is in use either way.
        remember_secret(name, value)
        # Noted before it is stored: a name listed in vain costs a look, a key stored but
        # not listed would be lost to the next start.
        self.names.note(name, True)
        try:
            self.keyring.set(name, value)
        except KeyringUnavailableError:
            if not self.allow_file:
                raise
            self.file.set(name, value)
            log.info("Secret %s kept in the user-only key file", name)
            return "file"
        self.file.delete(name)
        return "keyring"

    def delete(self, name: str) -> None:
        if self.names.may_be_in_keyring(name) and keyring_status().available:
            self.keyring.delete(name)
            self.names.note(name, False)
        self.file.delete(name)
        forget_secret(name)
