"""One store behind the app (issue 15): the files as the embedded default, PostgreSQL for several servers.

``store:`` in config.yaml, or the environment variable ``VET_DASHBOARD_STORE`` (which wins), says which:
``files`` (today's folders, append-only CSVs with receipts, YAML with ``.history/``, ``audit.jsonl``,
``.secrets/``) or a libpq URL ``postgresql://user@host:port/db``. A password never goes in config.yaml: libpq
reads it from ``PGPASSWORD`` or ``~/.pgpass``, or the URL in the environment may carry it.

Both implementations hold report batches (append with their receipt; every row kept, so current values,
history and corrections are computed as before), milestone documents with every version, the audit log,
users, failed sign-ins and revoked sessions. ``tests/unit/test_store.py`` runs one suite against both.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd

    from metrics.access.auth import User
    from metrics.domain.problems import Problem
    from metrics.intake.editing import EditContext, OpenedFile, Saved
    from metrics.load.config import Config
    from metrics.load.report_context import ReportContext

from metrics.access.signin import Limiter  # declared where sign_in uses it; re-exported for the stores
from metrics.load.store_setting import FILES, STORE_ENV, URL_SCHEMES, shown_url, store_problem

__all__ = [
    "FILES",
    "STORE_ENV",
    "URL_SCHEMES",
    "Limiter",
    "Revocations",
    "Store",
    "close_stores",
    "open_store",
    "postgresql_store",
    "shown_url",
    "store_problem",
]


class Revocations(Protocol):
    def is_revoked(self, token_id: str) -> bool: ...
    def revoke(self, token_id: str, expires: float) -> None: ...


class Store(Protocol):
    """What the app and the command line keep: the same calls whichever store holds it."""

    kind: str  # "files" or "postgresql"

    def describe(self) -> str: ...
    # Report batches: a batch is one file's rows (an upload, an import, a file added by hand), with its receipt.
    def reports_version(self) -> tuple[Any, ...]: ...
    def load_reports(
        self, context: ReportContext, load_demo: bool, cache: Path | None = None
    ) -> tuple[pd.DataFrame, list[Problem]]: ...
    def receipts(self) -> pd.DataFrame: ...
    def add_batch(self, folder: Path, name: str, data: bytes, receipt: Mapping[str, Any], event: Mapping[str, Any]) -> Path: ...
    # Milestone documents: the YAML text with every version.
    def milestone_folder(self) -> Path: ...
    def save_milestone(
        self, opened: OpenedFile, text: str, context: EditContext, now: dt.datetime | None = None, user: str = ""
    ) -> Saved: ...
    # The audit log.
    def append_event(self, event: Mapping[str, Any]) -> None: ...
    def read_events(self, limit: int = 100_000) -> tuple[list[dict[str, Any]], list[Problem]]: ...
    # Users, failed sign-ins and revoked sessions.
    def load_users(self) -> tuple[dict[str, User], list[Problem]]: ...
    def save_users(self, users: Mapping[str, User]) -> None: ...
    def has_users(self) -> bool: ...
    def users_version(self) -> tuple[Any, ...]: ...
    def failure_limiter(self, limit: int, window: float) -> Limiter: ...
    def revocations(self) -> Revocations: ...


_OPEN: dict[tuple[str, str], Store] = {}
_OPEN_LOCK = threading.Lock()


def open_store(config: Config) -> Store:
    """The store ``config`` names: a file store on its folders, or one PostgreSQL store (with its pool) per URL."""
    from metrics.store.files import FileStore

    if config.store == FILES:
        return FileStore(config)
    return postgresql_store(config.store, config.root)


def postgresql_store(url: str, root: Path) -> Store:
    key = (url, str(root))
    with _OPEN_LOCK:
        store = _OPEN.get(key)
        if store is None:
            from metrics.store.postgresql import PostgresStore

            store = _OPEN[key] = PostgresStore(url, root)
        return store


def close_stores() -> None:
    """Close every open PostgreSQL pool (tests and commands that end)."""
    with _OPEN_LOCK:
        for store in _OPEN.values():
            close = getattr(store, "close", None)
            if close:
                close()
        _OPEN.clear()
