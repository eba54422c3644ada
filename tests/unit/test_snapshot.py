"""One way to build what a page, a deck and the CLI show: the snapshot of a view, current reports computed once."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.compute import history, status
from metrics.compute.history import current_reports, mark_superseded
from metrics.compute.snapshot import take_snapshot
from metrics.compute.status import compute_status, documented_only, status_and_current
from metrics.compute.summary import province_summary, rank_provinces
from tests.conftest import AS_OF


def test_the_snapshot_is_the_ranked_status_its_summary_and_the_current_reports(bundled) -> None:  # type: ignore[no-untyped-def]
    snapshot = take_snapshot(bundled, AS_OF)
    expected = rank_provinces(compute_status(bundled, AS_OF))
    pd.testing.assert_frame_equal(snapshot.status, expected)
    pd.testing.assert_frame_equal(snapshot.summary, province_summary(expected))
    pd.testing.assert_frame_equal(snapshot.current, current_reports(bundled.reports, AS_OF))
    assert snapshot.assumed == int(expected["assumed"].sum()) > 0
    assert (snapshot.as_of, snapshot.documented, snapshot.data) == (AS_OF, False, bundled)


def test_a_documented_snapshot_ranks_and_scores_the_documented_verdicts_alone(bundled) -> None:  # type: ignore[no-untyped-def]
    snapshot = take_snapshot(bundled, AS_OF, documented=True)
    expected = rank_provinces(documented_only(compute_status(bundled, AS_OF)))
    pd.testing.assert_frame_equal(snapshot.status, expected)
    assert snapshot.assumed == int(compute_status(bundled, AS_OF)["assumed"].sum())  # how many were left out


def test_the_cli_view_keeps_its_provinces_and_milestone(bundled) -> None:  # type: ignore[no-untyped-def]
    snapshot = take_snapshot(bundled, AS_OF, provinces=["CN-GD"], milestone="teachers-double-qualified-share")
    assert list(snapshot.status[["province", "milestone"]].itertuples(index=False, name=None)) == [
        ("CN-GD", "teachers-double-qualified-share")
    ]
    assert snapshot.assumed == int(snapshot.status["assumed"].sum())
    # the current reports are every province's, as the pages' medians use them
    pd.testing.assert_frame_equal(snapshot.current, current_reports(bundled.reports, AS_OF))


@pytest.mark.parametrize("provinces", [["CN-GD"], ["CN-LN", "CN-GD", "CN-XZ"], None])
def test_the_pass_that_keeps_every_provinces_current_reports_gives_the_same_statuses(bundled, provinces) -> None:  # type: ignore[no-untyped-def]
    table, current = status_and_current(bundled, AS_OF, provinces)
    pd.testing.assert_frame_equal(table, compute_status(bundled, AS_OF, provinces))
    pd.testing.assert_frame_equal(current, current_reports(bundled.reports, AS_OF))


def test_the_reports_are_read_once_per_view(bundled, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """One pass over the reports gives the status table and the current reports (no second current_reports)."""
    calls: list[str] = []

    def counted(name, function):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(name)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(history, "current_reports", counted("current_reports", history.current_reports))
    monkeypatch.setattr(status, "summarise_reports", counted("summarise_reports", status.summarise_reports))
    take_snapshot(bundled, AS_OF)
    assert calls == ["summarise_reports"]


@pytest.mark.parametrize("order", [[0, 1, 2], [1, 0, 2], [2, 1, 0]])
def test_one_rule_for_which_correction_wins(order: list[int]) -> None:
    """The current figure is the one the history does not mark superseded, even when two files give the same
    report time: then the one read last wins (demo files are read after real ones)."""
    frame = pd.DataFrame(
        {
            "province": "CN-AA",
            "milestone": "m",
            "as_of": pd.Timestamp("2024-06-30"),
            "value": ["1", "2", "3"],
            "reported_at": pd.to_datetime(["2024-07-01", "2024-07-01", "2024-06-01"]),
            "demo": [False, True, False],
        }
    ).iloc[order]
    current = current_reports(frame)
    in_force = mark_superseded(frame).query("not superseded")
    assert list(current["value"]) == list(in_force["value"])
    latest = frame[frame["reported_at"] == frame["reported_at"].max()]
    assert current["value"].iloc[0] == latest["value"].iloc[-1]  # of the two reported last, the one read last
