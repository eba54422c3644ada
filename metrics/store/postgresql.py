"""The PostgreSQL store: several dashboard servers, one truth (issue 15).

psycopg 3 with a connection pool. What must be one step across servers is one transaction: an accepted
batch with its audit event (under an advisory lock, so a file sent twice at once is stored once), a
milestone save with its version check (under an advisory lock: a planner who opened an older version on
another server is refused with both texts), a sign-in attempt counted before its password is checked
(under per-key advisory locks). Each server keeps no state of its own but caches, and every run asks
the database a cheap version question (``reports_version``) before trusting them.

Report rows are kept as the text cells of the file they came from and checked when read, exactly as a
file is, so problems, corrections and history come out the same; the file's bytes are kept too, for
``store migrate --to files`` to write it back byte for byte. Milestone documents are mirrored into a
local folder (``.cache/store/<database>/milestones``) that the loaders and the editor read like files.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import json
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from metrics.access.audit import event_text, parse_event
from metrics.access.signin import Clock, Reservation
from metrics.domain.messages import msg
from metrics.domain.problems import Problem, ProblemList
from metrics.files.atomic import create_atomic, write_atomic
from metrics.intake.receipts import RECEIPT_COLUMNS, AcceptedBefore
from metrics.load.store_setting import shown_url

REPORTS_LOCK = 7_150_002  # one batch at a time: the "sent before?" check and the insert are one step
MILESTONES_LOCK = 7_150_003  # one milestone save at a time, across every file (ids are unique across files)
ROW_COLUMNS = ("province", "milestone", "as_of", "value", "reported_at", "source", "flag", "note")
STAMP = "%Y%m%dT%H%M%S%f"  # of a version's copy in .history/, as metrics.editing names them


def canonical(name: object) -> str:
    """A header name as the report checks read it (metrics.reports.check_reports)."""
    return str(name).strip().lower().lstrip("\ufeff")


def rows_of(content: bytes, max_rows: int = 5_000_000) -> tuple[list[str], pd.DataFrame] | None:
    """The header and text cells (with ``line``) of a report file, when the row table can hold it as it is:
    it decodes, parses and names only report columns, each once, and no cell holds a line break or NUL.
    Otherwise None: the batch is then read from its bytes, with the file's own problems."""
    from metrics.files.csv_text import decode_csv_bytes
    from metrics.load.reports import OPTIONAL, REQUIRED, _frame_with_lines

    problems = ProblemList("batch")
    text = decode_csv_bytes(content, problems, max_rows)
    if text is None or problems:
        return None
    frame = _frame_with_lines(text.text, problems, text.utf8)
    if frame is None or problems:
        return None
    header = [str(c) for c in frame.columns if c != "line"]
    names = [canonical(c) for c in header]
    if len(set(names)) != len(names) or not set(REQUIRED) <= set(names) or not set(names) <= set(REQUIRED + OPTIONAL):
        return None
    cells = frame[header].astype(str)
    if any(cells[c].str.contains(r"[\r\n\x00]", regex=True).any() for c in header):
        return None
    out = pd.DataFrame({c: cells[h] for h, c in zip(header, names, strict=True)})
    for column in ROW_COLUMNS:
        if column not in out:
            out[column] = ""
    out["line"] = frame["line"].to_numpy(dtype=np.int64)
    return header, out[["line", *ROW_COLUMNS]]


