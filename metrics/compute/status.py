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
from metrics.compute.history import current_reports
from metrics.compute.trajectory import day_number, plan_points
from metrics.domain.model import Milestone
from metrics.load.config import Config
from metrics.load.dataset import Dataset

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "overdue", "not_started", "no_data")
RATED = ("achieved", "on_track", "at_risk", "off_track", "overdue")
# Points per status for the province score: the share of rated milestones achieved or on their
# path, with "at risk" counted half. Documented in docs/methods.md.
SCORE_POINTS = {"achieved": 1.0, "on_track": 1.0, "at_risk": 0.5, "off_track": 0.0, "overdue": 0.0}


_PLAN_COLUMNS = {
    "milestone": object,
    "plan_key": object,
    "family": object,
    "kind": object,
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


def compute_status(data: Dataset, as_of: dt.date | None = None, provinces: list[str] | None = None) -> pd.DataFrame:
    """The status table: one row per province and milestone (mainland provinces by default)."""
    config: Config = data.config
    as_of = as_of or config.as_of_date()
    provinces = provinces if provinces is not None else list(data.mainland.index)
    table = plan_table(data.milestones, provinces, as_of)
    # Work on the key columns only, with province and milestone as categories: sorting and grouping
    # millions of reports is then integer work; the text of the few latest reports is fetched last.
    reports = data.reports
    slim = pd.DataFrame(
        {
            "province": reports["province"].astype("category"),
            "milestone": reports["milestone"].astype("category"),
            "as_of": reports["as_of"],
            "number": reports["number"],
            "reported_at": reports["reported_at"],
            "demo": reports["demo"],
            "row": np.arange(len(reports)),
        }
    )
    slim = slim[(slim["as_of"] <= pd.Timestamp(as_of)) & slim["province"].isin(provinces)]
    revisions_all = slim.groupby(["province", "milestone"], observed=True).size()
    current = current_reports(slim)
    today = float(day_number([as_of])[0])

    latest = current.groupby(["province", "milestone"], observed=True).tail(1)  # current is sorted by as_of
    text = reports.iloc[latest["row"].to_numpy()][["value", "source", "flag"]].reset_index(drop=True)
    latest = pd.concat([latest.reset_index(drop=True), text], axis=1)
    latest = latest.rename(columns={"number": "latest", "value": "latest_value", "as_of": "latest_as_of"})
    counts = current.groupby(["province", "milestone"], observed=True).agg(
        n_reports=("as_of", "size"), last_reported_at=("reported_at", "max"), demo=("demo", "any")
    )
    revisions = (revisions_all - counts["n_reports"]).rename("revisions").reset_index()
    counts = counts.reset_index()
    for frame in (latest, counts, revisions):
        frame["province"] = frame["province"].astype(str)
        frame["milestone"] = frame["milestone"].astype(str)
    table = (
        table.merge(
            latest[["province", "milestone", "latest", "latest_value", "latest_as_of", "reported_at", "source", "flag"]],
            on=["province", "milestone"],
            how="left",
        )
        .merge(counts, on=["province", "milestone"], how="left")
        .merge(revisions, on=["province", "milestone"], how="left")
    )
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
        ["not_started", "no_data", "achieved", "overdue", "on_track", "at_risk"],
        default="off_track",
    )
    reported_day = day_number(table["last_reported_at"].to_numpy(dtype="datetime64[D]"))
    table["days_since_report"] = np.maximum(today - reported_day, 0)
    table["stale"] = table["days_since_report"] > rules.stale_after_days

    trends = trend_lines(current, config.forecast.recent_points)
    table = table.merge(trends, on=["province", "milestone"], how="left")
    table["trend_points"] = table["trend_points"].fillna(0).astype(int)
    table = project(table)
    table = growth_ratio(table, config.forecast)
    table.loc[table["latest"].isna(), ["forecast", "growth"]] = ["no_data", "no_data"]

    epoch = pd.Timestamp("1970-01-01")
    table["baseline_date"] = epoch + pd.to_timedelta(table["baseline_day"], unit="D")
    table["target_date"] = epoch + pd.to_timedelta(table["target_day"], unit="D")
    table["as_of_view"] = pd.Timestamp(as_of)
    return table.drop(columns=["latest_day"]).sort_values(["milestone", "province"]).reset_index(drop=True)
