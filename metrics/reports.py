"""Reading and checking progress-report CSV files, vectorised so that millions of rows load quickly.

A report file is append-only history: each row is one figure a province reported for one milestone
as of one date. A correction is a later row with the same province, milestone and as-of date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from metrics.csv_text import read_csv_text
from metrics.model import Milestone
from metrics.problems import Problem, ProblemList

REQUIRED = ("province", "milestone", "as_of", "value", "reported_at", "source")
OPTIONAL = ("flag", "note")
FLAGS = ("", "estimated", "provisional", "revised")
REPORT_COLUMNS = [
    "province", "milestone", "as_of", "value", "number", "reported_at", "source", "flag", "note", "file", "line", "demo",
]


@dataclass(frozen=True)
class ReportContext:
    """What a report is checked against."""

    milestones: dict[str, Milestone]
    province_aliases: dict[str, str]  # ISO code, GB/T 2260 code, Chinese and English name -> ISO code
    max_bytes: int = 500_000_000
    max_rows: int = 5_000_000
    max_problems: int = 50
    today: dt.date | None = None  # for the "in the future" check; None means the day it runs


def empty_reports() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in REPORT_COLUMNS})
    frame["as_of"] = pd.Series(dtype="datetime64[ns]")
    frame["reported_at"] = pd.Series(dtype="datetime64[ns]")
    frame["number"] = pd.Series(dtype="float64")
    frame["line"] = pd.Series(dtype="int64")
    frame["demo"] = pd.Series(dtype="bool")
    return frame


def province_aliases(provinces: pd.DataFrame) -> dict[str, str]:
    """Every way a reporting office may name a province, mapped to its ISO code."""
    aliases: dict[str, str] = {}
    for iso, row in provinces.iterrows():
        for name in (iso, row["code"], row["name_zh"], row["name_en"]):
            if isinstance(name, str) and name:
                aliases[name] = str(iso)
    return aliases


def _frame_with_lines(text: str, problems: ProblemList) -> pd.DataFrame | None:
    """All cells as text plus each row's line number in the file."""
    try:
        first = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        first = []
    repeated = sorted({name for name in first if first.count(name) > 1})
    if repeated:
        problems.add(repeated[0], "column appears twice in the header (expected each column once)", 1, first.index(repeated[0]) + 1)
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False, engine="c"
        )
        physical = text.count("\n") + (0 if text.endswith("\n") else 1)
        # An implicit index means the rows are wider than the header: let the csv path locate them.
        if physical == len(frame) + 1 and isinstance(frame.index, pd.RangeIndex):
            frame["line"] = np.arange(2, len(frame) + 2)
            return frame
    except pd.errors.ParserError:
        pass
    except pd.errors.EmptyDataError:
        problems.add("", "file has no header row (expected a header row and at least one report)", 1, 1)
        return None
    # Quoted line breaks or ragged rows: the csv module knows each record's exact line.
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines = [], []
    try:
        header = next(reader, None)
        if not header:
            problems.add("", "file has no header row (expected a header row and at least one report)", 1, 1)
            return None
        start = reader.line_num + 1
        for record in reader:
            if record and len(record) != len(header):
                problems.add(
                    "", f"row has {len(record)} cells (expected {len(header)}, one per column of the header)", start, 1
                )
            elif record:
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add("", f"malformed CSV: {exc} (expected comma-separated cells, quoted with \" where needed)", reader.line_num, None)
        return None
    frame = pd.DataFrame(rows, columns=header)
    frame["line"] = lines
    return frame


