"""Chart images through kaleido: PNG size and signature, SVG text, explicit template, one browser per process."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from metrics.export import image as export_image
from metrics.export.image import PNG_SIGNATURE, ChartMeta, chart_png, chart_svg, prepare_figure

AS_OF = dt.date(2026, 11, 23)


def figure() -> go.Figure:
    # Deliberately no template and no colours: what a figure looks like when a page forgets them.
    return go.Figure(go.Bar(x=["广东", "江苏"], y=[57.9, 61.2]), layout={"title": {"text": "双师型教师占比"}})


def meta(demo: bool) -> ChartMeta:
    return ChartMeta("双师型教师占比", "比例（%）", "广东省教育厅", AS_OF, "zh", demo)


def png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_png_starts_with_the_signature_and_is_scale_times_the_layout_size() -> None:
    png = chart_png(figure(), meta(False), scale=2, width=800, height=500)
    assert png.startswith(PNG_SIGNATURE)
    assert png_size(png) == (1600, 1000)


def test_svg_carries_title_unit_source_as_of_and_the_demo_mark() -> None:
    svg = chart_svg(figure(), meta(True), width=900, height=500).decode("utf-8")
    assert svg.startswith("<svg")
    for text in ("双师型教师占比", "比例（%）", "广东省教育厅", "2026年11月23日", "演示数据 · demo data"):
        assert text in svg, text


def test_svg_without_demo_data_has_no_demo_mark() -> None:
    svg = chart_svg(figure(), meta(False), width=900, height=500).decode("utf-8")
    assert "演示数据" not in svg and "demo data" not in svg


def test_figure_handed_to_kaleido_has_an_explicit_template_not_streamlits(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit  # noqa: F401 — importing it makes "streamlit" plotly's default template

    assert pio.templates.default == "streamlit"
    seen: list[go.Figure | dict] = []

    def fake_to_image(fig: go.Figure | dict, **kwargs: object) -> bytes:
        seen.append(fig)
        return PNG_SIGNATURE

    monkeypatch.setattr(export_image, "ensure_server", lambda: None)
    monkeypatch.setattr(pio, "to_image", fake_to_image)
    chart_png(figure(), meta(False))
    handed = seen[0]
    layout = (handed if isinstance(handed, dict) else handed.to_dict())["layout"]  # kaleido is sent a plain figure dict
    assert layout["template"] == pio.templates["plotly_white"].to_plotly_json()
    assert layout["template"] != pio.templates["streamlit"].to_plotly_json()
    assert layout["paper_bgcolor"] == "#FFFFFF" and layout["font"]["color"] == "#111111"
    assert layout["colorway"][0] == "#0072B2"
    assert "Noto Sans CJK SC" in layout["font"]["family"]


def test_prepare_figure_leaves_the_original_untouched() -> None:
    original = figure()
    before = original.to_dict()
    prepare_figure(original, meta(True))
    assert original.to_dict() == before


def test_three_images_start_the_browser_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import kaleido

    export_image._stop_server()
    starts: list[object] = []
    real_start = kaleido.start_sync_server

    def counting_start(*args: object, **kwargs: object) -> None:
        starts.append(args)
        real_start(*args, **kwargs)

    monkeypatch.setattr(kaleido, "start_sync_server", counting_start)
    before = export_image.server_starts
    for _ in range(3):
        assert chart_png(figure(), meta(False), scale=1, width=400, height=300).startswith(PNG_SIGNATURE)
    assert len(starts) == 1
    assert export_image.server_starts == before + 1


def test_a_missing_browser_fails_within_seconds_with_a_message_in_both_languages(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 9: kaleido without a browser waited forever; now the export says what is missing."""
    import time

    missing = str(tmp_path / "chromium")
    monkeypatch.setenv("BROWSER_PATH", missing)
    monkeypatch.setattr(export_image, "_server_running", False)  # as in a fresh process
    started = time.monotonic()
    with pytest.raises(export_image.BrowserMissing) as caught:
        chart_png(figure(), meta(False))
    assert time.monotonic() - started < 5
    assert caught.value.message("en").startswith("Images (PNG, SVG) and report decks cannot be drawn")
    assert missing in caught.value.message("en")
    zh = caught.value.message("zh")
    assert zh.startswith("无法生成图片") and missing in zh and "Images" not in zh


def test_find_browser_names_an_executable_that_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.chromium import CHROMIUM

    monkeypatch.setenv("BROWSER_PATH", CHROMIUM)
    assert export_image.find_browser() == CHROMIUM
