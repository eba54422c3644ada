"""What the server keeps per view (app_pages/view_cache.py): the old data's caches are dropped when the data
files change (issue 16, item 4)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.app.conftest import run_app


def _touch(file: Path) -> None:
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_changed_data_file_drops_the_cached_data_of_the_old_files(data_copy: Path) -> None:
    from app_pages.common import config_path, data_signature, load_data, settings

    assert not run_app(page="overview", lang="en").exception
    path = config_path()
    old = data_signature(settings(path)[0], path)
    first = load_data(str(path), old)
    assert load_data(str(path), old) is first  # cached, shared by every session
    _touch(data_copy / "data/demo/demo_reports.csv")
    assert not run_app(page="overview", lang="en").exception
    new = data_signature(settings(path)[0], path)
    assert new != old
    assert load_data(str(path), new) is not first
    assert load_data(str(path), old) is not first  # the old files' dataset was dropped, not kept for an hour
