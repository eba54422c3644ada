"""The dates this dashboard can hold: pandas keeps dates as nanoseconds since 1970 in an int64.

Outside about 1677-09-21 .. 2262-04-11 a date does not fit, and converting it to ``datetime64[ns]``
silently wraps round to another date (2609-12-31 became 2025-06-11). Every date that enters is
checked against a slightly narrower, round range first, so a date with a time of day fits too.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from metrics.domain.messages import Message, msg

FIRST_DATE = dt.date(1678, 1, 1)
LAST_DATE = dt.date(2261, 12, 31)
_FIRST = np.datetime64(FIRST_DATE.isoformat(), "us")
_AFTER_LAST = np.datetime64((LAST_DATE + dt.timedelta(days=1)).isoformat(), "us")


def in_range(date: dt.date) -> bool:
    """Whether ``date`` (or a datetime) lies within FIRST_DATE .. LAST_DATE."""
    day = date.date() if isinstance(date, dt.datetime) else date
    return FIRST_DATE <= day <= LAST_DATE


def out_of_range_problem(value: str) -> Message:
    """The problem of a date outside FIRST_DATE .. LAST_DATE (``value`` as shown to the user)."""
    return msg("problem.date_out_of_range", value=value, first=str(FIRST_DATE), last=str(LAST_DATE))


def out_of_range(values: np.ndarray) -> np.ndarray:
    """Per value of a datetime64 array of any unit: outside the range (NaT is not)."""
    as_us = values.astype("datetime64[us]")
    outside: np.ndarray = ~np.isnat(as_us) & ((as_us < _FIRST) | (as_us >= _AFTER_LAST))
    return outside
