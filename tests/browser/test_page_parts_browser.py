"""Page parts (st.fragment, issue 16 item 2) in Debian's headless chromium: a change inside a part redraws that
part, the address follows it, and a data file changed meanwhile shows as after a full run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AS_OF, dashboard_server
from tests.tmp_data import copy_data

pytestmark = pytest.mark.browser
SHARE = "teachers-double-qualified-share"
FIND_VALUE = """v => Array.from(document.querySelectorAll('.js-plotly-plot')).some(
    gd => (gd._fullData || []).some(t => Array.from(t.y || []).some(y => Math.abs(Number(y) - v) < 1e-9)))"""


def choose(page, key: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick the option with this text in a select box (by its widget key), typing to find it as a person does
    in a long list (only the options in view are in the page)."""
    page.locator(f".st-key-{key} input[role=combobox]").first.click()
    page.locator(f".st-key-{key} input[role=combobox]").first.fill(option[:24])
    page.get_by_role("option", name=option, exact=True).click()


def chart_title(page, key: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f".st-key-{key} .js-plotly-plot .gtitle").first.text_content() or ""


def test_picking_a_milestone_redraws_the_trajectory_and_the_address_follows(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=province&province=CN-ZJ&milestone=apprenticeship-system&lang=en&as_of={AS_OF}")
    page.wait_for_selector(".st-key-trajectory .js-plotly-plot .main-svg")
    before = chart_title(page, "trajectory")
    choose(page, "w_milestone", "Double-qualified share of specialty-course teachers")
    expect(page.locator(".st-key-trajectory .js-plotly-plot .gtitle").first).to_contain_text("Double-qualified share")
    assert chart_title(page, "trajectory") != before
    expect(page).to_have_url(re.compile(rf"milestone={SHARE}"))
    expect(page).to_have_url(re.compile(r"province=CN-ZJ"))
    expect(page.locator("h1").first).to_have_text("Zhejiang")  # the rest of the page is still there


def test_recolouring_the_map_redraws_it_and_the_address_follows(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=overview&lang=en&as_of={AS_OF}")
    page.wait_for_selector(".st-key-tile_map .js-plotly-plot .main-svg")
    before = chart_title(page, "tile_map")
    page.locator(".st-key-w_color [role=radiogroup] label").nth(1).click()
    expect(page).to_have_url(re.compile(r"color=(attainment|score)"))  # the default (status) is left out of links
    page.wait_for_function(
        "t => (document.querySelector('.st-key-tile_map .js-plotly-plot .gtitle') || {}).textContent !== t", arg=before
    )


def test_changing_the_compared_provinces_redraws_the_comparison_and_the_address_follows(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?page=compare&provinces=CN-GD,CN-JS&lang=en&as_of={AS_OF}")
    page.wait_for_selector(".st-key-compare .js-plotly-plot .main-svg")
    choose(page, "w_provinces", "Sichuan")
    expect(page).to_have_url(re.compile(r"provinces=CN-GD(%2C|,)CN-JS(%2C|,)CN-SC"))
    page.wait_for_function(
        "() => (document.querySelector('.st-key-compare .js-plotly-plot') || {})._fullData?.some(t => t.name === 'Sichuan')"
    )


@pytest.fixture
def data_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    config = copy_data(tmp_path)
    with dashboard_server({"VET_DASHBOARD_CONFIG": str(config)}) as base:
        yield base, tmp_path
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


def test_a_data_file_changed_meanwhile_shows_when_a_part_reruns(data_server, page) -> None:  # type: ignore[no-untyped-def]
    """A part rerun alone would draw the figures of the data as it was when the page was drawn: a changed
    data file (an accepted upload, a planner's edit) makes the whole app rerun instead."""
    server, root = data_server
    page.goto(f"{server}/?page=province&province=CN-GD&milestone=apprenticeship-system&lang=en&as_of={AS_OF}")
    page.wait_for_selector(".st-key-trajectory .js-plotly-plot .main-svg")
    demo = root / "data/demo/demo_reports.csv"
    text = demo.read_text(encoding="utf-8")
    old = f"CN-GD,{SHARE},2026-09-30,56.4,"
    assert old in text
    demo.write_text(text.replace(old, f"CN-GD,{SHARE},2026-09-30,77.7,"), encoding="utf-8")
    choose(page, "w_milestone", "Double-qualified share of specialty-course teachers")
    page.wait_for_function(FIND_VALUE, arg=77.7)
