"""What a report file is checked against: shared by the reader (reports.py) and its cache key (report_cache.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from metrics.domain import limits
from metrics.domain.model import Milestone


@dataclass(frozen=True)
class ReportContext:
    """What a report is checked against."""

    milestones: dict[str, Milestone]
    province_aliases: dict[str, str]  # ISO code, GB/T 2260 code, Chinese and English name -> ISO code
    max_bytes: int = limits.MAX_CSV_BYTES
    max_rows: int = limits.MAX_CSV_ROWS
    max_problems: int = limits.MAX_PROBLEMS_PER_CHECK
    max_columns: int = limits.MAX_UPLOAD_COLUMNS
    today: dt.date | None = None  # for the "in the future" check; None means the day it runs
    now: dt.datetime | None = None  # for the reported_at "in the future" check; None means when it runs
