"""Moving everything between the file store and PostgreSQL, both ways (issue 15): nothing is locked in.

``files_to_postgresql`` copies the configured folders into an empty database: each report file with its
bytes, rows and receipt; each milestone file with its .history copies as earlier versions; the audit log
line by line; users; revoked sessions. ``postgresql_to_files`` writes them back where the config puts
files, byte for byte, into folders that hold none yet. Failed sign-ins are not moved: they age out in
minutes.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from metrics.files.atomic import create_atomic, write_atomic
from metrics.intake.editing import HISTORY_FOLDER
from metrics.intake.receipts import receipt_path
from metrics.load.config import Config
from metrics.load.milestones import milestone_files
from metrics.load.reports import report_files
from metrics.store.postgresql import PostgresStore

TABLES = ("report_batches", "milestone_versions", "audit_events", "users", "revoked_sessions")


class TransferRefused(Exception):
    """Nothing was moved; the message says why."""


@dataclass
class Moved:
    batches: int = 0
    rows: int = 0
    milestone_versions: int = 0
    audit_events: int = 0
    users: int = 0
    revoked_sessions: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.batches} report batch(es) ({self.rows} row(s) held as rows), {self.milestone_versions} milestone "
            f"version(s), {self.audit_events} audit event(s), {self.users} user(s), {self.revoked_sessions} revoked session(s)"
        )


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError as exc:
        raise TransferRefused(f"{path} is outside the config's folder {root} (expected data folders below it)") from exc


def _history_versions(folder: Path, name: str) -> list[tuple[str, Path]]:
    """(stamp, path) of a milestone file's .history copies, oldest first."""
    stem, suffix = os.path.splitext(name)
    pattern = re.compile(re.escape(stem) + r"\.(\d{8}T\d{12})" + re.escape(suffix))
    history = folder / HISTORY_FOLDER
    found = [(m.group(1), p) for p in history.iterdir() if (m := pattern.fullmatch(p.name))] if history.is_dir() else []
    return sorted(found)


