"""What the status table needs from the reports, per province and milestone, in one pass over them.

The reports can number tens of millions (2,850 counties x 100 milestones x 84 months, issue 16); the
status table has one row per province and milestone. Everything that reads every report is here: the
reports up to the as-of date are reduced to the current one per date (the latest correction, as in
``metrics.history``), counted, and cut to the few latest dates the trend and the latest value need. The
rest of ``metrics.status`` works on that small summary.

How: one stable sort of the reports by province, milestone and as-of date, on a single integer per
report, after which a date's reports, and a province's milestone's dates, are runs of neighbouring
rows, and every figure is a NumPy reduction over runs. pandas' sort_values, drop_duplicates and
groupby-tail did the same in 6x the time; DuckDB and Polars were measured beside it and were slower
on these 2 cores (bench/engines.py, README: Benchmarks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

KEYS = ["province", "milestone"]


@dataclass(frozen=True)
class ReportSummary:
    """The reports up to an as-of date, reduced per province and milestone (both tables keyed by them)."""

    # n_reports (dates with a current report), last_reported_at, demo (any current report is demo data),
    # revisions (reports a later correction replaced): one row per province and milestone with a report.
    counts: pd.DataFrame
    # The current reports of the latest ``recent_points`` dates (at least one: the latest value) per province
    # and milestone (as_of, number, reported_at, demo, row: the report's position in the reports table), sorted
    # by province, milestone and as_of.
    recent: pd.DataFrame
    # With ``keep_current``: where every province's current reports are in the reports table, sorted by province,
    # milestone and as-of date (metrics/compute/snapshot.py takes them, so they are found once per view).
    current_rows: np.ndarray | None = None


Summarise = Callable[[pd.DataFrame, pd.Timestamp, list[str], int], ReportSummary]


def run_starts(*keys: np.ndarray) -> np.ndarray:
    """Where each run of equal neighbouring rows begins, for key columns that are sorted together."""
    change = np.zeros(len(keys[0]), dtype=bool)
    change[:1] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(change)


def run_lengths(starts: np.ndarray, total: int) -> np.ndarray:
    return np.diff(np.append(starts, total))


def summarise_reports(
    reports: pd.DataFrame, as_of: pd.Timestamp, provinces: list[str], recent_points: int, keep_current: bool = False
) -> ReportSummary:
    """The summary of the ``reports`` of ``provinces`` dated up to ``as_of`` (see the module's notes); with
    ``keep_current``, also where every province's current reports are (``current_rows``)."""
    province = reports["province"].astype("category")  # already categories in a loaded dataset (metrics.load.report_columns)
    milestone = reports["milestone"].astype("category")
    province_code = province.cat.codes.to_numpy()
    milestone_code = milestone.cat.codes.to_numpy()
    dates = reports["as_of"].to_numpy()
    wanted = np.append(province.cat.categories.isin(provinces), False)  # code -1 (no province) is never wanted
    read = np.append(np.ones(len(province.cat.categories), dtype=bool), False) if keep_current else wanted
    rows = np.flatnonzero((dates <= as_of.to_datetime64()) & read[province_code])

    # One integer per report orders it by province, milestone and as-of day (a "date" below); a stable sort
    # keeps each date's reports in table order. Appended files come in date order: runs the sort merges.
    day = dates[rows].astype("datetime64[D]").astype(np.int64)
    first, span = (day.min(), day.max() - day.min() + 1) if len(rows) else (0, 1)
    key = (province_code[rows].astype(np.int64) * len(milestone.cat.categories) + milestone_code[rows]) * span + (day - first)
    del day
    order = np.argsort(key, kind="stable")
    rows, key = rows[order], key[order]
    pair = key // span  # province and milestone
    reported = reports["reported_at"].to_numpy()[rows]

    # A date's current report: the latest reported_at and, of two with the same time, the later row.
    date_starts = run_starts(key)
    if len(date_starts) == len(rows):  # one report per date, as when no figure was corrected
        current = np.arange(len(rows))
    else:
        date_of_row = np.repeat(np.arange(len(date_starts)), run_lengths(date_starts, len(rows)))
        latest_time = np.maximum.reduceat(reported, date_starts)
        latest = np.flatnonzero(reported == latest_time[date_of_row])
        current = _last_of_runs(latest, date_of_row[latest])
    current_rows = rows[current] if keep_current else None
    if keep_current and not wanted[province_code[rows]].all():  # the summary is of the wanted provinces only
        kept_row = wanted[province_code[rows]]
        position = np.cumsum(kept_row) - 1
        current = position[current[kept_row[current]]]
        rows, pair, reported = rows[kept_row], pair[kept_row], reported[kept_row]

    # Per province and milestone: runs of the current reports.
    starts = run_starts(pair[current])
    n_reports = run_lengths(starts, len(current))
    n_all = run_lengths(run_starts(pair), len(rows))
    demo = reports["demo"].to_numpy()[rows[current]]
    first_rows = rows[current[starts]]
    counts = pd.DataFrame(
        {
            "province": province.array[first_rows],
            "milestone": milestone.array[first_rows],
            "n_reports": n_reports.astype(np.int64),
            "last_reported_at": np.maximum.reduceat(reported[current], starts) if len(starts) else reported[:0],
            "demo": np.logical_or.reduceat(demo, starts) if len(starts) else demo,
            "revisions": (n_all - n_reports).astype(np.int64),
        }
    )
    # The last ``recent_points`` dates of each run (at least the latest).
    ends = np.append(starts[1:], len(current)) if len(starts) else starts
    from_end = np.repeat(ends, n_reports) - np.arange(len(current))
    kept = rows[current[from_end <= max(recent_points, 1)]]
    recent = pd.DataFrame(
        {
            "province": province.array[kept],
            "milestone": milestone.array[kept],
            **{column: reports[column].to_numpy()[kept] for column in ("as_of", "number", "reported_at", "demo")},
            "row": kept.astype(np.int64),
        }
    )
    return ReportSummary(counts, recent, current_rows)


def _last_of_runs(positions: np.ndarray, run: np.ndarray) -> np.ndarray:
    """The last of ``positions`` in each run (``run``: each position's run, in order)."""
    if not len(positions):
        return positions
    last = np.ones(len(positions), dtype=bool)
    last[:-1] = run[1:] != run[:-1]
    return positions[last]
