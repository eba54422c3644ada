"""Data-quality views: validation problems, stale provinces, unreported milestones, suspicious reports.

Suspicious jumps use a robust z-score of each change against the province's own history of changes
on that milestone: ``(change - median) / (1.4826 * MAD)``, the usual outlier rule for small samples
(Iglewicz & Hoaglin). The spread is floored by the mean absolute change and by 1 % of the level, so a flat run does not
make every later move an outlier; for counts it is at least 1. A change needs ``MIN_CHANGES`` earlier changes to be judged.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import numpy as np
import pandas as pd

from metrics.compute.history import corrections, current_reports
from metrics.domain.problems import Problem
from metrics.load.dataset import Dataset

JUMP_Z = 5.0
MIN_CHANGES = 4


def problems_table(problems: list[Problem], lang: str = "en") -> pd.DataFrame:
    """Every problem with its file, line, column, field and message in ``lang`` (the located text first)."""
    return pd.DataFrame(
        [
            {
                "located": p.located(lang),
                "file": p.path,
                "line": p.line,
                "column": p.column,
                "field": p.field,
                "message": p.render(lang),
                "severity": p.severity,
            }
            for p in problems
        ],
        columns=["located", "file", "line", "column", "field", "message", "severity"],
    )


def stale_provinces(status: pd.DataFrame) -> pd.DataFrame:
    """Provinces whose last report on every milestone is older than the stale limit (or that never reported)."""
    per = status.groupby("province").agg(
        stale=("stale", "all"),
        last_reported_at=("last_reported_at", "max"),
        reports=("n_reports", "sum"),
        days=("days_since_report", "min"),
    )
    never = per["reports"] == 0
    return per[per["stale"] | never].reset_index().sort_values("last_reported_at", na_position="first").reset_index(drop=True)


def milestones_without_reports(data: Dataset, status: pd.DataFrame) -> list[str]:
    """Milestone ids no province has reported on up to the as-of date."""
    reported = status.groupby("milestone")["n_reports"].sum()
    return [m for m in data.milestones if reported.get(m, 0) == 0]


def suspicious_reports(data: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """Current reports that fall on a cumulative milestone, or jump far outside the province's own changes."""
    current = current_reports(data.reports, as_of)
    current = current[current["milestone"].isin(list(data.milestones))].sort_values(["province", "milestone", "as_of"])
    if current.empty:
        return _empty_suspicious()
    current = current.assign(previous=current.groupby(["province", "milestone"])["number"].shift())
    current["change"] = current["number"] - current["previous"]
    cumulative = current["milestone"].map(lambda m: data.milestones[m].measure.cumulative)
    falls = cumulative & (current["change"] < 0)

    changes = current["change"].to_numpy(dtype=float)
    levels = current["number"].to_numpy(dtype=float)
    z = np.full(len(current), np.nan)
    groups = cast("dict[tuple[str, str], np.ndarray]", current.groupby(["province", "milestone"]).indices)
    for (_, milestone), positions in groups.items():
        measure = data.milestones[milestone].measure
        if not measure.numeric:
            continue  # stage milestones move one step at a time by nature; a step is not an outlier
        step = measure.step  # counts move in whole steps; one step is never a jump
        values, level = changes[positions], levels[positions]
        for i in range(MIN_CHANGES + 1, len(values)):
            history = values[:i][~np.isnan(values[:i])]
            if len(history) < MIN_CHANGES or np.isnan(values[i]):
                continue
            median = np.median(history)
            spread = max(
                float(np.median(np.abs(history - median))) * 1.4826,
                float(np.mean(np.abs(history))),
                0.01 * float(np.nanmedian(np.abs(level[: i + 1]))),
                step,
            )
            if spread > 0:
                z[positions[i]] = (values[i] - median) / spread
    current["z"] = z
    # Stage milestones move one step at a time by nature; a step is not an outlier.
    numeric = current["milestone"].map(lambda m: data.milestones[m].measure.numeric)
    jumps = numeric & (current["z"].abs() > JUMP_Z)
    flagged = current[falls | jumps].copy()
    flagged["reason"] = np.where(falls[falls | jumps], "falls", "jump")
    return flagged[
        ["province", "milestone", "as_of", "value", "previous", "change", "z", "reason", "file", "line", "demo"]
    ].reset_index(drop=True)


def _empty_suspicious() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["province", "milestone", "as_of", "value", "previous", "change", "z", "reason", "file", "line", "demo"]
    )


def correction_history(data: Dataset) -> pd.DataFrame:
    """Every report in a chain of corrections, newest first, with the one in force marked."""
    chain = corrections(data.reports)
    return chain[
        ["province", "milestone", "as_of", "value", "reported_at", "superseded", "source", "flag", "file", "line", "demo"]
    ]
