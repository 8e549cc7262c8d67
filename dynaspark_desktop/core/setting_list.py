"""Every setting, declared once: name, type, default, description and what it accepts.

The settings window shows each from this declaration; the settings file is read through it
(core.settings_file), so a value it does not accept falls back to the default with a warning.
A description a user sees is marked for translation (core.i18n) and translated where shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP


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
    # For settings that take one of a few values (a theme, a key): those values.
    choices: tuple[Any, ...] | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("model", str, "gemini-1.5-flash", "The model the next message goes to."),
    Setting(
        "endpoint",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "Dynaspark web endpoint URL; empty means the built-in one."),
    ),
    Setting(
        "api_endpoint",
        str,
        "",
        QT_TRANSLATE_NOOP(
            "Settings", "Dynaspark public API base URL; empty means the built-in one."
        ),
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
        QT_TRANSLATE_NOOP("Settings", "Longest side, in pixels, an attached image is cut to."),
        minimum=64,
        maximum=16384,
    ),
    Setting(
        "request_timeout",
        float,
        90.0,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Seconds to wait for an answer (the free service can take a minute to wake up).",
        ),
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
        QT_TRANSLATE_NOOP(
            "Settings",
            "Seconds a server may pause in the middle of a reply before the read is given up.",
        ),
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
    Setting(
        "theme",
        str,
        "system",
        QT_TRANSLATE_NOOP("Settings", "Light or dark colours, or those of the system."),
        choices=("system", "light", "dark"),
    ),
    Setting(
        "text_zoom",
        int,
        100,
        QT_TRANSLATE_NOOP("Settings", "The size of the conversation's text, in per cent."),
        minimum=50,
        maximum=300,
    ),
    Setting(
        "language",
        str,
        "",
        QT_TRANSLATE_NOOP(
            "Settings", "The language of the app; empty follows the system's language."
        ),
        choices=("", "en", "ru"),
    ),
    Setting(
        "send_key",
        str,
        "enter",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Which key sends a message: Enter (Shift+Enter starts a new line) or Ctrl+Enter "
            "(Enter starts a new line).",
        ),
        choices=("enter", "ctrl_enter"),
    ),
    Setting(
        "default_system_prompt",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "The system prompt a new chat starts with."),
        valid=lambda value: len(value) <= 64 * 1024,
    ),
    Setting(
        "image_quality",
        int,
        90,
        QT_TRANSLATE_NOOP(
            "Settings", "The JPEG quality, 50 to 100, of a photo cut down before it is sent."
        ),
        minimum=50,
        maximum=100,
    ),
    Setting(
        "last_folder",
        str,
        "",
        "The folder the last file dialog (attach, export, import) was left in.",
        valid=lambda value: len(value) < 4096 and "\x00" not in value,
    ),
)
_BY_NAME = {setting.name: setting for setting in SETTINGS}
SETTING_NAMES = frozenset(_BY_NAME)


def setting_named(name: str) -> Setting:
    """The declaration of ``name``: KeyError for a name no setting has (a name in the code
    must be declared)."""
    return _BY_NAME[name]


def find_setting(name: str) -> Setting | None:
    """The declaration of ``name``, or None (an old or foreign key in a settings file)."""
    return _BY_NAME.get(name)


def _valid_parameters(value: Any) -> bool:
    from dynaspark_desktop.core.parameters import valid_parameters_object

    return valid_parameters_object(value)


__all__ = ["SETTINGS", "SETTING_NAMES", "Setting", "find_setting", "setting_named"]
