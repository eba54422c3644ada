"""Moving the files into PostgreSQL and back out (issue 15): nothing is locked in, and the CLI reads the same."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.access.revocation import RevocationList
from metrics.cli.main import main
from metrics.intake.editing import edit_context, open_file, save_file
from metrics.intake.upload import accept, read_upload, upload_context
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from metrics.store import STORE_ENV, close_stores
from tests.conftest import ROOT
from tests.tmp_data import copy_data, fingerprint

CSV = b"province,milestone,as_of,value,source\nCN-GD,teachers-double-qualified-share,2026-09-30,58.5,migrated\n"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (STORE_ENV, "VET_DASHBOARD_CONFIG")}
    return {**env, **extra}


def _lived_in(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled data after some use: an upload with its receipt and event, a milestone save with its history
    copy, a user, a signed-out session."""
    path = copy_data(tmp)
    config = load_config(path, {})[0]
    context = upload_context(load_dataset(config), now=dt.datetime(2026, 11, 20, 9, 0))
    accept(read_upload("gd.csv", CSV, context), config.progress[0], "gd-office", context, audit=config.auth.audit_path)
    opened = open_file(config.milestones / "teachers.yaml")
    save_file(opened, opened.text + "\n# reviewed\n", edit_context(config), now=dt.datetime(2026, 11, 21, 8, 0))
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery staple\n"))
    assert main(["--config", str(path), "users", "add", "ana", "--role", "planner", "--password-stdin", "--rounds", "4"]) == 0
    RevocationList(config.auth.revocations_path).revoke("token-1", 4_000_000_000)
    return path


def _without_locks(files: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in files.items() if not name.endswith(".lock")}


def test_files_to_postgresql_and_back_are_identical(
    empty_pg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(STORE_ENV, raising=False)
    source = _lived_in(tmp_path / "a", monkeypatch)
    capsys.readouterr()
    assert main(["--config", str(source), "store", "migrate", "--to", empty_pg]) == 0
    out = capsys.readouterr().out
    assert out.startswith("moved 2 report batch(es)") and "1 user(s), 1 revoked session(s)" in out
    # Into an empty database only: a second run is refused and changes nothing.
    assert main(["--config", str(source), "store", "migrate", "--to", empty_pg]) == 1
    assert "table report_batches is not empty" in capsys.readouterr().err

    target = copy_data(tmp_path / "b")
    for folder in ("data/progress", "data/demo", "data/milestones"):
        for file in (tmp_path / "b" / folder).glob("*.*"):
            if file.suffix != ".md":  # a folder's README is the repository's, not the store's
                file.unlink()
    monkeypatch.setenv(STORE_ENV, empty_pg)
    close_stores()
    assert main(["--config", str(target), "store", "migrate", "--to", "files"]) == 0
    for folder in ("data", ".secrets"):  # the empty files the file store's writers lock are not data
        assert _without_locks(fingerprint(tmp_path / "a" / folder)) == fingerprint(tmp_path / "b" / folder)
    # Out into folders that hold files already: refused.
    assert main(["--config", str(target), "store", "migrate", "--to", "files"]) == 1
    assert "exists (expected empty report and milestone folders" in capsys.readouterr().err


def test_status_from_postgresql_prints_what_it_printed_from_the_files(empty_pg: str, tmp_path: Path) -> None:
    path = copy_data(tmp_path)
    moved = subprocess.run(
        [sys.executable, "-m", "metrics", "--config", str(path), "store", "migrate", "--to", empty_pg],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(),
    )
    assert moved.returncode == 0, moved.stderr
    args = [sys.executable, "-m", "metrics", "--config", str(path), "status", "--as-of", "2026-11-23"]
    files = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=_env())
    database = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=_env(**{STORE_ENV: empty_pg}))
    assert files.returncode == database.returncode == 0
    assert len(files.stdout.splitlines()) > 1000 and database.stdout == files.stdout
    # stderr: only the line naming the store differs
    assert files.stderr.splitlines()[1:] == database.stderr.splitlines()[1:]
    assert database.stderr.splitlines()[0] == f"config: {path} · store: {empty_pg} (from {STORE_ENV})"


def test_the_command_line_uses_vet_dashboard_config_like_the_dashboard(tmp_path: Path) -> None:
    path = copy_data(tmp_path)
    before = fingerprint(ROOT / "data")
    sent = tmp_path / "sent.csv"
    sent.write_bytes(CSV)
    result = subprocess.run(
        [sys.executable, "-m", "metrics", "import", str(sent), "--user", "cli"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(VET_DASHBOARD_CONFIG=str(path), PYTHONPATH=str(ROOT)),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"config: {path} · store: files (from config)"
    assert len(list((tmp_path / "data" / "progress").glob("*.csv"))) == 1  # into the configured instance's folder
    assert fingerprint(ROOT / "data") == before  # never the repository's


def test_a_database_without_the_tables_is_refused_until_migrate_schema(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    from metrics.store.postgresql import StoreNotReady

    fresh = pg_url.rsplit("/", 1)[0] + "/fresh_" + tmp_path.name.lower().replace("-", "_")[-20:]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {fresh.rsplit('/', 1)[1]}")
    path = copy_data(tmp_path)
    with pytest.raises(StoreNotReady, match=r"lacks the tables of 0001_initial.sql .*store migrate-schema"):
        load_config(path, {STORE_ENV: fresh})
    assert main(["--config", str(path), "store", "migrate-schema", "--url", fresh]) == 0
    assert capsys.readouterr().out == f"{fresh}: applied 0001_initial.sql\n"
    assert main(["--config", str(path), "store", "migrate-schema", "--url", fresh]) == 0
    assert capsys.readouterr().out == f"{fresh}: schema up to date\n"
    config, problems = load_config(path, {STORE_ENV: fresh})
    assert config.store == fresh and problems == []  # an empty store: no milestones yet, no reports
    close_stores()
