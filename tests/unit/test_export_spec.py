"""Images are drawn from ``prepare_spec``'s plain dict: it must be the JSON ``prepare_figure`` gives, chart for chart."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import plotly.io as pio
import pytest

from metrics.compute.snapshot import take_snapshot
from metrics.export.briefing import build_report
from metrics.export.image import prepare_figure, prepare_spec
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def charts():
    config, problems = load_config(ROOT / "config.yaml")
    inputs = take_snapshot(load_dataset(config, problems), AS_OF)
    scopes = (("nation", ""), ("province", "CN-GD"), ("milestone", "teachers-double-qualified-share"))
    return [
        chart
        for scope, subject in scopes
        for lang in ("zh", "en")
        for chart in build_report(inputs, scope, subject, lang, AS_OF).charts
    ]


@pytest.mark.parametrize("size", [(None, None), (1600, None), (1000, 560)])
def test_the_spec_sent_to_kaleido_is_the_prepared_figure(charts, size) -> None:
    assert len(charts) >= 30 and any(chart.meta.demo for chart in charts)
    for chart in charts:
        spec = prepare_spec(chart.figure, chart.meta, *size)
        assert json.loads(pio.to_json(spec, validate=False)) == json.loads(
            pio.to_json(prepare_figure(chart.figure, chart.meta, *size))
        )


def test_the_spec_leaves_the_figure_untouched(charts) -> None:
    chart = charts[0]
    before = pio.to_json(chart.figure)
    prepare_spec(chart.figure, chart.meta)["layout"]["title"]["text"] = "changed"
    assert pio.to_json(chart.figure) == before
