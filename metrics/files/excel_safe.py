"""Escaping text for spreadsheets: a cell that starts with = + - @ tab or CR is a formula to Excel.

OWASP "CSV injection": a figure's source such as ``=cmd|' /C calc'!A0`` is stored as the text it
is, but every export that a person may open in Excel prefixes it with ``'`` so it stays text.
Plain numbers such as ``-3.5`` are left alone: Excel reads them as numbers, not formulas.
"""

from __future__ import annotations

import re

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(text: str) -> bool:
    """True when Excel would treat the text as the start of a formula."""
    return text.startswith(TRIGGERS) and not _NUMBER.fullmatch(text)


def excel_safe(value: object) -> object:
    """The value with a leading ``'`` when it is text Excel would evaluate; other values unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def excel_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell escaped, for CSV or xlsx export."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(excel_safe)
    return out
