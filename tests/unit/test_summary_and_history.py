"""Rankings, national median and spread, province scores, and the correction history."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.compute.history import corrections, current_reports, revision_history
from metrics.compute.status import compute_status
from metrics.compute.summary import milestone_summary, province_summary, rank_provinces
from metrics.domain.model import Plan, Point
from tests.unit.factories import D, dataset, milestone

PLAN = Plan(Point(D(2024, 1, 1), 0.0), Point(D(2025, 1, 1), 100.0))
ROWS = [
    ("CN-AA", "m", D(2024, 6, 30), 50, D(2024, 7, 1)),  # on track
    ("CN-BB", "m", D(2024, 6, 30), 40, D(2024, 7, 1)),  # at risk
    ("CN-CC", "m", D(2024, 6, 30), 20, D(2024, 7, 1)),  # off track
    ("CN-DD", "m", D(2024, 6, 30), 100, D(2024, 7, 1)),  # achieved
]


@pytest.fixture()
def table() -> pd.DataFrame:
    return compute_status(dataset([milestone("m", PLAN)], ROWS), D(2024, 7, 1))


def test_provinces_rank_by_how_far_ahead_of_their_path_they_are(table) -> None:
    ranked = rank_provinces(table).set_index("province")
    assert ranked["rank"].dropna().astype(int).to_dict() == {"CN-DD": 1, "CN-AA": 2, "CN-BB": 3, "CN-CC": 4}
    assert pd.isna(ranked.loc["CN-EE", "rank"])
    assert ranked.loc["CN-AA", "ranked_of"] == 4


def test_milestone_summary_gives_median_spread_and_counts(table) -> None:
    row = milestone_summary(table).loc["m"]
    assert (row["reporting"], row["median"], row["minimum"], row["maximum"]) == (4, 45.0, 20.0, 100.0)
    assert (row["q25"], row["q75"]) == (35.0, 62.5)
    assert (row["on_track"], row["at_risk"], row["off_track"], row["achieved"], row["no_data"]) == (1, 1, 1, 1, 1)


def test_province_score_counts_at_risk_as_half_and_leaves_out_unrated(table) -> None:
    two = compute_status(
        dataset([milestone("m", PLAN), milestone("n", PLAN)], [*ROWS, ("CN-AA", "n", D(2024, 6, 30), 40, D(2024, 7, 1))]),
        D(2024, 7, 1),
    )
    scores = province_summary(two)
    assert scores.loc["CN-AA", "score"] == pytest.approx(75.0)  # on track 1 + at risk 0.5, over 2 rated
    assert scores.loc["CN-AA", "rated"] == 2
    assert scores.loc["CN-CC", "score"] == 0.0
    assert pd.isna(scores.loc["CN-EE", "score"])  # nothing rated: no score rather than zero


def test_history_keeps_every_figure_and_marks_what_a_correction_superseded() -> None:
    rows = [
        ("CN-AA", "m", D(2024, 6, 30), 50, D(2024, 7, 1)),
        ("CN-AA", "m", D(2024, 6, 30), 45, D(2024, 7, 20)),
        ("CN-AA", "m", D(2024, 3, 31), 20, D(2024, 4, 10)),
    ]
    reports = dataset([milestone("m", PLAN)], rows).reports
    history = revision_history(reports, "CN-AA", "m")
    assert history[["number", "superseded"]].values.tolist() == [[45.0, False], [50.0, True], [20.0, False]]
    assert current_reports(reports)["number"].tolist() == [20.0, 45.0]
    assert corrections(reports)["number"].tolist() == [45.0, 50.0]
