"""config.yaml: located errors for bad settings, defaults for the rest, every key documented."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from metrics.load.config import Config, load_config
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


def _last_bracketed(comment: str) -> str:
    """The text in the comment's last [...] group, nested brackets kept: "[[data/progress]]" gives "[data/progress]"."""
    end = comment.rstrip().rindex("]")
    depth = 0
    for start in range(end, -1, -1):
        depth += {"]": 1, "[": -1}.get(comment[start], 0)
        if depth == 0:
            return comment[start + 1 : end]
    raise AssertionError(f"unbalanced brackets in {comment!r}")


def documented_defaults() -> list[tuple[int, str, str, str]]:
    """(line, section, key, default) for every key of config.yaml; section "" for a top-level key."""
    found = []
    section = ""
    for number, line in enumerate((ROOT / "config.yaml").read_text(encoding="utf-8").splitlines(), 1):
        if key_line := re.match(r"(\s*)([a-z_]+):\s*\S", line):  # as in the test above
            indent, key = key_line.groups()
            found.append((number, section if indent else "", key, _last_bracketed(line.split("#", 1)[1])))
        elif section_line := re.match(r"([a-z_]+):\s*$", line):
            section = section_line[1]
    return found


def _meaning(path: Path) -> Config:
    """The settings a file gives, with the auth paths left out (None) resolved to the paths they stand for."""
    config, problems = load_config(path)
    assert problems == [], [str(p) for p in problems]
    auth = replace(config.auth, credentials=config.auth.credentials_path, audit_log=config.auth.audit_path)
    return replace(config, auth=auth)


def test_the_defaults_config_yaml_documents_are_the_code_s_defaults(tmp_path) -> None:
    """Setting a key to the default its comment gives changes nothing against leaving the key out."""
    documented = documented_defaults()
    assert len(documented) >= 37  # the 37 keys of November 2026, and any added since
    path = tmp_path / "config.yaml"
    path.write_text("data: {}\n", encoding="utf-8")
    without = _meaning(path)
    for number, section, key, default in documented:
        setting = f"{key}: {default}\n"
        text = (
            f"data: {{}}\n{setting}" if not section else ("" if section == "data" else "data: {}\n") + f"{section}:\n  {setting}"
        )
        path.write_text(text, encoding="utf-8")
        assert _meaning(path) == without, (
            f"config.yaml:{number}: {section}.{key} documents [{default}], the code's default differs"
        )
