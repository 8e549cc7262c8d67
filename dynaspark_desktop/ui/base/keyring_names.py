"""The settings' list of what is in the keyring (``core.secret_names``), saved on the UI thread.

The secret store notes a name on whichever worker thread stored, deleted or looked it up; the
settings are changed (and their subscribers told) only on the UI thread, so the change is
carried there by a queued signal.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.secret_names import StoredSecretNames
from dynaspark_desktop.core.settings import Settings


class KeyringNamesKeeper(QObject):
    """Owns the names the secret store consults and saves each change of them."""

    _changed = Signal(object)  # the sorted names, from any thread

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._changed.connect(self._save)  # queued when emitted on another thread
        self.names = StoredSecretNames(
            settings.get("keyring_names"),
            known=bool(settings.get("keyring_names_known")),
            on_change=self._carry,
        )

    def _carry(self, names: list[str]) -> None:  # on the store's thread
        # At quit the window (our parent) may be gone while a key read still ends: the
        # change is then not saved, and the next start asks again (safe, see secret_names).
        with contextlib.suppress(RuntimeError):
            self._changed.emit(names)

    def _save(self, names: list[str]) -> None:
        self._settings.set("keyring_names", names)
        self._settings.set("keyring_names_known", True)
