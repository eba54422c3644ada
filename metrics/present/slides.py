"""Layout arithmetic of presentation mode's slides (app_pages/present.py), without Streamlit."""

from __future__ import annotations

import unicodedata

SEPARATOR = " · "


def display_width(text: str) -> int:
    """Width in Latin-letter units: a CJK (wide or full-width) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _split_long(part: str, limit: int) -> list[str]:
    """One title part wider than ``limit``: broken at spaces, or (Chinese, no spaces) between characters."""
    lines: list[str] = []
    line = ""
    units = part.split(" ") if " " in part else list(part)
    joiner = " " if " " in part else ""
    for unit in units:
        candidate = f"{line}{joiner}{unit}" if line else unit
        if line and display_width(candidate) > limit:
            lines.append(line)
            line = unit
        else:
            line = candidate
    return [*lines, line] if line else lines


def wrap_title(title: str, limit: int) -> list[str]:
    """A chart title as lines no wider than ``limit`` units, broken at " · " first, then at spaces.

    Plotly never wraps a title: at a slide's type size a long one ran past the chart's right edge
    (issue 13, item 7).
    """
    if display_width(title) <= limit:
        return [title]
    lines: list[str] = []
    line = ""
    for part in title.split(SEPARATOR):
        candidate = f"{line}{SEPARATOR}{part}" if line else part
        if display_width(candidate) <= limit:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _split_long(part, limit) if display_width(part) > limit else [part]
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines
