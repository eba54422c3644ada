"""Reading an uploaded .xlsx or .csv into checked report rows, previewing them, and accepting them.

An upload goes through the same checks as a report file on disk: it becomes a frame of text cells
with a ``line`` column (the sheet's row number for a workbook) and is passed to
:func:`metrics.load.reports.check_reports`. Only upload-specific rules live here: the file's size and
type, the zip-bomb guard, the template's province, rows left empty in a template, and formulas.
Nothing is written until :func:`accept`, which only ever creates a new file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, cast
from xml.etree.ElementTree import ParseError

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from metrics.access.audit import append_event, now_text, upload_event
from metrics.compute.history import current_reports
from metrics.domain.messages import Message, Param, msg, os_reason
from metrics.domain.problems import Problem, ProblemList, has_errors
from metrics.files.csv_text import decode_csv_bytes
from metrics.files.excel_safe import is_formula_like
from metrics.files.xlsx_sheet import SheetLimits, count_cells, read_sheet
from metrics.intake.receipts import AcceptedBefore, accepted_before, load_receipts
from metrics.intake.template import ALL, CONTEXT_COLUMNS, META_SHEET, SHEET
from metrics.load.config import Limits
from metrics.load.dataset import Dataset
from metrics.load.reports import (
    OPTIONAL,
    REQUIRED,
    ReportContext,
    _frame_with_lines,
    check_reports,
    empty_reports,
    province_aliases,
)


class BatchStore(Protocol):
    """Where an accepted batch goes when not into ``folder`` directly: a metrics.store.Store (issue 15)."""

    def add_batch(self, folder: Path, name: str, data: bytes, receipt: Mapping[str, Any], event: Mapping[str, Any]) -> Path: ...


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the pre-2007 .xls (and .doc) container
INPUT_COLUMNS = ("value", "as_of", "source", "flag", "note")
TEXT_COLUMNS = ("source", "note")  # free text, where a formula-like entry is kept as text with a warning
KEY_COLUMNS = ("province", "milestone")


@dataclass(frozen=True)
class UploadContext:
    """What an upload is checked against, and for whom."""

    report: ReportContext
    limits: Limits
    reports: pd.DataFrame  # reports already accepted, to show what a new figure supersedes
    province: str | None = None  # the province the sender reports for; None accepts any
    now: dt.datetime | None = None
    # Issue 6: the provinces a signed-in reporter may send rows for; None (admins, the CLI) accepts any.
    allowed_provinces: frozenset[str] | None = None

    def received_at(self) -> dt.datetime:
        return (self.now or dt.datetime.now()).replace(microsecond=0)


def upload_context(
    data: Dataset, province: str | None = None, now: dt.datetime | None = None, allowed_provinces: frozenset[str] | None = None
) -> UploadContext:
    limits = data.config.limits
    report = ReportContext(
        data.milestones,
        province_aliases(data.provinces),
        limits.max_upload_bytes,
        limits.max_upload_rows,
        limits.max_problems_per_check,
        limits.max_upload_columns,
        today=(now.date() if now else None),
        now=now,
    )
    return UploadContext(report, limits, data.reports, province, now, allowed_provinces)


@dataclass
class UploadResult:
    """The checked rows of one upload and every problem found, located by sheet, row and column."""

    name: str  # the sender's file name: shown and recorded, never used as a path
    kind: str  # "xlsx", "csv" or "" when the file could not be read at all
    sheet: str
    sha256: str
    size: int
    received_at: dt.datetime
    rows: pd.DataFrame = field(default_factory=empty_reports)
    problems: list[Problem] = field(default_factory=list)
    template_province: str | None = None
    rejected_rows: int = 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems) and len(self.rows) > 0

    @property
    def where(self) -> str:
        return f"{self.name}[{self.sheet}]" if self.sheet else self.name


def upload_key(raw: bytes, name: str, province: str, signature: object, allowed: frozenset[str] | None) -> str:
    """What a checked upload depends on.

    Its bytes (by hash), name, chosen province, the data version and the sender's provinces.
    """
    facts = repr((name, province, signature, sorted(allowed) if allowed is not None else None))
    return hashlib.sha256(raw).hexdigest() + hashlib.sha256(facts.encode()).hexdigest()


def safe_name(name: str) -> str:
    """The file name only (no folders), without control characters, at most 120 characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    return base[:120] or "upload"


def read_upload(name: str, raw: bytes, context: UploadContext) -> UploadResult:
    """Check an uploaded file; nothing is written."""
    shown = safe_name(name)
    result = UploadResult(shown, "", "", hashlib.sha256(raw).hexdigest(), len(raw), context.received_at())
    problems = ProblemList(shown)
    limits = context.limits
    if len(raw) > limits.max_upload_bytes:
        problems.add("", msg("problem.upload_too_large", size=len(raw), limit=limits.max_upload_bytes))
    elif raw.startswith(OLE_MAGIC):
        problems.add("", msg("problem.upload_xls"), 1, 1)
    elif raw.startswith(ZIP_MAGIC):
        result.kind = "xlsx"
        frame = _xlsx_frame(raw, problems, context, result)
        if frame is not None:
            problems = ProblemList(result.where)
            _check_frame(frame, problems, context, result)
    elif shown.lower().endswith((".xlsx", ".xlsm")):
        problems.add("", msg("problem.upload_not_workbook"), 1, 1)
    else:
        text = decode_csv_bytes(raw, problems, limits.max_upload_rows)
        if text is not None:
            result.kind = "csv"
            frame = _frame_with_lines(
                text.text, problems, max_columns=limits.max_upload_columns, max_problems=limits.max_problems_per_check
            )
            if frame is not None:
                _check_frame(frame, problems, context, result)
    result.problems = sorted([*result.problems, *problems], key=lambda p: (p.line or 0, p.column or 0, p.field))
    return result


def _xlsx_frame(raw: bytes, problems: ProblemList, context: UploadContext, result: UploadResult) -> pd.DataFrame | None:
    """The report sheet as text cells with row numbers, after the zip-bomb guard; ``None`` if unreadable."""
    limits = context.limits
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except zipfile.BadZipFile:
        problems.add("", msg("problem.upload_damaged_zip"), 1, 1)
        return None
    # Declared sizes bound what zipfile will inflate, so checking them refuses a zip bomb unopened.
    if len(entries) > limits.max_xlsx_entries:
        problems.add("", msg("problem.upload_too_many_parts", n=len(entries), limit=limits.max_xlsx_entries))
        return None
    unpacked = sum(e.file_size for e in entries)
    if unpacked > limits.max_xlsx_uncompressed_bytes:
        problems.add("", msg("problem.upload_zip_bomb", size=unpacked, limit=limits.max_xlsx_uncompressed_bytes))
        return None
    if "xl/workbook.xml" not in names:
        problems.add("", msg("problem.upload_zip_not_workbook"), 1, 1)
        return None
    # Cells are counted before openpyxl opens the workbook: it walks every cell of a sheet without a
    # <dimension> just to size it (a 0.19 MB file with 6.4 M empty cells cost ~90 s).
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for part in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
                if count_cells(archive, part, limits.max_upload_cells) > limits.max_upload_cells:
                    problems.add("", msg("problem.upload_part_too_many_cells", part=part, limit=limits.max_upload_cells))
                    return None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        problems.add("", msg("problem.upload_damaged_zip_because", error=type(exc).__name__), 1, 1)
        return None
    try:
        # data_only=False: a formula is read as its text ("=SUM(...)"), never as a cached result.
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, ValueError, TypeError, ParseError, zipfile.BadZipFile, OSError) as exc:
        problems.add("", msg("problem.upload_unreadable_workbook", error=type(exc).__name__), 1, 1)
        return None
    limits_of_sheet = SheetLimits(
        limits.max_upload_rows, limits.max_upload_columns, limits.max_upload_cells, limits.max_problems_per_check
    )
    try:
        if META_SHEET in wb.sheetnames:
            meta_problems = ProblemList(f"{result.name}[{META_SHEET}]")
            meta_rows = read_sheet(wb, wb[META_SHEET], meta_problems, limits_of_sheet)
            if meta_rows is None:
                problems.extend(meta_problems)
                return None
            meta = {r[0]: r[1] for r in meta_rows if len(r) >= 2 and r[0]}
            result.template_province = meta.get("province")
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        sheet = wb[SHEET] if SHEET in wb.sheetnames else (visible[0] if visible else wb.worksheets[0])
        result.sheet = sheet.title
        sheet_problems = ProblemList(result.where)
        read = read_sheet(wb, sheet, sheet_problems, limits_of_sheet)
        if read is None:
            problems.extend(sheet_problems)
            return None
        rows = read
    finally:
        wb.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        problems.add("", msg("problem.upload_empty_sheet", sheet=result.sheet), 1, 1)
        return None
    width = max(len(r) for r in rows)
    header = [rows[0][i] if i < len(rows[0]) else "" for i in range(width)]
    while header and not header[-1]:
        header.pop()
    body = [(r + [""] * width)[: len(header)] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object) if header else pd.DataFrame()
    frame["line"] = range(2, len(body) + 2)
    return frame


