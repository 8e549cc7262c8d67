"""Which models a compared question goes to, and why one is left out."""

from __future__ import annotations

from dynaspark_desktop.providers.base import ModelInfo
from dynaspark_desktop.providers.compare_plan import (
    MAX_COMPARED,
    plan_columns,
    plan_problem,
)

KNOWN = {
    "local:llama3.2:3b": ModelInfo("llama3.2:3b", image_input=False),
    "local:llava:7b": ModelInfo("llava:7b", label="LLaVA 7B", image_input=True),
}


def _info(key: str) -> ModelInfo | None:
    return KNOWN.get(key)


def test_each_model_once_and_at_most_four() -> None:
    keys = ["a:1", "b:2", "a:1", "", "c:3", "d:4", "e:5"]
    columns = plan_columns(keys, _info, has_image=False)
    assert [column.model for column in columns] == ["a:1", "b:2", "c:3", "d:4"]
    assert len(columns) == MAX_COMPARED
    assert all(not column.skipped for column in columns)
    assert [column.name for column in columns] == ["1", "2", "3", "4"]  # unlisted: the id


def test_an_image_skips_a_model_known_not_to_see() -> None:
    keys = ["local:llama3.2:3b", "local:llava:7b", "other:unlisted"]
    blind, seeing, unknown = plan_columns(keys, _info, has_image=True)
    assert "llama3.2:3b cannot see images" in blind.skipped
    assert seeing.skipped == ""
    assert seeing.name == "LLaVA 7B"
    assert unknown.skipped == ""  # not listed yet: asked, and its server may still refuse
    assert plan_problem([blind, seeing, unknown]) == ""
    # Without an image nobody is skipped.
    assert all(not column.skipped for column in plan_columns(keys, _info, has_image=False))


def test_two_models_of_one_name_are_told_apart_by_their_provider() -> None:
    same = plan_columns(["local:x", "other:x", "local:y"], _info, has_image=False)
    assert [column.name for column in same] == ["x · local", "x · other", "y"]
    labelled = plan_columns(["a:x", "b:x"], _info, has_image=False, provider_label=str.upper)
    assert [column.name for column in labelled] == ["x · A:X", "x · B:X"]
    # Names that differ stay as they are ("LLaVA 7B" is listed; the other is not).
    apart = plan_columns(["local:llava:7b", "other:llava:7b"], _info, has_image=False)
    assert [column.name for column in apart] == ["LLaVA 7B", "llava:7b"]


def test_what_cannot_go_out_is_said() -> None:
    one = plan_columns(["local:llava:7b", "local:llava:7b"], _info, has_image=False)
    assert "at least two" in plan_problem(one)
    blind = plan_columns(["local:llama3.2:3b", "local:llama3.2:3b", "x:y"], _info, has_image=True)
    assert plan_problem(blind) == ""  # x:y is not known to be blind
    only_blind = [blind[0], blind[0]]
    assert "None of the chosen models can see images" in plan_problem(only_blind)
