"""``python -m metrics store migrate-schema|migrate``: the PostgreSQL schema, and moving data in and out (issue 15)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def add_store_command(sub: Any) -> None:
    s = sub.add_parser(
        "store", help="the store behind the dashboard: PostgreSQL schema, moving data between files and PostgreSQL"
    )
    actions = s.add_subparsers(dest="action", required=True)
    schema = actions.add_parser(
        "migrate-schema", help="create or update the PostgreSQL tables (migrations in metrics/store/migrations)"
    )
    schema.add_argument("--url", default=None, help="postgresql://user@host:port/db (default: the configured store)")
    move = actions.add_parser(
        "migrate", help="copy everything from the configured store into another: files -> PostgreSQL or back"
    )
    move.add_argument("--to", required=True, help="postgresql://user@host:port/db, or files (the config's folders)")


def run_store_command(args: argparse.Namespace) -> int:
    import psycopg

    from metrics.cli.common import load_config_or_report
    from metrics.store import FILES, STORE_ENV, postgresql_store, shown_url, store_problem
    from metrics.store.schema import migrate_schema

    if args.action == "migrate-schema":
        url = args.url
        if url is None:
            config = load_config_or_report(args.config, schema_only=True)
            if config is None:
                return 2
            url = config.store
        if url == FILES or store_problem(url, in_config=False):
            print(
                f"store migrate-schema: {url!r} is not a PostgreSQL store (expected --url postgresql://..., or "
                f"{STORE_ENV} or store: in config.yaml)",
                file=sys.stderr,
            )
            return 2
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                applied = migrate_schema(conn)
        except psycopg.Error as exc:
            print(f"{shown_url(url)}: {exc}".strip(), file=sys.stderr)
            return 1
        print(f"{shown_url(url)}: " + (f"applied {', '.join(applied)}" if applied else "schema up to date"))
        return 0

    from metrics.load.config import load_config
    from metrics.store.transfer import TransferRefused, files_to_postgresql, postgresql_to_files

    # The configured store is the source; the folders are always those config.yaml names.
    files_config = load_config_or_report(args.config, environ={**os.environ, STORE_ENV: FILES})
    if files_config is None:
        return 2
    source, _ = load_config(args.config)
    target = args.to.strip()
    why = store_problem(target, in_config=False)
    if why:
        print(f"store migrate --to: {why.render('en')}", file=sys.stderr)
        return 2
    try:
        if source.store == FILES and target != FILES:
            with psycopg.connect(target, autocommit=True) as conn:
                migrate_schema(conn)
            moved = files_to_postgresql(files_config, postgresql_store(target, files_config.root))  # type: ignore[arg-type]
        elif source.store != FILES and target == FILES:
            moved = postgresql_to_files(postgresql_store(source.store, files_config.root), files_config)  # type: ignore[arg-type]
        else:
            print(
                f"store migrate: the configured store is {shown_url(source.store)} and the target is {shown_url(target)} "
                "(expected one of them files and the other postgresql://...)",
                file=sys.stderr,
            )
            return 2
    except TransferRefused as exc:
        print(f"store migrate: {exc}", file=sys.stderr)
        return 1
    except psycopg.Error as exc:
        print(f"store migrate: {exc}".strip(), file=sys.stderr)
        return 1
    print(f"moved {moved.summary()} from {shown_url(source.store)} to {shown_url(target)}")
    return 0
