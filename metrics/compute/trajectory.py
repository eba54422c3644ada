"""The planned trajectory: the expected value at any date on the way from baseline to target.

Delivery-unit method (Barber, *Deliverology*): piecewise linear between the dated points of the
plan (baseline, checkpoints, target), flat before the baseline and after the target. Stage
milestones use each stage's position in the ordered list, so the same maths applies.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from metrics.domain.measures import Measure
from metrics.domain.model import Plan

FloatArray = npt.NDArray[np.float64]
EPOCH = np.datetime64("1970-01-01", "D")


def day_number(dates: object) -> FloatArray:
    """Days since 1970-01-01 for a date, datetime64 value or array of them."""
    values = np.asarray(dates, dtype="datetime64[D]")
    return (values - EPOCH).astype(np.float64)


def plan_points(plan: Plan, measure: Measure) -> tuple[FloatArray, FloatArray]:
    """The plan as (day numbers, values) arrays ready for interpolation."""
    days = day_number([p.date for p in plan.points])
    values = np.array([measure.to_number(p.value) for p in plan.points], dtype=np.float64)
    return days, values


def expected_value(plan: Plan, measure: Measure, dates: object) -> FloatArray:
    """Expected value on the planned path at each date (baseline before it, target after it)."""
    days, values = plan_points(plan, measure)
    return np.interp(day_number(dates), days, values)


def expected_at(plan: Plan, measure: Measure, date: dt.date) -> float:
    return float(expected_value(plan, measure, [date])[0])


def attainment(plan: Plan, measure: Measure, value: object) -> FloatArray:
    """Share of the baseline-to-target distance covered (okr-tracker formula), not clamped."""
    base = measure.to_number(plan.baseline.value)
    target = measure.to_number(plan.target.value)
    return (np.asarray(value, dtype=np.float64) - base) / (target - base)
