"""Issue 11: every export of a verdict against an assumed target says so, in Chinese and in English, and the
demo mark sits inside the plot area of a chart image so cropping cannot remove it."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from pptx import Presentation

from metrics.compute.snapshot import take_snapshot
from metrics.domain.model import Basis, Plan, Point
from metrics.export.briefing import build_report
from metrics.export.deck import report_deck
from metrics.export.html import report_html
from metrics.export.image import PNG_SIGNATURE, chart_png, chart_svg, prepare_figure
from tests.unit.export_fixtures import ROWS
from tests.unit.factories import dataset, milestone

AS_OF = dt.date(2024, 7, 1)
NOTE = {"en": "Assumed by the test team", "zh": "测试团队假设"}
ASSUMED = Plan(Point(dt.date(2022, 1, 1), 50), Point(dt.date(2024, 12, 31), 60, Basis("assumption", NOTE)))
DOCUMENTED = Plan(Point(dt.date(2022, 1, 1), 50), Point(dt.date(2024, 12, 31), 60))
SAYS = {
    "zh": ("（对照假设目标）", "此判定对照的是本团队假设的目标或路径，并非文件规定。", "目标或路径含本团队假设值"),
    "en": (
        " against an assumed target",
        "This verdict is against a target or path the dashboard team assumed",
        "partly assumed by the dashboard team",
    ),
}


def report(plan: Plan, lang: str, demo: bool = True):  # type: ignore[no-untyped-def]
    data = dataset([replace(milestone("m1", plan), title={"en": "m1", "zh": "m1"})], ROWS)
    data.reports["demo"] = demo
    return build_report(take_snapshot(data, AS_OF), "province", "CN-AA", lang, AS_OF)


def deck_text(deck_bytes: bytes) -> str:
    deck = Presentation(io.BytesIO(deck_bytes))
    parts = []
    for slide in deck.slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_html_and_chart_images_say_the_target_was_assumed(lang: str) -> None:
    verdict, sentence, source = SAYS[lang]
    assumed = report(ASSUMED, lang)
    trajectory = next(c for c in assumed.charts if c.key == "trajectory-m1")
    deck = deck_text(report_deck(assumed))
    assert sentence in deck and verdict.strip() in deck and source in deck
    assert ("其中 1 项判定对照假设目标" if lang == "zh" else "1 verdict(s) judged against an assumed target") in deck
    page = report_html(assumed).decode("utf-8")
    assert sentence in page and source in page
    svg = chart_svg(trajectory.figure, trajectory.meta, width=1000, height=560).decode("utf-8")
    assert source in svg and verdict.strip() in svg  # the plan source line and the verdict in the subtitle
    assert chart_png(trajectory.figure, trajectory.meta, scale=1, width=1000, height=560).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_documented_target_is_not_called_assumed(lang: str) -> None:
    verdict, sentence, source = SAYS[lang]
    documented = report(DOCUMENTED, lang)
    deck = deck_text(report_deck(documented))
    assert sentence not in deck and source not in deck and verdict.strip() not in deck
    assert sentence not in report_html(documented).decode("utf-8")


def test_the_demo_mark_sits_inside_the_plot_area_of_every_chart_image() -> None:
    for chart in report(ASSUMED, "en").charts:
        prepared = prepare_figure(chart.figure, chart.meta, width=1000, height=560)
        marks = [a for a in prepared.layout.annotations if "DEMO DATA" in str(a.text)]
        assert marks, chart.key
        # paper coordinates between 0 and 1 are inside the plot area, whatever the margins
        assert all(a.xref == "paper" and a.yref == "paper" and 0 <= a.x <= 1 and 0 <= a.y <= 1 for a in marks), chart.key
        svg = chart_svg(chart.figure, chart.meta, width=1000, height=560).decode("utf-8")
        assert re.search(r"DEMO DATA", svg)
    for chart in report(ASSUMED, "en", demo=False).charts:
        assert not [a for a in chart.figure.layout.annotations if "DEMO DATA" in str(a.text)]


def test_the_data_behind_a_chart_says_what_each_verdict_rests_on() -> None:
    from metrics.export.data import status_data

    for plan, basis in ((ASSUMED, "assumed-target"), (DOCUMENTED, "documented")):
        data = dataset([milestone("m1", plan)], ROWS)
        status = take_snapshot(data, AS_OF).status
        table = status_data(status, data.provinces, data.milestones, "en")
        assert set(table["verdict_basis"]) == {basis}