def _check_frame(frame: pd.DataFrame, problems: ProblemList, context: UploadContext, result: UploadResult) -> None:
    """Upload-specific checks, then the shared report checks; fills ``result.rows``."""
    frame = frame.rename(columns=lambda c: str(c).strip().lower().lstrip("\ufeff"))
    header = [c for c in frame.columns if c != "line"]
    column_of = {name: i + 1 for i, name in enumerate(header)}
    is_template = result.template_province is not None or any(c in header for c in CONTEXT_COLUMNS if c not in KEY_COLUMNS)
    if is_template:
        frame = frame.drop(columns=[c for c in CONTEXT_COLUMNS if c not in KEY_COLUMNS and c in frame])
    expected = context.province
    if expected and result.template_province and result.template_province not in (expected, ALL):
        problems.add(
            "",
            msg("problem.upload_other_template", province=result.template_province, expected=expected),
            1,
            None,
        )
        return
    allowed = context.allowed_provinces
    if allowed is not None and result.template_province and result.template_province not in (*allowed, ALL):
        problems.add(
            "",
            msg("problem.upload_foreign_template", province=result.template_province, expected=_listed(allowed)),
            1,
            None,
        )
        return
    # A template row whose inputs are all empty was not filled in: it is not a report.
    inputs = [c for c in INPUT_COLUMNS if c in frame]
    if is_template and inputs:
        filled = frame[inputs].apply(lambda s: s.astype(str).str.strip()).ne("").any(axis=1)
        if not filled.any():
            problems.add(
                "value",
                msg("problem.upload_nothing_filled"),
                2,
                column_of.get("value"),
            )
            return
        frame = frame[filled]
    # The server's clock says when it was reported; the sender's file cannot. A reported_at in the file
    # is ignored: the latest reported_at wins, so a sender's future date would outrank every later correction.
    if "reported_at" in frame:
        problems.add(
            "reported_at",
            msg("problem.upload_reported_at_ignored", received=result.received_at.isoformat(timespec="seconds")),
            1,
            column_of["reported_at"],
            severity="warning",
        )
    frame = frame.assign(reported_at=result.received_at.isoformat(timespec="seconds"))
    column_of.setdefault("reported_at", 0)
    synthesized = True
    rejected = pd.Series(False, index=frame.index)
    limit = context.report.max_problems
    cells = {c: frame[c].astype(str).str.strip() for c in (*KEY_COLUMNS, "as_of", *TEXT_COLUMNS) if c in frame}
    if "province" in cells:
        iso = cells["province"].map(context.report.province_aliases)
        wanted = expected or (result.template_province if result.template_province not in (None, ALL) else None)
        if wanted:
            wrong = iso.notna() & iso.ne(wanted)
            _add_capped(
                problems,
                "province",
                [
                    (
                        _line(frame, index),
                        column_of["province"],
                        msg("problem.upload_wrong_province", value=repr(cells["province"][index]), expected=wanted),
                    )
                    for index in wrong[wrong].index
                ],
                limit,
            )
            rejected |= wrong
        if allowed is not None:
            # Checked here, not only on the page: the page's province list is a convenience, this is the rule.
            foreign = iso.notna() & ~iso.isin(allowed) & ~rejected
            _add_capped(
                problems,
                "province",
                [
                    (
                        _line(frame, index),
                        column_of["province"],
                        msg("problem.upload_foreign_province", value=repr(cells["province"][index]), expected=_listed(allowed)),
                    )
                    for index in foreign[foreign].index
                ],
                limit,
            )
            rejected |= foreign
    if synthesized and all(c in cells for c in ("province", "milestone", "as_of")):
        key = pd.DataFrame(
            {
                "p": cells["province"].map(context.report.province_aliases).fillna(cells["province"]),
                "m": cells["milestone"],
                "a": cells["as_of"],
            }
        )[~rejected & cells["as_of"].ne("")]
        dup = key.duplicated(keep="first")
        first = frame["line"][key.index].groupby([key["p"], key["m"], key["a"]]).transform("first")
        _add_capped(
            problems,
            "as_of",
            [
                (
                    _line(frame, index),
                    column_of.get("as_of"),
                    msg("problem.upload_duplicate_row", row=int(first[index])),
                )
                for index in dup[dup].index
            ],
            limit,
        )
        rejected[dup[dup].index] = True
    for name in TEXT_COLUMNS:
        if name in cells:
            # astype(bool): on zero rows map() keeps the str dtype, and str & bool raises (found by the upload fuzz test).
            formula = cells[name].map(is_formula_like).astype(bool) & ~rejected
            _add_capped(
                problems,
                name,
                [
                    (
                        _line(frame, index),
                        column_of[name],
                        msg("problem.upload_formula", value=repr(cells[name][index][:60])),
                    )
                    for index in formula[formula].index
                ],
                limit,
                severity="warning",
            )
    checked_problems = ProblemList(problems.path)
    if rejected.all():
        result.rejected_rows = len(frame)
        return  # every row already has its problem; "no reports below the header" would mislead
    rows = check_reports(frame[~rejected].reset_index(drop=True), checked_problems, context.report, demo=False)
    # check_reports numbers columns as in the frame it saw; point them at the sender's own columns.
    for p in checked_problems:
        column = column_of.get(p.field) if p.column is not None else None
        problems.append(replace(p, column=column or None))
    rows = _drop_already_stored(rows, problems, context)
    result.rows = rows
    result.rejected_rows = len(frame) - len(rows)


