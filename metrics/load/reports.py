"""Reading and checking progress-report CSV files, vectorised so that millions of rows load quickly.

A report file is append-only history: each row is one figure a province reported for one milestone
as of one date. A correction is a later row with the same province, milestone and as-of date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from metrics.domain import limits
from metrics.domain.date_range import out_of_range, out_of_range_problem
from metrics.domain.messages import Message, msg
from metrics.domain.model import Milestone
from metrics.domain.problems import Problem, ProblemList
from metrics.domain.tables import REPORTS
from metrics.files.csv_text import read_csv_text
from metrics.load import report_cache
from metrics.load.measure_kinds import MEASURE_KINDS
from metrics.load.report_columns import categorical
from metrics.load.report_context import ReportContext as ReportContext  # re-exported: callers import it from here

REQUIRED = ("province", "milestone", "as_of", "value", "reported_at", "source")
OPTIONAL = ("flag", "note")
FLAGS = ("", "estimated", "provisional", "revised")


def empty_reports() -> pd.DataFrame:
    """No reports, with every column of a loaded reports table (metrics/domain/tables.py)."""
    return REPORTS.empty()


def province_aliases(provinces: pd.DataFrame) -> dict[str, str]:
    """Every way a reporting office may name a province, mapped to its ISO code."""
    aliases: dict[str, str] = {}
    for iso, row in provinces.iterrows():
        for name in (iso, row["code"], row["name_zh"], row["name_en"]):
            if isinstance(name, str) and name:
                aliases[name] = str(iso)
    return aliases


def _frame_with_lines(
    text: str,
    problems: ProblemList,
    utf8: bytes | None = None,
    max_columns: int = limits.MAX_UPLOAD_COLUMNS,
    max_problems: int = limits.MAX_PROBLEMS_PER_CHECK,
) -> pd.DataFrame | None:
    """All cells as text plus each row's line number in the file (``utf8``: the same text as bytes, if at hand)."""
    end = text.find("\n")
    try:
        first = next(csv.reader(io.StringIO(text if end < 0 else text[: end + 1], newline="")), [])
    except csv.Error:
        first = []
    # Checked before any row is parsed: 30,000 columns in a 270 kB file cost 30 s and as many problems.
    if len(first) > max_columns:
        problems.add(
            "",
            msg("problem.csv_too_many_columns", n=len(first), limit=max_columns, columns=", ".join(REQUIRED + OPTIONAL)),
            1,
            None,
        )
        return None
    repeated = sorted({name for name in first if first.count(name) > 1})
    if repeated:
        problems.add(repeated[0], msg("problem.csv_column_twice"), 1, first.index(repeated[0]) + 1)
        return None
    # Fast path: Arrow's multi-threaded reader. It skips blank lines and may split quoted line
    # breaks differently, so its rows are trusted only when they match the file's lines one to one.
    tail = text[-256:]
    trailing = tail[len(tail.rstrip("\r\n")) :].count("\n")
    physical = text.count("\n") + 1 - trailing
    try:
        data = utf8 if utf8 is not None else text.encode("utf-8")
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, engine="pyarrow")
        if physical == len(frame) + 1 and isinstance(frame.index, pd.RangeIndex) and list(frame.columns) == first:
            frame["line"] = np.arange(2, len(frame) + 2)
            return frame
    except (ValueError, pd.errors.ParserError):
        pass
    # Quoted line breaks or ragged rows: the csv module knows each record's exact line.
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines = [], []
    try:
        header = next(reader, None)
        if not header:
            problems.add("", msg("problem.csv_no_header"), 1, 1)
            return None
        start = reader.line_num + 1
        ragged = 0
        for record in reader:
            if record and len(record) != len(header):
                ragged += 1
                if ragged <= max_problems:
                    problems.add("", msg("problem.csv_row_cells", n=len(record), expected=len(header)), start, 1)
                elif ragged == max_problems + 1:
                    first_unlisted = start
            elif record:
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add("", msg("problem.csv_malformed", detail=str(exc)), reader.line_num, None)
        return None
    if ragged > max_problems:
        problems.add(
            "",
            msg("problem.csv_more_ragged", n=ragged - max_problems, listed=max_problems),
            first_unlisted,
            1,
        )
    frame = pd.DataFrame(rows, columns=header)
    frame["line"] = lines
    return frame


