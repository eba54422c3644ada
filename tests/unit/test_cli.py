"""``python -m metrics status``: the table for a province, a milestone, an as-of date; commands that
write stop on a broken config."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.cli.main import main
from tests.conftest import ROOT
from tests.tmp_data import copy_data, fingerprint


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "metrics", *args], capture_output=True, text=True, cwd=ROOT)


def test_status_for_one_province_and_milestone_as_csv(bundled) -> None:
    result = run(
        "status",
        "--province",
        "CN-GD",
        "--milestone",
        "teachers-double-qualified-share",
        "--as-of",
        "2026-11-23",
        "--format",
        "csv",
    )
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("province,milestone,status,verdict_basis,latest_value")
    assert len(lines) == 2 and lines[1].startswith("CN-GD,teachers-double-qualified-share,")
    assert "demo data" in result.stderr


def test_every_status_line_says_its_basis_and_whether_it_is_demo_data(bundled) -> None:
    result = run("status", "--province", "CN-GD", "--as-of", "2026-11-23", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["data"] in ("DEMO-DATA", "reported") for r in rows)
    assert {r["data"] for r in rows} == {"DEMO-DATA"}  # the bundled reports are all demo data
    assumed = {m.id for m in bundled.milestones.values() if m.applies("CN-GD") and m.plan_for("CN-GD").assumed}
    assert {r["milestone"] for r in rows if r["verdict_basis"] == "assumed-target"} == assumed
    only = run("status", "--province", "CN-GD", "--as-of", "2026-11-23", "--format", "csv", "--documented-only")
    kept = list(csv.DictReader(io.StringIO(only.stdout)))
    assert {r["milestone"] for r in kept} == {r["milestone"] for r in rows} - assumed
    assert f"{len(assumed)} verdict(s) against an assumed target left out" in only.stderr


def test_a_provincial_task_is_not_listed_for_another_province(bundled) -> None:
    liaoning = {m.id for m in bundled.milestones.values() if m.applies_to == frozenset({"CN-LN"})}
    beijing = run("status", "--province", "CN-BJ", "--as-of", "2026-11-23", "--format", "csv")
    shown = {r["milestone"] for r in csv.DictReader(io.StringIO(beijing.stdout))}
    assert shown and not (shown & liaoning)


def test_status_refuses_an_unknown_province_without_a_traceback() -> None:
    result = run("status", "--province", "CN-XX")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [  # which config and store, then the refusal (issue 15, item 6)
        f"config: {ROOT / 'config.yaml'} · store: files (from config)",
        "unknown province 'CN-XX' (expected an ISO code such as CN-GD)",
    ]


def test_status_refuses_a_malformed_date() -> None:
    result = run("status", "--as-of", "yesterday")
    assert result.returncode == 2
    assert "'yesterday' is not a date (expected YYYY-MM-DD)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["demo", "--until", "2026-11-23"],
        ["demo", "--until", "2026-11-23", "-o", "{tmp}/out.csv"],
        ["users", "list"],
        ["users", "add", "someone", "--password-stdin", "--rounds", "4"],
        ["template", "-o", "{tmp}/template.xlsx"],
        ["import", "{tmp}/data/demo/demo_reports.csv", "--user", "test"],
    ],
)
def test_commands_that_write_stop_on_a_broken_config_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    config = copy_data(tmp_path)
    config.write_text(config.read_text() + "\nbogus: 1\n")
    line = len(config.read_text().splitlines())
    before = fingerprint(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery staple\n"))
    assert main(["--config", str(config), *[part.format(tmp=tmp_path) for part in command]]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"config: {config} · store: files (from config)",
        f"{config}:{line}:1: bogus: unknown field (expected one of data, as_of, language, status, forecast, limits, auth, store)",
        f"{config}: fix the problems above first; nothing done",
    ]
    assert fingerprint(tmp_path) == before


def test_demo_on_a_good_config_writes_the_demo_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = copy_data(tmp_path)
    out = tmp_path / "demo.csv"
    assert main(["--config", str(config), "demo", "--until", "2026-11-23", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    assert out.read_text().startswith("province,milestone,as_of,value,reported_at,source,flag,note\n")


def test_an_empty_documented_only_table_says_why(bundled) -> None:  # type: ignore[no-untyped-def]
    documented = [m for m in bundled.milestones.values() if m.applies("CN-LN") and not m.plan_for("CN-LN").assumed]
    result = run("status", "--province", "CN-LN", "--as-of", "2026-11-23", "--documented-only")
    assert result.returncode == 0
    empty = result.stdout.strip() == "no status rows for this selection (every verdict rests on an assumed value)"
    assert empty == (not documented)  # today every Liaoning plan has an assumed value, so the table is empty


def test_demo_under_a_postgresql_store_is_refused_and_writes_nothing(
    tmp_path: Path, empty_pg: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under PostgreSQL the dashboard reads demo batches from the database: a demo file would never be shown."""
    from metrics.store import STORE_ENV

    config = copy_data(tmp_path)
    out = tmp_path / "demo.csv"
    monkeypatch.setenv(STORE_ENV, empty_pg)
    assert main(["--config", str(config), "demo", "--until", "2026-11-23", "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert "which does not read demo files (expected a files store" in error and error.rstrip().endswith("nothing written")
    assert not out.exists()
