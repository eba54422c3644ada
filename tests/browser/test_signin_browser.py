"""Signing in through the sidebar form in Debian's chromium: wrong password refused, right one opens the
admin's pages (audit log), signing out hides them again."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from metrics.access.audit import append_event, milestone_save_event
from tests.app.signin import PASSWORD
from tests.browser.conftest import dashboard_server, data_with_users, signed_in_env
from tests.chromium import launch
from tests.sign_in_panel import open_sign_in_panel

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("VET_SHOTS6", "/tmp/shots6"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on loopback against a data copy with test users and a signing key."""
    folder, config = data_with_users(tmp_path_factory, "signin")
    append_event(
        folder / "data/audit/audit.jsonl", milestone_save_event("planner", "teachers.yaml", "-  value: 80\n+  value: 85\n", "")
    )
    with dashboard_server(signed_in_env(config)) as url:
        yield url


def sign_in(page, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Open the sidebar's Sign in expander and submit the form."""
    sidebar = page.locator("[data-testid=stSidebar]")
    open_sign_in_panel(page)
    sidebar.get_by_label("User name").fill(name)
    sidebar.get_by_label("Password", exact=True).fill(password)
    sidebar.get_by_role("button", name="Sign in").click()


def test_sign_in_through_the_form_and_open_the_audit_log(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        page.goto(f"{server}/?lang=en&page=audit", wait_until="networkidle")
        expect(page.get_by_text("needs a signed-in user with the right role")).to_be_visible()
        nav = page.locator("[data-testid=stSidebarNav]")
        expect(nav.get_by_text("Overview")).to_be_visible()
        assert nav.get_by_text("Audit log").count() == 0 and nav.get_by_text("Edit milestones").count() == 0

        sign_in(page, "admin", "not the password at all")
        expect(page.get_by_text("Wrong user name or password.")).to_be_visible()
        page.screenshot(path=str(SHOTS / "signin-wrong.png"), full_page=True)

        sign_in(page, "admin", PASSWORD)
        expect(page.get_by_text("Signed in as admin (admin)")).to_be_visible()
        page.screenshot(path=str(SHOTS / "signin-ok.png"), full_page=True)
        nav.get_by_text("Audit log").click()
        expect(page.get_by_role("heading", name="Audit log").first).to_be_visible()
        expect(page.locator("[data-testid=stDataFrame] canvas").first).to_be_visible()
        expect(page.get_by_test_id("stCode").get_by_text("value: 85")).to_be_visible()
        page.wait_for_timeout(1000)  # the grid paints its cells after it appears
        page.screenshot(path=str(SHOTS / "audit-page.png"), full_page=True)

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("Signed in as admin")).to_have_count(0)
        expect(nav.get_by_text("Audit log")).to_have_count(0)
        browser.close()


def test_a_reload_keeps_the_sign_in_until_signing_out(server: str) -> None:
    """The signed token rides in the vet_session cookie: a reload (a new Streamlit session) is still signed
    in; after signing out the cookie is gone and a reload stays signed out."""
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{server}/?lang=en", wait_until="networkidle")
        nav = page.locator("[data-testid=stSidebarNav]")
        sign_in(page, "planner", PASSWORD)
        expect(page.get_by_text("Signed in as planner (planner)")).to_be_visible()
        page.wait_for_function("document.cookie.includes('vet_session=')")
        cookie = next(c for c in context.cookies() if c["name"] == "vet_session")
        assert (cookie["path"], cookie["sameSite"], cookie["httpOnly"]) == ("/", "Strict", False)
        assert cookie["expires"] > 0  # Max-Age: a persistent cookie, not one for the browser's session only

        page.reload(wait_until="networkidle")
        expect(page.get_by_text("Signed in as planner (planner)")).to_be_visible()
        expect(nav.get_by_text("Edit milestones")).to_be_visible()
        page.screenshot(path=str(SHOTS / "signin-after-reload.png"), full_page=True)
        nav.get_by_text("Edit milestones").click()
        expect(page.get_by_role("heading", name="Edit milestone files").first).to_be_visible()

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("Signed in as planner")).to_have_count(0)
        page.wait_for_function("!document.cookie.includes('vet_session=')")
        page.reload(wait_until="networkidle")
        expect(page.get_by_text("Sign in", exact=True).first).to_be_visible()
        expect(page.get_by_text("Signed in as planner")).to_have_count(0)
        expect(nav.get_by_text("Edit milestones")).to_have_count(0)
        page.screenshot(path=str(SHOTS / "signout-after-reload.png"), full_page=True)
        assert not [c for c in context.cookies() if c["name"] == "vet_session"]
        browser.close()


