"""The tables that pass between layers, declared once: their columns, in order, and each column's type.

The loader's reports, the status table ``compute_status`` makes (and its ranked form), the province summary,
and the tables the exports and the CLI write. A module that builds one of them builds it to this declaration
(tests/unit/test_tables_declared.py checks each against a real computation), and a module that reads one reads
the columns named here. Types are pandas' names for them: ``str`` is pandas' text type, ``category`` text held as
codes, ``object`` a column of Python values (text the plan table carries), ``Int64`` an integer that may be missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Table:
    """A table's name and its columns with their types, in order."""

    name: str
    columns: Mapping[str, str]
    index: str = ""  # the index's name, for a table keyed by it (the province summary)

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    def empty(self) -> pd.DataFrame:
        """The table with no rows and every column typed."""
        frame = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in self.columns.items()})
        if self.index:
            frame.index = pd.Index([], dtype="str", name=self.index)
        return frame

    def conform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame``'s declared columns, in order, each of its declared type (a missing column raises KeyError)."""
        return frame[self.names].astype(dict(self.columns))

    def differences(self, frame: pd.DataFrame) -> list[str]:
        """How ``frame`` differs from the declaration (empty when it matches exactly)."""
        out = []
        if list(frame.columns) != self.names:
            missing = [c for c in self.names if c not in frame.columns]
            extra = [c for c in frame.columns if c not in self.columns]
            out.append(f"{self.name}: columns {list(frame.columns)} (missing {missing}, extra {extra}; expected {self.names})")
        for name, dtype in self.columns.items():
            if name in frame.columns and str(frame[name].dtype) != dtype:
                out.append(f"{self.name}.{name}: {frame[name].dtype} (expected {dtype})")
        if self.index and frame.index.name != self.index:
            out.append(f"{self.name}: index {frame.index.name!r} (expected {self.index!r})")
        return out


def extended(table: Table, name: str, **columns: str) -> Table:
    """``table`` with more columns after its own."""
    return Table(name, {**table.columns, **columns}, table.index)


# Reports as loaded (metrics/load/reports.py), one row per figure a province reported, corrections included;
# the current reports (metrics/compute/history.py) have the same columns. Text with few distinct values is held as
# categories, sorted (metrics/load/report_columns.py).
REPORTS = Table(
    "reports",
    {
        "province": "category",
        "milestone": "category",
        "as_of": "datetime64[ns]",
        "value": "str",  # as reported: "41.5", "1,234", a stage id
        "number": "float64",  # the value on the measure's scale
        "reported_at": "datetime64[ns]",
        "source": "category",
        "flag": "category",
        "note": "category",
        "file": "category",
        "line": "int64",
        "demo": "bool",
    },
)

# The status of every province on every milestone that applies to it (metrics/compute/status.py).
STATUS = Table(
    "status",
    {
        "province": "str",
        "milestone": "str",
        # the plan the province is held to (its override where it has one)
        "family": "object",
        "kind": "object",  # the measure kind (metrics/domain/measures.py)
        "numeric": "bool",  # the kind's values are quantities (Measure.numeric): growth rates mean something
        "unit": "object",
        "direction": "int64",
        "cumulative": "bool",
        "baseline_day": "float64",  # days since 1970-01-01
        "baseline_number": "float64",
        "target_day": "float64",
        "target_number": "float64",
        "expected": "float64",  # on the planned path at the as-of date
        "target_basis": "object",  # the weakest basis on the path: document, public-figure or assumption
        "assumed": "bool",  # any point of the path assumed
        "override": "bool",
        # the latest current report up to the as-of date
        "latest": "float64",
        "latest_value": "str",
        "latest_as_of": "datetime64[ns]",
        "reported_at": "datetime64[ns]",
        "source": "str",
        "flag": "str",
        "n_reports": "int64",
        "last_reported_at": "datetime64[ns]",
        "demo": "bool",
        "revisions": "int64",  # corrections superseded
        # the verdict
        "attainment": "float64",
        "expected_attainment": "float64",
        "shortfall": "float64",
        "gap": "float64",
        "achieved": "bool",
        "status": "str",  # a status code (metrics/domain/statuses.py)
        "days_since_report": "float64",
        "stale": "bool",
        # the trend and its forecast (metrics/compute/forecast.py)
        "trend_slope": "float64",
        "trend_intercept": "float64",
        "trend_points": "int64",
        "forecast_value": "float64",
        "forecast_date": "datetime64[us]",
        "forecast": "str",
        "growth_ratio": "float64",
        "growth": "str",
        "baseline_date": "datetime64[us]",
        "target_date": "datetime64[us]",
        "as_of_view": "datetime64[s]",
    },
)

# The status table with each province's rank on each milestone (metrics/compute/summary.py): what pages,
# decks and the CLI are given.
RANKED_STATUS = extended(STATUS, "ranked status", rank="Int64", ranked_of="int64")

# Per province: how many milestones in each status, and the score (metrics/compute/summary.py).
SUMMARY = Table(
    "province summary",
    {
        "achieved": "int64",
        "on_track": "int64",
        "at_risk": "int64",
        "off_track": "int64",
        "overdue": "int64",
        "not_started": "int64",
        "no_data": "int64",
        "score": "float64",
        "rated": "int64",
        "stale": "bool",
    },
    index="province",
)

# The data behind a chart, as CSV and XLSX downloads and in decks (metrics/export/data.py): codes and names,
# dates as YYYY-MM-DD.
STATUS_EXPORT = Table(
    "status export",
    {
        "province": "str",
        "province_name": "str",
        "milestone": "str",
        "milestone_title": "str",
        "status": "str",
        "verdict_basis": "str",  # documented or assumed-target, as the CLI says it
        "latest_value": "str",
        "latest_as_of": "str",
        "expected": "float64",
        "gap": "float64",
        "attainment": "float64",
        "forecast": "str",
        "forecast_date": "str",
        "target_date": "str",
        "source": "str",
        "demo": "bool",
    },
)
REPORTS_EXPORT = Table(
    "reports export",
    {
        "province": "category",  # as the reports hold them
        "province_name": "str",
        "milestone": "category",
        "as_of": "str",
        "value": "str",
        "number": "float64",
        "reported_at": "str",
        "source": "category",
        "flag": "category",
        "demo": "bool",
    },
)
SUMMARY_EXPORT = Table(
    "summary export",
    {"province": "str", "province_name": "str", **SUMMARY.columns},
)

# What ``python -m metrics status`` prints (metrics/cli/main.py): every line says what its verdict rests on
# (verdict_basis) and whether its figures are demo data (data).
CLI_STATUS = Table(
    "cli status",
    {
        "province": "str",
        "milestone": "str",
        "status": "str",
        "verdict_basis": "str",
        "latest_value": "str",
        "latest_as_of": "str",
        "expected": "float64",
        "gap": "float64",
        "attainment": "float64",
        "forecast": "str",
        "forecast_date": "str",
        "growth": "str",
        "days_since_report": "float64",
        "data": "str",
    },
)