def load_report_file(
    path: Path, context: ReportContext, demo: bool, cache: Path | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """The valid reports of one CSV file; every invalid row is a located problem and is left out.

    With a ``cache`` folder, a large file's checked rows are kept there as Parquet and reused while
    neither the file nor anything its checks depend on has changed (see ``metrics.load.report_cache``).
    """
    key = None
    now = context.now or dt.datetime.now()
    today = context.today or now.date()
    context = replace(context, today=today, now=now)  # one date for the checks and the cache entry, even across midnight
    if cache is not None:
        try:
            stat = path.stat()
            if stat.st_size >= report_cache.MIN_BYTES:
                key = report_cache.entry_key(path, context, demo, stat)
        except OSError:
            key = None  # unreadable: the checks below say so
        cached = report_cache.read_entry(cache, path, key, today) if key else None
        if cached is not None:
            return cached
    digest = None
    if key and cache is not None:
        try:
            digest = report_cache.file_digest(path)  # before the checks read it: a change meanwhile is a later miss
        except OSError:
            digest = None
    frame, found = _load_report_file(path, context, demo)
    if digest is not None and key and cache is not None:
        report_cache.write_entry(cache, path, key, frame, found, today, digest)
    return frame, found


def _load_report_file(path: Path, context: ReportContext, demo: bool) -> tuple[pd.DataFrame, list[Problem]]:
    problems = ProblemList(path)
    text = read_csv_text(path, problems, context.max_bytes, context.max_rows)
    if text is None:
        return empty_reports(), list(problems)
    frame = _frame_with_lines(text.text, problems, text.utf8, context.max_columns, context.max_problems)
    del text  # the decoded file can be as large as the frame: free it before the checks
    if frame is None:
        return empty_reports(), list(problems)
    return check_reports(frame, problems, context, demo), list(problems)


class _Column:
    """One text column as codes into its distinct stripped values: checks run once per distinct value."""

    def __init__(self, series: pd.Series) -> None:
        codes, uniques = pd.factorize(series.fillna(""))  # Arrow-backed text factorises in C++
        self.codes = codes
        self.uniques = np.array([str(u).strip() for u in uniques], dtype=object)

    def per_row(self, per_unique: np.ndarray) -> np.ndarray:
        return per_unique[self.codes]

    def text(self, rows: np.ndarray) -> np.ndarray:
        texts: np.ndarray = self.uniques[self.codes[rows]]
        return texts

    def keep(self, rows: np.ndarray) -> None:
        self.codes = self.codes[rows]

    def strings(self, rows: np.ndarray, uniques: np.ndarray | None = None) -> pd.Series:
        """The column's text for ``rows`` (or ``uniques`` mapped from its distinct values) as pandas'
        Arrow-backed str, built without Python objects per row."""
        values = self.uniques if uniques is None else uniques
        taken = pa.array(values.tolist(), type=pa.string()).take(pa.array(self.codes[rows]))
        return pd.Series(pd.array(taken, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))

    def category(self, rows: np.ndarray, uniques: np.ndarray | None = None) -> pd.Categorical:
        """The column's text for ``rows`` (or ``uniques`` mapped from its distinct values) as categories."""
        return categorical(self.codes[rows], self.uniques if uniques is None else uniques)


def _dates(values: np.ndarray, fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """Parsed dates as datetime64[ns] (NaT where unparsable or out of range) and the out-of-range mask.

    pandas parses to microseconds, where 2609-12-31 fits; converting that to nanoseconds would wrap
    it round to another date, so out-of-range dates are found first and become NaT.
    """
    parsed = pd.to_datetime(pd.Series(values, dtype=object), format=fmt, errors="coerce")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert(None)
    raw = parsed.to_numpy()
    outside = out_of_range(raw)
    raw = np.where(outside, np.datetime64("NaT"), raw.astype("datetime64[us]"))
    return raw.astype("datetime64[ns]"), outside


def check_reports(frame: pd.DataFrame, problems: ProblemList, context: ReportContext, demo: bool) -> pd.DataFrame:
    """Validate a frame of text cells (with a ``line`` column) and return the typed valid rows.

    Each column is factorised first, so parsing and lookups run once per distinct value: a file of
    millions of rows has only a few hundred provinces, milestones and dates.
    """
    frame = frame.rename(columns=lambda c: str(c).strip().lower().lstrip("\ufeff"))
    header = [c for c in frame.columns if c != "line"]
    column_of = {name: header.index(name) + 1 for name in header}
    missing = [c for c in REQUIRED if c not in header]
    for name in missing:
        problems.add(name, msg("problem.csv_column_missing", required=", ".join(REQUIRED), optional=", ".join(OPTIONAL)), 1, None)
    unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
    for name in unknown[: context.max_problems]:
        problems.add(name, msg("problem.csv_unknown_column", columns=", ".join(REQUIRED + OPTIONAL)), 1, column_of[name])
    if len(unknown) > context.max_problems:
        problems.add(
            "",
            msg("problem.csv_more_unknown_columns", n=len(unknown) - context.max_problems, listed=context.max_problems),
            1,
            None,
        )
    if missing or any(name not in REQUIRED + OPTIONAL for name in header):
        return empty_reports()
    cols = {name: _Column(frame[name] if name in frame else pd.Series([""] * len(frame))) for name in (*REQUIRED, *OPTIONAL)}
    lines = frame["line"].to_numpy(dtype=np.int64)
    blank = np.logical_and.reduce([cols[name].per_row(cols[name].uniques == "") for name in REQUIRED])
    if blank.any():
        keep = ~blank
        for col in cols.values():
            col.keep(keep)
        lines = lines[keep]
    n = len(lines)
    if n == 0:
        problems.add("", msg("problem.csv_no_rows"), 2, None)
        return empty_reports()
    bad = np.zeros(n, dtype=bool)

    def flag(mask: np.ndarray, name: str, describe: Callable[[np.ndarray], Iterable[Message]]) -> None:
        """Record a problem for each newly bad row; messages are built only for the rows listed."""
        nonlocal bad
        mask = mask & ~bad  # one problem per row: the first found
        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        listed = rows[: context.max_problems]
        for row, text in zip(listed, describe(listed), strict=True):
            problems.add(name, text, int(lines[row]), column_of.get(name))
        if len(rows) > len(listed):
            problems.add(
                name,
                msg("problem.csv_more_rows", n=len(rows) - len(listed), listed=len(listed)),
                int(lines[rows[len(listed)]]),
                column_of.get(name),
            )
        bad |= mask

    for name in REQUIRED:
        flag(
            cols[name].per_row(cols[name].uniques == ""),
            name,
            lambda rows, name=name: [msg("problem.empty_cell", expected=msg(f"expect.cell_{name}"))] * len(rows),  # type: ignore[misc]  # mypy#15459: default arguments
        )

    prov, mile, value = cols["province"], cols["milestone"], cols["value"]
    iso_u = np.array([context.province_aliases.get(v) for v in prov.uniques], dtype=object)
    flag(
        prov.per_row(pd.isna(iso_u)),
        "province",
        lambda rows: [msg("problem.unknown_province", value=repr(v)) for v in prov.text(rows)],
    )
    known_u = np.array([v in context.milestones for v in mile.uniques], dtype=bool)
    flag(
        mile.per_row(~known_u),
        "milestone",
        lambda rows: [msg("problem.unknown_milestone", value=repr(v)) for v in mile.text(rows)],
    )
    # A provincial conference's task is reported by that province alone: another province's figure has no plan.
    scoped = {m: ms.applies_to for m, ms in context.milestones.items() if ms.applies_to is not None}
    elsewhere = np.zeros(len(lines), dtype=bool)
    iso_rows: np.ndarray | None = None
    for code, mid in enumerate(mile.uniques):
        if mid in scoped:
            iso_rows = prov.per_row(iso_u) if iso_rows is None else iso_rows
            elsewhere |= (mile.codes == code) & ~np.isin(iso_rows, sorted(scoped[mid])) & ~pd.isna(iso_rows)
    flag(
        elsewhere,
        "milestone",
        lambda rows: [
            msg("problem.milestone_elsewhere", milestone=m, provinces=", ".join(sorted(scoped[m]))) for m in mile.text(rows)
        ],
    )

    as_of_u, as_of_outside = _dates(cols["as_of"].uniques, "%Y-%m-%d")
    as_of = cols["as_of"].per_row(as_of_u)
    flag(
        cols["as_of"].per_row(as_of_outside),
        "as_of",
        lambda rows: [out_of_range_problem(repr(v)) for v in cols["as_of"].text(rows)],
    )
    flag(np.isnat(as_of), "as_of", lambda rows: [msg("problem.not_a_date", value=repr(v)) for v in cols["as_of"].text(rows)])
    today = pd.Timestamp(context.today or dt.date.today())
    flag(
        as_of > today.to_datetime64(),
        "as_of",
        lambda rows: [msg("problem.as_of_future", value=v, today=f"{today:%Y-%m-%d}") for v in cols["as_of"].text(rows)],
    )
    baseline = _baseline_dates(mile, prov, iso_u, context.milestones)
    flag(
        as_of < baseline,
        "as_of",
        lambda rows: [
            msg("problem.before_baseline", value=v, baseline=f"{pd.Timestamp(b):%Y-%m-%d}", milestone=mid)
            for v, b, mid in zip(cols["as_of"].text(rows), baseline[rows], mile.text(rows), strict=True)
        ],
    )
    reported_u, reported_outside = _dates(cols["reported_at"].uniques, "ISO8601")
    reported = cols["reported_at"].per_row(reported_u)
    flag(
        cols["reported_at"].per_row(reported_outside),
        "reported_at",
        lambda rows: [out_of_range_problem(repr(v)) for v in cols["reported_at"].text(rows)],
    )
    flag(
        np.isnat(reported),
        "reported_at",
        lambda rows: [msg("problem.not_a_time", value=repr(v)) for v in cols["reported_at"].text(rows)],
    )
    # The latest reported_at wins (metrics.compute.history), so one dated in the future would outrank every
    # later correction until that day; a time later than now cannot be when a figure was received.
    now = pd.Timestamp(context.now or dt.datetime.now()).to_datetime64()
    flag(
        reported > now,
        "reported_at",
        lambda rows: [msg("problem.reported_future", value=repr(v)) for v in cols["reported_at"].text(rows)],
    )
    flag(
        as_of > reported.astype("datetime64[D]").astype("datetime64[ns]"),
        "as_of",
        lambda rows: [
            msg("problem.as_of_after_reported", value=a, reported=r)
            for a, r in zip(cols["as_of"].text(rows), cols["reported_at"].text(rows), strict=True)
        ],
    )

    # Each measure kind reads and checks the values of its milestones' rows (metrics/load/measure_kinds.py).
    measures = [context.milestones[m].measure if k else None for m, k in zip(mile.uniques, known_u, strict=True)]
    number = np.full(n, np.nan)
    for kind in MEASURE_KINDS.values():
        mine = {code: m for code, m in enumerate(measures) if type(m) is kind}
        if not mine:
            continue
        read = kind.read_report_values(value, mile, mine)
        for check in read.checks:
            flag(check.rows, "value", check.describe)
        number = np.where(read.rows, read.numbers, number)
    flags_ok = np.isin(cols["flag"].uniques, FLAGS)
    flag(
        cols["flag"].per_row(~flags_ok),
        "flag",
        lambda rows: [msg("problem.not_a_flag", value=repr(v)) for v in cols["flag"].text(rows)],
    )

    key = _row_key(
        [
            prov.per_row(pd.factorize(iso_u)[0]),
            mile.per_row(pd.factorize(mile.uniques)[0]),
            pd.factorize(as_of)[0],
            pd.factorize(reported)[0],
        ]
    )
    dup = key.duplicated(keep="first").to_numpy()
    if (dup & ~bad).any():
        first_line = pd.Series(lines).groupby(key.to_numpy()).transform("first").to_numpy()
        flag(
            dup,
            "reported_at",
            lambda rows: [msg("problem.duplicate_report", line=int(first_line[r])) for r in rows],
        )

    good = ~bad
    # Text with few distinct values as categories (metrics.load.report_columns); the value as text.
    result = pd.DataFrame(
        {
            "province": prov.category(good, iso_u),  # every name an office used, as its ISO code
            "milestone": mile.category(good),
            "as_of": as_of[good],
            "value": value.strings(good),
            "number": number[good].astype(float),
            "reported_at": reported[good],
            "source": cols["source"].category(good),
            "flag": cols["flag"].category(good),
            "note": cols["note"].category(good),
            "file": categorical(np.zeros(int(good.sum()), dtype=np.int64), np.array([problems.path])),
            "line": lines[good],
            "demo": demo,
        }
    )
    return result


def _row_key(codes: list[np.ndarray]) -> pd.Series:
    """One int64 per row identifying its combination of codes, so duplicates are found by hashing integers."""
    sizes = [int(part.max()) + 2 if len(part) else 1 for part in codes]
    if float(np.prod(np.array(sizes, dtype=float))) >= 2.0**62:
        # Too many distinct values to pack into one int64 without overflow: let pandas number the groups.
        frame = pd.DataFrame({str(i): part for i, part in enumerate(codes)})
        return frame.groupby(list(frame.columns), sort=False).ngroup()
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for part, size in zip(codes, sizes, strict=True):
        key = key * size + (part + 1)
    return pd.Series(key)


def _baseline_dates(mile: _Column, prov: _Column, iso_u: np.ndarray, milestones: dict[str, Milestone]) -> np.ndarray:
    """The baseline date each row's province is held to (its override where one exists); NaT if unknown."""
    per_unique = np.array(
        [
            np.datetime64(milestones[m].plan.baseline.date, "ns") if m in milestones else np.datetime64("NaT", "ns")
            for m in mile.uniques
        ]
    )
    dates = mile.per_row(per_unique)
    for code, mid in enumerate(mile.uniques):
        m = milestones.get(mid)
        if m is None:
            continue
        for iso, plan in m.overrides.items():
            if plan.baseline.date != m.plan.baseline.date:
                in_province = prov.per_row(iso_u == iso)
                dates = np.where((mile.codes == code) & in_province, np.datetime64(plan.baseline.date, "ns"), dates)
    return dates


def report_files(folders: Iterable[Path]) -> list[Path]:
    return sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.csv"))
