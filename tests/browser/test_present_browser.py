"""Presentation mode in Debian's headless chromium: the chart is drawn, no sidebar, Next goes to the next slide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AS_OF

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots")


def test_presentation_draws_one_chart_and_next_opens_the_next_slide(server: str, chromium) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{server}/?present=1&page=milestone&milestone=teachers-double-qualified-share&lang=zh&as_of={AS_OF}&slide=1")
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .trace.bars .point').length >= 20")
        assert page.locator(".js-plotly-plot").count() == 1
        expect(page.locator("[data-testid='stSidebar']")).to_have_count(0) if page.locator(
            "[data-testid='stSidebar']"
        ).count() == 0 else expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
        title = page.locator(".js-plotly-plot .gtitle").first.text_content() or ""
        assert "各省最新值与应达值" in title
        finding = page.locator(".st-key-present_finding p").first
        assert (
            float(finding.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
        )  # large type (1.65rem: two lines of it and the chart fit 768 px)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "present-slide-1.png"))
        page.get_by_role("button", name=re.compile("下一页")).click()
        expect(page).to_have_url(re.compile(r"slide=2"))
        page.wait_for_function(
            "[...document.querySelectorAll('.js-plotly-plot .gtitle')].some(t => t.textContent.includes('各省轨迹'))"
        )
        page.wait_for_selector(".js-plotly-plot .scatterlayer .trace")
        assert "slide=2" in (page.locator(".st-key-present_link code").first.text_content() or "")
        page.screenshot(path=str(SHOTS / "present-slide-2.png"))
    finally:
        context.close()


def _below_the_fold(page, selector: str) -> float:  # type: ignore[no-untyped-def]
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"] - page.viewport_size["height"]


def test_keys_and_clickers_move_between_slides_and_everything_that_matters_fits_1366x768(server: str, chromium) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 7: no key moved a slide (clickers send PageDown/PageUp); at 1366 × 768 the finding and
    Next were below the fold and a long chart title ran past the right edge."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    milestone = "vocational-undergraduate-enrolment-share"  # the longest chart title of the bundled data
    try:
        page.goto(f"{server}/?present=1&page=milestone&milestone={milestone}&lang=en&as_of={AS_OF}&slide=1")
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .trace.bars .point').length >= 20")
        assert _below_the_fold(page, ".st-key-present_next button") <= 0
        assert _below_the_fold(page, ".st-key-present_finding") <= 0
        title = page.locator(".js-plotly-plot .gtitle").first.bounding_box()
        chart = page.locator(".js-plotly-plot").first.bounding_box()
        assert title is not None and chart is not None and title["x"] + title["width"] <= chart["x"] + chart["width"]
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "present-1366.png"))
        page.wait_for_timeout(500)  # the key listener is installed with the first run's elements
        for key, slide in (("PageDown", 2), ("PageUp", 1), ("ArrowRight", 2), ("Space", 3), ("ArrowLeft", 2)):
            page.keyboard.press(key)
            expect(page).to_have_url(re.compile(rf"slide={slide}(&|$)"))
            expect(page.locator(".st-key-present_title")).to_contain_text(f"Slide {slide} of 4")
    finally:
        context.close()
