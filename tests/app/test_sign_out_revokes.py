"""Issue 12, item 5: signing out ends the session on the server. A copy of the ``vet_session`` cookie
taken before the sign-out no longer signs anyone in, in a new session or in a tab already open."""

from __future__ import annotations

from pathlib import Path

import pytest

import app_pages.access
from tests.app.conftest import run_app
from tests.app.signin import KEY, PASSWORD, TOKEN, write_users
from tests.app.test_access import sign_in_form


@pytest.fixture(autouse=True)
def fresh_limiter() -> None:
    app_pages.access.failure_limiter.clear()


def test_a_cookie_copied_before_sign_out_signs_no_one_in_afterwards(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cookies: dict[str, str] = {}
    monkeypatch.setattr(app_pages.access, "browser_cookies", lambda: cookies)
    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    write_users(data_copy)
    at = sign_in_form(run_app(lang="en"), "admin", PASSWORD)
    copied = at.session_state[TOKEN]  # what an onlooker copies from the browser's cookie jar
    other_tab = run_app({TOKEN: copied}, page="audit", lang="en")  # a second tab, signed in with the same token
    assert "Audit log" in [t.value for t in other_tab.title]
    at.button(key="vet_sign_out").click().run()
    assert TOKEN not in at.session_state
    cookies["vet_session"] = copied  # a new session started with the copied cookie
    replay = run_app(page="audit", lang="en")
    assert not replay.exception, replay.exception
    assert "Audit log" not in [t.value for t in replay.title] and TOKEN not in replay.session_state
    other_tab.run()  # the tab that was already open ends at its next interaction
    assert "Audit log" not in [t.value for t in other_tab.title] and TOKEN not in other_tab.session_state
