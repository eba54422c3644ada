"""Reloads in Debian's chromium (issue 13): a planner types in the milestone editor, pauses, and reloads (F5): the
page offers the unsaved draft back. A reporter follows a link to Report progress, signs in on the overview it
shows, lands on Report progress, and is still signed in there after a reload."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.signin import PASSWORD
from tests.browser.conftest import dashboard_server, data_with_users, signed_in_env
from tests.browser.test_signin_browser import sign_in
from tests.chromium import launch

pytestmark = pytest.mark.browser
NOTE = "# a note typed just before the reload"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder, config = data_with_users(tmp_path_factory, "drafts")
    with dashboard_server(signed_in_env(config)) as url:
        yield url, folder


def test_text_typed_then_lost_to_a_reload_is_offered_back(served: tuple[str, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    server, folder = served
    drafts = folder / ".secrets" / "drafts"
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"{server}/?lang=en", wait_until="networkidle")
        sign_in(page, "planner", PASSWORD)
        expect(page.get_by_text("Signed in as planner")).to_be_visible()
        # The cookie is written by the page after the rerun that shows the sign-in; leaving before it is written
        # would open the next address signed out, so wait for the cookie as a person's slower hand would.
        page.wait_for_function("document.cookie.includes('vet_session=')")
        page.goto(f"{server}/edit_milestones?page=edit_milestones&lang=en", wait_until="networkidle")
        area = page.locator(".st-key-edit_editor textarea")
        expect(area).to_be_visible()
        area.click()
        page.keyboard.press("Control+End")
        page.keyboard.type("\n" + NOTE + "\n")
        # No click elsewhere: the text area has not handed its text to the server. The pause in typing has.
        deadline = time.monotonic() + 30
        while not any(NOTE in f.read_text() for f in drafts.glob("*.json")) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert any(NOTE in f.read_text() for f in drafts.glob("*.json")), "the typed text was kept as a draft"
        page.reload(wait_until="networkidle")
        expect(page.get_by_text("Restore your unsaved draft?")).to_be_visible()
        assert NOTE not in area.input_value()
        page.get_by_role("button", name="Restore your draft").click()
        expect(page.get_by_text("is back in the editor")).to_be_visible()
        expect(area).to_have_value(re.compile(re.escape(NOTE)))
        browser.close()


def test_signing_in_from_a_refused_link_opens_the_page_and_survives_a_reload(served: tuple[str, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    server, _ = served
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"{server}/?page=report_progress&lang=en", wait_until="networkidle")
        expect(page.get_by_text("needs a signed-in user with the right role")).to_be_visible()
        sign_in(page, "reporter", PASSWORD)
        expect(page.get_by_role("heading", name="Report progress").first).to_be_visible()
        expect(page.get_by_text("Signed in as reporter")).to_be_visible()
        page.wait_for_function("document.cookie.includes('vet_session=')")
        page.reload(wait_until="networkidle")
        expect(page.get_by_text("Signed in as reporter")).to_be_visible()  # the sign-in cookie went with the switch
        expect(page.get_by_role("heading", name="Report progress").first).to_be_visible()
        browser.close()
