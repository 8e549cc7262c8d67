"""How the window names a model: a key string, and the :class:`~.base.ModelRef` behind it.

Keys are ``provider_id:model_id``, except for the Dynaspark web provider's models, which
keep their bare names (``gemini-2.5-flash``): that is how settings and histories written
before there were other providers name them, and they must keep meaning the same model.
"""

from __future__ import annotations

from dynaspark_desktop.providers.base import ModelRef

WEB_PROVIDER_ID = "dynaspark"


def ref_for_key(key: str) -> ModelRef:
    """The model a key names; a bare name is a Dynaspark web model."""
    if ":" not in key:
        return ModelRef(WEB_PROVIDER_ID, key)
    return ModelRef.parse(key)


def key_for_ref(ref: ModelRef) -> str:
    return ref.model_id if ref.provider_id == WEB_PROVIDER_ID else ref.key


def canonical_key(key: str) -> str:
    """One spelling per model (``dynaspark:gemini-2.5-flash`` becomes the bare name)."""
    try:
        return key_for_ref(ref_for_key(key))
    except ValueError:
        return key


def provider_of(key: str) -> str:
    """The id of the provider a key names ("" for a malformed key such as ``ollama:``)."""
    try:
        return ref_for_key(key).provider_id
    except ValueError:
        return ""


def model_name(key: str) -> str:
    """The model's own id, for showing beside an answer."""
    try:
        return ref_for_key(key).model_id
    except ValueError:
        return key
