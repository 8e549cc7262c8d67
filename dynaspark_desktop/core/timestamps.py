"""Times in seconds since the epoch, as the history keeps them: what range is sane, and
turning any value (an import's, a damaged database's) into one that every clock function
accepts.

``datetime.fromtimestamp`` and ``time.localtime`` raise on values outside the platform's
range (1e300, inf) or on nan, and a raise inside a Qt paint can take the app down. Every
time that comes from outside goes through :func:`sane_time` (to store it) or :func:`local_time`
(to show it).
"""

from __future__ import annotations

import datetime
import math
from typing import Any

# The first second of 1970 to the first second of 3000 (UTC): every time the app writes is in
# it, every platform's clock functions accept it, and nothing in a real history lies outside.
EARLIEST_TIME = 0.0
LATEST_TIME = 32_503_680_000.0


def is_sane_time(value: Any) -> bool:
    """True for a real number (not a bool) that is finite and within the sane range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    # Compared before any float conversion: an int like 10**400 has no float.
    return EARLIEST_TIME <= value <= LATEST_TIME


def sane_time(value: Any, fallback: float = EARLIEST_TIME) -> float:
    """``value`` as a float in the sane range: out-of-range numbers are clamped to its ends,
    nan and anything that is not a number become ``fallback``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return fallback
    if isinstance(value, float) and math.isnan(value):
        return fallback
    # An int too large for a float (10**400) clamps like the float it stands for.
    if value > LATEST_TIME:
        return LATEST_TIME
    if value < EARLIEST_TIME:
        return EARLIEST_TIME
    return float(value)


def local_time(seconds: Any) -> datetime.datetime:
    """The local date and time of ``seconds``; never raises, whatever ``seconds`` is."""
    try:
        return datetime.datetime.fromtimestamp(sane_time(seconds))
    except (OverflowError, OSError, ValueError):
        # A platform whose clock functions refuse part of the range (Windows before 1970
        # in some time zones): the epoch in UTC is always accepted.
        return datetime.datetime.fromtimestamp(0, datetime.UTC).replace(tzinfo=None)
