"""Findings, report decks and HTML reports on a hand-made dataset whose figures can be worked out by hand."""

from __future__ import annotations

import io
import re

import pytest
from plotly.offline import get_plotlyjs
from pptx import Presentation

from metrics.export_deck import report_deck
from metrics.export_html import report_html
from metrics.findings import lateness, trajectory_finding
from metrics.report import build_report
from tests.unit.export_fixtures import AS_OF, inputs

FINDINGS = {
    "en": "CN-AA is 4.3 points behind its path on m1; at the current pace it reaches the target in 2027, 2 years late.",
    "zh": "CN-AA在“m1”上落后计划路径4.3个百分点；按当前进度将于2027年达到目标，比期限晚2年。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trajectory_finding_states_gap_forecast_year_and_lateness(lang: str) -> None:
    data = inputs()
    row = data.status[data.status["province"] == "CN-AA"].iloc[0]
    assert trajectory_finding(row, data.data.milestones["m1"], data.data.provinces, lang) == FINDINGS[lang]


@pytest.mark.parametrize(("forecast", "expected"), [
    ("2025-06-30", "; at the current pace it reaches the target in 2025, 6 months late."),
    ("2026-01-31", "; at the current pace it reaches the target in 2026, a month late."),
    ("2027-01-05", "; at the current pace it reaches the target in 2027, a year late."),
])
def test_lateness_in_months_under_a_year_else_years(forecast: str, expected: str) -> None:
    import pandas as pd

    target = pd.Timestamp("2024-12-31") if forecast < "2026" else pd.Timestamp("2025-12-31")
    assert lateness(pd.Timestamp(forecast), target, "en") == expected


def test_finding_for_a_province_ahead_and_for_one_without_reports() -> None:
    data = inputs()
    m = data.data.milestones["m1"]
    ahead = data.status[data.status["province"] == "CN-BB"].iloc[0]
    assert trajectory_finding(ahead, m, data.data.provinces, "en").startswith("CN-BB is ")
    silent = data.status[data.status["province"] == "CN-CC"].iloc[0]
    assert trajectory_finding(silent, m, data.data.provinces, "en") == "CN-CC has not reported on m1."


def _slide_texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_province_deck_has_title_chart_and_sources_slides_with_finding_and_notes() -> None:
    report = build_report(inputs(demo=True), "province", "CN-AA", "en", AS_OF)
    deck = Presentation(io.BytesIO(report_deck(report)))
    slides = list(deck.slides)
    # title + status counts + one trajectory (the only rated milestone) + sources
    assert len(slides) == 4
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert "CN-AA: vocational education reform progress" in _slide_texts(slides[0])
    trajectory = slides[2]
    assert FINDINGS["en"] in _slide_texts(trajectory)
    assert "demo data · 演示数据" in _slide_texts(trajectory)
    assert any(shape.shape_type == 13 for shape in trajectory.shapes)  # a picture
    notes = trajectory.notes_slide.notes_text_frame.text
    for figure in ("Latest value: 54% (1 Jan 2024)", "Expected: 58.3%", "Target: 60% (31 Dec 2024)", "Forecast: Late on trend (2 Jan 2027)"):
        assert figure in notes
    assert _slide_texts(slides[3])[0] == "Sources"


def test_deck_without_demo_data_has_no_demo_mark() -> None:
    report = build_report(inputs(demo=False), "province", "CN-AA", "zh", AS_OF)
    deck = Presentation(io.BytesIO(report_deck(report)))
    assert not any("演示数据" in text for slide in deck.slides for text in _slide_texts(slide))
    assert FINDINGS["zh"] in _slide_texts(list(deck.slides)[2])


def test_html_report_embeds_plotly_once_loads_nothing_from_the_network_and_escapes_titles() -> None:
    hostile = "<script>alert(1)</script>"
    report = build_report(inputs(title=hostile, demo=True), "milestone", "m1", "en", AS_OF)
    page = report_html(report).decode("utf-8")
    assert len(report.charts) == 4
    assert page.count(get_plotlyjs()[:2000]) == 1
    assert page.count("Plotly.newPlot") == 4
    assert not re.search(r"<script[^>]+src=", page) and not re.search(r"<link[^>]+href=\"?https?:", page)
    assert hostile not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "demo data · 演示数据" in page