def test_a_forged_cookie_is_refused_and_cleared(server: str) -> None:
    """A cookie naming the admin but signed with another key signs no one in, and the app deletes it."""
    from playwright.sync_api import expect, sync_playwright

    from metrics.access.auth import User
    from metrics.access.signin import issue_token

    forged = issue_token(User("admin", frozenset({"admin"}), password_hash="x"), "not the server's key, but long enough!!", 60)
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_cookies([{"name": "vet_session", "value": forged, "url": server}])
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{server}/?lang=en&page=audit", wait_until="networkidle")
        expect(page.get_by_text("needs a signed-in user with the right role")).to_be_visible()
        expect(page.get_by_text("Signed in as admin")).to_have_count(0)
        page.wait_for_function("!document.cookie.includes('vet_session=')")
        browser.close()


def _signed_in_page(browser, server: str, name: str):  # type: ignore[no-untyped-def]
    """A fresh tab signed in as ``name`` through the sidebar form (the cookie keeps it over a reload)."""
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/?lang=en", wait_until="networkidle")
    sign_in(page, name, PASSWORD)
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()
    page.wait_for_function("document.cookie.includes('vet_session=')")
    return page


@pytest.mark.parametrize(
    ("name", "path", "heading"),
    [
        ("planner", "edit_milestones", "Edit milestone files"),
        ("admin", "audit", "Audit log"),
    ],
)
def test_reloading_a_role_page_shows_no_page_not_found(server: str, name: str, path: str, heading: str) -> None:
    """Issue 13, item 1: F5 on a role page opened it behind Streamlit's English "Page not found" pop-up,
    because the first run of a new session did not register the page's address."""
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        page = _signed_in_page(browser, server, name)
        page.goto(f"{server}/{path}?lang=en", wait_until="networkidle")
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        for _ in range(2):  # the direct address, then F5 on it
            page.reload(wait_until="networkidle")
            expect(page.get_by_role("heading", name=heading).first).to_be_visible()
            page.wait_for_timeout(1500)  # the pop-up, when there is one, comes with the first run's messages
            expect(page.get_by_text("Page not found")).to_have_count(0)
        page.screenshot(path=str(SHOTS / f"reload-{path}.png"))
        browser.close()


def test_a_reporter_opening_edit_milestones_directly_is_refused_in_their_language(server: str) -> None:
    """Issue 13, item 1: /edit_milestones for a reporter is the page's own bilingual refusal, not a pop-up."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        for lang, refusal in (
            ("en", "You may not open this page: sign in as a planner or an admin."),
            ("zh", "无权打开此页面：需要以规划员或管理员身份登录。"),
        ):
            page = _signed_in_page(browser, server, "reporter")
            page.goto(f"{server}/edit_milestones?lang={lang}", wait_until="networkidle")
            expect(page.get_by_text(refusal)).to_be_visible()
            page.wait_for_timeout(1500)
            expect(page.get_by_text("Page not found")).to_have_count(0)
            nav = page.locator("[data-testid=stSidebarNav]")
            expect(nav.get_by_text("Edit milestones" if lang == "en" else "编辑任务")).to_have_count(0)
            page.screenshot(path=str(SHOTS / f"reporter-edit-{lang}.png"))
        browser.close()
