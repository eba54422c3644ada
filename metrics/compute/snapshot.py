"""What a page, a deck and the CLI show for one view of the data, built one way for all three.

A view is an as-of date, whether only verdicts against documented targets count, and (for the CLI) a choice of
provinces and one milestone. Its snapshot holds the status table (ranked among the provinces in it), the province
summary, the current reports up to the as-of date and how many verdicts rest on an assumed value. The dashboard
caches one per view (app_pages/common.py), a deck is drawn from one (metrics/export/briefing.py), and
``python -m metrics status`` prints one (metrics/cli/main.py). The current reports come out of the status
computation itself: they are sorted and de-duplicated once per view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from metrics.compute.status import documented_only, status_and_current
from metrics.compute.summary import province_summary, rank_provinces
from metrics.load.dataset import Dataset


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The statuses of one view, with what every page, deck and CLI command built on them needs."""

    data: Dataset
    as_of: dt.date
    documented: bool  # only verdicts whose planned path has no assumed point
    status: pd.DataFrame  # metrics/domain/tables.py RANKED_STATUS: ranks among the rows kept
    summary: pd.DataFrame  # tables.SUMMARY, from the rows kept
    current: pd.DataFrame  # tables.REPORTS: the current reports of every province up to as_of
    assumed: int  # verdicts of the view against an assumed point (left out when documented)


def take_snapshot(
    data: Dataset,
    as_of: dt.date | None = None,
    documented: bool = False,
    provinces: list[str] | None = None,
    milestone: str | None = None,
) -> Snapshot:
    """The snapshot of a view: ``as_of`` (default: the config's), ``documented`` (only verdicts against documented
    targets, ranked and scored among themselves), and the ``provinces`` (default: the mainland's) and ``milestone``
    (default: all) whose rows the status table keeps."""
    as_of = as_of or data.config.as_of_date()
    status, current = status_and_current(data, as_of, provinces)
    if milestone is not None:
        status = status[status["milestone"] == milestone]
    assumed = int(status["assumed"].sum())
    if documented:
        status = documented_only(status)
    status = rank_provinces(status)
    return Snapshot(data, as_of, documented, status, province_summary(status), current, assumed)
