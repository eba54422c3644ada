"""The declared shapes of the YAML data files: one definition gives the loader its checks and the JSON Schema its rules.

A loader reads each field through its shape (``ID.read(fields, "id")`` calls ``Fields.text`` with the shape's
pattern and expected text, so every message stays the loader's own), lists a record's fields for
``check_unknown`` from the record's shape, and asks a rule's condition from the rule. ``json_schema()`` turns
the same shapes into JSON Schema (draft-07, the draft the YAML language server reads best), written to
``schemas/`` by ``python -m metrics schema``. What JSON Schema cannot say (ids unique across items or files,
references into other files, dates in order, a target beyond its baseline) stays a loader-only check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from metrics.domain.date_range import FIRST_DATE, LAST_DATE
from metrics.domain.messages import Message, msg, phrase
from metrics.domain.problems import ProblemList
from metrics.files.located_yaml import LocatedDict, LocatedList, YamlLimits
from metrics.load.fields import LANGUAGES, Fields, list_file_items, shown

Json = dict[str, Any]
WEB_PREFIXES = ("https://", "http://")
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


class Definitions:
    """Named parts of one schema document (``#/definitions/<name>``), each built once."""

    def __init__(self) -> None:
        self.schemas: dict[str, Json] = {}

    def ref(self, name: str, shape: Shape) -> Json:
        if name not in self.schemas:
            self.schemas[name] = {}  # reserved first, so a shape that refers to itself ends
            self.schemas[name] = shape.build(self)
        return {"$ref": f"#/definitions/{name}"}


class Shape:
    """A field's declared shape: whether it must be given, how the loader reads it, what JSON Schema says."""

    required: bool = True
    name: str | None = None  # a shape with a name is one definition in the schema, referred to where used

    def build(self, defs: Definitions) -> Json:
        raise NotImplementedError

    def schema(self, defs: Definitions) -> Json:
        return defs.ref(self.name, self) if self.name else self.build(defs)


def anchored(pattern: re.Pattern[str]) -> str:
    """A Python pattern used with ``fullmatch`` as a JSON Schema (ECMA 262) pattern, which searches."""
    return f"^(?:{pattern.pattern})$"


def _nullable(types: list[str], required: bool) -> list[str] | str:
    # The loader treats an empty optional scalar (``url:``) as not given; containers stay strict (an empty
    # ``place:`` is refused by the schema: most likely a mistake, and anyOf would blur the editor's message).
    found = types if required else [*types, "null"]
    return found[0] if len(found) == 1 else found


def _patterned(types: list[str] | str, pattern: str, description: str, message: str) -> Json:
    # patternErrorMessage: the YAML language server's own keyword (draft-07 lets other validators ignore it),
    # so the editor says what the loader says instead of printing the regular expression.
    return {"type": types, "pattern": pattern, "patternErrorMessage": message, "description": description}


@dataclass(frozen=True)
class Text(Shape):
    """Text (a number is read as its text unless a pattern applies), optionally matching a pattern or a web address."""

    expected: str = "text"
    pattern: re.Pattern[str] | None = None
    required: bool = True
    web: bool = False  # an address: starts with http:// or https://
    description: str = ""  # for the schema, when ``expected`` (part of the loader's messages) says too little

    def read(self, f: Fields, key: str, expected: Message | str | None = None) -> str | None:
        value = f.text(key, self.required, self.pattern, expected or self.expected)
        if self.web and value and not value.startswith(WEB_PREFIXES):
            f.report(key, msg("problem.not_a_web_address", value=shown(value)))
        return value

    def build(self, defs: Definitions) -> Json:
        about = self.description or self.expected
        if self.pattern is not None:
            pattern = anchored(self.pattern)
            if not self.required:  # "" is as good as absent for an optional field
                pattern = f"^(?:{self.pattern.pattern})?$"
            return _patterned(_nullable(["string"], self.required), pattern, about, f"expected {self.expected}")
        if self.web:
            start = "|".join(re.escape(p) for p in WEB_PREFIXES)
            pattern = rf"^\s*(?:{start})" if self.required else rf"^\s*(?:(?:{start})|$)"
            return _patterned(_nullable(["string"], self.required), pattern, about, "expected http:// or https://")
        # Blank text ("  ") is refused; an optional field may be "" (not given).
        pattern = r"\S" if self.required else r"^$|\S"
        return {"type": _nullable(["string", "number"], self.required), "pattern": pattern, "description": about}


@dataclass(frozen=True)
class Choice(Shape):
    """One of a few words; with a default the field may be left out."""

    options: tuple[str, ...]
    default: str | None = None

    @property
    def required(self) -> bool:  # type: ignore[override]
        return self.default is None

    def read(self, f: Fields, key: str) -> str | None:
        return f.choice(key, self.options, self.default)

    def build(self, defs: Definitions) -> Json:
        found: Json = {"enum": list(self.options), "description": "one of " + ", ".join(self.options)}
        if self.default is not None:
            found["default"] = self.default
        return found


@dataclass(frozen=True)
class Boolean(Shape):
    """true or false, with a default when left out."""

    default: bool = False
    required: bool = False

    def read(self, f: Fields, key: str) -> bool:
        return f.boolean(key, self.default)

    def build(self, defs: Definitions) -> Json:
        return {"type": "boolean", "default": self.default, "description": "true or false"}


def _digits(low: int, high: int) -> str:
    return str(low) if low == high else f"[{low}-{high}]"


def number_range_pattern(low: str, high: str) -> list[str]:
    """Alternatives matching the numbers ``low`` to ``high``, both written with the same number of digits."""
    if low == high:
        return [low]
    rest = len(low) - 1
    if low == "0" * len(low) and high == "9" * len(high):
        return ["[0-9]" * len(low)]
    if rest == 0:
        return [_digits(int(low), int(high))]
    if low[0] == high[0]:
        return [low[0] + tail for tail in number_range_pattern(low[1:], high[1:])]
    # The first digit's whole blocks in one class: low's own if its tail starts at 0..0, high's if it ends at 9..9.
    first = int(low[0]) + (low[1:] != "0" * rest)
    last = int(high[0]) - (high[1:] != "9" * rest)
    found = [low[0] + tail for tail in number_range_pattern(low[1:], "9" * rest)] if first > int(low[0]) else []
    if last >= first:
        found.append(_digits(first, last) + "[0-9]" * rest)
    return found + ([high[0] + tail for tail in number_range_pattern("0" * rest, high[1:])] if last < int(high[0]) else [])


def year_pattern(first: int, last: int) -> str:
    """A regular expression of the four-digit years ``first`` to ``last`` (the dates pandas can hold)."""
    return "(?:" + "|".join(number_range_pattern(f"{first:04d}", f"{last:04d}")) + ")"


@dataclass(frozen=True)
class Date(Shape):
    """A date written YYYY-MM-DD, within the dates the dashboard can hold."""

    required: bool = True

    def read(self, f: Fields, key: str) -> dt.date | None:
        return f.date(key, self.required)

    def build(self, defs: Definitions) -> Json:
        # The loader also takes a date with a time of day; the schema asks for what its messages ask for.
        years = year_pattern(FIRST_DATE.year, LAST_DATE.year)
        assert (FIRST_DATE.month, FIRST_DATE.day, LAST_DATE.month, LAST_DATE.day) == (1, 1, 12, 31)
        return {
            **_patterned(
                _nullable(["string"], self.required),
                f"^{years}-[0-9]{{2}}-[0-9]{{2}}$",
                f"a date, YYYY-MM-DD, from {FIRST_DATE} to {LAST_DATE}",
                f"expected YYYY-MM-DD, a date from {FIRST_DATE} to {LAST_DATE}",
            ),
            "format": "date",
        }


@dataclass(frozen=True)
class Number(Shape):
    """A finite number, optionally within a range (``expected`` names what the range is for)."""

    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    expected: str = "a number"

    def read(self, f: Fields, key: str) -> float | None:
        number = f.number(key, self.required)
        if number is None or self.minimum is None or self.maximum is None:
            return number
        if not self.minimum <= number <= self.maximum:
            f.report(
                key,
                msg(
                    "problem.outside_range",
                    value=f"{number:g}",
                    minimum=f"{self.minimum:g}",
                    maximum=f"{self.maximum:g}",
                    expected=phrase(self.expected),
                ),
            )
            return None
        return number

    def build(self, defs: Definitions) -> Json:
        found: Json = {"type": _nullable(["number"], self.required), "description": self.expected}
        if self.minimum is not None:
            found["minimum"] = self.minimum
        if self.maximum is not None:
            found["maximum"] = self.maximum
        return found


@dataclass(frozen=True)
class Bilingual(Shape):
    """Text in both languages, as in ``title: {en: ..., zh: ...}``."""

    required: bool = True
    name: str | None = "bilingual"

    def read(self, f: Fields, key: str) -> dict[str, str] | None:
        return f.bilingual(key, self.required)

    def build(self, defs: Definitions) -> Json:
        texts = {lang: Text(f"the {LANGUAGE_NAMES[lang]} text").build(defs) for lang in LANGUAGES}
        return {
            "type": "object",
            "properties": texts,
            "required": list(LANGUAGES),
            "additionalProperties": False,
            "description": "text in English and Chinese: {en: ..., zh: ...}",
        }


@dataclass(frozen=True)
class Needs:
    """A rule of a record: when ``when`` holds one of ``values``, ``field`` must be given (and, ``only``, else not)."""

    field: str
    when: str
    values: tuple[Any, ...]
    only: bool = False

    def holds(self, mapping: Mapping[Any, Any]) -> bool:
        """Whether the condition holds in a loaded mapping."""
        return self.when in mapping and any(mapping[self.when] == v for v in self.values)

    def unmet(self, mapping: Mapping[Any, Any]) -> bool:
        """The condition holds and the field is not there."""
        return self.holds(mapping) and self.field not in mapping

    def build(self) -> Json:
        condition = {"properties": {self.when: {"enum": list(self.values)}}, "required": [self.when]}
        given = {"required": [self.field], "properties": {self.field: {"not": {"enum": [None, ""]}}}}
        found: Json = {"if": condition, "then": given}
        if self.only:
            only = " or ".join(str(v) for v in self.values)
            refused = {"enum": [None, ""], "errorMessage": f"only for {self.when}: {only} (expected no {self.field} here)"}
            found["else"] = {"properties": {self.field: refused}}
        return found


def _at(path: tuple[str, ...], inner: Json) -> Json:
    """``inner`` applied at a path of keys; ``*`` is every value of a mapping, ``[]`` every item of a list."""
    for step in reversed(path):
        if step == "[]":
            inner = {"items": inner}
        elif step == "*":
            inner = {"additionalProperties": inner}
        else:
            inner = {"properties": {step: inner}}
    return inner


@dataclass(frozen=True)
class Implies:
    """A rule of a record: when the value at ``when`` (a path) is one of ``values``, the values at ``paths`` take ``shape``."""

    when: tuple[str, ...]
    values: tuple[str, ...]
    shape: Shape
    paths: tuple[tuple[str, ...], ...]

    def build(self, defs: Definitions) -> Json:
        condition: Json = {"enum": list(self.values)}
        for step in reversed(self.when):
            condition = {"properties": {step: condition}, "required": [step]}
        then: Json = {"allOf": [_at(path, self.shape.schema(defs)) for path in self.paths]}
        return {"if": condition, "then": then}


Rule = Needs | Implies
S = TypeVar("S", bound=Shape)


class Reader:
    """Reads the fields of one loaded mapping as its record declares them: ``reader.text("id")``.

    Each method looks the field up in the declaration (a field read but not declared is a bug: KeyError)
    and calls the matching ``Fields`` method with the declared pattern, options and defaults, so the
    loader's messages are unchanged."""

    def __init__(self, record: Record, fields: Fields) -> None:
        self.record = record
        self.fields = fields

    def shape(self, key: str, kind: type[S]) -> S:
        found = self.record.fields[key]
        if not isinstance(found, kind):
            raise TypeError(f"field {key!r} is declared as {type(found).__name__}, read as {kind.__name__}")
        return found

    def check_unknown(self) -> None:
        self.fields.check_unknown(self.record.names)

    def text(self, key: str, expected: Message | str | None = None) -> str | None:
        return self.shape(key, Text).read(self.fields, key, expected)

    def choice(self, key: str) -> str | None:
        return self.shape(key, Choice).read(self.fields, key)

    def boolean(self, key: str) -> bool:
        return self.shape(key, Boolean).read(self.fields, key)

    def date(self, key: str) -> dt.date | None:
        return self.shape(key, Date).read(self.fields, key)

    def number(self, key: str) -> float | None:
        return self.shape(key, Number).read(self.fields, key)

    def bilingual(self, key: str) -> dict[str, str] | None:
        return self.shape(key, Bilingual).read(self.fields, key)

    def mapping_of(self, key: str) -> Fields | None:
        found = self.record.fields[key]
        if not isinstance(found, (Record, Variants, MapOf)):
            raise TypeError(f"field {key!r} is declared as {type(found).__name__}, read as a mapping")
        return self.fields.mapping_of(key, found.required)

    def list_of(self, key: str) -> LocatedList | None:
        return self.shape(key, ListOf).read(self.fields, key)


@dataclass(frozen=True)
class Record(Shape):
    """A mapping with declared fields, nothing else; ``rules`` tie one field to another."""

    fields: Mapping[str, Shape]
    required: bool = True
    rules: tuple[Rule, ...] = ()
    name: str | None = None
    expected: str = "a mapping"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def on(self, f: Fields) -> Reader:
        """A reader of ``f``'s fields as declared here."""
        return Reader(self, f)

    def optional(self, *names: str, name: str | None = None) -> Record:
        """The same record with the named fields optional (an override inherits what it leaves out)."""
        fields = {k: replace(cast(Any, v), required=False) if k in names else v for k, v in self.fields.items()}
        return replace(self, fields=fields, name=name)

    def build(self, defs: Definitions) -> Json:
        found: Json = {
            "type": "object",
            "properties": {key: shape.schema(defs) for key, shape in self.fields.items()},
            "required": [key for key, shape in self.fields.items() if shape.required],
            "additionalProperties": False,
        }
        if not found["required"]:
            del found["required"]
        if self.rules:
            found["allOf"] = [rule.build(defs) if isinstance(rule, Implies) else rule.build() for rule in self.rules]
        return found


@dataclass(frozen=True)
class Variants(Shape):
    """A mapping whose fields depend on one field (``kind: number`` or ``kind: stage``): a record per case."""

    key: str
    cases: Mapping[str, Record]
    required: bool = True
    name: str | None = None

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(self.cases)

    def read_case(self, f: Fields) -> str | None:
        return f.choice(self.key, self.options)

    def build(self, defs: Definitions) -> Json:
        every: dict[str, Json] = {}
        for case in self.cases.values():
            every.update({k: s.schema(defs) for k, s in case.fields.items()})
        every[self.key] = {"enum": list(self.options), "description": "one of " + ", ".join(self.options)}
        return {
            "type": "object",
            "properties": every,
            "required": [self.key],
            "allOf": [
                {
                    "if": {"properties": {self.key: {"const": value}}, "required": [self.key]},
                    "then": case.build(defs),
                }
                for value, case in self.cases.items()
            ],
        }


@dataclass(frozen=True)
class ListOf(Shape):
    """A list of items of one shape; ``noun`` names an item in messages."""

    item: Shape
    required: bool = True
    min_items: int = 0
    unique: bool = False
    noun: str = ""

    def read(self, f: Fields, key: str) -> LocatedList | None:
        return f.list_of(key, self.required)

    def build(self, defs: Definitions) -> Json:
        found: Json = {"type": "array", "items": self.item.schema(defs)}
        if self.min_items:
            found["minItems"] = self.min_items
        if self.unique:
            found["uniqueItems"] = True
        return found


@dataclass(frozen=True)
class MapOf(Shape):
    """A mapping from keys matching a pattern (province codes) to values of one shape."""

    keys: re.Pattern[str]
    value: Shape
    required: bool = False
    key_expected: str = ""

    def build(self, defs: Definitions) -> Json:
        return {
            "type": "object",
            "propertyNames": {
                "pattern": anchored(self.keys),
                "patternErrorMessage": f"expected {self.key_expected}",
                "description": self.key_expected,
            },
            "additionalProperties": self.value.schema(defs),
        }


@dataclass(frozen=True)
class Opaque(Shape):
    """A field the loader reads by hand because its shape depends on another field (a point's value on the measure)."""

    expected: str
    required: bool = True

    def build(self, defs: Definitions) -> Json:
        return {"description": self.expected}


@dataclass(frozen=True)
class YamlFile:
    """What one kind of data file holds: its top-level record, where it lives, and its schema's name."""

    name: str  # schemas/<name>.schema.json
    title: str
    top: Record
    files: tuple[str, ...] = field(default=())  # where the bundled files are, relative to the data folder (globs)

    def list_items(self, path: Path, limits: YamlLimits) -> tuple[list[tuple[int, LocatedDict]], ProblemList]:
        """The items of a file whose one field is a list (made by :func:`list_file`), with the file's own problems."""
        ((key, listed),) = self.top.fields.items()
        assert isinstance(listed, ListOf), "only a file of one list has list items"
        return list_file_items(path, key, listed.noun, limits)

    def json_schema(self) -> Json:
        defs = Definitions()
        body = self.top.build(defs)
        found: Json = {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$comment": "Generated by `python -m metrics schema` from the loader's declarations in metrics/load; do not edit.",
            "title": self.title,
            **body,
        }
        if defs.schemas:
            found["definitions"] = dict(sorted(defs.schemas.items()))
        return found


def list_file(key: str, item: Record, noun: str) -> Record:
    """The top of a file whose one field is a list (``sources:``, ``ladders:``, …)."""
    return Record({key: ListOf(item, noun=noun)}, expected=f"a mapping with a '{key}' list")
