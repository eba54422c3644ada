"""Issue 12, items 10 and 12: a milestone id that has reports cannot be renamed or deleted, and two
planners adding the same new id in different files cannot both succeed."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import pytest

import metrics.intake.editing as editing
from metrics.intake.editing import EditContext, SaveRefused, add_milestone, check_text, edit_context, open_file, save_file
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from tests.tmp_data import copy_data, fingerprint
from tests.unit.test_editing import FORM

USED = "teachers-double-qualified-share"  # a milestone of teachers.yaml with demo reports


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, EditContext, int]:
    config, problems = load_config(copy_data(tmp_path))
    assert problems == []
    reports = load_dataset(config).reports
    used = int((reports["milestone"] == USED).sum())
    assert used > 0
    return tmp_path / "data", edit_context(config, reports), used


def test_renaming_an_id_that_has_reports_is_refused_with_a_located_count(setup: tuple[Path, EditContext, int]) -> None:
    folder, context, used = setup
    path = folder / "milestones/teachers.yaml"
    opened = open_file(path)
    line = next(n for n, text in enumerate(opened.text.splitlines(), start=1) if f"id: {USED}" in text)
    renamed = opened.text.replace(f"id: {USED}", f"id: {USED}-v2", 1)
    before = fingerprint(folder)
    with pytest.raises(SaveRefused) as refused:
        save_file(opened, renamed, context)
    assert [(p.line, p.field, p.message) for p in refused.value.problems] == [
        (
            line,
            "id",
            (
                f"milestone id '{USED}' is used by {used} report(s); renaming or deleting it would hide them from every view "
                "(expected the id kept: change its title or other fields instead)"
            ),
        )
    ]
    assert refused.value.problems[0].path.endswith("data/milestones/teachers.yaml")
    assert fingerprint(folder) == before
    # The editor shows the same problem live, before any save.
    live = check_text(path, renamed, context, previous=opened.text)
    assert [p.message for p in live.problems if p.field == "id"] == [refused.value.problems[0].message]


def test_deleting_an_id_that_has_reports_is_refused(setup: tuple[Path, EditContext, int]) -> None:
    folder, context, used = setup
    opened = open_file(folder / "milestones/teachers.yaml")
    lines = opened.text.splitlines(keepends=True)
    start = next(n for n, text in enumerate(lines) if f"id: {USED}" in text)
    end = next(n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("- id:"))
    with pytest.raises(SaveRefused, match=f"used by {used} report"):
        save_file(opened, "".join(lines[:start] + lines[end:]), context)


def test_an_id_without_reports_may_still_be_renamed(setup: tuple[Path, EditContext, int]) -> None:
    folder, context, _ = setup
    opened = open_file(folder / "milestones/teachers.yaml")
    save_file(opened, add_milestone(opened, FORM, context).text, context)
    opened = open_file(opened.path)
    save_file(opened, opened.text.replace("id: teachers-new-workshops", "id: teachers-workshops", 1), context)
    assert "id: teachers-workshops" in opened.path.read_text()


def test_two_planners_adding_the_same_id_in_different_files_cannot_both_save(
    setup: tuple[Path, EditContext, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, context, _ = setup
    files = [folder / "milestones/teachers.yaml", folder / "milestones/apprenticeship.yaml"]
    assert all(f.exists() for f in files)
    # Each planner's check waits for the other's (2 s at most): without a lock around check and
    # write, both checks see no duplicate on disk and both saves go through.
    barrier = threading.Barrier(2)
    real_check = editing.check_text

    def slow_check(*args: object, **kwargs: object) -> editing.TextCheck:
        result = real_check(*args, **kwargs)  # type: ignore[arg-type]
        with contextlib.suppress(threading.BrokenBarrierError):  # the other planner is held by the lock
            barrier.wait(timeout=2)
        return result

    monkeypatch.setattr(editing, "check_text", slow_check)
    outcomes: dict[str, str] = {}

    def plan(path: Path) -> None:
        opened = open_file(path)
        text = add_milestone(opened, FORM, context).text
        try:
            save_file(opened, text, context)
            outcomes[path.name] = "saved"
        except SaveRefused as exc:
            outcomes[path.name] = str(exc)

    threads = [threading.Thread(target=plan, args=(f,)) for f in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o == "saved" for o in outcomes.values()) == [False, True], outcomes
    refused = next(o for o in outcomes.values() if o != "saved")
    assert "duplicate milestone id 'teachers-new-workshops'" in refused
    on_disk = [f.read_text().count("id: teachers-new-workshops") for f in files]
    assert sorted(on_disk) == [0, 1]


def _plan_in_process(path: str, context: EditContext, barrier: object, results: object) -> None:
    """One planner in its own process: add FORM's milestone to ``path``; report "saved" or the refusal."""
    real_check = editing.check_text

    def slow_check(*args: object, **kwargs: object) -> editing.TextCheck:
        result = real_check(*args, **kwargs)  # type: ignore[arg-type]
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=2)  # type: ignore[attr-defined]
        return result

    editing.check_text = slow_check  # type: ignore[assignment]  # this child process only
    opened = open_file(Path(path))
    try:
        save_file(opened, add_milestone(opened, FORM, context).text, context)
        results.put((Path(path).name, "saved"))  # type: ignore[attr-defined]
    except SaveRefused as exc:
        results.put((Path(path).name, str(exc)))  # type: ignore[attr-defined]


def test_two_planners_in_two_processes_cannot_both_save_the_same_new_id(setup: tuple[Path, EditContext, int]) -> None:
    import multiprocessing

    folder, context, _ = setup
    files = [folder / "milestones/teachers.yaml", folder / "milestones/apprenticeship.yaml"]
    spawn = multiprocessing.get_context("fork")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    workers = [spawn.Process(target=_plan_in_process, args=(str(f), context, barrier, results)) for f in files]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(30)
    assert sorted(o == "saved" for o in outcomes.values()) == [False, True], outcomes
    assert sorted(f.read_text().count("id: teachers-new-workshops") for f in files) == [0, 1]
