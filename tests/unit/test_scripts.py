"""The two commands of the README install what the dashboard's buttons need."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_start_installs_the_browser_and_fonts_the_image_buttons_need() -> None:
    """Issue 13, item 9: `bash scripts/start.sh` on a fresh machine installed neither chromium nor the CJK fonts."""
    lines = [line.strip() for line in (ROOT / "scripts/start.sh").read_text().splitlines() if not line.lstrip().startswith("#")]
    assert "bash scripts/install.sh --browser" in lines
    install = (ROOT / "scripts/install.sh").read_text()
    assert "chromium" in install and "fonts-noto-cjk" in install