def check_content(name: str | Path, content: bytes, context: Any, demo: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """A batch read from its bytes, with the same checks and messages as a file of that name."""
    from metrics.files.csv_text import decode_csv_bytes
    from metrics.load.reports import _frame_with_lines, check_reports, empty_reports

    problems = ProblemList(name)
    if len(content) > context.max_bytes:
        problems.add("", msg("problem.csv_too_large", size=len(content), limit=context.max_bytes))
        return empty_reports(), list(problems)
    text = decode_csv_bytes(content, problems, context.max_rows)
    if text is None:
        return empty_reports(), list(problems)
    frame = _frame_with_lines(text.text, problems, text.utf8, context.max_columns, context.max_problems)
    if frame is None:
        return empty_reports(), list(problems)
    return check_reports(frame, problems, context, demo), list(problems)


# A batch of fewer rows is read and checked from the database quicker than its cached copy is opened.
CACHE_MIN_ROWS = 20_000


class StoreNotReady(RuntimeError):
    """The database's schema is older than this code's."""


class PostgresStore:
    """The store in one PostgreSQL database; one instance (and pool) per URL and server process."""

    kind = "postgresql"

    def __init__(self, url: str, root: Path, min_size: int = 1, max_size: int = 8) -> None:
        self.url, self.root = url, root
        self.pool = ConnectionPool(
            url, min_size=min_size, max_size=max_size, open=True, kwargs={"autocommit": True}, name="vet-store"
        )
        digest = hashlib.sha256(shown_url(url).encode()).hexdigest()[:12]
        self.mirror = root / ".cache" / "store" / digest / "milestones"
        self._mirrored: list[tuple[str, int]] | None = None
        from metrics.store.schema import pending_migrations

        try:
            with self.connection() as conn:
                pending = pending_migrations(conn)
        except BaseException:
            self.pool.close()
            raise
        if pending:
            self.pool.close()
            raise StoreNotReady(
                f"{shown_url(url)}: the database lacks the tables of {', '.join(pending)} (expected them: run "
                "`python -m metrics store migrate-schema` once, as the database's owner)"
            )

    def describe(self) -> str:
        return shown_url(self.url)

    def close(self) -> None:
        self.pool.close()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        with self.pool.connection() as conn:
            yield conn

    # --- report batches ---------------------------------------------------------------------
    def batch_name(self, folder: Path, file_name: str) -> str:
        """How a batch is named: its file's path relative to the config's folder (data/progress/x.csv)."""
        path = folder / file_name
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def shown(self, name: str) -> Path:
        """Where a batch's rows are said to be: the file it came from or would be, as files are shown."""
        return self.root / name

    def reports_version(self) -> tuple[Any, ...]:
        with self.connection() as conn:
            row = conn.execute("SELECT coalesce(max(id), 0), count(*) FROM report_batches").fetchone()
        return ("postgresql", *(row or ()))

    def load_reports(self, context: Any, load_demo: bool, cache: Path | None = None) -> tuple[pd.DataFrame, list[Problem]]:
        """Every batch's valid rows, checked like files: non-demo batches first, each kind in name order.

        With a cache folder, a large batch's checked rows are kept there as a file's are (metrics.load.report_cache):
        a batch never changes once stored, so a restart reads only the batches it has not checked before."""
        from metrics.load.report_cache import batch_key, read_batch_entry, write_entry
        from metrics.load.report_columns import concat_reports
        from metrics.load.reports import empty_reports

        now = context.now or dt.datetime.now()
        context = replace(context, today=context.today or now.date(), now=now)
        with self.connection() as conn:
            database = conn.execute("SELECT current_database()").fetchone()
            batches = conn.execute(
                "SELECT id, name, demo, header, rows_stored, stored_at, original_sha256 FROM report_batches "
                "WHERE %s OR NOT demo ORDER BY demo, name",
                (load_demo,),
            ).fetchall()
        place = f"{shown_url(self.url)}/{database[0] if database else ''}"
        keys = {b[0]: batch_key((place, b[0], b[1], b[5].isoformat(), b[6]), context, b[2]) for b in batches}
        labels = {b[0]: f"postgresql {place} batch {b[0]}" for b in batches}
        cached: dict[int, tuple[pd.DataFrame, list[Problem]]] = {}
        if cache is not None:
            for batch in batches:
                hit = read_batch_entry(cache, labels[batch[0]], keys[batch[0]], context.today)
                if hit is not None:
                    cached[batch[0]] = hit
        checked = self._check_batches([b for b in batches if b[0] not in cached], context)
        frames, problems = [], []
        for batch_id, *_ in batches:
            if batch_id in cached:
                frame, found = cached[batch_id]
            else:
                frame, found = checked[batch_id]
                if cache is not None and len(frame) >= CACHE_MIN_ROWS:
                    write_entry(cache, labels[batch_id], keys[batch_id], frame, found, context.today, keys[batch_id])
            if len(frame):
                frames.append(frame)
            problems += found
        # Joined as the files' reports are: category columns stay categories (metrics.load.report_columns).
        return (concat_reports(frames) if frames else empty_reports()), problems

    def _check_batches(self, batches: list[Any], context: Any) -> dict[int, tuple[pd.DataFrame, list[Problem]]]:
        """Each of ``batches``' rows read (one query for all their stored rows) and checked as its file's would be."""
        from metrics.load.reports import check_reports

        unstored = [b[0] for b in batches if not b[4]]
        contents = {}
        if unstored:
            with self.connection() as conn:
                contents = dict(conn.execute("SELECT id, content FROM report_batches WHERE id = ANY(%s)", (unstored,)).fetchall())
        stored = [b[0] for b in batches if b[4]]
        cells = self.read_rows(stored) if stored else None
        spans: dict[int, tuple[int, int]] = {}  # batch id -> its rows' [start, end) in cells, in line order
        if cells is not None and len(cells):
            ids, lines = cells["batch_id"].to_numpy(), cells["line"].to_numpy()
            if (np.diff(ids) < 0).any() or ((np.diff(lines) < 0) & (np.diff(ids) == 0)).any():
                cells = cells.take(np.lexsort((lines, ids))).reset_index(drop=True)
                ids = cells["batch_id"].to_numpy()
            starts = np.concatenate([[0], np.flatnonzero(np.diff(ids)) + 1])
            ends = np.concatenate([starts[1:], [len(ids)]])
            spans = {int(ids[a]): (int(a), int(b)) for a, b in zip(starts, ends, strict=True)}
        checked = {}
        for batch_id, name, demo, header, rows_stored, *_ in batches:
            a, b = spans.get(batch_id, (0, 0))
            if not rows_stored or b - a > context.max_rows:  # from its bytes, as a file (too many rows: the file's refusal)
                if batch_id not in contents:
                    with self.connection() as conn:
                        row = conn.execute("SELECT content FROM report_batches WHERE id = %s", (batch_id,)).fetchone()
                    contents[batch_id] = row[0] if row else b""
                checked[batch_id] = check_content(self.shown(name), bytes(contents[batch_id]), context, demo)
            else:
                # The rows' text as the file's header names them, in its order; Arrow-backed, never per-row objects.
                sub = cells.iloc[a:b] if cells is not None else pd.DataFrame(columns=["line", *ROW_COLUMNS])
                text = sub[[canonical(h) for h in header]].set_axis(list(header), axis=1).reset_index(drop=True)
                text["line"] = sub["line"].to_numpy(dtype=np.int64)
                found_list = ProblemList(self.shown(name))
                frame = check_reports(text, found_list, context, demo)
                checked[batch_id] = (frame, list(found_list))
        return checked

    def read_rows(self, ids: list[int]) -> pd.DataFrame:
        """The text cells of ``ids``' rows: through ADBC as Arrow when adbc-driver-postgresql is installed (the
        quicker path measured in bench/store.py), else by COPY in CSV through psycopg."""
        try:
            import adbc_driver_postgresql.dbapi as adbc
        except ImportError:
            with self.connection() as conn:
                return self._read_rows(conn, ids)
        import pyarrow as pa

        query = (
            f"SELECT batch_id, line, {', '.join(ROW_COLUMNS)} FROM report_rows "
            f"WHERE batch_id IN ({', '.join(str(int(i)) for i in ids)})"
        )
        with adbc.connect(self.url) as conn, conn.cursor() as cursor:
            cursor.execute(query)
            table = cursor.fetch_arrow_table()
        text = pd.StringDtype("pyarrow", na_value=np.nan)
        frame: pd.DataFrame = table.to_pandas(types_mapper={pa.string(): text, pa.large_string(): text}.get)
        frame["batch_id"] = frame["batch_id"].astype(np.int64)
        frame["line"] = frame["line"].astype(np.int64)
        return frame

    @staticmethod
    def _read_rows(conn: psycopg.Connection[Any], ids: list[int]) -> pd.DataFrame:
        """The text cells of ``ids``' rows, by COPY in CSV parsed by pyarrow."""
        query = sql.SQL(
            "COPY (SELECT batch_id, line, {} FROM report_rows WHERE batch_id = ANY({})) TO STDOUT (FORMAT csv, HEADER)"
        ).format(sql.SQL(", ").join(sql.Identifier(c) for c in ROW_COLUMNS), sql.Literal(ids))
        buffer = io.BytesIO()
        with conn.cursor().copy(query) as copy:
            for chunk in copy:
                buffer.write(chunk)
        buffer.seek(0)
        frame = pd.read_csv(buffer, dtype=pd.StringDtype("pyarrow", na_value=np.nan), keep_default_na=False, engine="pyarrow")
        frame["batch_id"] = frame["batch_id"].astype(np.int64)
        frame["line"] = frame["line"].astype(np.int64)
        return frame

    def receipts(self) -> pd.DataFrame:
        rows: list[dict[str, Any]] = []
        with self.connection() as conn:
            found = conn.execute(
                "SELECT name, receipt FROM report_batches WHERE receipt IS NOT NULL AND NOT demo ORDER BY name"
            ).fetchall()
        for name, raw in found:
            try:
                meta = json.loads(bytes(raw))
            except ValueError:
                continue
            if isinstance(meta, dict):
                rows.append(
                    {
                        "file_name": str(meta.get("file", Path(name).name)),
                        "sender": str(meta.get("user", "")),
                        "received_at": str(meta.get("received_at", "")),
                        "original_name": str(meta.get("original_name", "")),
                        "rows": meta.get("rows"),
                        "sha256": str(meta.get("sha256", "")),
                        "original_sha256": str(meta.get("original_sha256", "")),
                    }
                )
        return pd.DataFrame(rows, columns=RECEIPT_COLUMNS)

    def add_batch(self, folder: Path, name: str, data: bytes, receipt: Mapping[str, Any], event: Mapping[str, Any]) -> Path:
        """Store a batch, its receipt and its audit event in one transaction; a file sent before is refused."""
        from metrics.intake.upload import AlreadyAccepted

        batch = self.batch_name(folder, f"{name}.csv")
        receipt_bytes = json.dumps(dict(receipt), ensure_ascii=False, indent=2).encode("utf-8")
        with self.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (REPORTS_LOCK,))
            sha = str(receipt.get("original_sha256", ""))
            if sha:
                earlier = conn.execute(
                    "SELECT name, receipt FROM report_batches WHERE original_sha256 = %s AND NOT demo "
                    "ORDER BY received_at, name LIMIT 1",
                    (sha,),
                ).fetchone()
                if earlier:
                    meta = json.loads(bytes(earlier[1])) if earlier[1] else {}
                    raise AlreadyAccepted(
                        AcceptedBefore(
                            str(meta.get("file", Path(earlier[0]).name)),
                            str(meta.get("user", "")),
                            str(meta.get("received_at", "")),
                            str(meta.get("original_name", "")),
                        )
                    )
            conn.execute("INSERT INTO audit_events (body) VALUES (%s)", (event_text(event),))
            self._insert_batch(conn, batch, False, data, receipt_bytes)
        return self.root / batch

    def _insert_batch(self, conn: psycopg.Connection[Any], name: str, demo: bool, content: bytes, receipt: bytes | None) -> int:
        parsed = rows_of(content)
        meta: dict[str, Any] = {}
        if receipt:
            try:
                loaded = json.loads(receipt)
                meta = loaded if isinstance(loaded, dict) else {}
            except ValueError:
                meta = {}
        row = conn.execute(
            "INSERT INTO report_batches (name, demo, content, header, rows_stored, receipt, original_sha256, received_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (
                name,
                demo,
                content,
                parsed[0] if parsed else None,
                parsed is not None,
                receipt,
                str(meta.get("original_sha256", "") or ""),
                str(meta.get("received_at", "") or ""),
            ),
        ).fetchone()
        batch_id = int(row[0]) if row else 0
        if parsed is not None and len(parsed[1]):
            cells = parsed[1].assign(batch_id=batch_id)[["batch_id", "line", *ROW_COLUMNS]]
            payload = cells.to_csv(index=False, header=False, lineterminator="\n").encode("utf-8")
            columns = sql.SQL(", ").join(sql.Identifier(c) for c in ("batch_id", "line", *ROW_COLUMNS))
            force = sql.SQL(", ").join(sql.Identifier(c) for c in ROW_COLUMNS)
            with conn.cursor().copy(
                sql.SQL("COPY report_rows ({}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({}))").format(columns, force)
            ) as copy:
                for start in range(0, len(payload), 8 << 20):
                    copy.write(payload[start : start + (8 << 20)])
        return batch_id

    # --- milestone documents ----------------------------------------------------------------
    def milestone_folder(self) -> Path:
        """The local mirror of the current milestone documents (and their .history copies), brought up to date."""
        with self.connection() as conn:
            self._sync(conn)
        return self.mirror

    def _versions(self, conn: psycopg.Connection[Any]) -> list[tuple[str, int]]:
        return [
            (str(n), int(v))
            for n, v in conn.execute("SELECT name, max(version) FROM milestone_versions GROUP BY name ORDER BY name").fetchall()
        ]

    def _sync(self, conn: psycopg.Connection[Any]) -> None:
        versions = self._versions(conn)
        if versions == self._mirrored and self.mirror.is_dir():
            return
        self.mirror.mkdir(parents=True, exist_ok=True)
        history = self.mirror / ".history"
        history.mkdir(exist_ok=True)
        fd = os.open(self.mirror.parent / ".sync.lock", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # servers on one machine share the mirror
            rows = conn.execute(
                "SELECT name, version, body, superseded_stamp FROM milestone_versions ORDER BY name, version"
            ).fetchall()
            current: dict[str, bytes] = {}
            for name, _version, body, stamp in rows:
                current[name] = bytes(body)
                if stamp:
                    stem, suffix = os.path.splitext(name)
                    copy = history / f"{stem}.{stamp}{suffix}"
                    if not copy.exists():
                        create_atomic(copy, bytes(body))
            for name, body in current.items():
                path = self.mirror / name
                if not path.exists() or path.read_bytes() != body:
                    write_atomic(path, body, mode=0o644)
            for path in [*self.mirror.glob("*.yaml"), *self.mirror.glob("*.yml")]:
                if path.name not in current:
                    path.unlink(missing_ok=True)
        finally:
            os.close(fd)
        self._mirrored = versions

    def save_milestone(self, opened: Any, text: str, context: Any, now: dt.datetime | None = None, user: str = "") -> Any:
        from metrics.intake.editing import ChangedOnDisk, Saved, SaveRefused, check_text

        check = check_text(opened.path, text, context, previous=opened.text)  # refuse early, before waiting for the lock
        if not check.ok:
            raise SaveRefused([p for p in check.problems if p.severity == "error"])
        name = opened.path.name
        copy: Path | None = None
        with self.connection() as conn:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (MILESTONES_LOCK,))
                row = conn.execute(
                    "SELECT version, body FROM milestone_versions WHERE name = %s ORDER BY version DESC LIMIT 1", (name,)
                ).fetchone()
                body = bytes(row[1]) if row else b""
                if (hashlib.sha256(body).hexdigest() if row else "") != opened.sha256:
                    raise ChangedOnDisk(opened.path, opened.text, body.decode("utf-8-sig"))
                self._sync(conn)  # the other files as saved now: ids must stay unique across files
                check = check_text(opened.path, text, context, previous=body.decode("utf-8-sig") if row else None)
                if not check.ok:
                    raise SaveRefused([p for p in check.problems if p.severity == "error"])
                version = 1
                if row:
                    stamp = (now or dt.datetime.now()).strftime(STAMP)
                    conn.execute(
                        "UPDATE milestone_versions SET superseded_stamp = %s WHERE name = %s AND version = %s",
                        (stamp, name, row[0]),
                    )
                    stem, suffix = os.path.splitext(name)
                    copy = self.mirror / ".history" / f"{stem}.{stamp}{suffix}"
                    version = int(row[0]) + 1
                conn.execute(
                    "INSERT INTO milestone_versions (name, version, body, saved_by) VALUES (%s, %s, %s, %s)",
                    (name, version, text.encode("utf-8"), user),
                )
            self._sync(conn)
        return Saved(opened.path, copy)

    # --- audit log --------------------------------------------------------------------------
    def append_event(self, event: Mapping[str, Any]) -> None:
        with self.connection() as conn:
            conn.execute("INSERT INTO audit_events (body) VALUES (%s)", (event_text(event),))

    def read_events(self, limit: int = 100_000) -> tuple[list[dict[str, Any]], list[Problem]]:
        with self.connection() as conn:
            rows = conn.execute("SELECT id, body FROM audit_events ORDER BY id DESC LIMIT %s", (limit,)).fetchall()
        problems = ProblemList("audit_events")
        events = [e for number, body in reversed(rows) if (e := parse_event(body, int(number), problems)) is not None]
        return events, list(problems)

    # --- users and sign-in ------------------------------------------------------------------
    def load_users(self) -> tuple[dict[str, Any], list[Problem]]:
        from metrics.access.auth import User, UserError, check_roles

        problems = ProblemList("users")
        users: dict[str, Any] = {}
        with self.connection() as conn:
            rows = conn.execute("SELECT name, password_hash, roles, provinces, display FROM users ORDER BY name").fetchall()
        for name, password_hash, roles, provinces, display in rows:
            try:
                role_set, province_set = check_roles(list(roles) or ["viewer"], list(provinces))
            except UserError as exc:
                problems.add(f"users.{name}", msg("problem.user_entry", detail=str(exc)))
                continue
            users[name] = User(name, role_set, province_set, display or "", password_hash)
        return users, list(problems)

    def save_users(self, users: Mapping[str, Any]) -> None:
        with self.connection() as conn, conn.transaction():
            conn.execute("LOCK TABLE users IN EXCLUSIVE MODE")
            conn.execute("DELETE FROM users")
            for name, user in sorted(users.items()):
                conn.execute(
                    "INSERT INTO users (name, password_hash, roles, provinces, display) VALUES (%s, %s, %s, %s, %s)",
                    (name, user.password_hash, sorted(user.roles), sorted(user.provinces), user.display),
                )

    def has_users(self) -> bool:
        with self.connection() as conn:
            row = conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()
        return bool(row and row[0])

    def users_version(self) -> tuple[Any, ...]:
        with self.connection() as conn:
            row = conn.execute(
                "SELECT md5(coalesce(string_agg(name || ':' || password_hash || ':' || array_to_string(roles, ',') "
                "|| ':' || array_to_string(provinces, ',') || ':' || display, '|' ORDER BY name), '')) FROM users"
            ).fetchone()
        return ("postgresql", row[0] if row else "")

    def failure_limiter(self, limit: int, window: float) -> PostgresLimiter:
        return PostgresLimiter(self, limit, window)

    def revocations(self) -> PostgresRevocations:
        return PostgresRevocations(self)


