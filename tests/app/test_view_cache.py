"""What the server keeps per view (app_pages/view_cache.py): re-read when files change, and the old data's
caches dropped when the data files change (issue 16, item 4)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.app.conftest import run_app


def _touch(file: Path) -> None:
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_changed_data_file_drops_the_cached_data_of_the_old_files(data_copy: Path) -> None:
    from app_pages.common import config_path, data_signature, load_data
    from app_pages.view_cache import current_config

    assert not run_app(page="overview", lang="en").exception
    path = config_path()
    old = data_signature(current_config(path), path)
    first = load_data(str(path), old)
    assert load_data(str(path), old) is first  # cached, shared by every session
    _touch(data_copy / "data/demo/demo_reports.csv")
    assert not run_app(page="overview", lang="en").exception
    new = data_signature(current_config(path), path)
    assert new != old
    assert load_data(str(path), new) is not first
    assert load_data(str(path), old) is not first  # the old files' dataset was dropped, not kept for an hour


def test_the_config_is_read_again_only_when_it_changes(data_copy: Path) -> None:
    from app_pages.view_cache import current_config

    path = data_copy / "config.yaml"
    first = current_config(path)
    assert current_config(path) is first
    path.write_text(path.read_text(encoding="utf-8").replace("language: zh", "language: en"), encoding="utf-8")
    changed = current_config(path)
    assert changed is not first and changed.language == "en" and first.language == "zh"
