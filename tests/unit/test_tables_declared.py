"""Each table that passes between layers matches its declaration in metrics/domain/tables.py exactly."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pandas as pd
import pytest

from metrics.compute.history import current_reports
from metrics.compute.status import compute_status
from metrics.compute.summary import province_summary, rank_provinces
from metrics.domain import tables
from metrics.export.data import reports_data, status_data, summary_data
from metrics.load.reports import empty_reports
from tests.conftest import AS_OF
from tests.unit.factories import D, dataset, milestone
from tests.unit.test_status import PLAN


@pytest.fixture(scope="module")
def ranked(bundled):  # type: ignore[no-untyped-def]
    return rank_provinces(compute_status(bundled, AS_OF))


def test_the_loaded_and_the_current_reports_match_their_declaration(bundled) -> None:  # type: ignore[no-untyped-def]
    assert tables.REPORTS.differences(bundled.reports) == []
    assert tables.REPORTS.differences(current_reports(bundled.reports, AS_OF)) == []
    assert tables.REPORTS.differences(empty_reports()) == []


def test_the_status_table_matches_its_declaration_exactly(bundled, ranked) -> None:  # type: ignore[no-untyped-def]
    assert tables.STATUS.differences(compute_status(bundled, AS_OF)) == []
    assert tables.RANKED_STATUS.differences(ranked) == []
    assert len(tables.STATUS.columns) == 45


@pytest.mark.parametrize("as_of", [D(2010, 1, 1), D(2026, 11, 23)], ids=["before-every-baseline", "with-reports"])
def test_a_small_status_table_has_the_same_columns_and_types(as_of: dt.date) -> None:
    data = dataset([milestone("m", PLAN)], [("CN-AA", "m", D(2026, 1, 1), 50.0, D(2026, 1, 5))])
    assert tables.STATUS.differences(compute_status(data, as_of)) == []


def test_the_province_summary_matches_its_declaration(ranked) -> None:  # type: ignore[no-untyped-def]
    assert tables.SUMMARY.differences(province_summary(ranked)) == []


def test_the_export_tables_match_their_declarations(bundled, ranked) -> None:  # type: ignore[no-untyped-def]
    assert tables.STATUS_EXPORT.differences(status_data(ranked, bundled.provinces, bundled.milestones, "en")) == []
    current = current_reports(bundled.reports, AS_OF)
    assert tables.REPORTS_EXPORT.differences(reports_data(current, bundled.provinces, "zh")) == []
    assert tables.SUMMARY_EXPORT.differences(summary_data(province_summary(ranked), bundled.provinces, "en")) == []


def test_the_cli_status_table_has_the_declared_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    from metrics.cli.main import main

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["status", "--province", "CN-GD", "--as-of", "2026-11-23", "--format", "csv"]) == 0
    printed = pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)
    assert list(printed.columns) == tables.CLI_STATUS.names


def test_a_difference_is_named() -> None:
    frame = tables.STATUS.empty().drop(columns="gap").assign(status=pd.Series(dtype="int64"))
    assert tables.STATUS.differences(frame) == [
        "status: columns "
        + str([c for c in tables.STATUS.names if c != "gap"])
        + " (missing ['gap'], extra []; expected "
        + str(tables.STATUS.names)
        + ")",
        "status.status: int64 (expected str)",
    ]
