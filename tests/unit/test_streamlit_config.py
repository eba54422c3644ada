"""Settings in .streamlit/config.toml that visitors see."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_toolbar_shows_no_developer_options_such_as_deploy() -> None:
    """Issue 13, item 10: Streamlit's English "Deploy" button was shown to every user."""
    settings = tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["toolbarMode"] == "viewer"
