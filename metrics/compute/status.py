"""Status of every province on every milestone at the as-of date.

Trajectory method (see docs/methods.md): the latest reported value is compared with the expected
value on the planned path. The shortfall is the gap as a share of the whole baseline-to-target
distance, so one tolerance serves percentages, counts and stages alike.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from metrics.compute.forecast import growth_ratio, project, trend_lines
from metrics.compute.report_summary import KEYS, ReportSummary, Summarise, summarise_reports
from metrics.compute.trajectory import day_number, plan_points
from metrics.domain.model import Milestone
from metrics.domain.statuses import ACHIEVED, AT_RISK, NO_DATA, NOT_STARTED, OFF_TRACK, ON_TRACK, OVERDUE
from metrics.domain.tables import STATUS
from metrics.load.config import Config
from metrics.load.dataset import Dataset

_PLAN_COLUMNS: dict[str, type | str] = {
    "milestone": object,
    "plan_key": object,
    "family": object,
    "kind": object,
    "numeric": bool,
    "unit": object,
    "direction": "int64",
    "cumulative": bool,
    "baseline_day": float,
    "baseline_number": float,
    "target_day": float,
    "target_number": float,
    "expected": float,
    "target_basis": object,
    "assumed": bool,
    "override": bool,
}


def plan_table(milestones: dict[str, Milestone], provinces: list[str], as_of: dt.date) -> pd.DataFrame:
    """One row per province and milestone with the plan each province is held to and its expected value."""
    today = float(day_number([as_of])[0])
    rows = []
    for m in milestones.values():
        plans = {"*": m.plan, **{p: plan for p, plan in m.overrides.items() if p in provinces}}
        for key, plan in plans.items():
            days, values = plan_points(plan, m.measure)
            rows.append(
                {
                    "milestone": m.id,
                    "plan_key": key,
                    "family": m.family,
                    "kind": m.measure.kind,
                    "numeric": m.measure.numeric,
                    "unit": m.measure.unit,
                    "direction": m.measure.direction,
                    "cumulative": m.measure.cumulative,
                    "baseline_day": days[0],
                    "baseline_number": values[0],
                    "target_day": days[-1],
                    "target_number": values[-1],
                    "expected": float(np.interp(today, days, values)),
                    "target_basis": plan.basis,
                    "assumed": plan.assumed,
                    "override": key != "*",
                }
            )
    # The column types are given so that an empty table (no milestone loaded) still has every column.
    plans_frame = pd.DataFrame(rows, columns=list(_PLAN_COLUMNS)).astype(_PLAN_COLUMNS)
    grid = applicable_pairs(milestones, provinces)
    if plans_frame.empty:
        return grid.merge(plans_frame.drop(columns="plan_key"), on="milestone", how="left")
    defaults = grid.merge(plans_frame[plans_frame["plan_key"] == "*"].drop(columns="plan_key"), on="milestone")
    overrides = plans_frame[plans_frame["plan_key"] != "*"].rename(columns={"plan_key": "province"})
    if len(overrides):
        keyed = defaults.set_index(["province", "milestone"])
        keyed.update(overrides.set_index(["province", "milestone"]))
        defaults = keyed.reset_index()
        defaults["override"] = defaults["override"].astype(bool)
        defaults["assumed"] = defaults["assumed"].astype(bool)
    return defaults


def applicable_pairs(milestones: dict[str, Milestone], provinces: list[str]) -> pd.DataFrame:
    """(province, milestone) for every milestone a province is held to: a provincial task only in its province.

    A pair left out is "not applicable": it is no row of the status table, so it never enters a count,
    a denominator, a score or a rank; grids (matrix, map) show its absence as "not applicable"."""
    pairs = [(p, m.id) for p in provinces for m in milestones.values() if m.applies(p)]
    return pd.DataFrame(pairs, columns=["province", "milestone"])


def documented_only(status: pd.DataFrame) -> pd.DataFrame:
    """The rows whose whole planned path comes from the documents or public figures (no assumed point)."""
    return status[~status["assumed"].astype(bool)] if "assumed" in status else status


def compute_status(
    data: Dataset, as_of: dt.date | None = None, provinces: list[str] | None = None, summarise: Summarise = summarise_reports
) -> pd.DataFrame:
    """The status table: one row per province and milestone (mainland provinces by default).

    ``summarise`` reads the reports (``metrics.compute.report_summary``); the benchmark passes others to compare engines."""
    return _status(data, as_of, provinces, summarise)[0]


def status_and_current(
    data: Dataset, as_of: dt.date | None = None, provinces: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The status table, and every province's current reports up to ``as_of`` (what ``history.current_reports(
    data.reports, as_of)`` gives), both from the one pass over the reports that the status table needs."""
    table, summary = _status(data, as_of, provinces, _summarise_keeping_current)
    assert summary.current_rows is not None
    return table, data.reports.iloc[summary.current_rows].reset_index(drop=True)


