"""Shared fixtures: the bundled data loaded once, at a fixed as-of date so results never drift."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest

from metrics.load.config import Config, load_config
from metrics.load.dataset import Dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"
AS_OF = dt.date(2026, 11, 23)  # the date the bundled demo data was generated up to

# Problem paths are shown relative to the working directory; run every test from the repo root.
os.chdir(ROOT)


@pytest.fixture(scope="session")
def config() -> Config:
    config, problems = load_config(ROOT / "config.yaml")
    assert problems == []
    return replace(config, as_of=AS_OF)


@pytest.fixture(scope="session")
def bundled(config: Config) -> Dataset:
    return load_dataset(config)
