"""Issue 12, item 18: messages name the planner's file, never a deleted temporary one; atomic
replacement keeps a file's mode, and new data files are 0644."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

import pytest

from metrics.files.atomic import create_atomic, write_atomic
from metrics.intake.editing import add_milestone, edit_context, open_file, save_file
from metrics.load.config import load_config
from tests.tmp_data import copy_data
from tests.unit.test_editing import FORM


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_forms_duplicate_id_message_names_the_real_file_not_a_temporary_one(tmp_path: Path) -> None:
    config, _ = load_config(copy_data(tmp_path))
    context = edit_context(config)
    opened = open_file(config.milestones / "teachers.yaml")
    added = add_milestone(opened, {**FORM, "id": "teachers-enterprise-practice"}, context)  # already in this file
    messages = [p.message for p in added.check.problems]
    assert any("duplicate milestone id" in m for m in messages), messages
    for where in (m.group(1) for message in messages for m in re.finditer(r"first defined at (.+?):\d+", message)):
        assert Path(where).resolve() == opened.path.resolve(), messages


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600])
def test_write_atomic_keeps_the_replaced_files_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "file.yaml"
    target.write_text("old")
    os.chmod(target, mode)
    write_atomic(target, b"new")
    assert (target.read_bytes(), oct(_mode(target))) == (b"new", oct(mode))


def test_new_data_files_are_0644_and_an_explicit_mode_is_used_from_the_start(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.yaml", b"x")
        create_atomic(tmp_path / "report.csv", b"x")
        write_atomic(tmp_path / "secret.yaml", b"x", mode=0o600)
    finally:
        os.umask(old)
    assert {p.name: oct(_mode(p)) for p in tmp_path.iterdir()} == {
        "new.yaml": "0o644",
        "report.csv": "0o644",
        "secret.yaml": "0o600",
    }


def test_saving_a_milestone_file_keeps_its_mode(tmp_path: Path) -> None:
    config, _ = load_config(copy_data(tmp_path))
    context = edit_context(config)
    path = config.milestones / "teachers.yaml"
    os.chmod(path, 0o644)
    opened = open_file(path)
    saved = save_file(opened, opened.text + "\n# a comment\n", context)
    assert oct(_mode(path)) == "0o644"
    assert saved.history_copy is not None and oct(_mode(saved.history_copy)) == "0o644"


def test_an_accept_refusal_names_the_report_file_not_the_temporary_probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import metrics.load.reports
    from metrics.domain.problems import Problem
    from metrics.intake.upload import AcceptRefused, accept, read_upload, upload_context
    from metrics.load.dataset import load_dataset

    config, _ = load_config(copy_data(tmp_path))
    context = upload_context(load_dataset(config))
    raw = b"province,milestone,as_of,value,source\nCN-GD,teachers-double-qualified-share,2026-06-30,58.2,Bulletin\n"
    result = read_upload("gd.csv", raw, context)

    def unreadable(path: Path, *args: object, **kwargs: object) -> tuple[list[object], list[Problem]]:
        return [], [Problem(str(path), 2, 4, "value", f"cannot be read back from {path}")]  # what a loader would name

    monkeypatch.setattr(metrics.load.reports, "load_report_file", unreadable)
    with pytest.raises(AcceptRefused) as refused:
        accept(result, config.progress[0], "gd", context)
    assert "read back" in str(refused.value)
    assert tempfile.gettempdir() + "/tmp" not in str(refused.value), str(refused.value)
