"""Roles through AppTest: forbidden pages are left out of the menu and refuse to run, even by deep link or
on their own; the sign-in form, its rate limit, expiry, and the admin's audit page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.access import SIGN_IN_PANEL
from metrics.access.audit import append_event, milestone_save_event
from metrics.access.signin import issue_token
from tests.app.conftest import ROOT, run_app, run_script
from tests.app.signin import KEY, PASSWORD, TOKEN, write_users

PAGES = {"report_progress": "Report progress", "edit_milestones": "Edit milestone files", "audit": "Audit log"}
ALLOWED = {  # who may open which of the guarded pages
    "report_progress": {"reporter", "admin"},
    "edit_milestones": {"planner", "admin"},
    "audit": {"admin"},
}


def titles(at: AppTest) -> list[str]:
    return [el.value for el in at.title]


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_deep_link_to_a_guarded_page_shows_the_overview_and_says_why(page: str, data_copy: Path) -> None:
    at = run_app(page=page, lang="en")
    assert not at.exception, at.exception
    assert PAGES[page] not in titles(at)
    assert any("needs a signed-in user with the right role; the overview is shown" in w.value for w in at.warning)
    assert at.query_params["page"] == "overview"
    assert not at.get("file_uploader") and not at.text_area


@pytest.mark.parametrize("role", ["viewer", "reporter", "planner", "admin"])
@pytest.mark.parametrize("page", list(PAGES))
def test_each_role_opens_exactly_its_pages(role: str, page: str, signed_in) -> None:
    at = run_app(signed_in(role), page=page, lang="en")
    assert not at.exception, at.exception
    assert (PAGES[page] in titles(at)) is (role in ALLOWED[page]), titles(at)
    assert any(f"Signed in as {role}" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("script", "marker"),
    [
        ("app_pages/report_progress.py", "file_uploader"),
        ("app_pages/edit_milestones.py", "text_area"),
        ("app_pages/audit.py", "dataframe"),
    ],
)
def test_a_guarded_page_run_on_its_own_refuses_anyone_without_the_role(script: str, marker: str, signed_in) -> None:
    for session in ({}, signed_in("viewer")):
        at = run_script(str(ROOT / script), session, lang="en")
        assert not at.exception, at.exception
        assert at.error and at.error[0].value.startswith("You may not open this page: sign in as")
        assert not at.get(marker) and not at.title


def test_a_reporter_sees_only_their_provinces(signed_in) -> None:
    at = run_app(signed_in("reporter"), page="report_progress", lang="en")
    assert at.selectbox(key="report_province").options == ["Guangdong (CN-GD)"]


def test_a_reporters_upload_of_another_province_is_refused_on_the_page(data_copy: Path, signed_in) -> None:
    at = run_app(signed_in("reporter"), page="report_progress", lang="en")
    raw = b"province,milestone,as_of,value,source\nCN-JS,teachers-double-qualified-share,2026-06-30,58.2,Bulletin\n"
    at.file_uploader[0].set_value(("js.csv", raw, "text/csv")).run()
    assert not at.exception, at.exception
    problems = at.dataframe[0].value.to_csv()
    assert "js.csv,2,1,province,'CN-JS' is" in problems and "(expected CN-GD" in problems
    assert not [b for b in at.button if b.key == "report_accept"]
    assert not list((data_copy / "data/progress").glob("*.csv"))


@pytest.fixture(autouse=True)
def fresh_limiter() -> None:
    """The failure limiter is per server process; AppTests share one, and one session id."""
    from app_pages.access import failure_limiter

    failure_limiter.clear()


def sign_in_form(at: AppTest, name: str, password: str) -> AppTest:
    """Open the sidebar's sign-in panel (as a click on it does) when it is closed, and submit its form."""
    if not any(e.key == "vet_sign_in_name" for e in at.text_input):
        at.session_state[SIGN_IN_PANEL] = True
        at.run()
    at.text_input(key="vet_sign_in_name").input(name)
    at.text_input(key="vet_sign_in_password").input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def test_the_sign_in_form_is_sent_only_once_its_panel_is_opened(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16, item 3: a viewer who never signs in is not sent the form's widgets with every page."""
    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    write_users(data_copy)
    at = run_app(lang="en")
    assert [e.label for e in at.sidebar.expander] == ["Sign in"]
    assert not at.text_input and not any(b.label == "Sign in" for b in at.button)
    at.session_state[SIGN_IN_PANEL] = True  # what the browser sends when the panel is clicked open
    at.run()
    assert [e.label for e in at.text_input] == ["User name", "Password"]
    assert any(b.label == "Sign in" for b in at.button)


def test_signing_in_through_the_form_opens_the_role_s_pages(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    write_users(data_copy)
    at = run_app(lang="en")
    sign_in_form(at, "planner", "wrong password, surely")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    assert TOKEN not in at.session_state
    sign_in_form(at, "planner", PASSWORD)
    assert not at.exception, at.exception
    assert any("Signed in as planner (planner)" in c.value for c in at.caption)
    assert TOKEN in at.session_state
    at.query_params["page"] = "edit_milestones"
    at.session_state["vet_written"] = {}  # the address changed from outside: follow it
    at = run_app({TOKEN: at.session_state[TOKEN]}, page="edit_milestones", lang="en")
    assert "Edit milestone files" in titles(at)
    # Signing out ends it.
    at.button(key="vet_sign_out").click().run()
    assert TOKEN not in at.session_state and "Edit milestone files" not in titles(at)


def cookie_writes(at: AppTest) -> list[str]:
    """The document.cookie assignments this run sent to the browser (app_pages.access's cookie writer)."""
    return [json.loads(el.proto.json) for el in at.sidebar if getattr(el.proto, "component_name", "") == "vet_session_cookie"]


@pytest.fixture
def browser_cookies(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The cookies the (fake) browser sends when a session starts: AppTest cannot seed st.context.cookies."""
    import app_pages.access

    cookies: dict[str, str] = {}
    monkeypatch.setattr(app_pages.access, "browser_cookies", lambda: cookies)
    return cookies


def test_signing_in_sets_the_cookie_a_reload_signs_in_with_and_signing_out_clears_it(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, browser_cookies: dict[str, str]
) -> None:
    from metrics.access.session_cookie import clear_cookie

    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    write_users(data_copy)
    at = sign_in_form(run_app(lang="en"), "planner", PASSWORD)
    token = at.session_state[TOKEN]
    assert cookie_writes(at) == [f"vet_session={token}; Max-Age=28800; Path=/; SameSite=Strict"]  # auth.session_minutes: 480
    assert cookie_writes(at.run()) == []  # written once, not at every run
    # A reload: a new session, with the cookie the browser now sends.
    browser_cookies["vet_session"] = token
    at = run_app(page="edit_milestones", lang="en")
    assert not at.exception, at.exception
    assert "Edit milestone files" in titles(at)
    assert any("Signed in as planner (planner)" in c.value for c in at.caption)
    at.button(key="vet_sign_out").click().run()
    assert cookie_writes(at) == [clear_cookie()]
    # This session started with the cookie (st.context.cookies does not change): it must not sign in again.
    at.run()
    assert TOKEN not in at.session_state and not any("Signed in as" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("forge", "notice"),
    [
        (lambda users, token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "Your sign-in is no longer valid"),
        (
            lambda users, token: issue_token(users["admin"], "another key that the server does not have!!", 60),
            "Your sign-in is no longer valid",
        ),
        (lambda users, token: issue_token(users["admin"], KEY, minutes=1, clock=lambda: 0.0), "Your session has expired"),
    ],
)
def test_a_forged_or_expired_cookie_signs_no_one_in_and_is_cleared(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, browser_cookies: dict[str, str], forge, notice: str
) -> None:
    from metrics.access.session_cookie import clear_cookie

    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    users = write_users(data_copy)
    browser_cookies["vet_session"] = forge(users, issue_token(users["admin"], KEY, 60))
    at = run_app(page="audit", lang="en")
    assert not at.exception, at.exception
    assert "Audit log" not in titles(at) and TOKEN not in at.session_state
    assert any(w.value.startswith(notice) for w in at.warning)
    assert cookie_writes(at) == [clear_cookie()]


def test_failed_sign_ins_are_rate_limited_across_sessions(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    write_users(data_copy)
    for attempt in range(5):  # auth.max_failed_sign_ins defaults to 5, each in a fresh session
        at = sign_in_form(run_app(lang="en"), "admin", f"wrong guess {attempt:04d}")
        assert [e.value for e in at.error] == ["Wrong user name or password."]
    at = sign_in_form(run_app(lang="en"), "admin", PASSWORD)  # the right password, too late
    assert at.error and at.error[0].value.startswith("Too many failed sign-ins; try again in ")
    assert TOKEN not in at.session_state


def test_an_expired_session_falls_back_to_anonymous_with_a_message(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    users = write_users(data_copy)
    expired = issue_token(users["admin"], KEY, minutes=1, clock=lambda: 0.0)
    at = run_app({TOKEN: expired}, page="audit", lang="en")
    assert not at.exception, at.exception
    assert "Your session has expired; sign in again." in [w.value for w in at.warning]
    assert "Audit log" not in titles(at)


def test_without_a_key_sign_in_is_off_and_viewing_works(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VET_DASHBOARD_COOKIE_KEY", raising=False)
    write_users(data_copy)
    at = run_app(lang="en")
    assert not at.exception, at.exception
    at.session_state[SIGN_IN_PANEL] = True  # the reason is in the panel, as the form would be
    at.run()
    assert any(c.value.startswith("Sign-in is disabled: no signing key is configured") for c in at.caption)
    assert not at.text_input and at.title and at.get("plotly_chart")


def test_a_token_signed_with_another_key_is_refused(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    users = write_users(data_copy)
    forged = issue_token(users["admin"], "another key that the server does not have!!", 60)
    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    at = run_app({TOKEN: forged}, page="audit", lang="en")
    assert "Audit log" not in titles(at) and TOKEN not in at.session_state


def test_when_anonymous_viewing_is_off_only_the_sign_in_shows(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    write_users(data_copy)
    config = data_copy / "config.yaml"
    config.write_text(config.read_text() + "\nauth:\n  allow_anonymous: false\n")
    at = run_app(lang="en")
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == ["Sign in to see this dashboard."]
    assert not at.title and not at.get("plotly_chart")
    assert at.text_input(key="vet_sign_in_name")


def test_the_admin_audit_page_lists_events_and_exports_them(data_copy: Path, signed_in) -> None:
    session = signed_in("admin")
    append_event(
        data_copy / "data/audit/audit.jsonl",
        milestone_save_event("planner", "teachers.yaml", "-  value: 80\n+  value: 85\n", "t.1.yaml"),
    )
    at = run_app(session, page="audit", lang="en")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["Who"]) == ["planner"] and list(table["Action"]) == ["milestone_save"]
    assert at.get("download_button")
    assert "+  value: 85" in "\n".join(c.value for c in at.code)


def test_an_accepted_upload_and_a_milestone_save_are_audited_with_who_and_what(data_copy: Path, signed_in) -> None:
    raw = b"province,milestone,as_of,value,source\nCN-GD,teachers-double-qualified-share,2026-06-30,58.2,Bulletin\n"
    at = run_app(signed_in("reporter"), page="report_progress", lang="en")
    at.file_uploader[0].set_value(("gd.csv", raw, "text/csv")).run()
    at.button(key="report_accept").click().run()
    assert not at.exception, at.exception
    at = run_app(signed_in("planner"), page="edit_milestones", lang="en")
    at.selectbox(key="edit_file").set_value("teachers.yaml").run()
    editor = at.text_area(key="edit_text_teachers.yaml")
    editor.input(editor.value.replace("value: 80", "value: 85", 1)).run()
    at.button(key="edit_save").click().run()
    assert not at.exception, at.exception
    events = [json.loads(line) for line in (data_copy / "data/audit/audit.jsonl").read_text().splitlines()]
    upload, save = events
    stored = next((data_copy / "data/progress").glob("*.csv"))
    assert (upload["user"], upload["action"], upload["file"], upload["rows"], upload["provinces"], upload["original_name"]) == (
        "reporter",
        "upload",
        stored.name,
        1,
        ["CN-GD"],
        "gd.csv",
    )
    assert (save["user"], save["action"], save["file"]) == ("planner", "milestone_save", "teachers.yaml")
    assert "-      value: 80" in save["diff"] and "+      value: 85" in save["diff"]
    assert save["history_copy"].startswith("teachers.")
