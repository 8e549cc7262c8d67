"""Ready-made OpenAI-compatible servers, and the saved configuration of each one the user adds.

A :class:`ProviderConfig` is what the settings file keeps for a provider: never its API key,
which lives in the OS keyring under :func:`api_key_name` (see ``core.secrets``). Several
configurations may use the same preset (two Ollama hosts, say); each has its own ``id``.

No aiohttp here: the settings window lists presets before any request is made.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preset:
    id: str
    label: str
    base_url: str
    # Whether the service refuses requests without a key (local servers do not need one).
    needs_key: bool
    local: bool
    # Where a user gets a key, for a link beside the key field.
    key_help_url: str = ""
    # Extra request headers the service asks clients to send.
    headers: tuple[tuple[str, str], ...] = ()


CUSTOM = "custom"

PRESETS: tuple[Preset, ...] = (
    Preset("ollama", "Ollama", "http://localhost:11434/v1", needs_key=False, local=True),
    Preset("lmstudio", "LM Studio", "http://localhost:1234/v1", needs_key=False, local=True),
    Preset(
        "llamacpp",
        QT_TRANSLATE_NOOP("Presets", "llama.cpp server"),
        "http://localhost:8080/v1",
        needs_key=False,
        local=True,
    ),
    Preset(
        "openai",
        "OpenAI",
        "https://api.openai.com/v1",
        needs_key=True,
        local=False,
        key_help_url="https://platform.openai.com/api-keys",
    ),
    Preset(
        "openrouter",
        "OpenRouter",
        "https://openrouter.ai/api/v1",
        needs_key=True,
        local=False,
        key_help_url="https://openrouter.ai/keys",
        # OpenRouter's app attribution headers (optional, harmless).
        headers=(("X-Title", "Dynaspark Desktop"),),
    ),
    Preset(
        "gemini",
        "Google Gemini",
        "https://generativelanguage.googleapis.com/v1beta/openai",
        needs_key=True,
        local=False,
        key_help_url="https://aistudio.google.com/apikey",
    ),
    Preset(CUSTOM, QT_TRANSLATE_NOOP("Presets", "Custom server"), "", needs_key=False, local=False),
)
_BY_ID = {preset.id: preset for preset in PRESETS}


def preset(preset_id: str) -> Preset:
    """The preset of that id; unknown ids read as the custom preset."""
    return _BY_ID.get(preset_id, _BY_ID[CUSTOM])


def api_key_name(provider_id: str) -> str:
    """The name a provider's API key is stored under in the secret store."""
    return f"api-key:{provider_id}"


_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def normalise_base_url(url: str) -> str:
    """``url`` trimmed, without a trailing slash (paths are appended to it)."""
    return url.strip().rstrip("/")


def base_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a base URL, in words for the settings form; None when fine."""
    parts = urlsplit(normalise_base_url(url))
    if not url.strip():
        return "Enter the server's base URL, such as http://localhost:11434/v1."
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "The base URL must start with http:// or https:// and name a host."
    if parts.query or parts.fragment:
        return "The base URL must not have a ?query or #fragment."
    return None


@dataclass(frozen=True)
class ProviderConfig:
    """One configured OpenAI-compatible server, as the settings file stores it."""

    id: str
    preset: str
    label: str
    base_url: str

    def to_dict(self) -> dict[str, str]:
        """For the settings file. Holds no secret by construction: there is no key field."""
        return {
            "id": self.id,
            "preset": self.preset,
            "label": self.label,
            "base_url": self.base_url,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ProviderConfig:
        """Read one saved entry; ValueError (with the reason) when it is unusable."""
        provider_id = raw.get("id")
        if not isinstance(provider_id, str) or not _ID_PATTERN.match(provider_id):
            raise ValueError(f"bad provider id {provider_id!r}")
        preset_id = raw.get("preset") if isinstance(raw.get("preset"), str) else CUSTOM
        chosen = preset(str(preset_id))
        base_url = raw.get("base_url")
        base_url = normalise_base_url(base_url if isinstance(base_url, str) else chosen.base_url)
        problem = base_url_problem(base_url)
        if problem:
            raise ValueError(problem)
        label = raw.get("label")
        return cls(
            id=provider_id,
            preset=chosen.id,
            label=label.strip() if isinstance(label, str) and label.strip() else chosen.label,
            base_url=base_url,
        )


def new_config(
    preset_id: str,
    existing_ids: Iterable[str] = (),
    *,
    base_url: str | None = None,
    label: str | None = None,
) -> ProviderConfig:
    """A configuration for a new provider of ``preset_id``, with an id not in ``existing_ids``
    ("ollama", then "ollama-2", ...). ValueError when the base URL is unusable."""
    chosen = preset(preset_id)
    taken = set(existing_ids)
    provider_id = chosen.id
    number = 2
    while provider_id in taken or provider_id in RESERVED_IDS:
        provider_id = f"{chosen.id}-{number}"
        number += 1
    url = normalise_base_url(base_url if base_url is not None else chosen.base_url)
    problem = base_url_problem(url)
    if problem:
        raise ValueError(problem)
    return ProviderConfig(provider_id, chosen.id, (label or "").strip() or chosen.label, url)


def configs_from_settings(raw: Any) -> list[ProviderConfig]:
    """The usable configurations of a saved list; damaged entries are logged and skipped, so
    one bad entry never hides the others."""
    configs: list[ProviderConfig] = []
    seen: set[str] = set()
    for entry in raw if isinstance(raw, list) else []:
        try:
            config = ProviderConfig.from_dict(entry if isinstance(entry, Mapping) else {})
        except ValueError as error:
            log.warning("Skipping a saved provider: %s", error)
            continue
        if config.id in seen or config.id in RESERVED_IDS:
            log.warning("Skipping a saved provider: id %r is taken", config.id)
            continue
        seen.add(config.id)
        configs.append(config)
    return configs


# The built-in providers' ids (providers.registry); a configured server never takes them.
RESERVED_IDS = frozenset({"dynaspark", "dynaspark-api"})