class PostgresLimiter:
    """metrics.signin.FailureLimiter in the database: every server counts the same failed sign-ins.

    An attempt is reserved (counted) before its password is checked, as in the file store, under an advisory
    lock per key taken in sorted order (no deadlock between two attempts sharing keys)."""

    def __init__(self, store: PostgresStore, limit: int = 5, window: float = 900.0, clock: Clock = time.time) -> None:
        self.store, self.limit, self.window, self.clock = store, limit, window, clock

    def _lock(self, conn: psycopg.Connection[Any], keys: list[str]) -> None:
        for key in sorted(set(keys)):
            conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 15))", (key,))
        conn.execute("DELETE FROM sign_in_failures WHERE key = ANY(%s) AND at <= %s", (keys, self.clock() - self.window))

    def _recent(self, conn: psycopg.Connection[Any], keys: list[str]) -> dict[str, tuple[int, float]]:
        rows = conn.execute(
            "SELECT key, count(*), min(at) FROM sign_in_failures WHERE key = ANY(%s) GROUP BY key", (keys,)
        ).fetchall()
        return {str(k): (int(n), float(first)) for k, n, first in rows}

    def wait_seconds(self, *keys: str) -> float:
        now = self.clock()
        with self.store.connection() as conn, conn.transaction():
            self._lock(conn, list(keys))
            recent = self._recent(conn, list(keys))
        return max((first + self.window - now for n, first in recent.values() if n >= self.limit), default=0.0)

    def fail(self, *keys: str) -> None:
        now = self.clock()
        with self.store.connection() as conn, conn.transaction():
            self._lock(conn, list(keys))
            for key in keys:
                conn.execute("INSERT INTO sign_in_failures (key, at) VALUES (%s, %s)", (key, now))

    def reserve(self, limits: Mapping[str, int]) -> Reservation:
        now = self.clock()
        keys = list(limits)
        with self.store.connection() as conn, conn.transaction():
            self._lock(conn, keys)
            recent = self._recent(conn, keys)
            waits = [recent[k][1] + self.window - now for k, limit in limits.items() if k in recent and recent[k][0] >= limit]
            if waits:
                return Reservation(max(waits))
            for key in keys:
                conn.execute("INSERT INTO sign_in_failures (key, at) VALUES (%s, %s)", (key, now))
        return Reservation(0.0, now, tuple(keys))

    def release(self, reservation: Reservation, clear: tuple[str, ...] = ()) -> None:
        with self.store.connection() as conn, conn.transaction():
            for key in reservation.keys:
                conn.execute(
                    "DELETE FROM sign_in_failures WHERE ctid IN (SELECT ctid FROM sign_in_failures WHERE key = %s "
                    "AND at = %s LIMIT 1)",
                    (key, reservation.stamp),
                )
            if clear:
                conn.execute("DELETE FROM sign_in_failures WHERE key = ANY(%s)", (list(clear),))

    def clear(self, *keys: str) -> None:
        with self.store.connection() as conn:
            conn.execute("DELETE FROM sign_in_failures WHERE key = ANY(%s)", (list(keys),))


class PostgresRevocations:
    """metrics.revocation.RevocationList in the database: a sign-out on one server ends the session on all."""

    def __init__(self, store: PostgresStore, clock: Clock = time.time) -> None:
        self.store, self.clock = store, clock

    def is_revoked(self, token_id: str) -> bool:
        with self.store.connection() as conn:
            return conn.execute("SELECT 1 FROM revoked_sessions WHERE token_id = %s", (token_id,)).fetchone() is not None

    def revoke(self, token_id: str, expires: float) -> None:
        with self.store.connection() as conn, conn.transaction():
            conn.execute("DELETE FROM revoked_sessions WHERE expires <= %s", (self.clock(),))
            conn.execute(
                "INSERT INTO revoked_sessions (token_id, expires) VALUES (%s, %s) "
                "ON CONFLICT (token_id) DO UPDATE SET expires = EXCLUDED.expires",
                (token_id, float(expires)),
            )
