"""Reading the settings file: bounded, and every value checked against its declaration."""

from __future__ import annotations

import contextlib
import copy
import logging
from pathlib import Path
from typing import Any

from dynaspark_desktop.core.setting_list import Setting

log = logging.getLogger(__name__)

# Far more than any real settings file (a few kilobytes, the providers list included).
MAX_SETTINGS_BYTES = 4 * 1024 * 1024


def coerce(setting: Setting, value: Any) -> Any:
    """``value`` as the setting's type, or None when it is not one it can take."""
    if setting.type is bool:
        return value if isinstance(value, bool) else None
    if setting.type is list:
        return coerce_list(setting, value)
    if setting.type is float and isinstance(value, int | float) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, setting.type) or isinstance(value, bool):
        return None
    if setting.minimum is not None and not setting.minimum <= value:
        return None  # NaN fails both comparisons
    if setting.maximum is not None and not value <= setting.maximum:
        return None
    if setting.valid is not None and not setting.valid(value):
        return None
    if setting.choices is not None and value not in setting.choices:
        return None
    return value


def coerce_list(setting: Setting, value: Any) -> list[Any] | None:
    """A copy of ``value`` without the entries of the wrong type: one damaged entry must not
    cost the user the others."""
    if not isinstance(value, list | tuple):
        return None
    item_type = setting.item_type
    kept = [item for item in value if item_type is None or isinstance(item, item_type)]
    if len(kept) != len(value):
        dropped = len(value) - len(kept)
        log.warning("Setting %s: %d entries of the wrong type left out", setting.name, dropped)
    return copy.deepcopy(kept)


def read_settings_file(path: Path) -> Any:
    """The file's JSON; ValueError for one that is not a small regular file of sane JSON (a
    FIFO would block the start-up forever, a huge or deep file would exhaust it)."""
    from dynaspark_desktop.core.capped_files import NotARegularFileError, read_regular_file
    from dynaspark_desktop.core.guarded_json import loads_guarded

    try:
        data = read_regular_file(path, MAX_SETTINGS_BYTES)
    except NotARegularFileError as error:
        raise ValueError(str(error)) from None
    return loads_guarded(data, max_depth=16)


def move_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.replace(path.with_suffix(".json.damaged"))
