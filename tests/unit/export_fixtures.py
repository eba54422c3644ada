"""A hand-made dataset for the export tests: one percent milestone, one province behind its path."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from metrics.compute.snapshot import Snapshot, take_snapshot
from metrics.domain.model import Plan, Point
from tests.unit.factories import dataset, milestone

AS_OF = dt.date(2024, 7, 1)
PLAN = Plan(Point(dt.date(2022, 1, 1), 50), Point(dt.date(2024, 12, 31), 60))
# CN-AA gains one point every half year from 51: 54 on 2024-01-01, 4.3 points under the path's 58.3
# on 2024-07-01; the trend reaches 60 around the start of 2027, two years after the 2024-12-31 target.
ROWS = [
    ("CN-AA", "m1", "2022-07-01", 51, "2022-08-01"),
    ("CN-AA", "m1", "2023-01-01", 52, "2023-02-01"),
    ("CN-AA", "m1", "2023-07-01", 53, "2023-08-01"),
    ("CN-AA", "m1", "2024-01-01", 54, "2024-02-01"),
    ("CN-BB", "m1", "2024-01-01", 58, "2024-02-01"),
]


def inputs(title: str = "m1", demo: bool = False) -> Snapshot:
    m = replace(milestone("m1", PLAN), title={"en": title, "zh": title})
    data = dataset([m], ROWS)
    data.reports["demo"] = demo
    return take_snapshot(data, AS_OF)
