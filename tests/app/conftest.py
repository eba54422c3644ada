"""AppTest helpers: run the dashboard with query parameters, on the bundled data or a copy of it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
AS_OF = "2026-11-23"  # fixed, so results do not drift with today's date


def run_script(script: str, session: dict[str, str] | None = None, **params: str) -> AppTest:
    """Run ``script`` (the dashboard, or one page on its own) once with this session state and query."""
    # Visitors never see error details (.streamlit/config.toml); tests do, so a failure says what raised.
    streamlit_config.set_option("client.showErrorDetails", "full")
    at = AppTest.from_file(script, default_timeout=60)
    for key, value in (session or {}).items():  # e.g. a signed-in user's token (tests/app/signin.py)
        at.session_state[key] = value
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def run_app(session: dict[str, str] | None = None, **params: str) -> AppTest:
    params.setdefault("as_of", AS_OF)
    return run_script(APP, session, **params)


def figures(at: AppTest) -> list[dict]:
    """The plotly figures on the page, as JSON."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def page_text(at: AppTest) -> str:
    """All visible text of markdown-like elements, titles, captions, alerts and code blocks."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success", "code", "text"):
        parts += [str(el.value) for el in at.get(kind)]
    return "\n".join(parts)


@pytest.fixture
def app() -> Callable[..., AppTest]:
    return run_app


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of config.yaml and data/ in a temporary folder, which the app is pointed at."""
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("VET_DASHBOARD_CONFIG", str(tmp_path / "config.yaml"))
    return tmp_path


@pytest.fixture
def signed_in(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], dict[str, str]]:
    """``signed_in("planner")``: session state of that test user (tests/app/signin.py) on the data copy."""
    from tests.app.signin import KEY, session_of, write_users

    monkeypatch.setenv("VET_DASHBOARD_COOKIE_KEY", KEY)
    users = write_users(data_copy)
    return lambda name: session_of(users, name)
