"""Corrections and revision history: the latest report for a province, milestone and date wins."""

from __future__ import annotations

import datetime as dt

import pandas as pd

KEY = ["province", "milestone", "as_of"]


def in_correction_order(reports: pd.DataFrame) -> pd.DataFrame:
    """The one rule for which figure is in force: reports by province, milestone and as-of date, then by report
    time; the last of each date wins. Two figures with the same report time (a file refuses them, so they come
    from two files) keep the order they were read in, demo files after real ones (metrics/load/dataset.py)."""
    return reports.sort_values([*KEY, "reported_at"], kind="stable")


def mark_superseded(reports: pd.DataFrame) -> pd.DataFrame:
    """All reports with ``superseded`` set on each that a later correction replaced."""
    ordered = in_correction_order(reports)
    return ordered.assign(superseded=ordered.duplicated(KEY, keep="last"))


def current_reports(reports: pd.DataFrame, as_of: dt.date | None = None) -> pd.DataFrame:
    """One report per province, milestone and as-of date (the latest correction), up to ``as_of``.

    Rows come out sorted by province, milestone and as-of date; callers rely on that order.
    """
    if as_of is not None:
        reports = reports[reports["as_of"] <= pd.Timestamp(as_of)]
    return in_correction_order(reports).drop_duplicates(KEY, keep="last").reset_index(drop=True)


def revision_history(reports: pd.DataFrame, province: str | None = None, milestone: str | None = None) -> pd.DataFrame:
    """Every report ever accepted, newest first within each date, with what each superseded."""
    rows = reports
    if province is not None:
        rows = rows[rows["province"] == province]
    if milestone is not None:
        rows = rows[rows["milestone"] == milestone]
    marked = mark_superseded(rows)
    marked["revisions"] = marked.groupby(KEY)["reported_at"].transform("size") - 1
    return marked.sort_values(["milestone", "as_of", "reported_at"], ascending=[True, False, False]).reset_index(drop=True)


def corrections(reports: pd.DataFrame) -> pd.DataFrame:
    """The reports that belong to a chain of two or more figures for the same province, milestone and date."""
    marked = revision_history(reports)
    return marked[marked["revisions"] > 0].reset_index(drop=True)
