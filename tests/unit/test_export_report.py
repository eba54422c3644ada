"""Findings, report decks and HTML reports on a hand-made dataset whose figures can be worked out by hand."""

from __future__ import annotations

import io
import re

import pytest
from plotly.offline import get_plotlyjs
from pptx import Presentation

from metrics.compute.findings import lateness, trajectory_finding
from metrics.export.briefing import build_report
from metrics.export.deck import report_deck
from metrics.export.html import report_html
from tests.unit.export_fixtures import AS_OF, inputs

FINDINGS = {
    "en": "CN-AA is 4.3 points behind its path on “m1”; at the current pace it reaches the target in 2027, 2 years late.",
    "zh": "CN-AA在“m1”上落后计划路径4.3个百分点；按当前进度将于2027年达到目标，比期限晚2年。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trajectory_finding_states_gap_forecast_year_and_lateness(lang: str) -> None:
    data = inputs()
    row = data.status[data.status["province"] == "CN-AA"].iloc[0]
    assert trajectory_finding(row, data.data.milestones["m1"], data.data.provinces, lang) == FINDINGS[lang]


@pytest.mark.parametrize(
    ("forecast", "expected"),
    [
        ("2025-06-30", "; at the current pace it reaches the target in 2025, 6 months late."),
        ("2026-01-31", "; at the current pace it reaches the target in 2026, a month late."),
        ("2027-01-05", "; at the current pace it reaches the target in 2027, a year late."),
    ],
)
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
    assert trajectory_finding(silent, m, data.data.provinces, "en") == "CN-CC has not reported on “m1”."


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
    for figure in (
        "Latest value: 54% (1 Jan 2024)",
        "Expected: 58.3%",
        "Target: 60% (31 Dec 2024)",
        "Forecast: Late on trend (2 Jan 2027)",
    ):
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


def _row(**fields: object):  # type: ignore[no-untyped-def]
    import pandas as pd

    base = {
        "province": "CN-AA",
        "status": "off_track",
        "forecast": "not_on_trend",
        "forecast_date": pd.NaT,
        "target_date": pd.Timestamp("2027-12-31"),
        "baseline_date": pd.Timestamp("2024-01-01"),
    }
    return pd.Series({**base, **fields})


@pytest.mark.parametrize(
    ("latest", "expected", "status", "text"),
    [
        (
            7.0,
            8.4,
            "off_track",
            "“m” in CN-AA: 7, where its path expects 8 by now; on the current trend it does not reach the target.",
        ),
        # Behind although the whole numbers look level: the sentence follows the status and names the next whole one.
        (
            8.0,
            8.4,
            "at_risk",
            "“m” in CN-AA: 8, where its path expects 9 by now; on the current trend it does not reach the target.",
        ),
        (8.0, 8.4, "on_track", "CN-AA is on its path on “m”; on the current trend it does not reach the target."),
        (
            9.0,
            8.4,
            "on_track",
            "“m” in CN-AA: 9, more than the 8 its path expects by now; on the current trend it does not reach the target.",
        ),
    ],
)
def test_count_findings_speak_in_whole_units(latest: float, expected: float, status: str, text: str) -> None:
    import datetime as dt

    from metrics.domain.model import Plan, Point
    from metrics.load.measure_kinds import NumberMeasure
    from tests.unit.factories import dataset, milestone

    m = milestone("m", Plan(Point(dt.date(2024, 1, 1), 2), Point(dt.date(2027, 12, 31), 12)), NumberMeasure(1, "count"))
    provinces = dataset([m], []).provinces
    row = _row(latest=latest, latest_value=latest, expected=expected, gap=latest - expected, status=status)
    assert trajectory_finding(row, m, provinces, "en") == text
    assert ".4" not in trajectory_finding(row, m, provinces, "zh")


def test_stage_findings_name_the_plans_next_step_not_a_trend() -> None:
    import datetime as dt

    from metrics.domain.model import Plan, Point
    from metrics.load.measure_kinds import StageMeasure
    from tests.unit.factories import dataset, milestone

    stages = ("planned", "launched", "established", "in-operation")
    plan = Plan(
        Point(dt.date(2024, 1, 1), "planned"),
        Point(dt.date(2027, 12, 31), "in-operation"),
        checkpoints=(Point(dt.date(2026, 6, 30), "established"),),
    )
    m = milestone("m", plan, StageMeasure(stages=stages))
    provinces = dataset([m], []).provinces
    ahead = _row(status="on_track", latest=2.0, latest_value="established", expected=1.8, gap=0.2)
    assert trajectory_finding(ahead, m, provinces, "en") == (
        "CN-AA is at “Established” on “m”, at or ahead of the plan; the plan's next step is “In operation” by 31 Dec 2027."
    )
    behind = _row(latest=1.0, latest_value="launched", expected=2.1, gap=-1.1)
    assert trajectory_finding(behind, m, provinces, "en").endswith("the plan's next step is “Established” by 30 Jun 2026.")
    late = _row(
        status="overdue", latest=2.0, latest_value="established", expected=3.0, gap=-1.0, target_date=dt.date(2025, 12, 31)
    )
    assert trajectory_finding(late, m, provinces, "zh").endswith("目标“运行中”。")


def test_status_counts_name_only_the_statuses_that_occur() -> None:
    import pandas as pd

    from metrics.compute.findings import status_counts_finding

    rows = pd.DataFrame({"status": ["achieved"] * 17 + ["overdue"] * 14})
    assert status_counts_finding(rows, "en") == "Of 31 provinces: 17 achieved, 14 overdue."
    assert status_counts_finding(rows, "zh") == "31个省份中：已完成17个、逾期14个。"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "CN-AA is at “Launched” on “m” where the plan expects “Piloting” by now"),
        ("zh", "CN-AA在“m”上处于“已启动”阶段，计划此时应达“试点中”"),
    ],
)
def test_a_stage_finding_off_track_never_reads_as_level_with_the_plan(lang: str, text: str) -> None:
    """The deck once said 'at or ahead of the plan' beside an off-track status: the expected stage was rounded down."""
    import datetime as dt

    import pandas as pd

    from metrics.domain.model import Plan, Point
    from metrics.load.measure_kinds import StageMeasure
    from tests.unit.factories import dataset, milestone

    stages = ("not-started", "launched", "piloting", "in-operation")
    m = milestone(
        "m",
        Plan(Point(dt.date(2024, 1, 1), "not-started"), Point(dt.date(2027, 12, 31), "in-operation")),
        StageMeasure(stages=stages),
    )
    provinces = dataset([m], []).provinces
    row = pd.Series(
        {
            "province": "CN-AA",
            "status": "off_track",
            "latest": 1.0,
            "latest_value": "launched",
            "expected": 1.9,
            "gap": -0.9,
            "target_date": pd.Timestamp("2027-12-31"),
            "baseline_date": pd.Timestamp("2024-01-01"),
        }
    )
    sentence = trajectory_finding(row, m, provinces, lang)
    assert sentence.startswith(text)
    on_track = trajectory_finding(row.copy().replace({"off_track": "on_track"}), m, provinces, lang)
    assert "at or ahead of the plan" in on_track or "与计划一致或领先" in on_track


