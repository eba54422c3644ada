"""config.yaml: located errors for bad settings, defaults for the rest, every key documented."""

from __future__ import annotations

import re

from metrics.load.config import load_config
from tests.conftest import ROOT


def test_bundled_config_loads_without_problems() -> None:
    config, problems = load_config(ROOT / "config.yaml")
    assert problems == []
    assert config.milestones == ROOT / "data" / "milestones"
    assert config.language == "zh"
    assert config.as_of is None  # "today"


def test_bad_settings_get_located_errors_and_fall_back_to_defaults(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "data:\n  milestones: data/milestones\n"
        "as_of: 23/11/2026\n"
        "language: fr\n"
        "status:\n  on_track_tolerance: lots\n  stale_after_day: 90\n",
        encoding="utf-8",
    )
    config, problems = load_config(path)
    assert [str(p).replace(str(path), "config.yaml") for p in problems] == [
        "config.yaml:3:8: as_of: '23/11/2026' is not a date (expected YYYY-MM-DD)",
        "config.yaml:4:11: language: 'fr' is not allowed (expected one of zh, en)",
        "config.yaml:6:23: status.on_track_tolerance: 'lots' is text (expected a number)",
        "config.yaml:7:3: status.stale_after_day: unknown field (did you mean 'stale_after_days'?)",
    ]
    assert config.status.on_track_tolerance == 0.05
    assert config.language == "zh"


def test_a_missing_config_is_an_error_not_silent_defaults(tmp_path) -> None:
    _, problems = load_config(tmp_path / "config.yaml")
    assert len(problems) == 1
    assert "config file not found" in problems[0].message


def test_every_config_key_has_a_comment_with_its_default() -> None:
    for number, line in enumerate((ROOT / "config.yaml").read_text(encoding="utf-8").splitlines(), 1):
        if re.match(r"\s*[a-z_]+:\s*\S", line):
            assert re.search(r"#.*\[.*\]", line), f"config.yaml:{number}: key without a comment giving its [default]"
