"""The ``/imagine`` command: a message that asks for a picture instead of an answer.

``/imagine a red bicycle by the sea --wide`` asks the image service for that picture. The
size words (``--square``, ``--wide``, ``--tall``) and ``--size 1024x768`` may stand anywhere
in the message; every side is kept within the limits the caller passes (the provider's), so
this module needs no provider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate

IMAGINE_COMMAND = "/imagine"
# Shapes by name, close to the aspect ratios people ask for (16:9 and 9:16 at about a
# megapixel, which the image models handle well).
SIZE_WORDS = {"square": (1024, 1024), "wide": (1344, 768), "tall": (768, 1344)}

_COMMAND = re.compile(r"\s*/imagine(?=\s|$)", re.IGNORECASE)
_SIZE_OPTION = re.compile(r"(?<!\S)--size(?:=|\s+)(\S*)", re.IGNORECASE)
_SIZE_VALUE = re.compile(r"(\d{1,5})\s*[x×*]\s*(\d{1,5})", re.IGNORECASE)
_SIZE_WORD = re.compile(r"(?<!\S)--(square|wide|tall)(?!\S)", re.IGNORECASE)

EXAMPLE = QT_TRANSLATE_NOOP("Imagine", "/imagine a red bicycle by the sea --wide")


class ImaginePromptError(UserFacingError):
    """The ``/imagine`` message cannot be sent as written; the text says how to fix it."""


@dataclass(frozen=True)
class ImagineRequest:
    prompt: str
    width: int
    height: int
    # The size asked for was outside the service's limits and was brought within them.
    clamped: bool = False


def is_imagine(text: str) -> bool:
    """Whether ``text`` is an ``/imagine`` command (any letter case, not ``/imagined``)."""
    return _COMMAND.match(text) is not None


def parse_imagine(text: str, *, default_side: int, min_side: int, max_side: int) -> ImagineRequest:
    """The picture ``text`` asks for. Raises ImaginePromptError when it describes none or
    gives a size that is not ``WIDTHxHEIGHT``."""
    match = _COMMAND.match(text)
    if match is None:
        raise ValueError("not an /imagine message")
    rest = text[match.end() :]
    width = height = default_side
    size = _SIZE_OPTION.search(rest)
    if size is not None:
        value = _SIZE_VALUE.fullmatch(size.group(1))
        if value is None:
            raise ImaginePromptError(
                translate(
                    "Imagine",
                    "Write the size as --size WIDTHxHEIGHT, e.g. --size 1024x768 (each side "
                    "{min} to {max} pixels), or use --square, --wide or --tall.",
                ).format(min=min_side, max=max_side)
            )
        width, height = int(value.group(1)), int(value.group(2))
        rest = rest[: size.start()] + rest[size.end() :]
    else:
        word = _SIZE_WORD.search(rest)
        if word is not None:
            width, height = SIZE_WORDS[word.group(1).lower()]
    rest = _SIZE_WORD.sub("", rest)
    prompt = " ".join(rest.split())
    if not prompt:
        raise ImaginePromptError(
            translate(
                "Imagine", "Describe the picture after {command}, for example: {example}"
            ).format(command=IMAGINE_COMMAND, example=translate("Imagine", EXAMPLE))
        )
    clamped_width = min(max(width, min_side), max_side)
    clamped_height = min(max(height, min_side), max_side)
    return ImagineRequest(
        prompt=prompt,
        width=clamped_width,
        height=clamped_height,
        clamped=(clamped_width, clamped_height) != (width, height),
    )