def files_to_postgresql(config: Config, store: PostgresStore) -> Moved:
    """Copy the config's files into ``store``'s database, which must hold none of them yet; one transaction."""
    from metrics.access.auth import load_users

    moved = Moved()
    users, problems = load_users(config.auth.credentials_path)
    if problems:
        raise TransferRefused("; ".join(str(p) for p in problems) + " (expected a users file that loads: fix it first)")
    revoked: dict[str, float] = {}
    if config.auth.revocations_path.exists():
        try:
            revoked = {str(k): float(v) for k, v in json.loads(config.auth.revocations_path.read_bytes())["revoked"].items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TransferRefused(f"{config.auth.revocations_path}: cannot be read ({exc}); nothing moved") from exc
    with store.connection() as conn, conn.transaction():
        for table in TABLES:
            row = conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()  # noqa: S608  # our own table names
            if row and row[0]:
                raise TransferRefused(
                    f"{store.describe()}: table {table} is not empty (expected an empty database; nothing moved)"
                )
        for folders, demo in ((config.progress, False), (config.demo, True)):
            for path in report_files(folders):
                sidecar = receipt_path(path)
                receipt = sidecar.read_bytes() if sidecar.exists() else None
                batch_id = store._insert_batch(conn, _relative(path, config.root), demo, path.read_bytes(), receipt)
                row = conn.execute("SELECT count(*) FROM report_rows WHERE batch_id = %s", (batch_id,)).fetchone()
                moved.batches += 1
                moved.rows += int(row[0]) if row else 0
        for path in milestone_files(config.milestones):
            version = 0
            for stamp, copy in _history_versions(config.milestones, path.name):
                version += 1
                conn.execute(
                    "INSERT INTO milestone_versions (name, version, body, superseded_stamp) VALUES (%s, %s, %s, %s)",
                    (path.name, version, copy.read_bytes(), stamp),
                )
            conn.execute(
                "INSERT INTO milestone_versions (name, version, body) VALUES (%s, %s, %s)",
                (path.name, version + 1, path.read_bytes()),
            )
            moved.milestone_versions += version + 1
        audit = config.auth.audit_path
        if audit.exists():
            with open(audit, "rb") as handle:
                for raw in handle:
                    if raw.strip():
                        conn.execute("INSERT INTO audit_events (body) VALUES (%s)", (raw.decode("utf-8").rstrip("\n"),))
                        moved.audit_events += 1
        for name, user in sorted(users.items()):
            conn.execute(
                "INSERT INTO users (name, password_hash, roles, provinces, display) VALUES (%s, %s, %s, %s, %s)",
                (name, user.password_hash, sorted(user.roles), sorted(user.provinces), user.display),
            )
            moved.users += 1
        for token_id, expires in sorted(revoked.items()):
            conn.execute("INSERT INTO revoked_sessions (token_id, expires) VALUES (%s, %s)", (token_id, expires))
            moved.revoked_sessions += 1
    return moved


def postgresql_to_files(store: PostgresStore, config: Config) -> Moved:
    """Write ``store``'s contents where ``config`` (a file-store config) puts files, into folders holding none yet."""
    from metrics.access.auth import User, save_users

    moved = Moved()
    taken = [p for p in report_files((*config.progress, *config.demo))] + milestone_files(config.milestones)
    taken += [p for p in (config.auth.audit_path, config.auth.credentials_path, config.auth.revocations_path) if p.exists()]
    if taken:
        raise TransferRefused(
            f"{taken[0]} exists (expected empty report and milestone folders, no audit log and no "
            f"users file: {len(taken)} file(s) in the way; nothing moved)"
        )
    with store.connection() as conn:
        batches = conn.execute("SELECT name, content, receipt, rows_stored FROM report_batches ORDER BY id").fetchall()
        for name, content, receipt, _rows_stored in batches:
            path = config.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if receipt is not None:
                create_atomic(receipt_path(path), bytes(receipt))
            create_atomic(path, bytes(content))
            moved.batches += 1
        for name, _version, body, stamp in conn.execute(
            "SELECT name, version, body, superseded_stamp FROM milestone_versions ORDER BY name, version"
        ).fetchall():
            config.milestones.mkdir(parents=True, exist_ok=True)
            if stamp:
                stem, suffix = os.path.splitext(name)
                history = config.milestones / HISTORY_FOLDER
                history.mkdir(exist_ok=True)
                create_atomic(history / f"{stem}.{stamp}{suffix}", bytes(body))
            else:
                write_atomic(config.milestones / name, bytes(body), mode=0o644)
            moved.milestone_versions += 1
        lines = [body for (body,) in conn.execute("SELECT body FROM audit_events ORDER BY id").fetchall()]
        if lines:
            config.auth.audit_path.parent.mkdir(parents=True, exist_ok=True)
            create_atomic(config.auth.audit_path, "".join(line + "\n" for line in lines).encode("utf-8"), mode=0o640)
            moved.audit_events = len(lines)
        users = {
            name: User(name, frozenset(roles), frozenset(provinces), display or "", password_hash)
            for name, password_hash, roles, provinces, display in conn.execute(
                "SELECT name, password_hash, roles, provinces, display FROM users ORDER BY name"
            ).fetchall()
        }
        if users:
            save_users(config.auth.credentials_path, users)
            moved.users = len(users)
        revoked = {str(k): float(v) for k, v in conn.execute("SELECT token_id, expires FROM revoked_sessions").fetchall()}
        if revoked:
            config.auth.revocations_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            body = json.dumps({"revoked": revoked}, separators=(",", ":"), sort_keys=True).encode("utf-8")
            write_atomic(config.auth.revocations_path, body, mode=0o600)
            moved.revoked_sessions = len(revoked)
    return moved
