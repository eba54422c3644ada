"""A Parquet copy of each large report file's checked rows, so a restart does not re-parse millions of rows.

Checking a 300 MB CSV of 2.9 M reports takes about 5 s; reading back its checked rows from Parquet
takes about 0.5 s (figures in README, Benchmarks). An entry is used only when everything the checks
depend on is unchanged: the file's size and modification time, the milestones' ids, measures and
baseline dates, the province names, the limits, and the checking code itself. Anything else is a miss
and the file is checked afresh, so a stale entry can cost time but never show wrong figures. The CSV
stays the record; an entry is only a copy, and it is not trusted as it is: it is served only while its
own bytes match the SHA-256 sealed beside it and the CSV's bytes match the SHA-256 of the CSV it was made
from (issue 12: a rewritten entry used to be served instead of the CSV; a CSV replaced with the same size
and time used to be a hit).

The date matters too: a row dated tomorrow is refused today and valid tomorrow. A file without any
problem in its as_of column has no such row, and its entry serves every later day; a file with one is
checked again each day (and an entry never serves a day before its own, should the clock go back).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from metrics.domain.messages import Message
from metrics.domain.problems import Problem
from metrics.files.atomic import write_atomic
from metrics.load.report_columns import sort_categories
from metrics.load.report_context import ReportContext

MIN_BYTES = 2_000_000  # below this, parsing is as quick as reading a cached copy
_FORMAT = "3"  # 2: entries sealed by their SHA-256 and tied to the CSV's; 3: problems keep their code and parameters
_PACKAGE = Path(__file__).resolve().parents[1]
_CODE = [
    _PACKAGE / name
    for name in (
        "load/reports.py",
        "load/report_context.py",
        "files/csv_text.py",
        "load/report_cache.py",
        "load/report_columns.py",
    )
]
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


@functools.cache  # the code of a running process does not change; a reloaded module starts a new cache
def _code_digest() -> str:
    digest = hashlib.sha256(_FORMAT.encode())
    for path in _CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def entry_key(path: Path, context: ReportContext, demo: bool, stat: os.stat_result | None = None) -> str:
    """A digest of everything the checks of ``path`` depend on but the date (see the module's notes);
    ``stat``: the file's, when the caller has just taken it."""
    stat = stat or path.stat()
    return _key([str(path.resolve()), stat.st_size, stat.st_mtime_ns], context, demo)


def batch_key(identity: Sequence[object], context: ReportContext, demo: bool) -> str:
    """The key of a stored batch's entry (issue 15): ``identity`` names the batch for good (its database, id,
    name, time stored and the sender's digest; a batch is never changed once stored) in place of a file's
    path, size and time."""
    return _key(["batch", *identity], context, demo)


def _key(source: list[object], context: ReportContext, demo: bool) -> str:
    milestones = context.milestones
    facts = [
        _code_digest(),
        *source,
        demo,
        sorted(context.province_aliases.items()),
        [context.max_bytes, context.max_rows, context.max_problems, context.max_columns],
        [
            (
                mid,
                repr(m.measure),
                m.plan.baseline.date.isoformat(),
                sorted((iso, plan.baseline.date.isoformat()) for iso, plan in m.overrides.items()),
            )
            for mid, m in sorted(milestones.items())
        ],
    ]
    return hashlib.sha256(json.dumps(facts, default=str).encode()).hexdigest()


def _entry_prefix(path: Path | str) -> str:
    """A file's entries by its resolved path; a stored batch's by its label."""
    return hashlib.sha256(str(path.resolve() if isinstance(path, Path) else path).encode()).hexdigest()[:16]


def entry_path(folder: Path, path: Path | str, key: str) -> Path:
    return folder / f"{_entry_prefix(path)}-{key[:32]}.parquet"


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (a 300 MB report file is never held twice)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _seal_path(entry: Path) -> Path:
    return entry.with_name(entry.name + ".sha256")


def read_entry(folder: Path, path: Path, key: str, today: dt.date) -> tuple[pd.DataFrame, list[Problem]] | None:
    """The cached rows and problems for ``key`` as checked for ``today``, or ``None`` when there is no usable entry.

    An entry is served only while (1) its bytes are those written (their SHA-256 is kept beside it, so a
    rewritten or damaged entry is a miss) and (2) the CSV's bytes are those it was made from (their SHA-256
    is in its metadata: a CSV replaced with the same size and time is a miss too).
    """
    entry = entry_path(folder, path, key)
    if not _seal_path(entry).exists():
        return None
    # The CSV's digest (~0.25 s for 300 MB) is computed beside the Parquet read: both release the GIL.
    with ThreadPoolExecutor(max_workers=1) as pool:
        csv_digest = pool.submit(file_digest, path)
        try:
            served = _read_sealed(entry, key, today)
            if served is None or served[0] != csv_digest.result():
                return None
        except OSError:
            return None
    return served[1], served[2]


def read_batch_entry(folder: Path, label: str, key: str, today: dt.date) -> tuple[pd.DataFrame, list[Problem]] | None:
    """A stored batch's cached rows and problems, or ``None``. Its key names the batch for good, so the entry is
    tied to that key alone (where a file's entry is also tied to the file's bytes)."""
    served = _read_sealed(entry_path(folder, label, key), key, today)
    if served is None or served[0] != key:
        return None
    return served[1], served[2]


def _read_sealed(entry: Path, key: str, today: dt.date) -> tuple[str, pd.DataFrame, list[Problem]] | None:
    """(the CSV digest it was made from, rows, problems) of an entry whose seal, key and day fit; else None."""
    try:
        seal = _seal_path(entry).read_text(encoding="ascii").strip()
        payload = entry.read_bytes()
        if hashlib.sha256(payload).hexdigest() != seal:
            return None
        buffer = pa.BufferReader(payload)
        meta = pq.read_schema(buffer).metadata or {}
        if meta.get(b"vet-key", b"").decode() != key:
            return None
        checked_on = dt.date.fromisoformat(meta[b"vet-checked-on"].decode())
        if today < checked_on or (meta[b"vet-day-bound"] == b"1" and today != checked_on):
            return None
        made_from = meta[b"vet-csv-sha256"].decode()
        problems = [
            Problem(**{**item, "text": Message.from_json(item["text"]) if item.get("text") else None})
            for item in json.loads(meta[b"vet-problems"])
        ]
        frame = pq.read_table(pa.BufferReader(payload)).to_pandas(types_mapper={pa.string(): _STR, pa.large_string(): _STR}.get)
        frame = sort_categories(frame)
    except (OSError, KeyError, ValueError, TypeError, UnicodeDecodeError, pa.ArrowException):
        return None  # missing, half-written by another version, or unreadable: check the CSV instead
    return made_from, frame, problems


def write_entry(
    folder: Path,
    path: Path | str,
    key: str,
    frame: pd.DataFrame,
    problems: list[Problem],
    checked_on: dt.date,
    csv_sha256: str,
) -> None:
    """Store ``frame`` and ``problems``, checked on ``checked_on``, for ``key`` and drop older entries of the same file.

    For a stored batch, ``path`` is its label and ``csv_sha256`` its key (read_batch_entry).
    Best effort: a read-only or full disk only means the next start checks the CSV again.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[b"vet-key"] = key.encode()
        meta[b"vet-problems"] = json.dumps([{**vars(p), "text": p.text.to_json() if p.text else None} for p in problems]).encode()
        meta[b"vet-checked-on"] = checked_on.isoformat().encode()
        meta[b"vet-csv-sha256"] = csv_sha256.encode()  # the bytes the rows were checked from, taken before reading them
        # Any as_of problem (a future date among them) may read differently on another day.
        # So may a reported_at in the future: it becomes valid once that time has passed.
        meta[b"vet-day-bound"] = b"1" if any(p.field in ("as_of", "reported_at") for p in problems) else b"0"
        sink = pa.BufferOutputStream()
        pq.write_table(table.replace_schema_metadata(meta), sink, compression="zstd")
        target = entry_path(folder, path, key)
        payload = sink.getvalue().to_pybytes()
        # Seal after the entry: a crash between the two leaves an unsealed entry, which is a miss.
        _seal_path(target).unlink(missing_ok=True)
        write_atomic(target, payload)
        write_atomic(_seal_path(target), hashlib.sha256(payload).hexdigest().encode("ascii"))
        for old in folder.glob(f"{_entry_prefix(path)}-*.parquet*"):
            if old not in (target, _seal_path(target)):
                old.unlink(missing_ok=True)
    except (OSError, pa.ArrowException):
        return