def _summarise_keeping_current(reports: pd.DataFrame, as_of: pd.Timestamp, provinces: list[str], recent: int) -> ReportSummary:
    return summarise_reports(reports, as_of, provinces, recent, keep_current=True)


def _status(
    data: Dataset, as_of: dt.date | None, provinces: list[str] | None, summarise: Summarise
) -> tuple[pd.DataFrame, ReportSummary]:
    config: Config = data.config
    as_of = as_of or config.as_of_date()
    provinces = provinces if provinces is not None else list(data.mainland.index)
    table = plan_table(data.milestones, provinces, as_of)
    reports = data.reports
    summary = summarise(reports, pd.Timestamp(as_of), provinces, config.forecast.recent_points)
    today = float(day_number([as_of])[0])

    latest = summary.recent.groupby(KEYS, observed=True).tail(1)  # recent is sorted by as_of
    # The text of the latest reports is fetched last, for these few rows only.
    text = reports.iloc[latest["row"].to_numpy()][["value", "source", "flag"]].reset_index(drop=True).astype(str)
    latest = pd.concat([latest.reset_index(drop=True), text], axis=1)
    latest = latest.rename(columns={"number": "latest", "value": "latest_value", "as_of": "latest_as_of"})
    counts = summary.counts.copy()
    for frame in (latest, counts):
        frame["province"] = frame["province"].astype(str)
        frame["milestone"] = frame["milestone"].astype(str)
    table = table.merge(
        latest[["province", "milestone", "latest", "latest_value", "latest_as_of", "reported_at", "source", "flag"]],
        on=["province", "milestone"],
        how="left",
    ).merge(counts, on=["province", "milestone"], how="left")
    table["n_reports"] = table["n_reports"].fillna(0).astype(int)
    table["revisions"] = table["revisions"].fillna(0).astype(int)
    table["demo"] = table["demo"].astype("boolean").fillna(False).astype(bool)
    table["latest_day"] = day_number(table["latest_as_of"].to_numpy(dtype="datetime64[D]"))

    distance = table["target_number"] - table["baseline_number"]
    table["attainment"] = (table["latest"] - table["baseline_number"]) / distance
    table["expected_attainment"] = (table["expected"] - table["baseline_number"]) / distance
    table["shortfall"] = table["expected_attainment"] - table["attainment"]
    # Positive gap = ahead of the path, in the measure's own unit whatever its direction.
    table["gap"] = (table["latest"] - table["expected"]) * table["direction"]
    table["achieved"] = ((table["latest"] - table["target_number"]) * table["direction"] >= 0) & table["latest"].notna()

    rules = config.status
    table["status"] = np.select(
        [
            today < table["baseline_day"],
            table["latest"].isna(),
            table["achieved"],
            today > table["target_day"],
            table["shortfall"] <= rules.on_track_tolerance,
            table["shortfall"] <= rules.at_risk_tolerance,
        ],
        [NOT_STARTED.code, NO_DATA.code, ACHIEVED.code, OVERDUE.code, ON_TRACK.code, AT_RISK.code],
        default=OFF_TRACK.code,
    )
    reported_at = table["last_reported_at"].to_numpy(dtype="datetime64[D]")
    never = np.isnat(reported_at)  # NaT as a day number is the smallest int64: days since it would overflow
    reported_day = day_number(np.where(never, np.datetime64(0, "D"), reported_at))
    table["days_since_report"] = np.where(never, np.nan, np.maximum(today - reported_day, 0))
    table["stale"] = never | (table["days_since_report"] > rules.stale_after_days)  # never reported counts as stale

    trends = trend_lines(summary.recent, config.forecast.recent_points)
    table = table.merge(trends, on=["province", "milestone"], how="left")
    table["trend_points"] = table["trend_points"].fillna(0).astype(int)
    table = project(table)
    table = growth_ratio(table, config.forecast)
    table.loc[table["latest"].isna(), ["forecast", "growth"]] = ["no_data", "no_data"]

    epoch = pd.Timestamp("1970-01-01")
    table["baseline_date"] = epoch + pd.to_timedelta(table["baseline_day"], unit="D")
    table["target_date"] = epoch + pd.to_timedelta(table["target_day"], unit="D")
    table["as_of_view"] = pd.Timestamp(as_of)
    return STATUS.conform(table).sort_values(["milestone", "province"]).reset_index(drop=True), summary
