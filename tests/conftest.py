"""Shared fixtures: the bundled data loaded once, at a fixed as-of date so results never drift."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest

from metrics.load.config import Config, load_config
from metrics.load.dataset import Dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"
AS_OF = dt.date(2026, 11, 23)  # the date the bundled demo data was generated up to

# Problem paths are shown relative to the working directory; run every test from the repo root.
os.chdir(ROOT)


@pytest.fixture(scope="session")
def config() -> Config:
    config, problems = load_config(ROOT / "config.yaml")
    assert problems == []
    return replace(config, as_of=AS_OF)


@pytest.fixture(scope="session")
def bundled(config: Config) -> Dataset:
    return load_dataset(config)


@pytest.fixture(scope="session")
def pg_url() -> object:
    """A real PostgreSQL server for the session (Debian's postgresql, started in a temporary folder) with the
    dashboard's schema; its URL. Started on first use, stopped at the end."""
    import psycopg

    from metrics.store import close_stores
    from metrics.store.schema import migrate_schema
    from tests.pg import pg_bin, postgres_server

    if pg_bin() is None:
        pytest.fail("PostgreSQL is not installed (expected Debian's postgresql package: run bash scripts/install.sh)")
    with postgres_server() as url:
        with psycopg.connect(url, autocommit=True) as conn:
            migrate_schema(conn)
        yield url
        close_stores()


@pytest.fixture
def empty_pg(pg_url: str) -> object:
    """The session's PostgreSQL with every store table emptied: a store with nothing in it."""
    import psycopg

    from metrics.store import close_stores

    close_stores()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE report_rows, report_batches, milestone_versions, audit_events, users, sign_in_failures, revoked_sessions"
        )
    yield pg_url
    close_stores()
