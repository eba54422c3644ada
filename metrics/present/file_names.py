"""Names of downloaded files: what the file shows and its as-of date, in ASCII.

A presenter collects files from several views; ``trajectory-2026-11-26.png`` did not say whose
trajectory on which milestone (issue 13, item 7). ASCII because the files travel by e-mail, chat
and USB sticks whose tools still mangle other names.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

MAX_STEM = 120  # characters before the date: room under the 255 most file systems allow


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by hyphens ("Nei Mongol" -> "nei-mongol"); "" when none are left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def province_slug(provinces: pd.DataFrame, code: str) -> str:
    """A province by its English name ("guangdong"), else by its code ("cn-gd")."""
    if code in provinces.index:
        named = slug(str(provinces.loc[code, "name_en"]))
        if named:
            return named
    return slug(code)


def download_name(parts: Sequence[str], as_of: dt.date, suffix: str = "") -> str:
    """The file name of a download: the parts as slugs, then the as-of date, then ``suffix`` (e.g. "-en").

    >>> download_name(["Guangdong", "teachers-double-qualified-share"], dt.date(2026, 11, 26))
    'guangdong-teachers-double-qualified-share-2026-11-26'
    """
    words = [s for s in (slug(p) for p in parts) if s] or ["chart"]
    stem = "-".join(words)[:MAX_STEM].strip("-")
    return f"{stem}-{as_of.isoformat()}{suffix}"
