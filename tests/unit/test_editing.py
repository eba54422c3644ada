"""Milestone editing: located checks of unsaved text, diff, history, the changed-on-disk refusal, the form."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from metrics.intake.editing import (
    ChangedOnDisk,
    EditContext,
    SaveRefused,
    add_milestone,
    check_text,
    diff_text,
    edit_context,
    history_versions,
    insert_milestone,
    open_file,
    save_file,
)
from metrics.load.config import load_config
from metrics.load.milestones import load_milestones, milestone_files
from tests.tmp_data import copy_data, fingerprint

ASSUMED = {"basis": "assumption", "note_en": "Assumed by the test", "note_zh": "测试假设"}
FORM = {
    "id": "teachers-new-workshops",
    "title_en": 'Teacher workshops: "hands-on"',
    "title_zh": "教师实践工作坊",
    "applies_to": ["CN-GD"],
    "document": "opinions-2022",
    "clause": "II.4",
    "quote_en": "Strengthen teacher training",
    "quote_zh": "加强教师培训",
    "zh_origin": "translated",
    "evidence_en": "The workshop list",
    "evidence_zh": "工作坊名单",
    "kind": "number",
    "unit": "count",
    "direction": "up",
    "cumulative": True,
    "baseline_date": dt.date(2023, 12, 31),
    "baseline_value": "10",
    "baseline_basis": {"basis": "document"},
    "checkpoints": [{"date": dt.date(2024, 12, 31), "value": "20", "basis": ASSUMED}],
    "target_date": dt.date(2025, 12, 31),
    "target_value": "30",
    "target_basis": ASSUMED,
    "responsible": [{"en": "MoE", "zh": "教育部"}],
}


def line_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of ``needle``, so tests follow the bundled files."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, EditContext]:
    config, problems = load_config(copy_data(tmp_path))
    assert problems == []
    return tmp_path / "data", edit_context(config)


def test_unsaved_text_is_checked_with_problems_located_in_it(data: tuple[Path, EditContext]) -> None:
    folder, context = data
    opened = open_file(folder / "milestones/teachers.yaml")
    line, column = line_of(opened.text, "value: 50")  # the first milestone's target
    check = check_text(opened.path, opened.text.replace("value: 50", "value: sixty", 1), context)
    assert not check.ok
    assert [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in check.problems] == [
        f"{line}:{column + len('value: ')}: target.value: 'sixty' is text (expected a number)"
    ]
    assert check.problems[0].path.endswith("data/milestones/teachers.yaml")
    assert "teachers-double-qualified-share" not in check.milestones


def test_a_duplicate_id_of_another_file_is_a_problem(data: tuple[Path, EditContext]) -> None:
    folder, context = data
    opened = open_file(folder / "milestones/teachers.yaml")
    text = opened.text.replace("- id: teachers-enterprise-practice", "- id: apprenticeship-system", 1)
    messages = [p.message for p in check_text(opened.path, text, context).problems]
    assert len(messages) == 1 and messages[0].startswith("duplicate milestone id 'apprenticeship-system' (first defined at ")


def test_diff_shows_the_changed_line() -> None:
    diff = diff_text("a\nb\n", "a\nc\n", "f.yaml")
    assert "-b\n+c\n" in diff and "f.yaml (saved)" in diff
    assert diff_text("a\n", "a\n", "f.yaml") == ""


def test_save_keeps_the_previous_version_in_history(data: tuple[Path, EditContext]) -> None:
    folder, context = data
    path = folder / "milestones/teachers.yaml"
    opened = open_file(path)
    edited = opened.text.replace("value: 80", "value: 85", 1)
    saved = save_file(opened, edited, context, now=dt.datetime(2026, 11, 23, 10, 0, 0))
    assert path.read_text() == edited
    assert saved.history_copy is not None and saved.history_copy.read_text() == opened.text
    assert history_versions(path, context) == [saved.history_copy]
    # The history folder is not loaded as milestones.
    assert all(".history" not in str(p) for p in milestone_files(folder / "milestones"))


def test_invalid_text_is_refused_and_nothing_changes(data: tuple[Path, EditContext]) -> None:
    folder, context = data
    before = fingerprint(folder)
    opened = open_file(folder / "milestones/teachers.yaml")
    with pytest.raises(SaveRefused) as refused:
        edited = opened.text.replace("date: 2022-12-31", "date: March 2025", 1)
        assert edited != opened.text
        save_file(opened, edited, context)
    assert [p.message for p in refused.value.problems] == ["'March 2025' is not a date (expected YYYY-MM-DD)"]
    assert fingerprint(folder) == before


def test_a_file_changed_since_it_was_opened_is_refused_with_both_versions(data: tuple[Path, EditContext]) -> None:
    folder, context = data
    path = folder / "milestones/teachers.yaml"
    mine, theirs = open_file(path), open_file(path)
    their_text = theirs.text.replace("value: 80", "value: 90", 1)
    save_file(theirs, their_text, context)
    before = fingerprint(folder)
    with pytest.raises(ChangedOnDisk) as refused:
        save_file(mine, mine.text.replace("value: 80", "value: 70", 1), context)
    assert refused.value.on_disk == their_text and refused.value.opened == mine.text
    assert str(refused.value).endswith(
        "changed on disk since it was opened (expected the version you opened; "
        "copy your edits, reload the file and apply them again)"
    )
    assert fingerprint(folder) == before


def test_a_crash_during_save_leaves_the_old_file_intact(data: tuple[Path, EditContext], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, context = data
    path = folder / "milestones/teachers.yaml"
    opened = open_file(path)

    def crash(src: object, dst: object) -> None:
        raise OSError("killed between write and rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_file(opened, opened.text.replace("value: 80", "value: 85", 1), context)
    assert path.read_text() == opened.text
    assert not list(path.parent.glob("*.tmp")) and not list(path.parent.glob(".*.tmp"))


def test_a_new_milestone_is_appended_keeping_comments_and_order(data: tuple[Path, EditContext]) -> None:
    folder, context = data
    opened = open_file(folder / "milestones/teachers.yaml")
    added = add_milestone(opened, FORM, context)
    assert added.check.ok, added.check.problems
    assert added.text.startswith(opened.text)  # every existing byte kept, comments included
    assert list(added.check.milestones)[-1] == "teachers-new-workshops"
    new = added.check.milestones["teachers-new-workshops"]
    assert new.title == {"en": 'Teacher workshops: "hands-on"', "zh": "教师实践工作坊"}
    assert new.measure.cumulative and new.plan.target.value == 30.0 and new.plan.basis == "assumption"
    assert new.plan.baseline.basis.kind == "document" and new.plan.target.basis.note == {
        "en": "Assumed by the test",
        "zh": "测试假设",
    }
    assert new.applies_to == frozenset({"CN-GD"}) and new.quote.zh == "加强教师培训"
    save_file(opened, added.text, context)
    reloaded = load_milestones(milestone_files(folder / "milestones"), context.refs)
    assert reloaded.problems == [] and "teachers-new-workshops" in reloaded.milestones


def test_a_new_milestone_goes_inside_the_list_when_another_key_follows() -> None:
    text = "milestones:\n    - id: a\n      x: 1\n\n# the family\nfamily:\n  id: f\n"
    out = insert_milestone(text, {**FORM, "kind": "stage", "ladder": "policy"})
    assert out.index("- id: teachers-new-workshops") < out.index("# the family")
    assert "\n    - id: teachers-new-workshops\n      title:" in out  # the file's own indent


def test_an_invalid_form_gives_located_problems(data: tuple[Path, EditContext]) -> None:
    folder, context = data
    opened = open_file(folder / "milestones/teachers.yaml")
    added = add_milestone(opened, {**FORM, "target_date": dt.date(2022, 1, 1), "checkpoints": []}, context)
    assert [p.message for p in added.check.problems] == [
        "2022-01-01 is not after the baseline date 2023-12-31 (expected the target date after the baseline)"
    ]
