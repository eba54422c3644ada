"""Export buttons on the pages, and presentation mode (?present=1) through AppTest."""

from __future__ import annotations

import pytest

from tests.app.conftest import figures, run_app

CHART_BUTTONS = ["PNG", "SVG", "Data CSV", "Data XLSX"]
MILESTONE = "teachers-double-qualified-share"


@pytest.mark.parametrize(
    ("params", "charts", "reports"),
    [
        ({"page": "overview"}, 2, 1),
        ({"page": "matrix"}, 1, 0),  # the nation's deck and HTML report are on the overview
        ({"page": "province", "province": "CN-GD"}, 1, 1),
        ({"page": "milestone", "milestone": MILESTONE}, 4, 1),
    ],
)
def test_every_chart_has_downloads_and_the_page_has_report_buttons(params: dict[str, str], charts: int, reports: int) -> None:
    at = run_app(lang="en", **params)
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert len(figures(at)) == charts
    for label in CHART_BUTTONS:
        assert labels.count(label) == charts, label
    assert labels.count("Report deck (PPTX)") == reports and labels.count("HTML report") == reports


def test_presentation_mode_has_no_sidebar_and_no_filter_widgets() -> None:
    at = run_app(present="1", page="milestone", milestone=MILESTONE, lang="en")
    assert not at.exception
    assert len(at.sidebar) == 0
    for kind in ("selectbox", "radio", "date_input", "multiselect", "download_button"):
        assert len(at.get(kind)) == 0, kind
    assert len(figures(at)) == 1
    assert [b.label for b in at.button] == ["← Previous", "Next →"]
    assert at.query_params["slide"] in ("1", ["1"])


def test_next_and_previous_move_through_the_slides_and_the_address_follows() -> None:
    at = run_app(present="1", page="milestone", milestone=MILESTONE, lang="en")
    first = figures(at)[0]["layout"]["title"]["text"]
    at.button(key="present_next").click().run()
    assert at.query_params["slide"] in ("2", ["2"])
    second = figures(at)[0]["layout"]["title"]["text"]
    assert second != first and "All provinces" in second
    at.button(key="present_previous").click().run()
    assert at.query_params["slide"] in ("1", ["1"])
    assert figures(at)[0]["layout"]["title"]["text"] == first


def test_a_slide_link_reopens_that_slide_and_out_of_range_is_clamped() -> None:
    at = run_app(present="1", page="milestone", milestone=MILESTONE, lang="en", slide="3")
    assert "Status on the chosen milestone" in figures(at)[0]["layout"]["title"]["text"]
    assert any("slide=3" in str(c.value) for c in at.code)
    last = run_app(present="1", page="milestone", milestone=MILESTONE, lang="en", slide="99")
    assert last.query_params["slide"] in ("4", ["4"])
    assert last.button(key="present_next").disabled


def test_presentation_from_the_matrix_page_opens_the_nations_slides_at_the_matrix() -> None:
    page = run_app(page="matrix", lang="en")
    (button,) = [b for b in page.get("link_button") if b.proto.label == "Presentation mode"]
    assert "present=1" in button.proto.url and "page=matrix" in button.proto.url and "slide=" not in button.proto.url
    at = run_app(present="1", page="matrix", lang="en")
    assert not at.exception
    (shown,) = figures(at)
    assert shown["data"][0]["type"] == "heatmap"
    assert at.query_params["slide"] in ("2", ["2"]) and at.query_params["page"] in ("overview", ["overview"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_a_browser_the_image_and_deck_buttons_say_so_in_the_readers_language(
    lang: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 9: a click on PNG or the deck waited forever without a browser; now the page says why first."""
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    at = run_app(lang=lang, page="province", province="CN-GD")
    assert not at.exception
    buttons = {b.label: b for b in at.get("download_button")}
    png, deck = ("PNG", "Report deck (PPTX)") if lang == "en" else ("PNG 图片", "汇报幻灯片（PPTX）")
    assert buttons[png].disabled and buttons[deck].disabled
    assert not buttons["HTML report" if lang == "en" else "HTML 报告"].disabled
    start = "Images (PNG, SVG) and report decks cannot be drawn" if lang == "en" else "无法生成图片"
    shown = [w.value for w in at.warning] + [c.value for c in at.caption]
    assert any(text.startswith(start) for text in shown)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_broken_browser_disables_the_image_and_deck_buttons_and_says_why(
    lang: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A chromium that is there but does not run: the page says so before anyone clicks (a click used to wait)."""
    browser = tmp_path / "chromium"
    browser.write_text('#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    at = run_app(lang=lang, page="province", province="CN-GD")
    assert not at.exception
    buttons = {b.label: b for b in at.get("download_button")}
    png, deck = ("PNG", "Report deck (PPTX)") if lang == "en" else ("PNG 图片", "汇报幻灯片（PPTX）")
    assert buttons[png].disabled and buttons[deck].disabled
    why = "does not run (exit code 127: error while loading shared libraries" if lang == "en" else "无法运行（退出码 127"
    shown = [w.value for w in at.warning] + [c.value for c in at.caption]
    assert any(str(browser) in text and why in text for text in shown), shown
