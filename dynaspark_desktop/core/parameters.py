"""Sampling parameters of a conversation (temperature, top_p, ...): what each kind of provider
takes, in which range, and how they are kept (a JSON object in the history and the settings).

``None`` for a parameter means "the model's own default": nothing is sent for it. A provider
kind names the wire contract (``shared/dynaspark-api.md``): the web endpoint takes none, the
Dynaspark API takes five as query parameters (no length limit: its documentation names none),
OpenAI-compatible servers take all six as JSON fields. A value outside a provider's range (a
temperature of 2.5 kept from a Dynaspark API model, sent to an OpenAI server that stops at
2) is clamped into it when sent.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Provider kinds: each provider class names its own (``parameter_kind``).
WEB_ENDPOINT = "dynaspark-web"
DYNASPARK_API = "dynaspark-api"
OPENAI_COMPATIBLE = "openai-compatible"

# The largest max_tokens and seed anyone sends (seeds are 64-bit on the widest servers).
MAX_TOKENS_LIMIT = 1_000_000
SEED_LIMIT = 2**63 - 1


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter as a provider kind takes it: its wire name and its range."""

    name: str
    minimum: float
    maximum: float
    integer: bool = False
    step: float = 0.1

    def clamp(self, value: float) -> float | int:
        clamped = min(max(value, self.minimum), self.maximum)
        return int(clamped) if self.integer else float(clamped)


_TOP_P = ParameterSpec("top_p", 0.0, 1.0, step=0.05)
_PRESENCE = ParameterSpec("presence_penalty", -2.0, 2.0)
_FREQUENCY = ParameterSpec("frequency_penalty", -2.0, 2.0)
_SEED = ParameterSpec("seed", 0, SEED_LIMIT, integer=True, step=1)
_MAX_TOKENS = ParameterSpec("max_tokens", 1, MAX_TOKENS_LIMIT, integer=True, step=256)

ACCEPTED: dict[str, tuple[ParameterSpec, ...]] = {
    WEB_ENDPOINT: (),
    DYNASPARK_API: (
        ParameterSpec("temperature", 0.0, 3.0),
        _TOP_P,
        _PRESENCE,
        _FREQUENCY,
        _SEED,
    ),
    OPENAI_COMPATIBLE: (
        ParameterSpec("temperature", 0.0, 2.0),
        _TOP_P,
        _MAX_TOKENS,
        _PRESENCE,
        _FREQUENCY,
        _SEED,
    ),
}
# The widest range of each parameter over every kind: what a stored value may hold.
_WIDEST: dict[str, ParameterSpec] = {}
for _specs in ACCEPTED.values():
    for _spec in _specs:
        _known = _WIDEST.get(_spec.name)
        if _known is None or _spec.maximum > _known.maximum:
            _WIDEST[_spec.name] = _spec


def accepted(kind: str | None) -> tuple[ParameterSpec, ...]:
    """The parameters a provider kind takes (none for an unknown kind: nothing is sent)."""
    return ACCEPTED.get(kind or "", ())


@dataclass(frozen=True)
class ChatParameters:
    """A conversation's parameters; each None leaves it to the model."""

    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None

    def for_kind(self, kind: str | None) -> dict[str, float | int]:
        """What to send to a provider of ``kind``: the set parameters it takes, in its range."""
        sent: dict[str, float | int] = {}
        for spec in accepted(kind):
            value = getattr(self, spec.name)
            if value is not None:
                sent[spec.name] = spec.clamp(value)
        return sent

    def to_dict(self) -> dict[str, float | int]:
        """The set parameters, as the history and the settings keep them."""
        return {
            name: value for name, value in dataclasses.asdict(self).items() if value is not None
        }

    @classmethod
    def from_dict(cls, raw: Any) -> ChatParameters:
        """Parameters from a stored object; anything unknown, of the wrong type or out of
        every range is left out (a hand-edited or damaged value must not reach a server)."""
        if not isinstance(raw, Mapping):
            return cls()
        values: dict[str, float | int] = {}
        for name, spec in _WIDEST.items():
            value = raw.get(name)
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            if not math.isfinite(value) or not spec.minimum <= value <= spec.maximum:
                continue
            if spec.integer and (not isinstance(value, int)):
                if not float(value).is_integer():
                    continue
                value = int(value)
            values[name] = value if spec.integer else float(value)
        return cls(**values)

    @property
    def is_empty(self) -> bool:
        return self == ChatParameters()


def valid_parameters_object(value: Any) -> bool:
    """Whether a settings value is a parameters object read back unchanged."""
    return isinstance(value, dict) and ChatParameters.from_dict(value).to_dict() == value
