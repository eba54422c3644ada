"""AppTest helpers: run the dashboard with query parameters, on the bundled data or a copy of it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
AS_OF = "2026-11-23"  # fixed, so results do not drift with today's date


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    params.setdefault("as_of", AS_OF)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def figures(at: AppTest) -> list[dict]:
    """The plotly figures on the page, as JSON."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def page_text(at: AppTest) -> str:
    """All visible text of markdown-like elements, titles, captions, alerts and code blocks."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success", "code", "text"):
        parts += [str(el.value) for el in at.get(kind)]
    return "\n".join(parts)


@pytest.fixture
def app() -> Callable[..., AppTest]:
    return run_app


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of config.yaml and data/ in a temporary folder, which the app is pointed at."""
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("VET_DASHBOARD_CONFIG", str(tmp_path / "config.yaml"))
    return tmp_path
