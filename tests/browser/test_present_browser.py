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
        expect(page.locator("[data-testid='stSidebar']")).to_have_count(0) if page.locator("[data-testid='stSidebar']").count() == 0 \
            else expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
        title = page.locator(".js-plotly-plot .gtitle").first.text_content() or ""
        assert "各省最新值与应达值" in title
        finding = page.locator(".st-key-present_finding p").first
        assert float(finding.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 30  # large type
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "present-slide-1.png"))
        page.get_by_role("button", name=re.compile("下一页")).click()
        expect(page).to_have_url(re.compile(r"slide=2"))
        page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot .gtitle')].some(t => t.textContent.includes('各省轨迹'))")
        page.wait_for_selector(".js-plotly-plot .scatterlayer .trace")
        assert "slide=2" in (page.locator(".st-key-present_link code").first.text_content() or "")
        page.screenshot(path=str(SHOTS / "present-slide-2.png"))
    finally:
        context.close()
