"""Which model to ask, or to offer, given what each provider listed: the picker's groups,
automatic fallback, "Try with …" after a failure, and a model that can see an image.

Plain functions over :class:`ProviderGroup` values (the window's model catalog keeps the
groups up to date and asks these questions of them), so the choices are tested without Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dynaspark_desktop.providers.base import ModelInfo, ModelRef
from dynaspark_desktop.providers.fallback import fallback_chain
from dynaspark_desktop.providers.model_keys import (
    WEB_PROVIDER_ID,
    canonical_key,
    key_for_ref,
    provider_of,
    ref_for_key,
)


@dataclass
class ProviderGroup:
    """One provider's entry in the picker."""

    provider_id: str
    label: str
    models: list[ModelInfo] = field(default_factory=list)
    problem: str = ""  # why it is unavailable ("" when it answered)
    loading: bool = True

    def key_for(self, model: ModelInfo) -> str:
        return key_for_ref(ModelRef(self.provider_id, model.id))


def model_info(groups: Iterable[ProviderGroup], key: str) -> ModelInfo | None:
    """What the groups know of the model ``key`` (None until its provider has listed it)."""
    try:
        ref = ref_for_key(key)
    except ValueError:
        return None
    group = next((group for group in groups if group.provider_id == ref.provider_id), None)
    if group is None:
        return None
    return next((model for model in group.models if model.id == ref.model_id), None)


def model_keys(groups: Iterable[ProviderGroup]) -> list[str]:
    """Every listed model's key, group by group."""
    return [group.key_for(model) for group in groups for model in group.models]


def vision_model_for(groups: Iterable[ProviderGroup], key: str) -> str | None:
    """The model to offer when ``key`` cannot see an image: the first image-capable model
    of the same provider, else of any provider that answered."""
    provider_id = provider_of(key) or WEB_PROVIDER_ID
    ordered = sorted(groups, key=lambda group: group.provider_id != provider_id)
    for group in ordered:
        for model in group.models:
            if model.image_input:
                return group.key_for(model)
    return None


def fallback_candidates(
    key: str, *, auto_fallback: bool, fallback_models: Iterable[str]
) -> list[str]:
    """The models to ask, in order, for a message to ``key``: just ``key`` unless the user
    turned on automatic fallback, else ``key`` then the fallback list, each once."""
    if not auto_fallback:
        return [key]
    others = [canonical_key(other) for other in fallback_models]
    return fallback_chain(canonical_key(key), others)


def alternative_to(
    groups: Sequence[ProviderGroup],
    key: str,
    fallback_models: Iterable[str],
    *,
    needs_images: bool = False,
) -> str | None:
    """The model to offer as "Try with …" after ``key`` failed for a passing reason: the
    user's fallback list first, then a model of another provider that answered (the same
    provider is likely the thing that is down), then one of the same provider. Only listed
    models count, and with ``needs_images`` only those that can see an image."""
    key = canonical_key(key)
    failed_provider = provider_of(key)

    def usable(candidate: str) -> bool:
        info = model_info(groups, candidate)
        return candidate != key and info is not None and (info.image_input or not needs_images)

    for candidate in fallback_models:
        if usable(canonical_key(candidate)):
            return canonical_key(candidate)
    same_provider: list[str] = []
    for group in groups:
        for model in group.models:
            candidate = group.key_for(model)
            if not usable(candidate):
                continue
            if group.provider_id != failed_provider:
                return candidate
            same_provider.append(candidate)
    return same_provider[0] if same_provider else None
