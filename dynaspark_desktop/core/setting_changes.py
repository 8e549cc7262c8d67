"""Who is told when a setting changes: the one way a part follows a setting."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from dynaspark_desktop.core.setting_list import SETTING_NAMES

log = logging.getLogger(__name__)

# Told the setting's name and its new value.
ChangeCallback = Callable[[str, Any], None]


class SettingChanges:
    """Who is told when which setting changes, in the order they subscribed (the models are
    qutebrowser's ``config.change_filter`` and Spyder's ``on_conf_change``). Plain Python, no
    Qt: callbacks run at once, on the thread that changed the setting (the UI thread)."""

    def __init__(self) -> None:
        self._subscribers: list[tuple[frozenset[str], ChangeCallback]] = []

    def connect(self, names: str | Iterable[str], callback: ChangeCallback) -> Callable[[], None]:
        """Call ``callback(name, value)`` whenever one of ``names`` changes; returns the
        function that ends the subscription (for a subscriber that goes away before the
        settings do)."""
        wanted = frozenset([names] if isinstance(names, str) else names)
        unknown = wanted - SETTING_NAMES
        if unknown:
            raise KeyError(f"No such setting: {', '.join(sorted(unknown))}")
        entry = (wanted, callback)
        self._subscribers.append(entry)

        def disconnect() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(entry)

        return disconnect

    def emit(self, name: str, value: Any) -> None:
        # A copy: a callback may subscribe or leave while we go through the list.
        for wanted, callback in list(self._subscribers):
            if name not in wanted:
                continue
            try:
                callback(name, value)
            except Exception:
                # One broken subscriber must not keep the others from hearing, nor undo the
                # change the user made.
                log.exception("A subscriber to the %s setting failed", name)
