"""The data behind a chart as CSV and XLSX, safe to open in Excel, and tables of it built from the status table.

Every text cell goes through metrics/files/excel_safe.py: a province's source such as ``=HYPERLINK(…)``
stays text. CSV is written as UTF-8 with a BOM, which Excel needs to show Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping

import pandas as pd

from metrics.domain.i18n import pick, province_name
from metrics.domain.tables import REPORTS_EXPORT, STATUS_EXPORT, SUMMARY_EXPORT
from metrics.files.excel_safe import excel_safe, excel_safe_frame

MAX_SHEET_TITLE = 31  # Excel's limit on a worksheet name


def status_data(rows: pd.DataFrame, data_provinces: pd.DataFrame, milestones: Mapping[str, object], lang: str) -> pd.DataFrame:
    """Status rows as a plain table: codes and names, values, dates as YYYY-MM-DD."""
    out = rows.reindex(columns=[c for c in STATUS_EXPORT.names if c not in ("province_name", "milestone_title")]).copy()
    # What each verdict rests on, as the CLI says it: a row copied out of the file still says it was assumed.
    assumed = rows["assumed"] if "assumed" in rows else pd.Series(False, index=rows.index)
    out["verdict_basis"] = assumed.astype(bool).map({True: "assumed-target", False: "documented"})
    out.insert(1, "province_name", [province_name(data_provinces, p, lang) for p in out["province"]])
    out.insert(3, "milestone_title", [pick(getattr(milestones.get(m), "title", {}), lang) for m in out["milestone"]])
    return _dates(out)


def reports_data(reports: pd.DataFrame, data_provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Current reports (one per province, milestone and date) as a plain table."""
    out = reports.reindex(columns=[c for c in REPORTS_EXPORT.names if c != "province_name"]).copy()
    out.insert(1, "province_name", [province_name(data_provinces, p, lang) for p in out["province"]])
    return _dates(out.sort_values(["province", "milestone", "as_of"]).reset_index(drop=True))


def summary_data(summary: pd.DataFrame, data_provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The province summary (counts by status, score) as a plain table, each province with its name."""
    out = summary.reset_index(names="province")
    out.insert(1, "province_name", [province_name(data_provinces, p, lang) for p in out["province"]])
    return out[SUMMARY_EXPORT.names]


CHART_TABLES = ("status", "reports", "summary")  # which table a chart's rows are: status rows, reports, the summary


def chart_data(
    table: str, rows: pd.DataFrame, data_provinces: pd.DataFrame, milestones: Mapping[str, object], lang: str
) -> pd.DataFrame:
    """The data behind a chart as a plain table; ``table`` (one of CHART_TABLES) says which table ``rows`` is."""
    builders: dict[str, Callable[[], pd.DataFrame]] = {
        "status": lambda: status_data(rows, data_provinces, dict(milestones), lang),
        "reports": lambda: reports_data(rows, data_provinces, lang),
        "summary": lambda: summary_data(rows, data_provinces, lang),
    }
    if table not in builders:
        raise ValueError(f"unknown chart table {table!r} (expected one of {', '.join(CHART_TABLES)})")
    return builders[table]()


def _dates(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return frame


def frame_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM) with formula-like text cells prefixed by ``'``."""
    safe = excel_safe_frame(frame)
    safe.columns = [excel_safe(c) for c in safe.columns]
    # Every text cell quoted: a lone CR in a source would otherwise end the row for Excel.
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def frame_xlsx(frame: pd.DataFrame, sheet: str = "data", about: list[tuple[str, str]] | None = None) -> bytes:
    """XLSX bytes: the data on one sheet, and ``about`` (title, unit, as-of, source …) on a second one.

    Text is written as strings (openpyxl's data_type "s"), and is prefixed like the CSV so that a
    re-saved copy stays safe too.
    """
    safe = excel_safe_frame(frame)
    safe.columns = [str(excel_safe(c)) for c in safe.columns]
    buffer = io.BytesIO()
    name = "".join(ch for ch in sheet if ch not in "[]:*?/\\")[:MAX_SHEET_TITLE] or "data"
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=name, index=False)
        if about:
            pd.DataFrame([(k, excel_safe(v)) for k, v in about], columns=["about", "value"]).to_excel(
                writer, sheet_name="about", index=False
            )
    return buffer.getvalue()
