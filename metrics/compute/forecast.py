"""Forecasts to the deadline: a trend of the recent reports, and the ratio of actual to required growth.

Trend: an ordinary least-squares line through the latest ``recent_points`` reported dates of each
province and milestone (equal weights; the German indicator system extrapolates recent annual
changes the same way), projected to the target date and solved for the date the target is reached.

Growth ratio (Open SDG / Statistics Canada, and UN ESCAP's SDG progress reports):
``CAGR_o = (y_t / y_0) ** (1 / (t - t_0)) - 1``, ``CAGR_r = (target / y_0) ** (1 / (T - t_0)) - 1``,
``R = d * CAGR_o / |CAGR_r|`` with ``d`` = +1 when an increase is desired. Guards as Open SDG's
``ProgressMeasure.py``: a target of 0 becomes 0.001; a zero or negative base, a current value of
the other sign, or no time elapsed gives no ratio. Computed only for kinds whose values are quantities
(``Measure.numeric``, the status table's ``numeric``): not for stages, where a growth rate of an ordinal has no meaning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.load.config import ForecastRules

DAYS_PER_YEAR = 365.25
HORIZON_YEARS = 30  # a projected date further out than this is "not on current trend"


def trend_lines(current: pd.DataFrame, recent_points: int) -> pd.DataFrame:
    """Slope (per day), intercept at day 0 and point count of the recent trend per province and milestone.

    ``current`` is ``history.current_reports`` output: one row per date, sorted by as-of date in each group.
    """
    recent = current.groupby(["province", "milestone"], sort=False).tail(recent_points)
    x = (recent["as_of"].to_numpy(dtype="datetime64[D]") - np.datetime64("1970-01-01", "D")).astype(float)
    frame = pd.DataFrame(
        {
            "province": recent["province"].to_numpy(),
            "milestone": recent["milestone"].to_numpy(),
            "x": x,
            "y": recent["number"].to_numpy(dtype=float),
        }
    )
    frame["xx"], frame["xy"] = frame["x"] ** 2, frame["x"] * frame["y"]
    sums = frame.groupby(["province", "milestone"]).agg(
        n=("x", "size"), sx=("x", "sum"), sy=("y", "sum"), sxx=("xx", "sum"), sxy=("xy", "sum")
    )
    denominator = sums["n"] * sums["sxx"] - sums["sx"] ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (sums["n"] * sums["sxy"] - sums["sx"] * sums["sy"]) / denominator
    slope = slope.where((sums["n"] >= 2) & (denominator > 0))
    intercept = (sums["sy"] - slope * sums["sx"]) / sums["n"]
    return pd.DataFrame({"trend_slope": slope, "trend_intercept": intercept, "trend_points": sums["n"]}).reset_index()


def project(table: pd.DataFrame) -> pd.DataFrame:
    """Add projected value at the deadline, projected date of reaching the target and a forecast label.

    ``table`` needs trend_slope, trend_intercept, target_day, target_number, direction, achieved,
    latest_day.
    """
    slope, intercept = table["trend_slope"], table["trend_intercept"]
    d = table["direction"]
    projected = intercept + slope * table["target_day"]
    with np.errstate(divide="ignore", invalid="ignore"):
        reach_day = (table["target_number"] - intercept) / slope
    improving = (slope * d) > 0
    reach_day = reach_day.where(improving)
    # A line that reached the target before the latest report while the value is still short
    # (e.g. a recent dip) gives no usable date: treat as not on trend.
    reach_day = reach_day.where(reach_day >= table["latest_day"])
    reach_day = reach_day.where(reach_day <= table["latest_day"] + HORIZON_YEARS * DAYS_PER_YEAR)
    label = np.select(
        [table["achieved"], slope.isna(), reach_day.isna(), reach_day <= table["target_day"]],
        ["achieved", "too_few_reports", "not_on_trend", "on_course"],
        default="late",
    )
    epoch = pd.Timestamp("1970-01-01")
    reach_date = epoch + pd.to_timedelta(reach_day.round(), unit="D")
    return table.assign(forecast_value=projected, forecast_date=reach_date, forecast=label)


def growth_ratio(table: pd.DataFrame, rules: ForecastRules) -> pd.DataFrame:
    """Add the ratio of actual to required growth and its label (see the module docstring).

    ``table`` needs baseline_number, baseline_day, latest, latest_day, target_number, target_day,
    direction, kind, achieved.
    """
    y0, yt = table["baseline_number"], table["latest"]
    target = table["target_number"].where(table["target_number"] != 0, 0.001)
    years_observed = (table["latest_day"] - table["baseline_day"]) / DAYS_PER_YEAR
    years_required = (table["target_day"] - table["baseline_day"]) / DAYS_PER_YEAR
    valid = table["numeric"].astype(bool) & (y0 > 0) & (yt > 0) & (years_observed > 0) & (target > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (yt / y0) ** (1 / years_observed) - 1
        required = (target / y0) ** (1 / years_required) - 1
        ratio = table["direction"] * observed / required.abs()
    ratio = ratio.where(valid & (required != 0))
    label = np.select(
        [table["achieved"], ratio.isna(), ratio >= rules.growth_on_track, ratio >= rules.growth_moderate, ratio >= 0],
        ["achieved", "not_assessed", "on_track", "moderate", "limited"],
        default="deterioration",
    )
    return table.assign(growth_ratio=ratio, growth=label)
