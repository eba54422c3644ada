"""Atomic writes: a crash between writing and renaming leaves the old file whole; no file is replaced by create."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from metrics.files.atomic import create_atomic, write_atomic


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "file.yaml"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["file.yaml"]


def test_a_crash_between_write_and_rename_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.yaml"
    target.write_text("old")

    def crash(src: object, dst: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="power cut"):
        write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.yaml"]


def test_the_data_reaches_the_disk_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    write_atomic(tmp_path / "f", b"x")
    assert calls == ["fsync", "replace", "fsync"]  # file, rename, then the folder


def test_create_atomic_never_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    create_atomic(target, b"first")
    with pytest.raises(FileExistsError):
        create_atomic(target, b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]
