"""User settings: declared once (type, default, description), stored as JSON, written atomically.

Command-line options override settings for one run without being saved. A change is announced
(:class:`SettingChanges`): whoever depends on a setting subscribes to it once, so nobody has
to remember to pass a new value on after the settings changed.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dynaspark_desktop.core.atomic_write import write_text_atomically

log = logging.getLogger(__name__)

SETTINGS_FILE_NAME = "settings.json"
# Far more than any real settings file (a few kilobytes, the providers list included).
MAX_SETTINGS_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    description: str
    # For list settings: the type each entry must have (others are dropped when read).
    item_type: type | None = None
    # For numbers: the range a value must lie in (a file may say 1e308, -1 or 0).
    minimum: float | None = None
    maximum: float | None = None
    # Any other check a value must pass (a hand-edited file may hold anything).
    valid: Callable[[Any], bool] | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("model", str, "gemini-1.5-flash", "The model the next message goes to."),
    Setting("endpoint", str, "", "Dynaspark web endpoint URL; empty means the built-in one."),
    Setting(
        "api_endpoint",
        str,
        "",
        "Dynaspark public API base URL; empty means the built-in one.",
    ),
    Setting(
        "proxy",
        str,
        "",
        "HTTP(S) or SOCKS proxy URL for remote services; never used for loopback. Without its "
        "password: that is in the keyring (core.proxy_password).",
    ),
    Setting(
        "max_image_side",
        int,
        2048,
        "Longest side, in pixels, an attached image is cut to.",
        minimum=64,
        maximum=16384,
    ),
    Setting(
        "request_timeout",
        float,
        90.0,
        "Seconds to wait for an answer (the free service can take a minute to wake up).",
        minimum=1,
        maximum=3600,
    ),
    Setting(
        "max_answer_mb",
        int,
        8,
        "The most text, in MB, read of one answer, model list or server reply (a bigger one is "
        "cut off with a message).",
        minimum=1,
        maximum=1024,
    ),
    Setting(
        "max_image_mb",
        int,
        32,
        "The largest generated picture, in MB, that is downloaded.",
        minimum=1,
        maximum=1024,
    ),
    Setting(
        "read_idle_timeout",
        float,
        60.0,
        "Seconds a server may pause in the middle of a reply before the read is given up.",
        minimum=1,
        maximum=3600,
    ),
    Setting(
        "window_geometry",
        str,
        "",
        "The main window's last size and place (Qt, base64).",
        valid=lambda value: value.isascii() and len(value) < 4096,
    ),
    Setting(
        "open_conversation",
        int,
        0,
        "The conversation shown when the app last closed (its history id; 0: a new chat).",
        minimum=0,
        maximum=2**62,
    ),
    Setting(
        "providers",
        list,
        [],
        "The OpenAI-compatible servers the user added (providers.presets.ProviderConfig "
        "dicts: id, preset, label, base_url). Never their API keys: those are in the keyring.",
        item_type=dict,
    ),
    Setting(
        "fallback_models",
        list,
        [],
        "The models to try, in order, when the chosen one fails for a passing reason "
        "(provider:model keys).",
        item_type=str,
    ),
    Setting(
        "auto_fallback",
        bool,
        False,
        "Ask the next model of fallback_models when the chosen one fails for a passing reason.",
    ),
    Setting(
        "context_tokens",
        int,
        8192,
        "The context window, in tokens, of a model whose window is not known (a local "
        "server's model, say): the oldest turns of a longer conversation are left out.",
        minimum=512,
        maximum=10_000_000,
    ),
    Setting(
        "model_context_tokens",
        dict,
        {},
        "Context windows, in tokens, of particular models (provider:model key to tokens): "
        "each takes the place of the known or default window for its model.",
        valid=lambda value: (
            len(value) <= 1_000
            and all(
                isinstance(key, str) and type(tokens) is int and 512 <= tokens <= 10_000_000
                for key, tokens in value.items()
            )
        ),
    ),
    Setting(
        "concurrent_requests",
        list,
        [],
        'How many requests each provider is sent at once ({"provider": id, "limit": n} '
        "dicts, n from 1 to 32); the others wait in order. Providers not listed get "
        "providers.concurrency.default_limit (10 for the Dynaspark API, 1 for a local server).",
        item_type=dict,
    ),
    Setting(
        "api_keys_in_file",
        bool,
        False,
        "The user agreed to keep API keys in a file only they can read (mode 0600) when no "
        "system keyring works.",
    ),
    Setting(
        "keyring_names",
        list,
        [],
        "The names (api-key:<provider id>, proxy-password) of the secrets this app put in the "
        "system keyring, never the secrets: the keyring is asked for these only "
        "(core.secret_names).",
        item_type=str,
    ),
    Setting(
        "keyring_names_known",
        bool,
        False,
        "Whether keyring_names is complete (settings of versions before it had no list: the "
        "keyring is asked once, then the list is saved).",
    ),
    Setting(
        "chat_parameters",
        dict,
        {},
        "The sampling parameters of a chat that has none of its own (core.parameters: "
        "temperature, top_p, max_tokens, presence_penalty, frequency_penalty, seed; one left "
        "out is left to the model).",
        valid=lambda value: _valid_parameters(value),
    ),
)
_BY_NAME = {setting.name: setting for setting in SETTINGS}


def _valid_parameters(value: Any) -> bool:
    from dynaspark_desktop.core.parameters import valid_parameters_object

    return valid_parameters_object(value)


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
        unknown = wanted - _BY_NAME.keys()
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
            raw = _read_settings_file(path)
        except FileNotFoundError:
            # A new data folder: no secret of it is in the keyring yet.
            raw = {"keyring_names_known": True}
        except (OSError, ValueError) as error:
            # A damaged settings file must not stop the app; keep it for inspection.
            log.warning("Settings file %s unreadable (%s); using defaults", path, error)
            _move_aside(path)
            raw = {}
        if isinstance(raw, dict):
            for name, value in raw.items():
                setting = _BY_NAME.get(name)
                if setting is None:
                    continue
                coerced = _coerce(setting, value)
                if coerced is not None:
                    values[name] = coerced
                else:
                    log.warning("Setting %s: the saved value is not one it takes", name)
        return cls(path=path, values=values)

    def get(self, name: str) -> Any:
        value = self.values[_BY_NAME[name].name]
        # A copy of a list: a caller that changes it and sets it back must not find it
        # already "unchanged" (and so never saved).
        return copy.deepcopy(value) if isinstance(value, list | dict) else value

    def set(self, name: str, value: Any) -> None:
        setting = _BY_NAME[name]
        coerced = _coerce(setting, value)
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


def _coerce(setting: Setting, value: Any) -> Any:
    """``value`` as the setting's type, or None when it is not one it can take."""
    if setting.type is bool:
        return value if isinstance(value, bool) else None
    if setting.type is list:
        return _coerce_list(setting, value)
    if setting.type is float and isinstance(value, int | float) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, setting.type) or isinstance(value, bool):
        return None
    if setting.minimum is not None and not setting.minimum <= value:
        return None  # NaN fails both comparisons
    if setting.maximum is not None and not value <= setting.maximum:
        return None
    if setting.valid is not None and not setting.valid(value):
        return None
    return value


def _coerce_list(setting: Setting, value: Any) -> list[Any] | None:
    """A copy of ``value`` without the entries of the wrong type: one damaged entry must not
    cost the user the others."""
    if not isinstance(value, list | tuple):
        return None
    item_type = setting.item_type
    kept = [item for item in value if item_type is None or isinstance(item, item_type)]
    if len(kept) != len(value):
        dropped = len(value) - len(kept)
        log.warning("Setting %s: %d entries of the wrong type left out", setting.name, dropped)
    return copy.deepcopy(kept)


def _read_settings_file(path: Path) -> Any:
    """The file's JSON; ValueError for one that is not a small regular file of sane JSON (a
    FIFO would block the start-up forever, a huge or deep file would exhaust it)."""
    from dynaspark_desktop.core.capped_files import NotARegularFileError, read_regular_file
    from dynaspark_desktop.core.guarded_json import loads_guarded

    try:
        data = read_regular_file(path, MAX_SETTINGS_BYTES)
    except NotARegularFileError as error:
        raise ValueError(str(error)) from None
    return loads_guarded(data, max_depth=16)


def _move_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.replace(path.with_suffix(".json.damaged"))


__all__ = ["SETTINGS", "Setting", "SettingChanges", "Settings"]
