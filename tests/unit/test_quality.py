"""Data-quality lists on hand-made reports: falls, jumps, stale provinces, unreported milestones."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from metrics.compute.quality import (
    correction_history,
    milestones_without_reports,
    problems_table,
    stale_provinces,
    suspicious_reports,
)
from metrics.compute.status import compute_status
from metrics.domain.model import Plan, Point
from metrics.domain.problems import Problem
from metrics.load.measure_kinds import NumberMeasure
from tests.unit.factories import D, dataset, milestone

PLAN = Plan(Point(D(2020, 1, 1), 0.0), Point(D(2026, 1, 1), 1000.0))
QUARTERS = [D(2021, 3, 31), D(2021, 6, 30), D(2021, 9, 30), D(2021, 12, 31), D(2022, 3, 31), D(2022, 6, 30), D(2022, 9, 30)]


def series(province: str, mid: str, values: list[float]) -> list[tuple]:
    return [(province, mid, d, v, d) for d, v in zip(QUARTERS, values, strict=False)]


def test_a_falling_cumulative_value_is_suspicious_but_not_a_falling_share() -> None:
    total = milestone("total", PLAN, NumberMeasure(1, "count", cumulative=True))
    share = milestone("share", PLAN)
    data = dataset([total, share], series("CN-AA", "total", [10, 20, 15]) + series("CN-AA", "share", [10, 20, 15]))
    found = suspicious_reports(data, D(2024, 1, 1))
    assert found[["province", "milestone", "value", "previous", "reason"]].to_dict("records") == [
        {"province": "CN-AA", "milestone": "total", "value": "15", "previous": 20.0, "reason": "falls"},
    ]


def test_a_jump_far_outside_the_provinces_own_changes_is_suspicious() -> None:
    m = milestone("m", PLAN)
    steady = [10, 12, 14.5, 16, 18, 20.5, 22]
    jumped = [10, 12, 14.5, 16, 18, 20.5, 90]
    data = dataset([m], series("CN-AA", "m", steady) + series("CN-BB", "m", jumped))
    found = suspicious_reports(data, D(2024, 1, 1))
    assert list(found["province"]) == ["CN-BB"]
    assert found["reason"].iloc[0] == "jump" and found["as_of"].iloc[0] == pd.Timestamp(QUARTERS[-1])


def test_one_step_on_a_flat_count_is_not_a_jump() -> None:
    m = milestone("m", PLAN, NumberMeasure(1, "count"))
    data = dataset([m], series("CN-AA", "m", [1, 1, 1, 1, 1, 1, 2]))
    assert suspicious_reports(data, D(2024, 1, 1)).empty


def test_stale_provinces_and_milestones_without_reports() -> None:
    reported = milestone("reported", PLAN)
    silent = milestone("silent", PLAN)
    rows = [("CN-AA", "reported", D(2024, 6, 30), 50, D(2024, 6, 30)), ("CN-BB", "reported", D(2023, 1, 1), 30, D(2023, 1, 1))]
    data = dataset([reported, silent], rows)
    data.config = replace(data.config, as_of=D(2024, 7, 1))
    status = compute_status(data, D(2024, 7, 1))
    stale = stale_provinces(status)
    assert set(stale["province"]) == {"CN-BB", "CN-CC", "CN-DD", "CN-EE"}
    assert milestones_without_reports(data, status) == ["silent"]


def test_corrections_keep_their_history() -> None:
    m = milestone("m", PLAN)
    rows = [("CN-AA", "m", D(2024, 6, 30), 50, D(2024, 7, 1)), ("CN-AA", "m", D(2024, 6, 30), 55, D(2024, 8, 1))]
    chain = correction_history(dataset([m], rows))
    assert chain[["value", "superseded"]].to_dict("records") == [
        {"value": "55", "superseded": False},
        {"value": "50", "superseded": True},
    ]


def test_problems_table_keeps_the_located_message() -> None:
    problem = Problem("data/milestones/teachers.yaml", 12, 5, "target.date", '"March 2025" is not a date (expected YYYY-MM-DD)')
    table = problems_table([problem])
    assert (
        table.loc[0, "located"]
        == 'data/milestones/teachers.yaml:12:5: target.date: "March 2025" is not a date (expected YYYY-MM-DD)'
    )
    assert (table.loc[0, "file"], table.loc[0, "line"]) == ("data/milestones/teachers.yaml", 12)
