"""``python -m metrics status``: the table for a province, a milestone, an as-of date."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "metrics", *args], capture_output=True, text=True, cwd=ROOT)


def test_status_for_one_province_and_milestone_as_csv(bundled) -> None:
    result = run("status", "--province", "CN-GD", "--milestone", "teachers-double-qualified-share", "--as-of", "2026-11-23", "--format", "csv")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("province,milestone,status,latest_value")
    assert len(lines) == 2 and lines[1].startswith("CN-GD,teachers-double-qualified-share,")
    assert "demo data" in result.stderr


def test_status_refuses_an_unknown_province_without_a_traceback() -> None:
    result = run("status", "--province", "CN-XX")
    assert result.returncode == 2
    assert result.stderr.strip() == "unknown province 'CN-XX' (expected an ISO code such as CN-GD)"


def test_status_refuses_a_malformed_date() -> None:
    result = run("status", "--as-of", "yesterday")
    assert result.returncode == 2
    assert "'yesterday' is not a date (expected YYYY-MM-DD)" in result.stderr
    assert "Traceback" not in result.stderr
