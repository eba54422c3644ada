"""Status, attainment, gap, overrides and corrections on hand-worked cases."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.compute.status import compute_status
from metrics.domain.model import Plan, Point
from metrics.load.measure_kinds import NumberMeasure, StageMeasure
from tests.unit.factories import D, dataset, milestone

# 0 on 2024-01-01 to 100 on 2025-01-01: 366 days (2024 is a leap year).
PLAN = Plan(Point(D(2024, 1, 1), 0.0), Point(D(2025, 1, 1), 100.0))
EXPECTED_JULY = 100 * 182 / 366  # on 2024-07-01, day 182


def status_of(data, as_of=D(2024, 7, 1)):
    return compute_status(data, as_of).set_index(["province", "milestone"])


def test_statuses_against_the_planned_path() -> None:
    m = milestone("m", PLAN)
    rows = [
        ("CN-AA", "m", D(2024, 6, 30), 50, D(2024, 7, 1)),  # ahead of 49.7: on track
        ("CN-BB", "m", D(2024, 6, 30), 40, D(2024, 7, 1)),  # 9.7 % of the distance short: at risk
        ("CN-CC", "m", D(2024, 6, 30), 20, D(2024, 7, 1)),  # 29.7 % short: off track
        ("CN-DD", "m", D(2024, 6, 30), 100, D(2024, 7, 1)),  # at the target: achieved
    ]
    table = status_of(dataset([m], rows))
    assert table.loc[("CN-AA", "m"), "expected"] == pytest.approx(EXPECTED_JULY)
    assert table.loc[("CN-BB", "m"), "gap"] == pytest.approx(40 - EXPECTED_JULY)
    assert table.loc[("CN-BB", "m"), "attainment"] == pytest.approx(0.4)
    assert table["status"].to_dict() == {
        ("CN-AA", "m"): "on_track",
        ("CN-BB", "m"): "at_risk",
        ("CN-CC", "m"): "off_track",
        ("CN-DD", "m"): "achieved",
        ("CN-EE", "m"): "no_data",
    }


def test_overdue_after_the_deadline_and_not_started_before_the_baseline() -> None:
    m = milestone("m", PLAN)
    data = dataset([m], [("CN-AA", "m", D(2024, 6, 30), 90, D(2024, 7, 1))])
    assert status_of(data, D(2025, 6, 1)).loc[("CN-AA", "m"), "status"] == "overdue"
    assert status_of(data, D(2023, 6, 1)).loc[("CN-AA", "m"), "status"] == "not_started"


def test_decreasing_measure_is_on_track_when_it_falls_fast_enough() -> None:
    plan = Plan(Point(D(2024, 1, 1), 30.0), Point(D(2025, 1, 1), 10.0))
    m = milestone("down", plan, NumberMeasure(-1, "percent"))
    rows = [
        ("CN-AA", "down", D(2024, 6, 30), 19, D(2024, 7, 1)),  # expected 20.05: ahead
        ("CN-BB", "down", D(2024, 6, 30), 28, D(2024, 7, 1)),  # far behind
        ("CN-CC", "down", D(2024, 6, 30), 9, D(2024, 7, 1)),  # below the target: achieved
    ]
    table = status_of(dataset([m], rows))
    assert table.loc[("CN-AA", "down"), "gap"] == pytest.approx(30 - 20 * 182 / 366 - 19)
    assert table.loc[("CN-AA", "down"), "status"] == "on_track"
    assert table.loc[("CN-BB", "down"), "status"] == "off_track"
    assert table.loc[("CN-CC", "down"), "status"] == "achieved"


def test_stage_milestone_status_uses_stage_positions() -> None:
    stages = StageMeasure(1, stages=("not-started", "planned", "launched", "completed"))
    plan = Plan(Point(D(2024, 1, 1), "not-started"), Point(D(2025, 1, 1), "completed"))
    m = milestone("s", plan, stages)
    rows = [
        ("CN-AA", "s", D(2024, 6, 30), 2, D(2024, 7, 1), "launched"),  # 2 of 3 vs expected 1.49: on track
        ("CN-BB", "s", D(2024, 6, 30), 1, D(2024, 7, 1), "planned"),  # 0.33 vs 0.497: off track
    ]
    table = status_of(dataset([m], rows))
    assert table.loc[("CN-AA", "s"), "status"] == "on_track"
    assert table.loc[("CN-AA", "s"), "latest_value"] == "launched"
    assert table.loc[("CN-BB", "s"), "status"] == "off_track"


def test_province_override_holds_that_province_to_its_own_target() -> None:
    m = milestone("m", PLAN, CN_BB=Plan(PLAN.baseline, Point(D(2025, 1, 1), 200.0)))
    rows = [
        ("CN-AA", "m", D(2024, 6, 30), 60, D(2024, 7, 1)),
        ("CN-BB", "m", D(2024, 6, 30), 60, D(2024, 7, 1)),
    ]
    table = status_of(dataset([m], rows))
    assert table.loc[("CN-AA", "m"), "status"] == "on_track"
    assert table.loc[("CN-BB", "m"), "expected"] == pytest.approx(2 * EXPECTED_JULY)
    assert table.loc[("CN-BB", "m"), "status"] == "off_track"
    assert bool(table.loc[("CN-BB", "m"), "override"]) is True


def test_a_correction_supersedes_the_earlier_figure_for_the_same_date() -> None:
    m = milestone("m", PLAN)
    rows = [
        ("CN-AA", "m", D(2024, 6, 30), 50, D(2024, 7, 1)),
        ("CN-AA", "m", D(2024, 6, 30), 30, D(2024, 7, 20)),  # the correction, reported later
        ("CN-AA", "m", D(2024, 3, 31), 20, D(2024, 4, 10)),
    ]
    table = status_of(dataset([m], rows), D(2024, 8, 1))
    row = table.loc[("CN-AA", "m")]
    assert (row["latest"], row["n_reports"], row["revisions"]) == (30, 2, 1)


def test_reports_after_the_as_of_date_are_not_used() -> None:
    m = milestone("m", PLAN)
    rows = [
        ("CN-AA", "m", D(2024, 3, 31), 20, D(2024, 4, 10)),
        ("CN-AA", "m", D(2024, 9, 30), 90, D(2024, 10, 10)),
    ]
    assert status_of(dataset([m], rows)).loc[("CN-AA", "m"), "latest"] == 20


def test_staleness_counts_days_since_the_last_report() -> None:
    m = milestone("m", PLAN)
    rows = [("CN-AA", "m", D(2024, 1, 31), 5, D(2024, 2, 10))]
    row = status_of(dataset([m], rows), D(2024, 12, 1)).loc[("CN-AA", "m")]
    assert row["days_since_report"] == (D(2024, 12, 1) - D(2024, 2, 10)).days
    assert bool(row["stale"]) is True  # more than the 200 days of the default config


def test_a_pair_never_reported_has_no_days_since_a_report_and_counts_as_stale() -> None:
    m = milestone("m", PLAN)
    rows = [("CN-AA", "m", D(2024, 1, 31), 5, D(2024, 2, 10))]
    row = status_of(dataset([m], rows), D(2024, 3, 1)).loc[("CN-EE", "m")]
    assert row["status"] == "no_data"
    assert pd.isna(row["days_since_report"])  # not the overflow of a missing date (9.2e18 days)
    assert bool(row["stale"]) is True
