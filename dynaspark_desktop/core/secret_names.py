"""Which secrets this app keeps in the OS keyring, by name only, so that the keyring is asked
only for those.

Importing ``keyring`` and opening its backends (D-Bus, Secret Service, cryptography) costs
about 12–16 MB and 100–250 ms, and most people never store a key. So the settings keep the
names (``api-key:<provider id>``, ``proxy-password``; never a secret) of what was put in
the keyring, and :class:`~dynaspark_desktop.core.secrets.SecretStore` asks the keyring about
a name only when this list has it, or while the list is not known yet.

The list is *not known* in a data folder whose settings come from a version that kept none:
there every name may be in the keyring, so the store asks it, notes what it found, and once
the keyring has answered every read without failing (:meth:`StoredSecretNames.settle`) the
list is known and saved. A locked or missing keyring never settles it: a key that is only
out of reach for now must not be forgotten. A new data folder starts with a known, empty
list.

Plain Python, thread-safe: the store runs on worker threads. ``on_change`` is called on the
thread that made the change, with the sorted names; the UI hops to its own thread to save.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

# Names a changed list is announced with (the settings save them on the UI thread).
NamesChanged = Callable[[list[str]], None]


class StoredSecretNames:
    """The names of the secrets kept in the keyring, or "not known yet" (``known=False``)."""

    def __init__(
        self,
        names: Iterable[str] = (),
        *,
        known: bool = True,
        on_change: NamesChanged | None = None,
    ) -> None:
        self._names = set(names)
        self._known = known
        self._lock = threading.Lock()
        self.on_change = on_change
        # While not known: whether the keyring answered a read, and whether one failed.
        self._answered = False
        self._failed = False

    @property
    def known(self) -> bool:
        return self._known

    def names(self) -> list[str]:
        with self._lock:
            return sorted(self._names)

    def may_be_in_keyring(self, name: str) -> bool:
        """Whether the keyring must be asked for ``name`` (always, while the list is not known)."""
        with self._lock:
            return not self._known or name in self._names

    def note(self, name: str, in_keyring: bool) -> None:
        """The keyring holds ``name`` (it was stored or found there) or does not (deleted, or
        asked and not found)."""
        with self._lock:
            if in_keyring == (name in self._names):
                return
            if in_keyring:
                self._names.add(name)
            else:
                self._names.discard(name)
            announce = self._known
        if announce:
            self._announce()

    def keyring_answered(self) -> None:
        """A read of the keyring returned (found or not)."""
        with self._lock:
            self._answered = True

    def keyring_failed(self) -> None:
        """A read of the keyring failed (locked, no keyring): the list cannot be settled."""
        with self._lock:
            self._failed = True

    def settle(self) -> bool:
        """Once every name that matters was asked for: the list is known from now on, if the
        keyring answered and never failed. True when it is known (now or already)."""
        with self._lock:
            if self._known:
                return True
            if not self._answered or self._failed:
                return False
            self._known = True
        self._announce()
        return True

    def _announce(self) -> None:
        if self.on_change is not None:
            self.on_change(self.names())
