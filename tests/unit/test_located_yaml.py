"""Located YAML: positions of values, and the same result from libyaml and the guarded pure-Python parser."""

from __future__ import annotations

from metrics.files import located_yaml
from metrics.files.located_yaml import load_located_yaml
from tests.conftest import ROOT, TEST_DATA


def test_values_know_their_line_and_column() -> None:
    data, problems = load_located_yaml(TEST_DATA / "valid" / "milestone.yaml")
    assert problems == []
    milestone = data["milestones"][0]
    assert data["milestones"].pos(0) == (5, 5)
    assert milestone.pos("target") == (16, 13)
    assert milestone["target"].pos("date") == (16, 20)
    assert milestone.key_pos("target") == (16, 5)


def test_libyaml_and_pure_python_paths_give_the_same_data_and_positions(monkeypatch) -> None:
    def positions(value):
        if isinstance(value, dict):
            return {k: (value.pos(k), positions(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [(value.pos(i), positions(v)) for i, v in enumerate(value)]
        return value

    for path in sorted((ROOT / "data" / "milestones").glob("*.yaml")):
        fast, _ = load_located_yaml(path)
        monkeypatch.setattr(located_yaml, "_FastLocatingLoader", None)
        slow, _ = load_located_yaml(path)
        monkeypatch.undo()
        assert positions(fast) == positions(slow), path.name


def test_deeply_indented_files_skip_libyaml() -> None:
    assert located_yaml._nesting_bound("a:\n  b:\n    c: [1, {d: 2}]\n") == 2 * 5 + 2
    assert located_yaml._nesting_bound("x: " + "[" * 40) > 40