def _line(frame: pd.DataFrame, index: Hashable) -> int:
    """The file line of a row (pandas-stubs type a cell as any scalar; this column holds ints)."""
    return int(cast(int, frame.at[index, "line"]))


def _add_capped(
    problems: ProblemList, name: str, found: list[tuple[int, int | None, Message]], limit: int, severity: str = "error"
) -> None:
    """One problem per row up to ``limit`` (limits.max_problems_per_check), then one that counts the rest."""
    for line, column, message in found[:limit]:
        problems.add(name, message, line, column, severity)
    if len(found) > limit:
        line, column, _ = found[limit]
        problems.add(name, msg("problem.upload_more_rows", n=len(found) - limit, listed=limit), line, column, severity)


def _listed(provinces: frozenset[str]) -> Param:
    """The provinces an account reports for, as "CN-GD or CN-GX" in the reader's language."""
    if not provinces:
        return msg("problem.upload_no_provinces")
    first, *rest = sorted(provinces)
    listed: Param = first
    for code in rest:
        listed = msg("list.or", a=listed, b=code)
    return listed


def _drop_already_stored(rows: pd.DataFrame, problems: ProblemList, context: UploadContext) -> pd.DataFrame:
    """A row identical to the current accepted figure (value, source, flag and note alike) is a re-sent file, not a correction.

    The server stamps each upload's report time, so a file sent twice differs only in that stamp; it
    is compared with the current real figure, so correcting back to an earlier figure is still possible.
    """
    existing = context.reports
    if rows.empty or existing.empty:
        return rows
    real = existing[~existing["demo"].astype(bool)]
    if real.empty:
        return rows
    current = current_reports(real)
    key = ["province", "milestone", "as_of", "value", "source", "flag", "note"]
    theirs = current[[*key, "file", "line"]].rename(columns={"file": "stored_file", "line": "stored_line"})
    merged = (
        rows.reset_index().merge(theirs.astype({c: str for c in key if c != "as_of"}), on=key, how="inner")
        if len(theirs)
        else rows.iloc[:0].reset_index()
    )
    _add_capped(
        problems,
        "value",
        [
            (
                int(cast(int, record.line)),
                None,
                msg("problem.upload_same_figure", file=str(record.stored_file), line=str(record.stored_line)),
            )
            for record in merged.itertuples()
        ],
        context.report.max_problems,
    )
    return rows.drop(index=merged["index"].unique().tolist()).reset_index(drop=True)


