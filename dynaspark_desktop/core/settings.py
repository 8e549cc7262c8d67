"""User settings: declared once (type, default, description), stored as JSON, written atomically.

Command-line options override settings for one run without being saved. A change is announced
(:class:`SettingChanges`): whoever depends on a setting subscribes to it once, so nobody has
to remember to pass a new value on after the settings changed.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dynaspark_desktop.core.atomic_write import write_text_atomically
from dynaspark_desktop.core.setting_changes import SettingChanges
from dynaspark_desktop.core.setting_list import SETTINGS, Setting, find_setting, setting_named
from dynaspark_desktop.core.settings_file import (
    MAX_SETTINGS_BYTES,
    coerce,
    move_aside,
    read_settings_file,
)

log = logging.getLogger(__name__)

SETTINGS_FILE_NAME = "settings.json"


@dataclass
class Settings:
    """Typed access to the settings file in the data directory."""

    path: Path
    values: dict[str, Any]
    # Told when a save fails (the OSError): set by the app to show it in the window.
    on_save_failed: Callable[[OSError], None] | None = field(default=None, compare=False)
    changed: SettingChanges = field(default_factory=SettingChanges, compare=False, repr=False)
    # The proxy's password, read from the secret store: in memory only, never written here.
    proxy_password: str = field(default="", compare=False, repr=False)

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        path = data_dir / SETTINGS_FILE_NAME
        values = {setting.name: copy.deepcopy(setting.default) for setting in SETTINGS}
        try:
            raw = read_settings_file(path)
        except FileNotFoundError:
            # A new data folder: no secret of it is in the keyring yet.
            raw = {"keyring_names_known": True}
        except (OSError, ValueError) as error:
            # A damaged settings file must not stop the app; keep it for inspection.
            log.warning("Settings file %s unreadable (%s); using defaults", path, error)
            move_aside(path)
            raw = {}
        if isinstance(raw, dict):
            for name, value in raw.items():
                setting = find_setting(name)
                if setting is None:
                    continue
                coerced = coerce(setting, value)
                if coerced is not None:
                    values[name] = coerced
                else:
                    log.warning("Setting %s: the saved value is not one it takes", name)
        return cls(path=path, values=values)

    def get(self, name: str) -> Any:
        value = self.values[setting_named(name).name]
        # A copy of a list: a caller that changes it and sets it back must not find it
        # already "unchanged" (and so never saved).
        return copy.deepcopy(value) if isinstance(value, list | dict) else value

    def set(self, name: str, value: Any) -> None:
        setting = setting_named(name)
        coerced = coerce(setting, value)
        if coerced is None:
            raise ValueError(f"{name} takes a {setting.type.__name__}, not {value!r}")
        if self.values.get(name) == coerced:
            return
        self.values[name] = coerced
        self.save()
        # Announced even when the save failed: the value holds for this run all the same.
        self.changed.emit(name, self.get(name))

    def use_proxy(self, address: str, password: str) -> None:
        """Connect through ``address`` (saved) with ``password`` (in memory only: the secret
        store keeps it), announced as one change of "proxy" when either is new."""
        new_password = password != self.proxy_password
        self.proxy_password = password
        if address != self.get("proxy"):
            self.set("proxy", address)
        elif new_password:
            self.changed.emit("proxy", address)

    def proxy_in_use(self) -> str:
        """The saved proxy address with its password put back, to connect through ("" for
        none). The password, when there is one, is kept out of the settings file."""
        from dynaspark_desktop.core.proxy_password import with_proxy_password

        return with_proxy_password(self.get("proxy"), self.proxy_password)

    def save(self) -> bool:
        """Write atomically: a crash mid-write leaves the old file, never a torn one.

        A write that fails (a full or read-only disk) keeps the value for this run, is
        logged, and goes to ``on_save_failed`` (the window tells the user); False then.
        """
        text = json.dumps(self.values, indent=2, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(self.path, text, prefix=".settings-")
        except OSError as error:
            log.warning("Settings not saved to %s: %s", self.path, error)
            if self.on_save_failed is not None:
                self.on_save_failed(error)
            return False
        return True


__all__ = ["MAX_SETTINGS_BYTES", "SETTINGS", "Setting", "SettingChanges", "Settings"]
