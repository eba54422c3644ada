"""The audit log: one JSON object per line, only ever appended, whole lines even from many threads."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

from metrics.access.audit import MAX_DIFF_CHARS, append_event, events_frame, milestone_save_event, read_events, upload_event
from metrics.files.excel_safe import excel_safe_frame

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def test_events_are_appended_and_earlier_bytes_never_change(tmp_path: Path) -> None:
    path = tmp_path / "audit" / "audit.jsonl"
    append_event(path, upload_event("gd", "a.csv", 2, ["CN-GD"], ["m"], "广东.xlsx", "ab", 0, NOW))
    first = path.read_bytes()
    append_event(path, milestone_save_event("planner", "teachers.yaml", "-a\n+b\n", "teachers.1.yaml", NOW))
    assert path.read_bytes().startswith(first)
    events, problems = read_events(path)
    assert problems == []
    assert [(e["user"], e["action"], e["file"]) for e in events] == [
        ("gd", "upload", "a.csv"),
        ("planner", "milestone_save", "teachers.yaml"),
    ]
    assert events[0]["at"] == "2026-11-23T10:00:00+00:00" and events[0]["original_name"] == "广东.xlsx"
    assert events[1]["diff"] == "-a\n+b\n"


def test_concurrent_appends_from_threads_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    big = "x" * 100_000  # far beyond PIPE_BUF: whole lines thanks to the lock and the single write

    def writer(n: int) -> None:
        for i in range(25):
            append_event(path, {"writer": n, "i": i, "padding": big})

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    events = [json.loads(line) for line in lines[:-1]]
    assert len(events) == 200
    assert sorted((e["writer"], e["i"]) for e in events) == [(n, i) for n in range(8) for i in range(25)]


def test_a_damaged_line_is_a_located_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    append_event(path, {"user": "a", "action": "upload"})
    with open(path, "ab") as handle:
        handle.write(b'{"torn": \n[1, 2]\n')
    append_event(path, {"user": "b", "action": "upload"})
    events, problems = read_events(path)
    assert [e["user"] for e in events] == ["a", "b"]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [(2, "not a JSON object"), (3, "not a JSON object")]


def test_a_huge_diff_is_cut(tmp_path: Path) -> None:
    event = milestone_save_event("p", "f.yaml", "+" * (MAX_DIFF_CHARS + 10), "")
    assert len(event["diff"]) < MAX_DIFF_CHARS + 100 and event["diff"].endswith("[... diff cut ...]")


def test_the_export_is_newest_first_and_excel_safe(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    append_event(path, upload_event("gd", "a.csv", 2, ["CN-GD"], ["m"], "=cmd|' /C calc'!A0.csv", "ab", 0, NOW))
    append_event(path, milestone_save_event('=HYPERLINK("x")', "t.yaml", "+<script>alert(1)</script>", "", NOW))
    frame = events_frame(read_events(path)[0])
    assert list(frame["action"]) == ["milestone_save", "upload"]
    csv = excel_safe_frame(frame).to_csv(index=False)
    assert "'=cmd|" in csv and "'=HYPERLINK" in csv
    assert ",=" not in csv


def test_nothing_in_metrics_opens_the_log_to_rewrite_it() -> None:
    source = (Path(__file__).resolve().parents[2] / "metrics" / "access" / "audit.py").read_text()
    assert "O_TRUNC" not in source and '"w"' not in source and "write_text" not in source and "O_APPEND" in source
