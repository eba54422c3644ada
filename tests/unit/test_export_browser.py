"""A browser that is there but broken gives a clear message in both languages, soon, never a hang (issue 13).

kaleido's sync server waited for ever on a browser that hangs or dies at start. The fakes below are small shell
scripts standing in for chromium: one hangs on everything, one fails to run, one prints nothing, and two answer
``--version`` like chromium but then hang or die when kaleido starts them (only the deadline around each
drawing catches those).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from metrics.export import browser_check
from metrics.export.browser_check import BrowserBroken, probe

ROOT = Path(__file__).resolve().parents[2]
VERSION = 'case "$1" in --version) echo "Chromium 156.0.8078.108 built on Debian"; exit 0;; esac\n'
FAKES = {
    "hangs": "sleep 600\n",
    "fails": 'echo "chromium: error while loading shared libraries: libnss3.so" >&2\nexit 127\n',
    "silent": "exit 0\n",
    "hangs-drawing": VERSION + "sleep 600\n",
    "dies-drawing": VERSION + 'echo "Trace/breakpoint trap" >&2\nexit 133\n',
}


def fake(folder: Path, kind: str, name: str = "chromium") -> Path:
    """A fake browser ``name`` of this ``kind`` in ``folder`` (executable)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + FAKES[kind])
    path.chmod(0o755)
    return path


def leftovers(marker: Path) -> list[str]:
    """Processes still running a fake from ``marker``'s folder (none may outlive the export)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if str(marker.parent) in cmdline:
            found.append(cmdline)
    return found


@pytest.mark.parametrize(
    ("kind", "why_en", "why_zh"),
    [
        ("hangs", "did not answer within 2 s", "在 2 秒内没有响应"),
        (
            "fails",
            "does not run (exit code 127: chromium: error while loading shared libraries: libnss3.so)",
            "无法运行（退出码 127",
        ),
        ("silent", "runs but gives no version", "运行后没有给出版本号"),
    ],
)
def test_a_browser_that_does_not_run_is_told_apart_before_kaleido_starts(
    tmp_path: Path, kind: str, why_en: str, why_zh: str
) -> None:
    path = fake(tmp_path, kind)
    started = time.monotonic()
    problem = probe(str(path), timeout=2)
    assert time.monotonic() - started < 8
    assert isinstance(problem, BrowserBroken)
    en, zh = problem.message("en"), problem.message("zh")
    assert en.startswith("Images (PNG, SVG) and report decks cannot be drawn: the Chromium browser")
    assert f"{path} {why_en}" in en and "bash scripts/install.sh --browser" in en and "restart the dashboard" in en
    assert zh.startswith("无法生成图片") and str(path) in zh and why_zh in zh and "Images" not in zh
    assert leftovers(path) == []


def test_a_browser_that_answers_its_version_passes_the_probe(tmp_path: Path) -> None:
    assert probe(str(fake(tmp_path, "hangs-drawing")), timeout=5) is None


def test_the_debian_chromium_passes_the_probe() -> None:
    from tests.chromium import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    assert probe(CHROMIUM) is None


def test_the_deadline_gives_up_on_work_that_never_ends_and_says_so() -> None:
    started = time.monotonic()
    with pytest.raises(BrowserBroken) as caught:
        browser_check.run_with_deadline(lambda: time.sleep(60), "/usr/bin/chromium", 0.5)
    assert time.monotonic() - started < 3
    assert "did not answer within 0.5 s" in caught.value.message("en")
    with pytest.raises(BrowserBroken, match="stopped right after it started"):
        browser_check.run_with_deadline(lambda: time.sleep(60), "/usr/bin/chromium", 30, alive=lambda: False)
    assert browser_check.run_with_deadline(lambda: 42, "/usr/bin/chromium", 5) == 42
    with pytest.raises(ZeroDivisionError):  # a bug in the work itself is not hidden as a browser problem
        browser_check.run_with_deadline(lambda: 1 / 0, "/usr/bin/chromium", 5)


@pytest.mark.parametrize(
    ("kind", "how", "lang", "says"),
    [
        ("hangs", "path", "en", "did not answer within 3 s"),
        ("hangs-drawing", "path", "zh", "在 3 秒内没有响应"),
        ("dies-drawing", "env", "en", "stopped right after it started"),
        ("fails", "env", "zh", "无法运行（退出码 127"),
    ],
)
def test_export_png_with_a_broken_browser_fails_soon_with_what_to_do(
    tmp_path: Path, kind: str, how: str, lang: str, says: str
) -> None:
    """The command a presenter runs: a fake chromium first on PATH, or named by BROWSER_PATH."""
    browser = fake(tmp_path / "bin", kind)
    env = {k: v for k, v in os.environ.items() if k != "BROWSER_PATH"}
    env["VET_IMAGE_TIMEOUT"] = "3"
    if how == "path":
        env["PATH"] = f"{browser.parent}{os.pathsep}{env.get('PATH', '')}"
    else:
        env["BROWSER_PATH"] = str(browser)
    out = tmp_path / "gd.png"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "metrics", "export", "--province", "CN-GD", "--format", "png", "-o", str(out), "--lang", lang],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # the old behaviour: no answer at all; this only stops the test
    )
    took = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    assert says in done.stderr and str(browser) in done.stderr
    assert "bash scripts/install.sh --browser" in done.stderr
    assert ("Images (PNG, SVG)" in done.stderr) == (lang == "en")
    assert not out.exists()
    assert took < 60, took  # computing the report takes most of it; the browser at most VET_IMAGE_TIMEOUT twice
    assert leftovers(browser) == []
