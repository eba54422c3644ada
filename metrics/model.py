"""The domain records: reform documents, task families, milestones and their planned paths."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

Value = float | str  # a number, or a stage id for stage milestones


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


@dataclass(frozen=True)
class Plan:
    """Baseline, checkpoints and target: the points the planned trajectory runs through."""

    baseline: Point
    target: Point
    checkpoints: tuple[Point, ...] = ()
    basis: str = "document"  # "document" or "assumption" for the target
    note: str = ""

    @property
    def points(self) -> tuple[Point, ...]:
        return (self.baseline, *self.checkpoints, self.target)


@dataclass(frozen=True)
class Measure:
    """What a milestone counts: a number with a unit, or an ordered list of stages."""

    kind: str  # "number" | "stage"
    direction: int = 1  # +1 when more is better, -1 when less is
    unit: str = ""
    cumulative: bool = False
    stages: tuple[str, ...] = ()

    def to_number(self, value: Value) -> float:
        """Stages map to their position so that the trajectory maths treats both kinds alike."""
        if self.kind == "stage":
            return float(self.stages.index(str(value)))
        return float(value)

    def stage_reached(self, position: float) -> int:
        """The index of the stage a (fractional) position on a path has reached: the inverse of ``to_number``."""
        return min(max(math.floor(position + 1e-9), 0), len(self.stages) - 1)


@dataclass(frozen=True)
class Milestone:
    """One task from a reform document, with its planned path to a dated target."""

    id: str
    family: str
    title: dict[str, str]
    document: str
    clause: str
    quote: str
    measure: Measure
    plan: Plan
    overrides: dict[str, Plan] = field(default_factory=dict)
    responsible: tuple[dict[str, str], ...] = ()
    file: str = ""
    line: int = 0

    def plan_for(self, province: str) -> Plan:
        """The plan a province is held to: its override where one exists, otherwise the default."""
        return self.overrides.get(province, self.plan)
