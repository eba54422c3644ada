"""A live dashboard server and Debian's chromium for the browser tests (never `playwright install`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, launch
from tests.streamlit_server import ServerFailed, streamlit_server

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"
# Playwright's expect() waits 5 s by default whatever page.set_default_timeout says; a busy 2-core
# machine can take longer to rerun a page (a sign-in test failed that way once in 10 runs under load).
EXPECT_TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def _patient_expect() -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The dashboard on the bundled data for a test module."""
    with dashboard_server({}) as base:
        yield base


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One browser per test module: Playwright's sync API allows one running instance per thread, so a
    module that starts its own must find none left open by another."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


@contextmanager
def dashboard_server(env: dict[str, str]) -> Iterator[str]:
    """`streamlit run serve.py` (the entry point scripts/start.sh runs: dashboard.py behind the upload guard)
    on a free loopback port; ``env`` adds to the environment (without it, the bundled data). Stopped by its
    process group at the end."""
    try:
        with streamlit_server(ROOT / "serve.py", env, start_timeout=30) as (base, _):
            yield base
    except ServerFailed as exc:
        pytest.fail(str(exc))


def data_with_users(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[Path, Path]:
    """(folder, config): a private copy of the bundled data with the test users (tests/app/signin.py), for a
    module whose pages need someone signed in; skipped without Debian's chromium."""
    from tests.app.signin import write_users
    from tests.tmp_data import copy_data

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    folder = tmp_path_factory.mktemp(name)
    config = copy_data(folder)
    write_users(folder)
    return folder, config


def signed_in_env(config: Path) -> dict[str, str]:
    """The environment of a server on ``config`` that signs sessions with the tests' key."""
    from tests.app.signin import KEY

    return {"VET_DASHBOARD_CONFIG": str(config), "VET_DASHBOARD_COOKIE_KEY": KEY}
