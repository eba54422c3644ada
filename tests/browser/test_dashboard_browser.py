"""The dashboard in Debian's headless chromium: charts drawn, tile click, deep links, Chinese text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AS_OF

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots")


def wait_for_charts(page, count: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {count}")


def test_overview_draws_tile_map_and_counts_and_links_the_matrix(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=overview&lang=zh&as_of={AS_OF}")
    page.wait_for_selector("h1:has-text('全国总览')")
    wait_for_charts(page, 2)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length >= 34")
    tiles = page.locator(".js-plotly-plot .textpoint text", has_text="广东")
    assert tiles.count() >= 1
    assert page.locator(".js-plotly-plot .barlayer .point").count() >= 7
    page.get_by_role("link", name="各省 × 各任务的状态矩阵").click()
    page.wait_for_selector("h1:has-text('状态矩阵')")
    expect(page).to_have_url(re.compile(r"page=matrix"))


def test_matrix_draws_every_cell_and_a_click_opens_that_province_on_that_milestone(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=matrix&lang=en&as_of={AS_OF}")
    page.wait_for_selector("h1:has-text('Status matrix')")
    wait_for_charts(page, 1)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length >= 31 * 46")
    assert page.locator(".js-plotly-plot .heatmaplayer image, .js-plotly-plot .heatmaplayer .hm").count() >= 1
    # The cell under the 100th marker, and the pair its data names.
    province, milestone = page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        let k = 100;
        for (const trace of gd.data.slice(1)) {
            if (k < trace.customdata.length) return trace.customdata[k];
            k -= trace.customdata.length;
        }
    }""")
    box = page.locator(".js-plotly-plot .scatterlayer .point").nth(100).bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(rf"page=province.*province={province}|province={province}.*page=province"))
    expect(page).to_have_url(re.compile(rf"milestone={milestone}"))
    wait_for_charts(page, 1)


def test_clicking_a_tile_opens_that_province(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=overview&lang=zh&as_of={AS_OF}")
    wait_for_charts(page, 2)
    label = page.locator(".js-plotly-plot .textpoint text", has_text="四川").first
    label.wait_for()
    box = label.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("h1:has-text('四川省')")
    expect(page).to_have_url(re.compile(r"province=CN-SC"))
    wait_for_charts(page, 1)


def test_a_copied_link_reopens_the_same_view(server: str, page, chromium) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=province&lang=en&as_of={AS_OF}&province=CN-ZJ&milestone=teachers-double-qualified-share")
    page.wait_for_selector("h1:has-text('Zhejiang')")
    wait_for_charts(page, 1)
    expect(page).to_have_url(re.compile(r"province=CN-ZJ"))
    copied = page.url
    title = page.locator(".js-plotly-plot .gtitle").first.text_content()
    other = chromium.new_context(viewport={"width": 1400, "height": 1600}, locale="zh-CN").new_page()
    try:
        other.goto(copied)
        other.wait_for_selector("h1:has-text('Zhejiang')")  # English kept although this browser prefers Chinese
        wait_for_charts(other, 1)
        assert other.locator(".js-plotly-plot .gtitle").first.text_content() == title
        assert "Double-qualified share of specialty-course teachers" in (title or "")
    finally:
        other.context.close()


def test_chinese_labels_render(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=province&lang=zh&as_of={AS_OF}&province=CN-GD&milestone=digital-resources-core-courses")
    page.wait_for_selector("h1:has-text('广东省')")
    wait_for_charts(page, 1)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '广东省')")
    # A CJK font is installed when two different ideographs get glyphs wider than a tofu box would be.
    width = page.evaluate(
        "(() => { const c = document.createElement('canvas').getContext('2d'); c.font = '20px sans-serif';"
        " return [c.measureText('广东').width, c.measureText('\\u0378\\u0379').width]; })()"
    )
    assert width[0] > 30 and width[0] != width[1]
    legend = page.locator(".js-plotly-plot .legendtext", has_text="计划路径")
    assert legend.count() == 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "browser_province_zh.png"), full_page=True)


def test_source_links_go_both_ways(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=milestone&lang=en&as_of={AS_OF}&milestone=teachers-double-qualified-share")
    page.wait_for_selector("h1:has-text('Double-qualified share of specialty-course teachers')")
    page.get_by_text("See the source document").click()
    page.wait_for_selector("h1:has-text('Sources')")
    expect(page).to_have_url(re.compile(r"page=sources.*milestone=teachers-double-qualified-share"))
    opened = page.locator("[data-testid='stExpander'] details[open]")
    assert opened.count() == 1  # the document that holds the milestone is open
    cards = page.locator(
        "[data-testid='stExpander'] details[open] [data-testid='stLayoutWrapper']", has=page.locator("[data-testid='stPageLink']")
    )
    card = cards.last
    title = card.locator("strong").first.text_content() or ""
    card.locator("[data-testid='stPageLink'] a").click()
    expect(page).to_have_url(re.compile(r"page=milestone"))
    expect(page.locator("h1").first).to_have_text(title.lstrip("➤ ").strip())


def test_enter_in_the_sidebar_date_applies_a_typed_as_of_date(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 10: typing a date in the as-of field and pressing Enter did nothing (it applied only
    on a click elsewhere). Enter applies it with the calendar open (as focus leaves it open) and closed."""
    page.goto(f"{server}/?lang=en&as_of={AS_OF}", wait_until="networkidle")
    page.wait_for_function("window.__vetEnterAppliesDates === true")
    sidebar = page.locator("[data-testid=stSidebar]")
    field = sidebar.locator("[data-testid=stDateInputField]")
    sidebar.locator("[data-type=year]").click()
    expect(page.locator("[data-testid=stDateInputCalendar]")).to_be_visible()  # the calendar opens on focus
    page.keyboard.type("20250630")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"as_of=2025-06-30"))
    expect(page.locator("[data-testid=stDateInputCalendar]")).to_have_count(0)
    # the calendar closed by hand first (Escape applies nothing new): Enter applies what the field then shows
    sidebar.locator("[data-type=month]").click()
    page.keyboard.press("Escape")
    expect(page.locator("[data-testid=stDateInputCalendar]")).to_have_count(0)
    assert page.evaluate("document.activeElement.closest('[data-testid=stDateInputField]') !== null")
    page.keyboard.type("03")  # into the segment that has the focus
    shown = re.sub(r"\s", "", field.inner_text())
    assert re.fullmatch(r"\d{4}/\d\d/\d\d", shown) and shown != "2025/06/30", shown
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("as_of=" + shown.replace("/", "-")))
    # an incomplete date is not applied: the field returns to the date in force
    sidebar.locator("[data-type=day]").click()
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    expect(field).to_have_text(re.compile(r"\s*/\s*".join(shown.split("/"))))
    expect(page).to_have_url(re.compile("as_of=" + shown.replace("/", "-")))


def test_no_deploy_button_for_visitors(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 10: Streamlit's English "Deploy" button was shown to every visitor."""
    page.goto(f"{server}/?lang=zh", wait_until="networkidle")
    expect(page.locator("[data-testid=stSidebar]")).to_be_visible()
    expect(page.get_by_text("Deploy", exact=True)).to_have_count(0)
    expect(page.locator("[data-testid=stAppDeployButton]")).to_have_count(0)
