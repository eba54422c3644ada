"""The per-user draft store behind the milestone editor (metrics/intake/drafts.py)."""

from __future__ import annotations

import threading
from pathlib import Path

from metrics.intake.drafts import MAX_DRAFT_BYTES, DraftStore, drafts_folder


def test_drafts_are_kept_per_user_and_file_and_dropped(tmp_path: Path) -> None:
    store = DraftStore(drafts_folder(tmp_path / ".secrets" / "users.yaml"))
    assert store.folder == tmp_path / ".secrets" / "drafts"
    store.put("ana", "teachers.yaml", "new", "old", "abc")
    store.put("ana", "apprenticeship.yaml", "new 2", "old 2", "def")
    store.put("bo", "teachers.yaml", "bo's", "old", "abc")
    kept = store.get("ana", "teachers.yaml")
    assert kept is not None and (kept.text, kept.base_text, kept.base_sha256) == ("new", "old", "abc")
    assert store.get("bo", "teachers.yaml").text == "bo's"  # type: ignore[union-attr]
    store.drop("ana", "teachers.yaml")
    assert store.get("ana", "teachers.yaml") is None and store.get("ana", "apprenticeship.yaml") is not None
    assert store.folder.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in store.folder.glob("*.json")} == {0o600}
    assert not [p for p in store.folder.iterdir() if "ana" in p.name or p.name.endswith(".tmp")]


def test_user_names_of_any_shape_make_safe_file_names(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    for name in ("../../etc/passwd", "a/b", "名字", "x" * 500, ""):
        store.put(name, "f.yaml", name, "", "")
        assert store.get(name, "f.yaml").text == name  # type: ignore[union-attr]
    assert all(p.parent == tmp_path / "drafts" for p in (tmp_path / "drafts").iterdir())


def test_a_too_large_draft_is_not_kept_and_a_damaged_file_reads_as_none(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    assert store.put("ana", "f.yaml", "x" * (MAX_DRAFT_BYTES + 1), "", "") is None
    assert store.get("ana", "f.yaml") is None
    store.put("ana", "f.yaml", "text", "", "")
    (only,) = (tmp_path / "drafts").glob("*.json")
    only.write_text("{not json")
    assert store.get("ana", "f.yaml") is None
    store.put("ana", "f.yaml", "again", "", "")  # a damaged file is replaced, not a reason to fail
    assert store.get("ana", "f.yaml").text == "again"  # type: ignore[union-attr]


def test_two_tabs_writing_at_once_lose_neither_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    files = [f"file{i}.yaml" for i in range(20)]
    threads = [threading.Thread(target=store.put, args=("ana", f, f"text of {f}", "", "")) for f in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(store.get("ana", f).text == f"text of {f}" for f in files)  # type: ignore[union-attr]
