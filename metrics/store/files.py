"""The file store: today's folders, exactly as before issue 15 (the embedded default that needs nothing).

Report batches are CSV files in ``data.progress`` and ``data.demo`` with ``<name>.meta.json`` receipts beside
them; milestone documents are the YAML files with earlier versions in ``.history/``; the audit log is
``audit.jsonl``; users and revoked sessions live in ``.secrets/``. Writes are serialised with ``flock``, and
failed sign-ins are counted in the server process's memory: one machine, one server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from metrics.domain.problems import Problem
from metrics.load.config import Config


@dataclass
class FileStore:
    config: Config
    kind: str = "files"

    def describe(self) -> str:
        return "files"

    # --- report batches ---------------------------------------------------------------------
    def reports_version(self) -> tuple[Any, ...]:
        return ()  # the dashboard keys its caches on the files' own times and sizes (app_pages.common.data_signature)

    def load_reports(self, context: Any, load_demo: bool, cache: Path | None = None) -> tuple[pd.DataFrame, list[Problem]]:
        from dataclasses import replace

        from metrics.load.dataset import load_reports

        return load_reports(replace(self.config, load_demo=load_demo, cache=cache), context)

    def receipts(self) -> pd.DataFrame:
        from metrics.intake.receipts import load_receipts

        return load_receipts(self.config.progress)

    def add_batch(self, folder: Path, name: str, data: bytes, receipt: Mapping[str, Any], event: Mapping[str, Any]) -> Path:
        from metrics.intake.receipts import accepted_before, load_receipts
        from metrics.intake.upload import AlreadyAccepted, write_batch_files

        before = accepted_before(load_receipts([folder]), str(receipt.get("original_sha256", "")))
        if before is not None:
            raise AlreadyAccepted(before)
        return write_batch_files(folder, name, data, receipt, event, self.config.auth.audit_path)

    # --- milestone documents ----------------------------------------------------------------
    def milestone_folder(self) -> Path:
        return self.config.milestones

    def save_milestone(self, opened: Any, text: str, context: Any, now: dt.datetime | None = None, user: str = "") -> Any:
        from metrics.intake.editing import save_file

        return save_file(opened, text, context, now)

    # --- audit log --------------------------------------------------------------------------
    def append_event(self, event: Mapping[str, Any]) -> None:
        from metrics.access.audit import append_event

        append_event(self.config.auth.audit_path, event)

    def read_events(self, limit: int = 100_000) -> tuple[list[dict[str, Any]], list[Problem]]:
        from metrics.access.audit import read_events

        return read_events(self.config.auth.audit_path, limit)

    # --- users and sign-in ------------------------------------------------------------------
    def load_users(self) -> tuple[dict[str, Any], list[Problem]]:
        from metrics.access.auth import load_users

        return load_users(self.config.auth.credentials_path)

    def save_users(self, users: Mapping[str, Any]) -> None:
        from metrics.access.auth import save_users

        save_users(self.config.auth.credentials_path, users)

    def has_users(self) -> bool:
        return self.config.auth.credentials_path.exists()

    def users_version(self) -> tuple[Any, ...]:
        path = self.config.auth.credentials_path
        try:
            stat = path.stat()
            return str(path), stat.st_mtime_ns, stat.st_size
        except OSError:
            return str(path), 0, -1

    def failure_limiter(self, limit: int, window: float) -> Any:
        from metrics.access.signin import FailureLimiter

        return FailureLimiter(limit, window)  # in this process's memory: the app keeps one per server

    def revocations(self) -> Any:
        from metrics.access.revocation import RevocationList

        return RevocationList(self.config.auth.revocations_path)
