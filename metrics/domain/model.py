"""The domain records: reform documents, task families, milestones and their planned paths."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from metrics.domain.measures import Measure, Value


@dataclass(frozen=True)
class Source:
    """One reform document."""

    id: str
    title: dict[str, str]
    issuer: dict[str, str]
    date: dt.date
    kind: str
    place: dict[str, str] | None = None
    url: str = ""
    note: str = ""
    original_language: str = "zh"  # the language the document was issued in
    text_note: dict[str, str] | None = None  # where the bundled text came from, in both languages


@dataclass(frozen=True)
class Stage:
    """One rung of a stage ladder, with what a reporting office shows to claim it."""

    id: str
    label: dict[str, str]
    evidence: dict[str, str]


@dataclass(frozen=True)
class Ladder:
    """An ordered list of stages shared by milestones, defined once in ``data/ladders.yaml``."""

    id: str
    title: dict[str, str]
    stages: tuple[Stage, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)


@dataclass(frozen=True)
class Publication:
    """A published document or statistic beyond the five reform documents, giving a number or a date."""

    id: str
    title: dict[str, str]
    publisher: dict[str, str]
    published: dt.date
    url: str
    confidence: str  # high | medium | low
    note: dict[str, str] | None = None


BASES = ("document", "public-figure", "assumption")


@dataclass(frozen=True)
class Basis:
    """Where a planned number and date come from: the cited clause, a publication, or an assumption."""

    kind: str = "document"  # one of BASES
    note: dict[str, str] | None = None
    publication: str = ""  # a Publication id, for kind "public-figure"

    @property
    def assumed(self) -> bool:
        return self.kind == "assumption"


@dataclass(frozen=True)
class Quote:
    """The cited passage: verbatim from the bundled (English) text, and in Chinese with its origin."""

    en: str
    zh: str = ""
    zh_origin: str = ""  # official | bundled | translated ("" when no Chinese text is given)
    zh_url: str = ""


@dataclass(frozen=True)
class Family:
    """A task family: the group of milestones one YAML file holds."""

    id: str
    title: dict[str, str]
    file: str


@dataclass(frozen=True)
class Point:
    """A dated value on a planned path."""

    date: dt.date
    value: Value
    basis: Basis = Basis()


@dataclass(frozen=True)
class Plan:
    """Baseline, checkpoints and target: the points the planned trajectory runs through."""

    baseline: Point
    target: Point
    checkpoints: tuple[Point, ...] = ()

    @property
    def points(self) -> tuple[Point, ...]:
        return (self.baseline, *self.checkpoints, self.target)

    @property
    def assumed(self) -> bool:
        """True when any point of the path is assumed: a verdict against it is a verdict against an assumption."""
        return any(p.basis.assumed for p in self.points)

    @property
    def basis(self) -> str:
        """The weakest basis on the path: assumption, else public-figure, else document."""
        kinds = {p.basis.kind for p in self.points}
        return next(k for k in reversed(BASES) if k in kinds) if kinds else "document"


@dataclass(frozen=True)
class Milestone:
    """One task from a reform document, with its planned path to a dated target."""

    id: str
    family: str
    title: dict[str, str]
    document: str
    clause: str
    quote: Quote
    measure: Measure
    plan: Plan
    overrides: dict[str, Plan] = field(default_factory=dict)
    responsible: tuple[dict[str, str], ...] = ()
    file: str = ""
    line: int = 0
    applies_to: frozenset[str] | None = None  # ISO codes; None: every province
    evidence: dict[str, str] | None = None  # what a reporting office shows to claim progress

    def applies(self, province: str) -> bool:
        return self.applies_to is None or province in self.applies_to

    def plan_for(self, province: str) -> Plan:
        """The plan a province is held to: its override where one exists, otherwise the default."""
        return self.overrides.get(province, self.plan)
