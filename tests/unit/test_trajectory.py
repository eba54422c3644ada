"""The planned path, worked out by hand, and its invariants checked with hypothesis."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.compute.trajectory import attainment, expected_at, expected_value
from metrics.domain.model import Plan, Point
from metrics.load.measure_kinds import NumberMeasure, StageMeasure

D = dt.date
PERCENT = NumberMeasure(1, "percent")
# 2022-12-31: 40, checkpoint 2024-12-31: 50, target 2026-12-31: 60 (731 and 730 days apart)
PLAN = Plan(Point(D(2022, 12, 31), 40.0), Point(D(2026, 12, 31), 60.0), (Point(D(2024, 12, 31), 50.0),))
STAGES = StageMeasure(1, stages=("not-started", "planned", "launched", "completed"))
STAGE_PLAN = Plan(Point(D(2023, 1, 1), "not-started"), Point(D(2023, 1, 31), "completed"), (Point(D(2023, 1, 11), "planned"),))


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (D(2020, 1, 1), 40.0),  # before the baseline: the baseline
        (D(2022, 12, 31), 40.0),  # at the baseline
        (D(2023, 12, 31), 40.0 + 10.0 * 365 / 731),  # between baseline and checkpoint
        (D(2024, 12, 31), 50.0),  # at the checkpoint
        (D(2025, 12, 31), 50.0 + 10.0 * 365 / 730),  # between checkpoint and target
        (D(2026, 12, 31), 60.0),  # at the target
        (D(2030, 1, 1), 60.0),  # after the target: the target
    ],
)
def test_expected_value_is_piecewise_linear_through_every_point(date: dt.date, expected: float) -> None:
    assert expected_at(PLAN, PERCENT, date) == pytest.approx(expected)


def test_decreasing_measure_follows_its_falling_path() -> None:
    down = NumberMeasure(-1, "percent")
    plan = Plan(Point(D(2023, 1, 1), 30.0), Point(D(2023, 1, 11), 20.0))
    assert expected_at(plan, down, D(2023, 1, 6)) == pytest.approx(25.0)
    # Attainment is the share of the distance covered whichever way the path runs.
    assert attainment(plan, down, 22.0) == pytest.approx(0.8)


def test_stage_milestone_maps_stages_to_their_position() -> None:
    # 10 days from not-started (0) to planned (1), then 20 days to completed (3).
    assert expected_at(STAGE_PLAN, STAGES, D(2023, 1, 6)) == pytest.approx(0.5)
    assert expected_at(STAGE_PLAN, STAGES, D(2023, 1, 21)) == pytest.approx(2.0)
    assert attainment(STAGE_PLAN, STAGES, STAGES.to_number("launched")) == pytest.approx(2 / 3)


def test_attainment_is_the_share_of_baseline_to_target_distance() -> None:
    assert attainment(PLAN, PERCENT, [40.0, 50.0, 60.0, 65.0, 35.0]).tolist() == pytest.approx([0.0, 0.5, 1.0, 1.25, -0.25])


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    days = sorted(draw(st.sets(st.integers(0, 20_000), min_size=2, max_size=6)))
    points = [Point(D(2000, 1, 1) + dt.timedelta(days=d), draw(values)) for d in days]
    return Plan(points[0], points[-1], tuple(points[1:-1]))


@given(plans(), st.lists(dates, min_size=1, max_size=20))
def test_expected_value_stays_within_the_plan_points(plan: Plan, when: list[dt.date]) -> None:
    result = expected_value(plan, PERCENT, when)
    numbers = [float(p.value) for p in plan.points]
    assert np.all(result >= min(numbers) - 1e-6)
    assert np.all(result <= max(numbers) + 1e-6)


@given(plans())
def test_expected_value_passes_through_every_plan_point(plan: Plan) -> None:
    result = expected_value(plan, PERCENT, [p.date for p in plan.points])
    assert result.tolist() == pytest.approx([float(p.value) for p in plan.points], rel=1e-9, abs=1e-6)


@given(plans(), dates, dates)
def test_expected_value_between_two_points_is_monotonic_when_the_plan_is(plan: Plan, a: dt.date, b: dt.date) -> None:
    numbers = [float(p.value) for p in plan.points]
    if numbers != sorted(numbers):
        return
    early, late = sorted((a, b))
    low, high = expected_value(plan, PERCENT, [early, late])
    assert low <= high + 1e-9
