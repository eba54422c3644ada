"""pandas, DuckDB and Polars give the same status table as the app, value for value (bench/engines.py times them).

The app reads the reports with ``metrics.compute.report_summary.summarise_reports`` (NumPy over sorted runs);
the benchmark's versions of that step (the app's former pandas code, DuckDB, Polars) must agree with it on
every case the status rules meet: corrections (a later reported_at, and two reports with the same time,
where the later row wins), demo and real reports of the same date, reports after the as-of date, provinces
left out, a provincial milestone, and trends of 0, 1 and several points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from bench.engines import ENGINES, summarise_duckdb, summarise_pandas_groupby, summarise_polars
from bench.synthetic import SCALES, write_dataset
from metrics.compute.report_summary import summarise_reports
from metrics.compute.status import compute_status
from metrics.domain import i18n
from metrics.domain.model import Plan, Point
from metrics.load.config import ForecastRules, load_config
from metrics.load.dataset import load_dataset
from metrics.load.measure_kinds import StageMeasure
from tests.unit.factories import D, dataset, milestone

ROOT = Path(__file__).resolve().parents[2]
OTHERS = {"pandas": summarise_pandas_groupby, "duckdb": summarise_duckdb, "polars": summarise_polars}


@pytest.fixture(autouse=True)
def _stage_labels_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading the synthetic set registers its ladder's labels ('launched') process-wide; later tests expect the
    bundled ones ('Launched'), so each test here works on a copy."""
    monkeypatch.setattr(i18n, "LADDER_STAGE_LABELS", dict(i18n.LADDER_STAGE_LABELS))


@pytest.fixture(params=list(OTHERS))
def engine(request: pytest.FixtureRequest):
    if request.param != "pandas":
        pytest.importorskip(request.param)
    return OTHERS[request.param]


def assert_same_status(data, engine, as_of=None, provinces=None) -> pd.DataFrame:
    expected = compute_status(data, as_of, provinces)
    pd.testing.assert_frame_equal(compute_status(data, as_of, provinces, summarise=engine), expected, check_exact=True)
    return expected


def corrections_dataset(recent_points: int = 4):
    plan = Plan(Point(D(2024, 1, 1), 0.0), Point(D(2026, 1, 1), 100.0))
    stages = StageMeasure(1, "", stages=("none", "piloting", "done"))
    scoped = replace(
        milestone("scoped", Plan(Point(D(2024, 1, 1), "none"), Point(D(2026, 1, 1), "done")), stages),
        applies_to=frozenset({"CN-BB"}),
    )
    rows = [
        ("CN-AA", "m", D(2024, 3, 31), 10, D(2024, 4, 5)),
        ("CN-AA", "m", D(2024, 3, 31), 12, D(2024, 4, 20)),  # a correction: the later reported_at wins
        ("CN-AA", "m", D(2024, 3, 31), 11, D(2024, 4, 10)),  # an earlier figure listed after it: still superseded
        ("CN-AA", "m", D(2024, 6, 30), 30, D(2024, 7, 1)),
        ("CN-AA", "m", D(2024, 6, 30), 31, D(2024, 7, 1)),  # the same report time: the later row wins
        ("CN-AA", "m", D(2024, 9, 30), 99, D(2024, 10, 1)),  # after the as-of date: left out
        ("CN-BB", "m", D(2024, 1, 31), 1, D(2024, 2, 1)),
        *[("CN-BB", "m", D(2024, month, 28), 5 * month, D(2024, month, 28)) for month in (2, 3, 4, 5, 6)],
        ("CN-BB", "scoped", D(2024, 5, 31), 1, D(2024, 6, 1), "piloting"),
        ("CN-CC", "m", D(2024, 6, 30), 40, D(2024, 7, 1)),
        ("CN-DD", "m", D(2024, 6, 1), 20, D(2024, 6, 2)),
    ]
    data = dataset([milestone("m", plan), scoped], rows)
    reports = data.reports.copy()
    reports.loc[reports["province"] == "CN-CC", "demo"] = True  # demo figures beside real ones
    data = replace(data, reports=reports, config=replace(data.config, forecast=ForecastRules(recent_points=recent_points)))
    return data


@pytest.mark.parametrize("recent_points", [0, 1, 2, 4])
def test_every_engine_gives_the_same_table_on_corrections_ties_demo_and_scoped_milestones(engine, recent_points: int) -> None:
    data = corrections_dataset(recent_points)
    table = assert_same_status(data, engine)
    assert table.set_index(["province", "milestone"]).loc[("CN-AA", "m"), ["latest", "revisions", "n_reports"]].tolist() == [
        31,
        3,
        2,
    ]


def test_every_engine_gives_the_same_table_for_some_provinces_and_an_earlier_date(engine) -> None:
    data = corrections_dataset()
    assert_same_status(data, engine, D(2024, 4, 30), ["CN-AA", "CN-CC"])
    assert_same_status(data, engine, D(2020, 1, 1))  # nothing reported yet


def test_every_engine_gives_the_same_table_on_the_bundled_data(engine) -> None:
    config, problems = load_config(ROOT / "config.yaml")
    data = load_dataset(config, problems)
    assert_same_status(data, engine)
    assert_same_status(data, engine, D(2024, 6, 30))


def test_every_engine_gives_the_same_table_on_a_synthetic_set(engine, tmp_path: Path) -> None:
    config, problems = load_config(write_dataset(SCALES["province"], tmp_path / "bench"))
    data = load_dataset(config, problems)
    assert_same_status(data, engine)
    assert_same_status(data, engine, dt.date(2023, 3, 31))


def test_the_engines_compared_include_the_one_the_app_uses() -> None:
    assert ENGINES["numpy"] is summarise_reports
