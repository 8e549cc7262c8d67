"""What the tray says when the chosen model reads fewer images than are attached: which it
will get, before anything is sent (never silently)."""

from __future__ import annotations

from collections.abc import Sequence

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.providers.base import ModelInfo


def images_note(info: ModelInfo | None, images: Sequence[PreparedImage], provider: str) -> str:
    """The note for ``images`` sent to a model of ``provider`` described by ``info``; empty
    when it gets them all (or cannot see images at all: that has its own warning)."""
    most = info.most_images if info is not None and info.image_input else None
    if most is None or len(images) <= most:
        return ""
    assert info is not None  # a limit is known only for a known model
    reader = provider or info.display_name
    if most == 1:
        return translate(
            "ImagesNote", "{reader} reads one picture: it will get the first, “{name}”."
        ).format(reader=reader, name=images[0].filename)
    names = ", ".join(f"“{image.filename}”" for image in images[:most])
    return translate(
        "ImagesNote", "{reader} reads {most} pictures: it will get the first {most}, {names}."
    ).format(reader=reader, most=most, names=names)
