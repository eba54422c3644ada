"""Typed access to located YAML mappings, turning every mismatch into a located problem."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from metrics.domain import i18n
from metrics.domain.date_range import in_range, out_of_range_problem
from metrics.domain.messages import Message, Param, msg, phrase
from metrics.domain.problems import ProblemList
from metrics.files.located_yaml import LocatedDict, LocatedList, YamlLimits, load_located_yaml

LANGUAGES = ("en", "zh")  # every bilingual text has both; the data's original languages


def other_languages() -> tuple[str, ...]:
    """Languages the dashboard has catalogues for beyond English and Chinese: optional in a bilingual text."""
    return tuple(lang for lang in i18n.LANGUAGES if lang not in LANGUAGES)


def type_name(value: Any) -> Message:
    """A planner's word for the YAML type of ``value``."""
    if value is None:
        return msg("type.nothing")
    if isinstance(value, bool):
        return msg("type.boolean")
    if isinstance(value, (int, float)):
        return msg("type.number")
    if isinstance(value, (dt.date, dt.datetime)):
        return msg("type.date")
    if isinstance(value, dict):
        return msg("type.mapping")
    if isinstance(value, list):
        return msg("type.list")
    return msg("type.text")


def one_of(options: Iterable[str]) -> Message:
    """What a choice expects: "one of a, b, c"."""
    return msg("expect.one_of", options=", ".join(options))


def shown(value: Any) -> str:
    """A short rendering of a bad value for a message."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def known_ids(ids: Iterable[str], noun: str) -> Param:
    """The ids a reference may name, or "no <noun> loaded"."""
    listed = ", ".join(sorted(ids))
    return listed or msg(f"problem.none_loaded_{noun}")


class Fields:
    """Reads the fields of one YAML mapping and records a located problem for each misfit."""

    def __init__(self, mapping: LocatedDict, problems: ProblemList, prefix: str = "") -> None:
        self.mapping = mapping
        self.problems = problems
        self.prefix = prefix

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def report(self, key: str, message: Message, at_key: bool = False) -> None:
        line, col = self.mapping.key_pos(key) if at_key else self.mapping.pos(key)
        self.problems.add(self.name(key), message, line, col)

    def check_unknown(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in self.mapping:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                if hint:
                    self.report(str(key), msg("problem.unknown_field_hint", hint=hint), at_key=True)
                else:
                    self.report(str(key), msg("problem.unknown_field", options=", ".join(allowed)), at_key=True)

    def missing(self, key: str, expected: Message | str) -> None:
        expected = phrase(expected) if isinstance(expected, str) else expected
        line, col = self.mapping.position
        self.problems.add(self.name(key), msg("problem.missing", expected=expected), line, col)

    def text(self, key: str, required: bool = True, pattern: Any = None, expected: Message | str | None = None) -> str | None:
        expected = phrase(expected) if isinstance(expected, str) else expected or msg("expect.text")
        value = self.mapping.get(key)
        if value is None or (value == "" and not required):
            if required:
                self.missing(key, expected)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and pattern is None:
            return str(value)
        if isinstance(value, str) and not value.strip():
            self.report(key, msg("problem.empty", expected=expected))
            return None
        if not isinstance(value, str):
            self.report(key, msg("problem.wrong_type", value=shown(value), type=type_name(value), expected=expected))
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.report(key, msg("problem.not_valid", value=shown(value), expected=expected))
            return None
        return value.strip()

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.mapping.get(key, default)
        if value is None:
            self.missing(key, one_of(options))
            return None
        if value not in options:
            self.report(key, msg("problem.not_allowed", value=shown(value), expected=one_of(options)))
            return None
        return str(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.mapping.get(key, default)
        if not isinstance(value, bool):
            self.report(key, msg("problem.wrong_type", value=shown(value), type=type_name(value), expected=msg("expect.boolean")))
            return default
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.missing(key, msg("expect.date_iso"))
            return None
        if isinstance(value, (dt.date, dt.datetime)):
            day = value.date() if isinstance(value, dt.datetime) else value
            if not in_range(day):  # it would wrap round to another date in pandas
                self.report(key, out_of_range_problem(str(day)))
                return None
            return day
        self.report(key, msg("problem.not_a_date", value=shown(value)))
        return None

    def number(self, key: str, required: bool = True) -> float | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.missing(key, msg("expect.number"))
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.report(key, msg("problem.wrong_type", value=shown(value), type=type_name(value), expected=msg("expect.number")))
            return None
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            number = math.inf
        # YAML's .inf and .nan (and 1.0e309, which overflows to inf) would reach every chart and
        # computation downstream, where they raise or draw nonsense: refuse them here.
        if not math.isfinite(number):
            self.report(key, msg("problem.not_finite", value=shown(value)))
            return None
        return number

    def mapping_of(self, key: str, required: bool = True) -> Fields | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.missing(key, msg("expect.mapping"))
            return None
        if not isinstance(value, LocatedDict):
            self.report(key, msg("problem.wrong_type", value=shown(value), type=type_name(value), expected=msg("expect.mapping")))
            return None
        return Fields(value, self.problems, self.name(key))

    def list_of(self, key: str, required: bool = True) -> LocatedList | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.missing(key, msg("expect.list"))
            return None
        if not isinstance(value, LocatedList):
            self.report(key, msg("problem.wrong_type", value=shown(value), type=type_name(value), expected=msg("expect.list")))
            return None
        return value

    def bilingual(self, key: str, required: bool = True) -> dict[str, str] | None:
        """A mapping with text in both languages, as in ``title: {en: ..., zh: ...}``, and optionally in a third
        language the dashboard has a catalogue for (``fr: ...``); a page in that language shows it, else English."""
        sub = self.mapping_of(key, required)
        if sub is None:
            return None
        extra = other_languages()
        sub.check_unknown((*LANGUAGES, *extra))
        values = {lang: sub.text(lang, expected=msg(f"expect.text_in_{lang}")) for lang in LANGUAGES}
        if any(v is None for v in values.values()):
            return None
        more = {lang: sub.text(lang, required=False) for lang in extra if lang in sub.mapping}
        return {k: v for k, v in {**values, **more}.items() if v is not None}


def _closest(word: str, options: list[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return match[0] if match else None


def list_file_items(
    path: Path, key: str, noun: Message | str, limits: YamlLimits = YamlLimits()
) -> tuple[list[tuple[int, LocatedDict]], ProblemList]:
    """The mappings of a file whose one top-level key is a list (``sources:``, ``ladders:``, …), with their index.

    The file's own misfits (not a mapping, another top-level key, an item that is not a mapping) are located
    problems; each catalogue loader then reads its items' fields."""
    data, problems = load_located_yaml(path, limits)
    if data is None:
        return [], problems
    if not isinstance(data, LocatedDict):
        problems.add("", msg("problem.not_a_list_file", key=key), 1, 1)
        return [], problems
    top = Fields(data, problems)
    top.check_unknown((key,))
    items = top.list_of(key) or LocatedList()
    found: list[tuple[int, LocatedDict]] = []
    for index, item in enumerate(items):
        if isinstance(item, LocatedDict):
            found.append((index, item))
        else:
            line, col = items.pos(index)
            expected = phrase(noun) if isinstance(noun, str) else noun
            problems.add(f"{key}[{index}]", msg("problem.item_not_a_mapping", value=shown(item), expected=expected), line, col)
    return found, problems
