"""``python -m metrics export`` on the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.cli.main import main
from metrics.export.image import PNG_SIGNATURE


def test_export_html_for_a_province(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "gd.html"
    assert (
        main(["export", "--province", "cn-gd", "--format", "html", "-o", str(out), "--lang", "en", "--as-of", "2026-11-23"]) == 0
    )
    page = out.read_text(encoding="utf-8")
    assert "Guangdong: vocational education reform progress" in page
    assert "Guangdong is " in page or "Guangdong missed " in page or "Guangdong has " in page
    assert f"wrote {out}" in capsys.readouterr().out


def test_export_png_to_a_file_writes_the_main_chart(tmp_path: Path) -> None:
    out = tmp_path / "main.png"
    assert (
        main(
            [
                "export",
                "--milestone",
                "teachers-double-qualified-share",
                "--format",
                "png",
                "-o",
                str(out),
                "--as-of",
                "2026-11-23",
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_export_refuses_an_unknown_province(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--province", "CN-XX", "--format", "pptx", "-o", str(tmp_path / "x.pptx")]) == 2
    assert "unknown province 'CN-XX' (expected an ISO code such as CN-GD)" in capsys.readouterr().err
    assert not (tmp_path / "x.pptx").exists()


def test_export_needs_exactly_one_scope(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--nation", "--province", "CN-GD", "--format", "html", "-o", str(tmp_path / "x.html")])


def test_export_png_without_a_browser_fails_at_once_with_what_to_do(tmp_path: Path) -> None:
    """Issue 13, item 9: with no browser the command waited forever (no output after 5 minutes)."""
    import os
    import subprocess
    import sys
    import time

    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-chromium-here")}
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "metrics",
            "export",
            "--province",
            "CN-GD",
            "--format",
            "png",
            "-o",
            str(tmp_path / "gd.png"),
            "--lang",
            "en",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 30
    assert done.returncode == 1
    assert "no Chromium browser was found on this machine" in done.stderr
    assert "bash scripts/install.sh --browser" in done.stderr
    assert not (tmp_path / "gd.png").exists()
