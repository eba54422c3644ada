"""The Parquet cache of checked report files: a hit gives exactly what checking the CSV gives, and
anything the checks depend on changing is a miss."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from metrics.load import report_cache
from metrics.load.config import load_config
from metrics.load.reports import ReportContext, load_report_file, province_aliases

HEADER = "province,milestone,as_of,value,reported_at,source,note\n"
ROWS = (
    'CN-GD,teachers-double-qualified-share,2024-06-30,58.1,2024-07-15,ok,"a, quoted\nnote"\n'
    "CN-GD,teachers-double-qualified-share,2024-09-30,lots,2024-10-15,bad,\n"
    "广东省,teachers-double-qualified-share,2024-09-30,61,2024-10-16,ok,=1+1\n"
    "CN-JS,teachers-double-qualified-share,2019-06-30,40,2019-07-01,before baseline,\n"
)


@pytest.fixture(autouse=True)
def cache_every_file(monkeypatch) -> None:
    monkeypatch.setattr(report_cache, "MIN_BYTES", 0)


def context(bundled, **changes) -> ReportContext:
    return replace(ReportContext(bundled.milestones, province_aliases(bundled.provinces)), **changes)


def write(path: Path, rows: str = ROWS) -> Path:
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.parquet"))


def test_a_hit_returns_the_same_rows_and_problems_as_checking_the_csv(bundled, tmp_path) -> None:
    csv = write(tmp_path / "r.csv")
    cache = tmp_path / "cache"
    fresh, fresh_problems = load_report_file(csv, context(bundled), demo=True)
    first, first_problems = load_report_file(csv, context(bundled), demo=True, cache=cache)
    assert len(entries(cache)) == 1
    key = report_cache.entry_key(csv, context(bundled), True)
    hit = report_cache.read_entry(cache, csv, key, dt.date.today())
    assert hit is not None
    frame, problems = hit
    pd.testing.assert_frame_equal(frame, fresh)
    pd.testing.assert_frame_equal(first, fresh)
    assert problems == first_problems == fresh_problems
    assert sorted((p.line, p.field) for p in problems) == [(4, "value"), (6, "as_of")]


def test_a_changed_file_is_checked_again_and_its_old_entry_dropped(bundled, tmp_path) -> None:
    csv = write(tmp_path / "r.csv")
    cache = tmp_path / "cache"
    load_report_file(csv, context(bundled), demo=False, cache=cache)
    before = entries(cache)
    with csv.open("a", encoding="utf-8") as handle:
        handle.write("CN-ZJ,teachers-double-qualified-share,2024-09-30,63,2024-10-15,ok,\n")
    os.utime(csv, ns=(csv.stat().st_atime_ns, csv.stat().st_mtime_ns + 1_000_000))
    frame, _ = load_report_file(csv, context(bundled), demo=False, cache=cache)
    assert "CN-ZJ" in frame["province"].tolist()
    after = entries(cache)
    assert len(after) == 1 and after != before


@pytest.mark.parametrize("change", ["milestone removed", "baseline moved", "province names", "limits", "demo"])
def test_a_change_the_checks_depend_on_is_a_miss(bundled, tmp_path, change) -> None:
    csv = write(tmp_path / "r.csv")
    base = context(bundled)
    key = report_cache.entry_key(csv, base, False)
    milestones = dict(bundled.milestones)
    demo = False
    if change == "milestone removed":
        other = context(bundled, milestones={k: v for k, v in milestones.items() if k != "teachers-double-qualified-share"})
    elif change == "baseline moved":
        m = milestones["teachers-double-qualified-share"]
        moved = replace(m.plan, baseline=replace(m.plan.baseline, date=dt.date(2022, 1, 1)))
        other = context(bundled, milestones={**milestones, m.id: replace(m, plan=moved)})
    elif change == "province names":
        other = context(bundled, province_aliases={k: v for k, v in base.province_aliases.items() if k != "广东省"})
    elif change == "limits":
        other = context(bundled, max_problems=3)
    else:
        other, demo = base, True
    assert report_cache.entry_key(csv, other, demo) != key


D = dt.date(2026, 11, 23)
CLEAN = (
    "CN-GD,teachers-double-qualified-share,2024-06-30,58.1,2024-07-15,ok,\n"
    "CN-JS,teachers-double-qualified-share,2024-09-30,61,2024-10-15,ok,\n"
)


def test_an_entry_without_date_problems_serves_later_days_but_not_earlier_ones(bundled, tmp_path) -> None:
    csv = write(tmp_path / "r.csv", CLEAN)
    cache = tmp_path / "cache"
    load_report_file(csv, context(bundled, today=D), demo=False, cache=cache)
    key = report_cache.entry_key(csv, context(bundled), False)
    assert report_cache.read_entry(cache, csv, key, D + dt.timedelta(days=30)) is not None
    assert report_cache.read_entry(cache, csv, key, D - dt.timedelta(days=1)) is None  # the clock went back


def test_a_row_dated_tomorrow_is_refused_today_and_loads_tomorrow(bundled, tmp_path) -> None:
    tomorrow = D + dt.timedelta(days=1)
    csv = write(tmp_path / "r.csv", CLEAN + f"CN-ZJ,teachers-double-qualified-share,{tomorrow},63,{tomorrow},ok,\n")
    cache = tmp_path / "cache"
    today_frame, today_problems = load_report_file(csv, context(bundled, today=D), demo=False, cache=cache)
    assert "CN-ZJ" not in today_frame["province"].tolist()
    assert [(p.line, p.field) for p in today_problems] == [(4, "as_of")]
    key = report_cache.entry_key(csv, context(bundled), False)
    assert report_cache.read_entry(cache, csv, key, tomorrow) is None  # an as_of problem binds the entry to its day
    frame, problems = load_report_file(csv, context(bundled, today=tomorrow), demo=False, cache=cache)
    assert "CN-ZJ" in frame["province"].tolist() and problems == []


def test_a_damaged_entry_falls_back_to_the_csv(bundled, tmp_path) -> None:
    csv = write(tmp_path / "r.csv")
    cache = tmp_path / "cache"
    fresh, fresh_problems = load_report_file(csv, context(bundled), demo=False, cache=cache)
    [entry] = entries(cache)
    entry.write_bytes(b"PAR1 not really parquet")
    frame, problems = load_report_file(csv, context(bundled), demo=False, cache=cache)
    pd.testing.assert_frame_equal(frame, fresh)
    assert problems == fresh_problems


def test_an_unwritable_cache_folder_still_loads_the_file(bundled, tmp_path) -> None:
    csv = write(tmp_path / "r.csv")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    frame, _ = load_report_file(csv, context(bundled), demo=False, cache=blocker)
    assert frame["province"].tolist() == ["CN-GD", "CN-GD"]


def test_small_files_are_not_cached(bundled, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(report_cache, "MIN_BYTES", 10_000)
    csv = write(tmp_path / "r.csv")
    load_report_file(csv, context(bundled), demo=False, cache=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_config_names_the_cache_folder_or_turns_it_off(tmp_path) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text("data:\n  cache: var/cache\n", encoding="utf-8")
    assert load_config(config_file)[0].cache == tmp_path / "var/cache"
    config_file.write_text("data:\n  cache: none\n", encoding="utf-8")
    assert load_config(config_file)[0].cache is None
    config_file.write_text("language: en\n", encoding="utf-8")
    assert load_config(config_file)[0].cache == tmp_path / ".cache/reports"
