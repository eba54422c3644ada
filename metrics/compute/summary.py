"""Comparisons across provinces: rankings, national median and spread, counts and province scores."""

from __future__ import annotations

import pandas as pd

from metrics.domain.statuses import RATED, SCORE_POINTS, STATUSES


def rank_provinces(status: pd.DataFrame) -> pd.DataFrame:
    """Add each province's rank within its milestone: 1 is furthest ahead of its planned path."""
    performance = -status["shortfall"]
    ranked = status.assign(
        rank=performance.groupby(status["milestone"]).rank(ascending=False, method="min"),
        ranked_of=status["latest"].notna().groupby(status["milestone"]).transform("sum"),
    )
    ranked["rank"] = ranked["rank"].astype("Int64")
    return ranked


def milestone_summary(status: pd.DataFrame) -> pd.DataFrame:
    """Per milestone: provinces reporting, median and spread of the latest values, counts by status."""
    groups = status.groupby("milestone")
    summary = groups.agg(
        reporting=("latest", "count"),
        median=("latest", "median"),
        q25=("latest", lambda s: s.quantile(0.25)),
        q75=("latest", lambda s: s.quantile(0.75)),
        minimum=("latest", "min"),
        maximum=("latest", "max"),
        expected=("expected", "median"),
        median_attainment=("attainment", "median"),
    )
    counts = status.pivot_table(index="milestone", columns="status", values="province", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    return summary.join(counts)


def province_summary(status: pd.DataFrame) -> pd.DataFrame:
    """Per province: counts by status, and the overall score.

    Score = 100 x mean over rated milestones of SCORE_POINTS (metrics/domain/statuses.py: achieved or on track 1, at risk 0.5,
    off track or overdue 0); milestones with no data or not yet started are left out, and the
    number rated is given beside the score so that a score from few milestones is visible as such.
    """
    counts = status.pivot_table(index="province", columns="status", values="milestone", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    rated = status[status["status"].isin(RATED)]
    # astype(float): with nothing rated (an as-of date before every baseline) map() keeps the text dtype and mean() raises.
    points = rated["status"].map(SCORE_POINTS).astype(float)
    score = (points.groupby(rated["province"]).mean() * 100).rename("score")
    out = counts.join(score).join(rated.groupby("province").size().rename("rated"))
    out["rated"] = out["rated"].fillna(0).astype(int)
    out["stale"] = status.groupby("province")["stale"].all()
    return out
