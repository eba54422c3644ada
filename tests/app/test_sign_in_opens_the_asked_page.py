"""A link to a page that needs a sign-in shows the overview with a note; signing in there with the right role then
opens the page the link asked for (it used to leave the reporter on the overview, to find the page in the menu)."""

from __future__ import annotations

from tests.app.conftest import run_app


def test_signing_in_after_a_refused_link_opens_the_page_it_named(signed_in) -> None:
    at = run_app(page="report_progress", lang="zh")
    assert not at.exception, at.exception
    assert at.warning[0].value.startswith("链接指向的页面“填报进展”需要登录")
    assert at.title[0].value == "全国总览"
    assert [e.label for e in at.text_input] == ["用户名", "密码"]  # the sign-in form is open: that is what the link needs
    for key, value in signed_in("reporter").items():  # what the sidebar's sign-in form leaves in the session
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "填报进展"
    at.run()  # and only once: the next run stays wherever the reporter goes
    assert at.title[0].value == "填报进展"


def test_going_elsewhere_first_forgets_the_page_the_link_asked_for(signed_in) -> None:
    at = run_app(page="report_progress", lang="en")
    at.switch_page("app_pages/province.py").run()
    for key, value in signed_in("reporter").items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value != "Report progress"
    assert at.session_state["vet_wanted_page"] == ""


def test_a_user_without_the_role_stays_on_the_overview(signed_in) -> None:
    at = run_app(page="edit_milestones", lang="en")
    for key, value in signed_in("reporter").items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Overview"


def test_a_page_that_refuses_a_visitor_opens_the_sign_in_form_once(data_copy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Opened by its own address (/report_progress), the page refuses an anonymous visitor and the sidebar's
    sign-in form opens, since that is what the visitor needs; closed again, it stays closed."""
    from app_pages.access import SIGN_IN_PANEL
    from tests.app.signin import KEY, write_users

    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    write_users(data_copy)
    at = run_app(lang="en")
    assert not at.text_input  # the overview: the form is not sent
    at.switch_page("app_pages/report_progress.py").run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["You may not open this page: sign in as a reporter (for your province) or an admin."]
    assert [e.label for e in at.text_input] == ["User name", "Password"]
    at.session_state[SIGN_IN_PANEL] = False  # the visitor closes it
    at.run()
    assert not at.text_input and at.error
