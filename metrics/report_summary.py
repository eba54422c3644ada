"""What the status table needs from the reports, per province and milestone, in one pass over them.

The reports can number tens of millions (2,850 counties x 100 milestones x 84 months, issue 16); the
status table has one row per province and milestone. Everything that reads every report is here:
the reports up to the as-of date are reduced to the current one per date (the latest correction,
``metrics.history``), counted, and cut to the few latest dates the trend and the latest value need.
The rest of ``metrics.status`` works on that small summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.history import current_reports

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


Summarise = Callable[[pd.DataFrame, pd.Timestamp, list[str], int], ReportSummary]


def summarise_reports(reports: pd.DataFrame, as_of: pd.Timestamp, provinces: list[str], recent_points: int) -> ReportSummary:
    """The summary of the ``reports`` of ``provinces`` dated up to ``as_of`` (see the module's notes)."""
    # Work on the key columns only, with province and milestone as categories: sorting and grouping
    # millions of reports is then integer work.
    slim = pd.DataFrame({
        "province": reports["province"].astype("category"),
        "milestone": reports["milestone"].astype("category"),
        "as_of": reports["as_of"], "number": reports["number"], "reported_at": reports["reported_at"],
        "demo": reports["demo"], "row": np.arange(len(reports)),
    })
    slim = slim[(slim["as_of"] <= as_of) & slim["province"].isin(provinces)]
    revisions_all = slim.groupby(KEYS, observed=True).size()
    current = current_reports(slim)
    counts = current.groupby(KEYS, observed=True).agg(
        n_reports=("as_of", "size"), last_reported_at=("reported_at", "max"), demo=("demo", "any")
    )
    counts["revisions"] = revisions_all - counts["n_reports"]
    recent = current.groupby(KEYS, observed=True).tail(max(recent_points, 1))  # current is sorted by as_of
    return ReportSummary(counts.reset_index(), recent.reset_index(drop=True))
