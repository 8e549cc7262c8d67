"""The one value a chat provider takes."""

from __future__ import annotations

import dataclasses

import pytest

from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.providers.base import ChatRequest
from tests.providers.support import HI


def test_for_model_asks_the_same_question_of_another_model() -> None:
    request = ChatRequest(
        "mistral",
        HI,
        (),
        "Be brief.",
        parameters=ChatParameters(temperature=0.2),
        proxy="http://proxy:3128",
        timeout=9.0,
    )
    moved = request.for_model("llama3.2:3b")
    assert moved == dataclasses.replace(request, model="llama3.2:3b")
    assert request.model == "mistral"  # the original is unchanged


def test_the_transport_settings_are_named_never_positional() -> None:
    with pytest.raises(TypeError):
        ChatRequest("m", HI, (), None, ChatParameters(temperature=0.5))  # type: ignore[misc]


def test_a_request_cannot_be_changed_in_flight() -> None:
    request = ChatRequest("m", HI)
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.model = "other"  # type: ignore[misc]
