"""One store suite, run on the files and on a real PostgreSQL (issue 15): both must behave the same."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from metrics.access.auth import User, hash_password
from metrics.domain.problems import Problem
from metrics.intake.editing import ChangedOnDisk, edit_context, open_file, save_file
from metrics.intake.upload import AlreadyAccepted, accept, read_upload, upload_context
from metrics.load.config import Config, load_config
from metrics.load.dataset import load_dataset
from metrics.store import STORE_ENV, Store, open_store
from metrics.store.transfer import files_to_postgresql
from tests.tmp_data import copy_data

KINDS = ["files", "postgresql"]
NOW = dt.datetime(2026, 11, 20, 10, 0, 0)
CSV = b"province,milestone,as_of,value,source\nCN-GD,teachers-double-qualified-share,2026-09-30,58.5,store test\n"


def _config(path: Path, url: str | None) -> Config:
    config, problems = load_config(path, {STORE_ENV: url} if url else {})
    assert [p for p in problems if p.severity == "error"] == []
    return config


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def setup(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Config, Store]:
    """The bundled data in a private folder, in the files or moved into an empty PostgreSQL."""
    path = copy_data(tmp_path)
    files = _config(path, None)
    config = files
    if kind == "postgresql":
        url = request.getfixturevalue("empty_pg")
        files_to_postgresql(files, open_store(_with_store(files, url)))  # type: ignore[arg-type]
        config = _config(path, url)
    return config, open_store(config)


def test_the_store_is_the_one_configured(setup: tuple[Config, Store], kind: str) -> None:
    assert setup[1].kind == kind


def test_reports_load_as_from_the_files(setup: tuple[Config, Store], tmp_path: Path) -> None:
    config, _ = setup
    files = load_dataset(_config(tmp_path / "config.yaml", None))
    data = load_dataset(config)
    assert data.problems == files.problems
    pd.testing.assert_frame_equal(data.reports, files.reports)


def test_a_report_file_with_problems_reads_with_the_same_located_problems(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    path = copy_data(tmp_path)
    (tmp_path / "data/progress/bad.csv").write_text(
        "province,milestone,as_of,value,reported_at,source\n"
        "CN-GD,teachers-double-qualified-share,2026-09-30,abc,2026-10-01,x\n"
        "CN-XX,teachers-double-qualified-share,2026-09-30,50,2026-10-01,x\n"
        "CN-GD,teachers-double-qualified-share,2026-06-30,51,2026-10-01,x\n",
        encoding="utf-8",
    )
    (tmp_path / "data/progress/ragged.csv").write_text("province,milestone\nCN-GD\n", encoding="utf-8")
    files = load_dataset(_config(path, None))
    if kind == "postgresql":
        url = request.getfixturevalue("empty_pg")
        files_to_postgresql(_config(path, None), open_store(_with_store(_config(path, None), url)))  # type: ignore[arg-type]
        data = load_dataset(_config(path, url))
    else:
        data = load_dataset(_config(path, None))
    assert [str(p) for p in data.problems] == [str(p) for p in files.problems]
    assert any("'abc' is not a number" in p.message for p in data.problems)
    assert any("row has 1 cells" in p.message for p in data.problems)
    pd.testing.assert_frame_equal(data.reports, files.reports)


def _with_store(config: Config, url: str) -> Config:
    from dataclasses import replace

    return replace(config, store=url)


def test_an_accepted_upload_is_a_batch_with_its_receipt_and_event(setup: tuple[Config, Store]) -> None:
    config, store = setup
    data = load_dataset(config)
    context = upload_context(data, now=NOW)
    result = read_upload("gd.csv", CSV, context)
    assert result.ok, result.problems
    stored = accept(result, config.progress[0], "gd-office", context, store=store)
    assert stored.path.parent == config.progress[0] and stored.path.suffix == ".csv"
    again = load_dataset(config)
    mine = again.reports[again.reports["source"] == "store test"]
    assert list(mine["value"]) == ["58.5"] and list(mine["line"]) == [2]
    assert Path(str(mine["file"].iloc[0])).name == stored.path.name  # a row is shown as its file and line
    receipts = store.receipts()
    assert list(receipts["file_name"]) == [stored.path.name] and list(receipts["sender"]) == ["gd-office"]
    events, problems = store.read_events()
    assert problems == [] and [e["action"] for e in events] == ["upload"] and events[0]["file"] == stored.path.name
    with pytest.raises(AlreadyAccepted):  # the same bytes again, whatever name they come under
        accept(read_upload("again.csv", CSV, context), config.progress[0], "gd-office", context, store=store)
    assert len(store.receipts()) == 1


def test_a_correction_supersedes_and_keeps_the_history(setup: tuple[Config, Store]) -> None:
    from metrics.compute.history import current_reports, revision_history

    config, store = setup
    data = load_dataset(config)
    first = upload_context(data, now=NOW)
    accept(read_upload("a.csv", CSV, first), config.progress[0], "gd", first, store=store)
    later = upload_context(load_dataset(config), now=NOW + dt.timedelta(days=1))
    accept(read_upload("b.csv", CSV.replace(b"58.5", b"59.0"), later), config.progress[0], "gd", later, store=store)
    reports = load_dataset(config).reports
    mine = reports[reports["source"] == "store test"]
    assert list(current_reports(mine)["value"]) == ["59.0"]
    assert list(revision_history(mine)["superseded"]) == [False, True]


def test_a_milestone_save_keeps_the_old_version_and_a_stale_save_is_refused(setup: tuple[Config, Store]) -> None:
    config, store = setup
    context = edit_context(config, load_dataset(config).reports)
    path = config.milestones / "teachers.yaml"
    opened = open_file(path)
    edited = opened.text.replace("milestones:", "# a planner's note\nmilestones:", 1)
    saved = save_file(opened, edited, context, now=NOW, store=store, user="planner-a")
    assert saved.history_copy is not None and saved.history_copy.read_text(encoding="utf-8") == opened.text
    assert open_file(store.milestone_folder() / "teachers.yaml").text == edited
    # A second planner still holds the version the first one replaced: refused, with both texts.
    with pytest.raises(ChangedOnDisk) as refused:
        save_file(opened, opened.text + "\n# mine\n", context, now=NOW, store=store, user="planner-b")
    assert refused.value.opened == opened.text and refused.value.on_disk == edited
    assert open_file(store.milestone_folder() / "teachers.yaml").text == edited


def test_the_audit_log_keeps_events_in_order(setup: tuple[Config, Store]) -> None:
    _, store = setup
    for n in range(3):
        store.append_event({"at": f"2026-11-2{n}", "user": "u", "action": "milestone_save", "file": "x.yaml", "diff": "é"})
    events, problems = store.read_events()
    assert problems == [] and [e["at"] for e in events] == ["2026-11-20", "2026-11-21", "2026-11-22"]
    assert events[0]["diff"] == "é"
    assert [e["at"] for e in store.read_events(limit=2)[0]] == ["2026-11-21", "2026-11-22"]


def test_users_are_saved_and_loaded(setup: tuple[Config, Store]) -> None:
    _, store = setup
    assert store.load_users() == ({}, [])
    assert not store.has_users()
    before = store.users_version()
    user = User("gd-office", frozenset({"reporter"}), frozenset({"CN-GD"}), "广东", hash_password("correct horse 1", rounds=4))
    store.save_users({"gd-office": user})
    assert store.load_users() == ({"gd-office": user}, [])
    assert store.has_users() and store.users_version() != before
    store.save_users({})
    assert store.load_users()[0] == {}


def test_failed_sign_ins_are_limited_and_a_success_gives_its_attempt_back(setup: tuple[Config, Store]) -> None:
    _, store = setup
    limiter = store.failure_limiter(3, 900.0)
    for _ in range(3):
        assert limiter.reserve({"user:a|from:x": 3}).wait == 0
    refused = limiter.reserve({"user:a|from:x": 3})
    assert 899 < refused.wait <= 900
    ok = limiter.reserve({"user:b|from:x": 3})
    limiter.release(ok, clear=("user:b|from:x",))
    assert limiter.wait_seconds("user:b|from:x") == 0
    limiter.clear("user:a|from:x")
    assert limiter.reserve({"user:a|from:x": 3}).wait == 0


def test_a_revoked_session_is_revoked_for_every_reader(setup: tuple[Config, Store]) -> None:
    _, store = setup
    assert not store.revocations().is_revoked("t1")
    store.revocations().revoke("t1", dt.datetime.now().timestamp() + 600)
    assert store.revocations().is_revoked("t1") and not store.revocations().is_revoked("t2")


def test_postgresql_sign_in_failures_are_shared_by_every_server(empty_pg: str, tmp_path: Path) -> None:
    """Two stores with their own pools stand for two servers: five failures in all, not five each."""
    from metrics.store.postgresql import PostgresStore

    one, two = PostgresStore(empty_pg, tmp_path), PostgresStore(empty_pg, tmp_path)
    try:
        a, b = one.failure_limiter(5, 900.0), two.failure_limiter(5, 900.0)
        waits = [(a if n % 2 else b).reserve({"user:x|from:y": 5}).wait for n in range(7)]
        assert [w == 0 for w in waits] == [True] * 5 + [False] * 2
    finally:
        one.close()
        two.close()


def test_a_store_password_in_config_yaml_is_refused(tmp_path: Path) -> None:
    path = copy_data(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("store: files", "store: postgresql://vet:secret@db.example/vet"),
        encoding="utf-8",
    )
    config, problems = load_config(path, {})
    assert config.store == "files"
    assert [p.message for p in problems if p.field == "store"] == [
        "holds a password (expected none in config.yaml: set PGPASSWORD or ~/.pgpass, or give the whole URL in the "
        "environment variable VET_DASHBOARD_STORE)"
    ]


def test_the_environment_wins_over_config_yaml(tmp_path: Path) -> None:
    path = copy_data(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("store: files", "store: postgresql://vet@db.example/vet"), encoding="utf-8"
    )
    config, problems = load_config(path, {STORE_ENV: "files"})
    assert config.store == "files" and problems == []
    bad, problems = load_config(path, {STORE_ENV: "mysql://x"})
    assert bad.store == "files" and [p.severity for p in problems] == ["error"]
    assert isinstance(problems[0], Problem)


def test_postgresql_rows_read_the_same_through_copy_and_through_adbc(
    empty_pg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_data(tmp_path)
    files = _config(path, None)
    store = open_store(_with_store(files, empty_pg))
    files_to_postgresql(files, store)  # type: ignore[arg-type]
    config = _config(path, empty_pg)
    by_adbc = load_dataset(config).reports
    monkeypatch.setitem(sys.modules, "adbc_driver_postgresql.dbapi", None)  # as if not installed: COPY in CSV
    by_copy = load_dataset(config).reports
    pd.testing.assert_frame_equal(by_copy, by_adbc)
    pd.testing.assert_frame_equal(by_copy, load_dataset(files).reports)


def test_postgresql_batches_checked_once_are_read_from_the_cache_after(
    empty_pg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart reads a batch it has checked before from the cache folder, and only new batches from the database."""
    import psycopg

    from metrics.store import postgresql

    monkeypatch.setattr(postgresql, "CACHE_MIN_ROWS", 1)
    path = copy_data(tmp_path)
    files = _config(path, None)
    files_to_postgresql(files, open_store(_with_store(files, empty_pg)))  # type: ignore[arg-type]
    config = _config(path, empty_pg)
    assert config.cache is not None
    first = load_dataset(config).reports
    assert list(config.cache.glob("*.parquet")), "the checked batches were kept"
    with psycopg.connect(empty_pg, autocommit=True) as conn:  # what only a read from the database would show
        conn.execute("UPDATE report_rows SET source = 'changed behind the cache'")
    pd.testing.assert_frame_equal(load_dataset(config).reports, first)
    uncached = load_dataset(replace(config, cache=None)).reports
    assert set(uncached["source"]) == {"changed behind the cache"}  # the database did change

    data = load_dataset(config)
    context = upload_context(data, now=NOW)
    accept(read_upload("gd.csv", CSV, context), config.progress[0], "gd-office", context, store=open_store(config))
    after = load_dataset(config).reports
    assert list(after[after["source"] == "store test"]["value"]) == ["58.5"]  # a new batch is read from the database
    assert len(after) == len(first) + 1