def preview(result: UploadResult, context: UploadContext) -> pd.DataFrame:
    """The rows an accept would add, each with the figure it supersedes (same province, milestone and as-of)."""
    columns = [
        "line",
        "province",
        "milestone",
        "as_of",
        "value",
        "source",
        "flag",
        "note",
        "change",
        "supersedes_value",
        "supersedes_reported_at",
        "supersedes_file",
        "supersedes_demo",
    ]
    if result.rows.empty:
        return pd.DataFrame(columns=columns)
    current = current_reports(context.reports) if len(context.reports) else empty_reports()
    old = current[["province", "milestone", "as_of", "value", "reported_at", "file", "demo"]].rename(
        columns={
            "value": "supersedes_value",
            "reported_at": "supersedes_reported_at",
            "file": "supersedes_file",
            "demo": "supersedes_demo",
        }
    )
    out = result.rows.merge(old, on=["province", "milestone", "as_of"], how="left")
    out["change"] = "new"
    has_old = out["supersedes_value"].notna()
    out.loc[has_old, "change"] = "correction"
    out.loc[has_old & (out["supersedes_value"] == out["value"]), "change"] = "same figure"
    return out[columns]


def report_columns() -> list[str]:
    return [*REQUIRED, *OPTIONAL]


def column_letter(column: int | None) -> str:
    return get_column_letter(column) if column else ""


class AcceptRefused(Exception):
    """Nothing was written; the message (``text``, in any language) says why."""

    def __init__(self, text: Message) -> None:
        super().__init__(text.render("en"))
        self.text = text


class AlreadyAccepted(AcceptRefused):
    """The very same file (same bytes) was accepted before: accepting it again would only add a copy."""

    def __init__(self, before: AcceptedBefore) -> None:
        super().__init__(msg("refused.already_accepted", when=str(before.received_at), name=before.file_name))
        self.before = before


@dataclass(frozen=True)
class Accepted:
    path: Path  # the new report file
    receipt: Path  # its metadata sidecar
    rows: int


