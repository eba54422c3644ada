"""Issue 14: a new measure kind is one class registered in metrics/load/measure_kinds.py. A throwaway kind defined
here (never in the product), registered with ``@measure_kind`` as a new kind would be, makes a milestone file that
names it load, its values checked, and its provinces get a status; without the registration the same file is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from metrics.compute.status import compute_status
from metrics.domain.measures import ReadValues, TextColumn, Value, ValueCheck
from metrics.domain.messages import msg
from metrics.load.config import load_config
from metrics.load.dataset import Dataset, load_dataset
from metrics.load.fields import Fields, one_of, shown
from metrics.load.measure_kinds import DIRECTION, MEASURE_KINDS, LadderIds, MeasureKind, measure_kind
from metrics.load.shapes import Choice, Record, Shape
from tests.tmp_data import copy_data

MILESTONE = "trial-charter-adopted"
# The Conference's clause (5), quoted as governance.yaml quotes it, so the milestone's source checks pass.
QUOTE_EN = (
    "Reinforced organizational leadership, to allow for a larger role of Vocational Education Steering and Advisory "
    "Committees in achieving high-standard teaching, high-skill training and high employment rates"
)
TRIAL_FILE = f"""\
family:
  id: trial
  title: {{en: "Trial family", zh: 试验任务}}
milestones:
  - id: {MILESTONE}
    title: {{en: "Steering committee charter adopted", zh: 教学指导委员会章程通过}}
    source:
      document: quality-conference-2019
      clause: "(5)"
      quote:
        en: "{QUOTE_EN}"
        zh: 加强组织领导，更好发挥职业教育教学指导委员会在实现高标准教学、高技能培养和高质量就业方面的作用
        zh_origin: translated
    evidence: {{en: "The adopted charter.", zh: 通过的章程。}}
    measure:
      kind: reached
    baseline: {{date: 2019-12-31, value: not-yet, basis: assumption, note: {{en: "assumed", zh: 假设}}}}
    target: {{date: 2022-12-31, value: reached, basis: assumption, note: {{en: "assumed", zh: 假设}}}}
    responsible:
      - {{en: "Provincial education departments", zh: 省级教育行政部门}}
"""
REPORTS = """\
province,milestone,as_of,value,reported_at,source,flag,note
CN-BJ,trial-charter-adopted,2022-06-30,reached,2022-07-01,trial,,
CN-SH,trial-charter-adopted,2022-06-30,not-yet,2022-07-01,trial,,
CN-GD,trial-charter-adopted,2022-06-30,maybe,2022-07-01,trial,,
"""


@dataclass(frozen=True)
class ReachedMeasure(MeasureKind):
    """A milestone reached or not yet: a throwaway kind, only for this test."""

    kind: ClassVar[str] = "reached"
    numeric: ClassVar[bool] = False
    trend_forecasts: ClassVar[bool] = False
    named_values: ClassVar[bool] = True
    VALUES: ClassVar[tuple[str, ...]] = ("not-yet", "reached")
    SHAPE: ClassVar[Record] = Record({"kind": Choice(("reached",)), "direction": DIRECTION})
    VALUE: ClassVar[Shape] = Choice(VALUES)
    VALUE_TEXT: ClassVar[str] = "not-yet or reached"

    @property
    def choices(self) -> tuple[str, ...]:
        return self.VALUES

    @classmethod
    def read(cls, fields: Fields, direction: int | None, ladders: Mapping[str, LadderIds] | None) -> ReachedMeasure | None:
        cls.SHAPE.on(fields).check_unknown()
        return None if direction is None else cls(direction)

    def read_value(self, fields: Fields, key: str) -> Value | None:
        return fields.choice(key, self.VALUES)

    @classmethod
    def read_report_values(cls, value: TextColumn, milestone: TextColumn, measures: Mapping[int, object]) -> ReadValues:
        mine = np.zeros(len(milestone.uniques), dtype=bool)
        mine[list(measures)] = True
        rows = milestone.per_row(mine)
        positions = pd.Index(cls.VALUES).get_indexer(pd.Index(value.uniques)).astype(float)
        positions[positions < 0] = np.nan
        numbers = value.per_row(positions)
        expected = one_of(cls.VALUES)
        refused = ValueCheck(
            rows & np.isnan(numbers),
            lambda r: [msg("problem.not_allowed", value=shown(v), expected=expected) for v in value.text(r)],
        )
        return ReadValues(rows, numbers, [refused])

    def to_number(self, value: Value) -> float:
        return float(self.VALUES.index(str(value)))


@pytest.fixture
def trial_data(tmp_path: Path) -> Path:
    config = copy_data(tmp_path)
    (tmp_path / "data" / "milestones" / "trial.yaml").write_text(TRIAL_FILE, encoding="utf-8")
    (tmp_path / "data" / "progress" / "trial.csv").write_text(REPORTS, encoding="utf-8")
    return config


@pytest.fixture
def registered() -> Iterator[None]:
    """ReachedMeasure registered as a product kind would be (``@measure_kind``), and unregistered afterwards."""
    before = dict(MEASURE_KINDS)
    measure_kind(ReachedMeasure)
    yield
    MEASURE_KINDS.clear()
    MEASURE_KINDS.update(before)


def load(config_path: Path) -> tuple[Dataset, list[str]]:
    config, problems = load_config(config_path)
    assert problems == []
    data = load_dataset(config)
    return data, [p.located("en") for p in data.problems if "trial" in p.path]


def test_without_its_registration_a_kind_is_refused(trial_data: Path) -> None:
    data, problems = load(trial_data)
    assert MILESTONE not in data.milestones
    assert any("measure.kind: 'reached' is not allowed (expected one of number, stage)" in p for p in problems), problems


def test_a_registered_kind_loads_validates_and_gets_a_status(trial_data: Path, registered: None) -> None:
    data, problems = load(trial_data)
    measure = data.milestones[MILESTONE].measure
    assert isinstance(measure, ReachedMeasure)
    assert data.milestones[MILESTONE].plan.target.value == "reached"
    # The kind checks the reported values: the one it cannot read is a located problem, the rest load.
    assert [p.split("/")[-1] for p in problems] == [
        "trial.csv:4:4: value: 'maybe' is not allowed (expected one of not-yet, reached)"
    ]
    status = compute_status(data, dt.date(2022, 9, 30)).set_index(["province", "milestone"])["status"]
    assert status[("CN-BJ", MILESTONE)] == "achieved"
    assert status[("CN-SH", MILESTONE)] == "off_track"  # expected 0.92 of the way by now, still at not-yet
    assert status[("CN-GD", MILESTONE)] == "no_data"  # its only report was refused
