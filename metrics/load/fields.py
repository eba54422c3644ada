"""Typed access to located YAML mappings, turning every mismatch into a located problem."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from metrics.domain.date_range import OUT_OF_RANGE, in_range
from metrics.domain.problems import ProblemList
from metrics.files.located_yaml import LocatedDict, LocatedList, YamlLimits, load_located_yaml

LANGUAGES = ("en", "zh")


def type_name(value: Any) -> str:
    """A planner's word for the YAML type of ``value``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


def shown(value: Any) -> str:
    """A short rendering of a bad value for a message."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Fields:
    """Reads the fields of one YAML mapping and records a located problem for each misfit."""

    def __init__(self, mapping: LocatedDict, problems: ProblemList, prefix: str = "") -> None:
        self.mapping = mapping
        self.problems = problems
        self.prefix = prefix

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def report(self, key: str, message: str, at_key: bool = False) -> None:
        line, col = self.mapping.key_pos(key) if at_key else self.mapping.pos(key)
        self.problems.add(self.name(key), message, line, col)

    def check_unknown(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in self.mapping:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                expected = f"did you mean '{hint}'?" if hint else "expected one of " + ", ".join(allowed)
                self.report(str(key), f"unknown field ({expected})", at_key=True)

    def missing(self, key: str, expected: str) -> None:
        line, col = self.mapping.position
        self.problems.add(self.name(key), f"missing (expected {expected})", line, col)

    def text(self, key: str, required: bool = True, pattern: Any = None, expected: str = "text") -> str | None:
        value = self.mapping.get(key)
        if value is None or (value == "" and not required):
            if required:
                self.missing(key, expected)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and pattern is None:
            return str(value)
        if isinstance(value, str) and not value.strip():
            self.report(key, f"is empty (expected {expected})")
            return None
        if not isinstance(value, str):
            self.report(key, f"{shown(value)} is {type_name(value)} (expected {expected})")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.report(key, f"{shown(value)} is not valid (expected {expected})")
            return None
        return value.strip()

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.mapping.get(key, default)
        if value is None:
            self.missing(key, "one of " + ", ".join(options))
            return None
        if value not in options:
            self.report(key, f"{shown(value)} is not allowed (expected one of {', '.join(options)})")
            return None
        return str(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.mapping.get(key, default)
        if not isinstance(value, bool):
            self.report(key, f"{shown(value)} is {type_name(value)} (expected true or false)")
            return default
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.missing(key, "a date, YYYY-MM-DD")
            return None
        if isinstance(value, (dt.date, dt.datetime)):
            day = value.date() if isinstance(value, dt.datetime) else value
            if not in_range(day):  # it would wrap round to another date in pandas
                self.report(key, f"{day} {OUT_OF_RANGE}")
                return None
            return day
        self.report(key, f"{shown(value)} is not a date (expected YYYY-MM-DD)")
        return None

    def number(self, key: str, required: bool = True) -> float | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.missing(key, "a number")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.report(key, f"{shown(value)} is {type_name(value)} (expected a number)")
            return None
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            number = math.inf
        # YAML's .inf and .nan (and 1.0e309, which overflows to inf) would reach every chart and
        # computation downstream, where they raise or draw nonsense: refuse them here.
        if not math.isfinite(number):
            self.report(key, f"{shown(value)} is not a finite number (expected a number)")
            return None
        return number

    def mapping_of(self, key: str, required: bool = True) -> Fields | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.missing(key, "a mapping")
            return None
        if not isinstance(value, LocatedDict):
            self.report(key, f"{shown(value)} is {type_name(value)} (expected a mapping)")
            return None
        return Fields(value, self.problems, self.name(key))

    def list_of(self, key: str, required: bool = True) -> LocatedList | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.missing(key, "a list")
            return None
        if not isinstance(value, LocatedList):
            self.report(key, f"{shown(value)} is {type_name(value)} (expected a list)")
            return None
        return value

    def bilingual(self, key: str, required: bool = True) -> dict[str, str] | None:
        """A mapping with text in both languages, as in ``title: {en: ..., zh: ...}``."""
        sub = self.mapping_of(key, required)
        if sub is None:
            return None
        sub.check_unknown(LANGUAGES)
        values = {lang: sub.text(lang, expected=f"the {'English' if lang == 'en' else 'Chinese'} text") for lang in LANGUAGES}
        if any(v is None for v in values.values()):
            return None
        return {k: v for k, v in values.items() if v is not None}


def _closest(word: str, options: list[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return match[0] if match else None


def list_file_items(
    path: Path, key: str, noun: str, limits: YamlLimits = YamlLimits()
) -> tuple[list[tuple[int, LocatedDict]], ProblemList]:
    """The mappings of a file whose one top-level key is a list (``sources:``, ``ladders:``, …), with their index.

    The file's own misfits (not a mapping, another top-level key, an item that is not a mapping) are located
    problems; each catalogue loader then reads its items' fields."""
    data, problems = load_located_yaml(path, limits)
    if data is None:
        return [], problems
    if not isinstance(data, LocatedDict):
        problems.add("", f"expected a mapping with a '{key}' list", 1, 1)
        return [], problems
    top = Fields(data, problems)
    top.check_unknown((key,))
    items = top.list_of(key)
    found: list[tuple[int, LocatedDict]] = []
    for index, item in enumerate(items or []):
        if isinstance(item, LocatedDict):
            found.append((index, item))
        else:
            line, col = items.pos(index)  # type: ignore[union-attr]
            problems.add(f"{key}[{index}]", f"{shown(item)} is not a mapping (expected {noun})", line, col)
    return found, problems
