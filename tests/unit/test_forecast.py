"""Trend projection to the deadline and the ratio of actual to required growth."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.compute.status import compute_status
from metrics.domain.model import Plan, Point
from tests.unit.factories import D, dataset, milestone

PLAN = Plan(Point(D(2024, 1, 1), 0.0), Point(D(2025, 1, 1), 100.0))


def forecast_of(rows, plan=PLAN, as_of=D(2024, 7, 1)):
    return compute_status(dataset([milestone("m", plan)], rows), as_of).set_index("province").loc["CN-AA"]


def test_a_steady_trend_is_projected_to_the_deadline() -> None:
    # 25 points every 91 days from 2024-01-01: 100 is reached on day 364 of 2024, before the 366-day deadline.
    rows = [
        ("CN-AA", "m", D(2024, 1, 1) + pd.Timedelta(days=d).to_pytimedelta(), v, D(2024, 7, 1))
        for d, v in [(0, 0), (91, 25), (182, 50)]
    ]
    row = forecast_of(rows)
    assert row["forecast_value"] == pytest.approx(366 * 25 / 91)
    assert row["forecast_date"] == pd.Timestamp("2024-12-30")
    assert row["forecast"] == "on_course"


def test_a_slow_trend_reaches_the_target_late() -> None:
    rows = [
        ("CN-AA", "m", D(2024, 1, 1) + pd.Timedelta(days=d).to_pytimedelta(), v, D(2024, 7, 1)) for d, v in [(0, 0), (182, 25)]
    ]
    row = forecast_of(rows)
    assert row["forecast_date"] == pd.Timestamp("2024-01-01") + pd.Timedelta(days=728)
    assert row["forecast"] == "late"


def test_a_flat_or_falling_trend_is_not_on_current_trend() -> None:
    rows = [("CN-AA", "m", D(2024, 3, 31), 30, D(2024, 4, 5)), ("CN-AA", "m", D(2024, 6, 30), 28, D(2024, 7, 1))]
    row = forecast_of(rows)
    assert row["forecast"] == "not_on_trend"
    assert pd.isna(row["forecast_date"])


def test_one_report_is_too_few_for_a_trend() -> None:
    row = forecast_of([("CN-AA", "m", D(2024, 6, 30), 30, D(2024, 7, 1))])
    assert row["forecast"] == "too_few_reports"
    assert pd.isna(row["forecast_value"])


def test_only_the_recent_points_make_the_trend() -> None:
    # Four recent points rise 10 per quarter; an old outlier must not bend the line (recent_points = 4).
    days = [0, 91, 182, 273, 364]
    values = [90, 10, 20, 30, 40]
    plan = Plan(Point(D(2024, 1, 1), 0.0), Point(D(2026, 1, 1), 100.0))
    rows = [
        ("CN-AA", "m", D(2024, 1, 1) + pd.Timedelta(days=d).to_pytimedelta(), v, D(2025, 1, 5))
        for d, v in zip(days, values, strict=True)
    ]
    row = forecast_of(rows, plan, D(2025, 1, 5))
    assert row["trend_slope"] == pytest.approx(10 / 91)
    assert row["trend_points"] == 4


def test_growth_ratio_follows_the_open_sdg_formula() -> None:
    plan = Plan(Point(D(2020, 1, 1), 50.0), Point(D(2022, 1, 1), 100.0))
    row = forecast_of([("CN-AA", "m", D(2021, 1, 1), 60, D(2021, 1, 5))], plan, D(2021, 1, 10))
    observed = (60 / 50) ** (365.25 / 366) - 1
    required = (100 / 50) ** (365.25 / 731) - 1
    assert row["growth_ratio"] == pytest.approx(observed / required)
    assert row["growth"] == "limited"  # 0.48: below the 0.6 cut-off


def test_growth_ratio_is_not_assessed_from_a_zero_base() -> None:
    row = forecast_of([("CN-AA", "m", D(2024, 6, 30), 30, D(2024, 7, 1))])
    assert pd.isna(row["growth_ratio"])
    assert row["growth"] == "not_assessed"
