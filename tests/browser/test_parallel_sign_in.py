"""Issue 12, item 4: sign-in attempts in parallel, through real websocket sessions of a real server.

25 sessions submit the sign-in form for the same user at the same moment: 24 wrong guesses and the right
password. Each attempt is reserved under the limiter's lock before its password is checked, so at most
``auth.max_failed_sign_ins`` (5) of them get an answer about the password; the rest are told to wait.
(Before the fix, the limiter was read before bcrypt and written after, so all 25 were checked and the
right password, the 25th guess, signed in.)
"""

from __future__ import annotations

import asyncio
import shutil

import pytest

from bench.ws_client import Session
from metrics.access.auth import User, hash_password, save_users
from tests.streamlit_server import ROOT, streamlit_server
from tests.upload_route import opened, sign_in_form

KEY = "parallel-sign-in-test-key-0123456789abcdef"
PASSWORD = "correct horse battery staple"
SESSIONS = 25
LIMIT = 5  # auth.max_failed_sign_ins in the bundled config.yaml
QUERY = "page=sources&lang=en"
WRONG, WAIT, SIGNED_IN = "Wrong user name or password.", "Too many failed sign-ins", "Signed in as"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("parallel")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    # The cost the dashboard uses (12 rounds, ~0.25 s a check): the window the old code raced through.
    save_users(
        root / ".secrets/users.yaml", {"admin": User("admin", frozenset({"admin"}), password_hash=hash_password(PASSWORD))}
    )
    env = {"VET_DASHBOARD_CONFIG": str(root / "config.yaml"), "VET_DASHBOARD_COOKIE_KEY": KEY}
    with streamlit_server(ROOT / "dashboard.py", env=env, log=root / "server.log") as (base, _):
        yield base


def _outcome(texts: list[str]) -> str:
    for text in texts:
        for marker in (WRONG, WAIT, SIGNED_IN):
            if text.startswith(marker):
                return marker
    return "none: " + " | ".join(texts)[:300]


async def _attempts(base: str) -> list[str]:
    sessions = [Session(base) for _ in range(SESSIONS)]
    for session in sessions:
        await session.__aenter__()
    try:
        shown = await asyncio.gather(*(s.run(QUERY) for s in sessions))
        assert all(not run.problems for run in shown), [run.problems for run in shown]
        # The form is sent once the sign-in panel is opened, as after a click on it.
        first = await asyncio.gather(
            *(
                s.run(run.query_string, page=run.page, widgets=[opened(run.panels["Sign in"])])
                for s, run in zip(sessions, shown, strict=True)
            )
        )
        guesses = [f"wrong guess {n:04d}" for n in range(SESSIONS - 1)] + [PASSWORD]
        # As a browser does after the first run: the page the app is on now, with the address it wrote.
        runs = await asyncio.gather(
            *(
                s.run(run.query_string, page=run.page, widgets=sign_in_form(run, "admin", guess))
                for s, run, guess in zip(sessions, first, guesses, strict=True)
            )
        )
        return [_outcome(run.texts) for run in runs]
    finally:
        for session in sessions:
            await session.__aexit__()


def test_parallel_sign_ins_check_at_most_the_limit_of_guesses(server: str) -> None:
    outcomes = asyncio.run(_attempts(server))
    checked = [o for o in outcomes if o in (WRONG, SIGNED_IN)]
    assert all(o in (WRONG, WAIT, SIGNED_IN) for o in outcomes), outcomes
    assert len(checked) <= LIMIT, f"{len(checked)} of {SESSIONS} guesses were checked: {outcomes}"
    assert outcomes.count(WAIT) >= SESSIONS - LIMIT