def test_findings_quote_a_title_with_quotes_of_its_own_single_inside() -> None:
    """Issue 13, item 7: “双师型”教师占专业课教师比例 wrapped again nested “…“双师型”…” in every Chinese finding."""
    from metrics.domain.i18n import quoted

    assert quoted("“双师型”教师占专业课教师比例", "zh") == "“‘双师型’教师占专业课教师比例”"
    assert quoted("Vocational undergraduate schools", "en") == "“Vocational undergraduate schools”"


def test_bundled_findings_read_as_sentences_in_both_languages() -> None:
    """Issue 13, item 7: "Guangdong has 1 on Vocational undergraduate schools…" and nested Chinese quotes."""
    import re
    from pathlib import Path

    from metrics.compute.snapshot import take_snapshot
    from metrics.load.config import load_config
    from metrics.load.dataset import load_dataset

    root = Path(__file__).resolve().parents[2]
    config, problems = load_config(root / "config.yaml")
    bundled = load_dataset(config, problems)
    status = take_snapshot(bundled, AS_OF).status
    for lang in ("zh", "en"):
        for _, row in status[status["province"] == "CN-GD"].iterrows():
            milestone = bundled.milestones[str(row["milestone"])]
            text = trajectory_finding(row, milestone, bundled.provinces, lang)
            assert not re.search(r"“[^”]*“", text), text  # no quote opened inside a quote
            if lang == "en":
                assert not re.search(r"\bhas [\d.,]+ (on|where)\b", text), text
    row = status[(status["province"] == "CN-GD") & (status["milestone"] == "teachers-double-qualified-share")].iloc[0]
    assert "“‘双师型’教师占专业课教师比例”" in trajectory_finding(
        row, bundled.milestones[str(row["milestone"])], bundled.provinces, "zh"
    )
