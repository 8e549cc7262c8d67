"""Which models a compared question goes to (compare mode: one question, two to four models
answering side by side), and why a model is left out: a question with an image goes only
to the models that can see it; the others are shown as skipped, with the reason."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.providers.base import ModelInfo
from dynaspark_desktop.providers.model_keys import model_name, provider_of

MIN_COMPARED = 2
MAX_COMPARED = 4


@dataclass(frozen=True)
class PlannedColumn:
    """One model's column: its key, the name its header shows, and why it is not asked
    ("" when it is)."""

    model: str
    name: str
    skipped: str = ""


def display_name(key: str, info: ModelInfo | None) -> str:
    """The model's name as the picker shows it."""
    return info.display_name if info is not None else model_name(key)


def plan_columns(
    models: Sequence[str],
    info_of: Callable[[str], ModelInfo | None],
    *,
    has_image: bool,
    provider_label: Callable[[str], str] = provider_of,
) -> list[PlannedColumn]:
    """A column per model (duplicates dropped, at most ``MAX_COMPARED``). With an image, a
    model known not to see images is skipped; one not listed yet is asked (the server may
    still refuse the image, and that shows in its column). Two models of one name (from two
    providers) are told apart by their provider's label (``provider_label`` of the key)."""
    seen: list[str] = []
    for key in models:
        if key and key not in seen:
            seen.append(key)
    columns: list[PlannedColumn] = []
    for key in seen[:MAX_COMPARED]:
        info = info_of(key)
        skipped = ""
        if has_image and info is not None and not info.image_input:
            skipped = translate(
                "ComparePlan", "Skipped: {model} cannot see images, and this question has one."
            ).format(model=display_name(key, info))
        columns.append(PlannedColumn(key, display_name(key, info), skipped))
    names = [column.name for column in columns]
    return [
        dataclasses.replace(column, name=f"{column.name} · {provider_label(column.model)}")
        if names.count(column.name) > 1
        else column
        for column in columns
    ]


def plan_problem(columns: Sequence[PlannedColumn]) -> str:
    """Why the compared question cannot go out ("" when it can): fewer than two models, or
    none that can see its image."""
    if len(columns) < MIN_COMPARED:
        return translate("ComparePlan", "Choose at least two models to compare.")
    if all(column.skipped for column in columns):
        return translate(
            "ComparePlan",
            "None of the chosen models can see images. Choose one that can, or remove the image.",
        )
    return ""
