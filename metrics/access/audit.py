"""The append-only audit log: one JSON object per line for every accepted upload and milestone save.

Each event is written with a single ``write`` on a descriptor opened with ``O_APPEND`` (the kernel
puts every such write at the end, so concurrent writers never overwrite each other), under an
exclusive ``flock`` (so two writers' lines never interleave even past the pipe-size atomicity), and
``fsync``ed before the caller reports success. Nothing here ever opens the log for writing any other
way, truncates or rewrites it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from metrics.domain.messages import msg
from metrics.domain.problems import Problem, ProblemList

MAX_DIFF_CHARS = 200_000  # a diff longer than this is cut (the milestone's history copy keeps the whole file)
COLUMNS = ["at", "user", "action", "file", "rows", "provinces", "original_name", "detail"]


def now_text(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")


def event_text(event: Mapping[str, Any]) -> str:
    """One event as the one line of JSON the log holds (the same text in audit.jsonl and in PostgreSQL)."""
    return json.dumps(dict(event), ensure_ascii=False, separators=(",", ":"), default=str)


def parse_event(raw: bytes | str, number: int, problems: ProblemList) -> dict[str, Any] | None:
    """One line of the log as an event with its ``line``; a damaged line is a located problem and None."""
    try:
        event = json.loads(raw)
    except ValueError as exc:  # a torn last line after a crash, or a hand edit
        problems.add("", msg("problem.audit_not_json_because", error=exc.__class__.__name__), number, 1)
        return None
    if not isinstance(event, dict):
        problems.add("", msg("problem.audit_not_json"), number, 1)
        return None
    event["line"] = number
    return event


def append_event(path: Path, event: Mapping[str, Any]) -> None:
    """Append one event as one line; raises OSError if it could not be made durable."""
    line = (event_text(event) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        view = memoryview(line)
        while view:  # a regular file takes the whole write at once; the loop only guards a short write
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock


def upload_event(
    user: str,
    file: str,
    rows: int,
    provinces: Iterable[str],
    milestones: Iterable[str],
    original_name: str,
    sha256: str,
    rows_left_out: int,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    return {
        "at": now_text(now),
        "user": user,
        "action": "upload",
        "file": file,
        "rows": rows,
        "provinces": sorted(set(provinces)),
        "milestones": sorted(set(milestones)),
        "original_name": original_name,
        "sha256": sha256,
        "rows_left_out": rows_left_out,
    }


def milestone_save_event(user: str, file: str, diff: str, history_copy: str, now: dt.datetime | None = None) -> dict[str, Any]:
    cut = len(diff) > MAX_DIFF_CHARS
    return {
        "at": now_text(now),
        "user": user,
        "action": "milestone_save",
        "file": file,
        "diff": diff[:MAX_DIFF_CHARS] + ("\n[... diff cut ...]" if cut else ""),
        "history_copy": history_copy,
    }


def users_event(
    user: str, action: str, name: str, roles: Iterable[str] = (), provinces: Iterable[str] = (), now: dt.datetime | None = None
) -> dict[str, Any]:
    """``users add|passwd|remove`` from the command line (never a password or hash)."""
    return {
        "at": now_text(now),
        "user": user,
        "action": "users_" + action,
        "file": "",
        "target": name,
        "roles": sorted(roles),
        "provinces": sorted(provinces),
    }


def read_events(path: Path, limit: int = 100_000) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The newest ``limit`` events; a damaged line is a located problem and is skipped."""
    problems = ProblemList(path)
    events: list[dict[str, Any]] = []
    if not path.exists():
        return events, []
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            event = parse_event(raw, number, problems)
            if event is None:
                continue
            events.append(event)
            if len(events) > limit:
                events.pop(0)
    return events, list(problems)


def events_frame(events: list[dict[str, Any]]) -> pd.DataFrame:
    """Events as a table, newest first; ``detail`` holds what varies by action (the diff, the target user)."""
    rows = []
    for e in events:
        detail = e.get("diff") or (
            f"{e.get('target', '')} {','.join(e.get('roles', []))} {','.join(e.get('provinces', []))}".strip()
            if str(e.get("action", "")).startswith("users_")
            else f"sha256 {e.get('sha256', '')}"
        )
        rows.append(
            {
                "at": str(e.get("at", "")),
                "user": str(e.get("user", "")),
                "action": str(e.get("action", "")),
                "file": str(e.get("file", "")),
                "rows": e.get("rows"),
                "provinces": ",".join(str(p) for p in e.get("provinces", []) or []),
                "original_name": str(e.get("original_name", "")),
                "detail": str(detail),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.iloc[::-1].reset_index(drop=True)
