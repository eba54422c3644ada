"""Issue 12, item 7: when the sign-in settings cannot be read, nobody views without signing in, and the
page says why in the visitor's language. A broken config.yaml used to fall back to allow_anonymous: true."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.load.config import load_config
from tests.app.conftest import ROOT, run_app

SAYS = {"en": "could not be read", "zh": "无法读取"}


def _broken(text: str, how: str) -> str:
    """config.yaml with anonymous viewing off and one mistake of the kind ``how`` names."""
    text = text.replace("allow_anonymous: true", "allow_anonymous: false", 1)
    if how == "typo":
        return text.replace("allow_anonymous: false", "allow_anonymous: flase", 1)
    if how == "tab":  # anywhere in the file: here in the status section, far from auth
        return text.replace("  on_track_tolerance:", "\ton_track_tolerance:", 1)
    if how == "quote":
        return text.replace("language: zh", 'language: "zh', 1)
    if how == "auth-not-a-mapping":
        return text.split("\nauth:")[0] + "\nauth: flase\n"
    if how == "auth-misspelt":
        return text.replace("\nauth:", "\nauht:", 1)
    raise ValueError(how)


HOW = ["typo", "tab", "quote", "auth-not-a-mapping", "auth-misspelt"]


@pytest.mark.parametrize("how", HOW)
def test_a_broken_config_reads_as_anonymous_viewing_off(tmp_path: Path, how: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(_broken((ROOT / "config.yaml").read_text(), how))
    config, problems = load_config(path)
    assert problems
    assert (config.auth.allow_anonymous, config.auth.unreadable) == (False, True)


def test_a_mistake_outside_the_auth_settings_leaves_them_as_written(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text((ROOT / "config.yaml").read_text().replace("stale_after_days: 200", "stale_after_days: lots", 1))
    config, problems = load_config(path)
    assert problems and (config.auth.allow_anonymous, config.auth.unreadable) == (True, False)


@pytest.mark.parametrize(("how", "lang"), [(h, "en") for h in HOW] + [("tab", "zh")])
def test_anonymous_visitors_see_nothing_when_the_config_is_broken(data_copy: Path, how: str, lang: str) -> None:
    config = data_copy / "config.yaml"
    config.write_text(_broken(config.read_text(), how))
    at = run_app(lang=lang)
    assert not at.exception, at.exception
    assert not at.title and not at.get("plotly_chart") and not at.dataframe
    assert any(SAYS[lang] in e.value for e in at.error), [e.value for e in at.error]


def test_presentation_mode_is_closed_too(data_copy: Path) -> None:
    config = data_copy / "config.yaml"
    config.write_text(_broken(config.read_text(), "quote"))
    at = run_app(lang="en", present="1")
    assert not at.exception, at.exception
    assert not at.get("plotly_chart") and not at.title