def stored_csv(rows: pd.DataFrame) -> bytes:
    """The report rows as a report CSV (the format of data/progress, docs/data-format.md)."""
    out = pd.DataFrame(
        {
            "province": rows["province"],
            "milestone": rows["milestone"],
            "as_of": rows["as_of"].dt.strftime("%Y-%m-%d"),
            "value": rows["value"],
            "reported_at": rows["reported_at"].map(
                lambda t: t.strftime("%Y-%m-%d") if t == t.normalize() else t.strftime("%Y-%m-%dT%H:%M:%S")
            ),
            "source": rows["source"],
            "flag": rows["flag"],
            "note": rows["note"],
        }
    )
    # Stored as the sender wrote it (a source "=cmd|..." stays that text); exports escape it.
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def accept(
    result: UploadResult,
    folder: Path,
    user: str,
    context: UploadContext,
    valid_rows_only: bool = False,
    audit: Path | None = None,
    audit_user: str = "",
    store: BatchStore | None = None,
) -> Accepted:
    """Store the valid rows as a new file named by the server, with a metadata sidecar; never edits a file.

    With problems, nothing is stored unless ``valid_rows_only`` says the sender chose to accept the
    valid rows and leave out the rest. With ``audit`` (the audit log), the upload's event is written
    *before* the files (issue 12, item 11): if the log cannot be written nothing is stored, and if
    the files then cannot be written an ``upload_failed`` event follows. The log may so name a file
    that never arrived (told by the failure event, or after a crash by the file's absence), but an
    accepted file never lacks its event. ``audit_user`` names the sender in the log when it differs
    from the receipt's (the command line adds "(command line)"). With ``store`` (issue 15), the batch, its
    receipt and its event go to that store (``audit`` is then the store's own log); the report file's name
    is ``folder``'s all the same, so a batch in PostgreSQL is shown as the file it would be.
    """
    import tempfile
    import uuid

    from metrics.intake.receipts import receipt_path
    from metrics.load.reports import load_report_file

    if result.rows.empty:
        raise AcceptRefused(msg("refused.no_valid_rows"))
    if has_errors(result.problems) and not valid_rows_only:
        raise AcceptRefused(msg("refused.has_problems", n=sum(p.severity == "error" for p in result.problems)))
    allowed = context.allowed_provinces
    if allowed is not None and not set(result.rows["province"]) <= allowed:
        foreign = sorted(set(result.rows["province"]) - allowed)
        raise AcceptRefused(msg("refused.foreign_rows", provinces=", ".join(foreign), expected=_listed(allowed)))
    # The same bytes accepted before: refused, whatever rows they hold (issue 13, item 6). Checked against the
    # receipts in the folder the file would go to, by the SHA-256 of the bytes the sender uploaded.
    if store is None:  # a store checks this itself, with the batch's write (under its lock or in its transaction)
        before = accepted_before(load_receipts([folder]), result.sha256)
        if before is not None:
            raise AlreadyAccepted(before)
    data = stored_csv(result.rows)
    provinces = result.rows["province"].unique()
    who = provinces[0] if len(provinces) == 1 else "multi"
    name = f"{result.received_at:%Y%m%dT%H%M%S}_{who}_{uuid.uuid4().hex[:8]}"
    # Prove the stored bytes read back as the same rows before they reach data/progress.
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / f"{name}.csv"
        probe.write_bytes(data)
        reread, found = load_report_file(probe, replace(context.report, today=None), demo=False)
    if found or len(reread) != len(result.rows):
        # Named as the file it would have become: the probe's temporary folder is gone and is nobody's business.
        shown = [replace(p.replace_text(str(probe), f"{name}.csv"), path=f"{name}.csv") for p in found]
        raise AcceptRefused(msg("refused.no_read_back", problems="; ".join(str(p) for p in shown)))
    meta = {
        "file": f"{name}.csv",
        "user": user or "anonymous",
        "received_at": result.received_at.isoformat(timespec="seconds"),
        "original_name": result.name,
        "original_kind": result.kind,
        "original_sheet": result.sheet,
        "original_bytes": result.size,
        "original_sha256": result.sha256,
        "template_province": result.template_province,
        "rows": len(result.rows),
        "rows_left_out": result.rejected_rows,
        "problems": [str(p) for p in result.problems[:500]],
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    event = upload_event(
        audit_user or user or "anonymous",
        f"{name}.csv",
        len(result.rows),
        result.rows["province"],
        result.rows["milestone"],
        result.name,
        result.sha256,
        result.rejected_rows,
    )
    if store is not None:
        path = store.add_batch(folder, name, data, meta, event)
    else:
        path = write_batch_files(folder, name, data, meta, event, audit)
    receipt = receipt_path(path)
    return Accepted(path, receipt, len(result.rows))


def write_batch_files(
    folder: Path, name: str, data: bytes, meta: Mapping[str, Any], event: Mapping[str, Any], audit: Path | None
) -> Path:
    """Write an accepted batch as ``<name>.csv`` with its ``<name>.meta.json`` receipt (the file store's append).

    The audit event first (when ``audit`` is given): if the log cannot be written nothing is stored; if the
    files then cannot be written an ``upload_failed`` event follows (issue 12, item 11).
    """
    import json

    from metrics.files.atomic import create_atomic
    from metrics.intake.receipts import receipt_path

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    receipt = receipt_path(path)
    if audit is not None:
        try:
            append_event(audit, event)
        except OSError as exc:
            raise AcceptRefused(msg("refused.audit_unwritable", reason=os_reason(exc))) from exc
    try:
        # Sidecar first: a report file never exists without its "who and when".
        create_atomic(receipt, json.dumps(dict(meta), ensure_ascii=False, indent=2).encode("utf-8"))
        create_atomic(path, data)
    except OSError as exc:
        if not path.exists():  # the sidecar alone is harmless to loaders, but says "received": remove it
            receipt.unlink(missing_ok=True)
        if audit is not None:
            with contextlib.suppress(OSError):  # the log just took a line; if it now fails too, the upload event stands
                append_event(audit, {**event, "action": "upload_failed", "at": now_text(), "detail": str(exc)})
        raise AcceptRefused(msg("refused.file_unwritable", reason=os_reason(exc))) from exc
    return path
