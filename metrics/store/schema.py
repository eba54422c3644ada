"""The PostgreSQL schema: migrations are SQL files in metrics/store/migrations/, applied in name order, once each."""

from __future__ import annotations

from pathlib import Path

import psycopg

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_LOCK = 7_150_001  # advisory lock: two servers starting at once apply a migration once


def migration_files() -> list[Path]:
    return sorted(MIGRATIONS.glob("*.sql"))


def migrate_schema(conn: psycopg.Connection) -> list[str]:
    """Apply the migrations this database lacks, each in its own transaction; returns their names."""
    applied: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
        for path in migration_files():
            if path.name in done:
                continue
            conn.execute(path.read_text(encoding="utf-8"))  # our own files, not user input
            conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (path.name,))
            applied.append(path.name)
    return applied


def pending_migrations(conn: psycopg.Connection) -> list[str]:
    """The migrations not yet applied (all of them on an empty database)."""
    exists = conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
    done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")} if exists and exists[0] else set()
    return [p.name for p in migration_files() if p.name not in done]