def load_report_file(path: Path, context: ReportContext, demo: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """The valid reports of one CSV file; every invalid row is a located problem and is left out."""
    problems = ProblemList(path)
    text = read_csv_text(path, problems, context.max_bytes, context.max_rows)
    if text is None:
        return empty_reports(), list(problems)
    frame = _frame_with_lines(text.text, problems)
    if frame is None:
        return empty_reports(), list(problems)
    return check_reports(frame, problems, context, demo), list(problems)


def check_reports(frame: pd.DataFrame, problems: ProblemList, context: ReportContext, demo: bool) -> pd.DataFrame:
    """Validate a frame of text cells (with a ``line`` column) and return the typed valid rows."""
    frame = frame.rename(columns=lambda c: str(c).strip().lower().lstrip("\ufeff"))
    header = [c for c in frame.columns if c != "line"]
    column_of = {name: header.index(name) + 1 for name in header}
    missing = [c for c in REQUIRED if c not in header]
    for name in missing:
        problems.add(name, f"column missing (expected columns {', '.join(REQUIRED)}; optional {', '.join(OPTIONAL)})", 1, None)
    for name in header:
        if name not in REQUIRED + OPTIONAL:
            problems.add(name, f"unknown column (expected only {', '.join(REQUIRED + OPTIONAL)})", 1, column_of[name])
    if missing or any(name not in REQUIRED + OPTIONAL for name in header):
        return empty_reports()
    for name in OPTIONAL:
        if name not in frame:
            frame[name] = ""
    cells = frame[[*REQUIRED, *OPTIONAL]].apply(lambda s: s.str.strip())
    blank = cells[list(REQUIRED)].eq("").all(axis=1)
    cells, lines = cells[~blank], frame["line"][~blank]
    if cells.empty:
        problems.add("", "no reports below the header (expected at least one row of figures)", 2, None)
        return empty_reports()
    bad = pd.Series(False, index=cells.index)

    def flag(mask: pd.Series, name: str, message: Iterable[str] | str) -> None:
        nonlocal bad
        mask = mask & ~bad  # one problem per row: the first found
        if not mask.any():
            return
        idx = mask[mask].index
        texts = [message] * len(idx) if isinstance(message, str) else list(message)
        shown_rows = idx[: context.max_problems]
        for i, row in enumerate(shown_rows):
            problems.add(name, texts[i], int(lines[row]), column_of[name])
        if len(idx) > len(shown_rows):
            problems.add(name, f"... and {len(idx) - len(shown_rows)} more rows with problems in this column (first {len(shown_rows)} listed)",
                         int(lines[idx[len(shown_rows)]]), column_of[name])
        bad = bad | mask

    for name in REQUIRED:
        missing_cell = cells[name].eq("")
        flag(missing_cell, name, f"empty cell (expected {'a ' + name.replace('_', ' ') if name != 'as_of' else 'a date'})")

    province = cells["province"].map(context.province_aliases)
    unknown = province.isna() & ~bad
    flag(unknown, "province", (f"{v!r} is not a known province (expected an ISO code such as CN-GD, or its name)" for v in cells["province"][unknown & ~bad]))
    known_milestone = cells["milestone"].isin(context.milestones.keys())
    unknown_m = ~known_milestone & ~bad
    flag(unknown_m, "milestone", (f"{v!r} is not a known milestone id (expected an id from data/milestones)" for v in cells["milestone"][unknown_m]))

    as_of = pd.to_datetime(cells["as_of"], format="%Y-%m-%d", errors="coerce")
    m = as_of.isna() & ~bad
    flag(m, "as_of", (f"{v!r} is not a date (expected YYYY-MM-DD)" for v in cells["as_of"][m]))
    today = pd.Timestamp(context.today or dt.date.today())
    m = (as_of > today) & ~bad
    flag(m, "as_of", (f"{v} is in the future (expected a date no later than today, {today:%Y-%m-%d})" for v in cells["as_of"][m]))
    baseline = _baseline_dates(cells["milestone"], province, context.milestones)
    m = (as_of < baseline) & ~bad
    flag(m, "as_of", (f"{v} is before the baseline date {b:%Y-%m-%d} of {mid} (expected a figure as of the baseline date or later)"
                      for v, b, mid in zip(cells["as_of"][m], baseline[m], cells["milestone"][m], strict=True)))
    reported = pd.to_datetime(cells["reported_at"], format="ISO8601", errors="coerce")
    m = reported.isna() & ~bad
    flag(m, "reported_at", (f"{v!r} is not a date or time (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)" for v in cells["reported_at"][m]))
    if isinstance(reported.dtype, pd.DatetimeTZDtype):
        reported = reported.dt.tz_convert(None)
    m = (as_of > reported.dt.normalize()) & ~bad
    flag(m, "as_of", (f"{a} is after the report time {r} (expected a value as of a date no later than when it was reported)"
                      for a, r in zip(cells["as_of"][m], cells["reported_at"][m], strict=True)))

    kind = cells["milestone"].map({k: v.measure.kind for k, v in context.milestones.items()})
    unit = cells["milestone"].map({k: v.measure.unit for k, v in context.milestones.items()})
    number = pd.to_numeric(cells["value"].str.replace(",", "", regex=False).where(kind == "number"), errors="coerce")
    m = (kind == "number") & number.isna() & ~bad
    flag(m, "value", (f"{v!r} is not a number (expected a number such as 42.5)" for v in cells["value"][m]))
    m = (unit == "percent") & ((number < 0) | (number > 100)) & ~bad
    flag(m, "value", (f"{v} is outside 0-100 (expected a percentage)" for v in cells["value"][m]))
    stage_rows = (kind == "stage") & ~bad
    if stage_rows.any():
        stage_index = pd.Series(np.nan, index=cells.index)
        for mid in cells["milestone"][stage_rows].unique():
            stages = context.milestones[mid].measure.stages
            rows = stage_rows & cells["milestone"].eq(mid)
            stage_index[rows] = cells["value"][rows].map({s: float(i) for i, s in enumerate(stages)})
            m = rows & stage_index.isna()
            flag(m, "value", (f"{v!r} is not a stage of {mid} (expected one of {', '.join(stages)})" for v in cells["value"][m]))
        number = number.where(kind != "stage", stage_index)
    m = ~cells["flag"].isin(FLAGS) & ~bad
    flag(m, "flag", (f"{v!r} is not a flag (expected estimated, provisional, revised or empty)" for v in cells["flag"][m]))

    key = pd.DataFrame({"p": province, "m": cells["milestone"], "a": as_of, "r": reported})
    dup = key.duplicated(keep="first") & ~bad
    if dup.any():
        first_line = lines.groupby([key["p"], key["m"], key["a"], key["r"]]).transform("first")
        flag(dup, "reported_at", (f"same province, milestone, as-of date and report time as line {int(n)} "
                                  "(expected one figure per report; a correction needs a later reported_at)"
                                  for n in first_line[dup]))

    good = ~bad
    result = pd.DataFrame({
        "province": province[good].astype(str),
        "milestone": cells["milestone"][good],
        "as_of": as_of[good],
        "value": cells["value"][good],
        "number": number[good].astype(float),
        "reported_at": reported[good],
        "source": cells["source"][good],
        "flag": cells["flag"][good],
        "note": cells["note"][good],
        "file": problems.path,
        "line": lines[good].astype("int64"),
        "demo": demo,
    })
    return result.reset_index(drop=True)


def _baseline_dates(milestone: pd.Series, province: pd.Series, milestones: dict[str, Milestone]) -> pd.Series:
    """The baseline date each row's province is held to (its override where one exists)."""
    default = milestone.map({k: pd.Timestamp(m.plan.baseline.date) for k, m in milestones.items()})
    overrides = {(p, k): pd.Timestamp(plan.baseline.date) for k, m in milestones.items() for p, plan in m.overrides.items()
                 if plan.baseline.date != m.plan.baseline.date}
    if overrides:
        keyed = pd.Series(list(zip(province, milestone, strict=True)), index=milestone.index).map(overrides)
        default = keyed.fillna(default)
    return pd.to_datetime(default)


def report_files(folders: Iterable[Path]) -> list[Path]:
    return sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.csv"))
