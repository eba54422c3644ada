"""Small in-memory datasets for computation tests, so each expected figure can be worked out by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pandas as pd

from metrics.domain.measures import Measure
from metrics.domain.model import Milestone, Plan, Quote
from metrics.domain.tables import REPORTS
from metrics.load.config import default_config
from metrics.load.dataset import Dataset
from metrics.load.measure_kinds import NumberMeasure
from metrics.load.reports import empty_reports

D = dt.date


def milestone(mid: str, plan: Plan, measure: Measure = NumberMeasure(1, "percent"), **overrides: Plan) -> Milestone:
    return Milestone(
        id=mid,
        family="test",
        title={"en": mid, "zh": mid},
        document="doc",
        clause="1",
        quote=Quote("q"),
        measure=measure,
        plan=plan,
        overrides={k.replace("_", "-"): v for k, v in overrides.items()},
    )


def dataset(
    milestones: list[Milestone], rows: list[tuple], provinces: tuple[str, ...] = ("CN-AA", "CN-BB", "CN-CC", "CN-DD", "CN-EE")
) -> Dataset:
    """rows: (province, milestone, as_of, number, reported_at[, value])."""
    frame = empty_reports()
    if rows:
        frame = pd.DataFrame(
            [
                {
                    "province": r[0],
                    "milestone": r[1],
                    "as_of": pd.Timestamp(r[2]),
                    "number": float(r[3]),
                    "value": r[5] if len(r) > 5 else str(r[3]),
                    "reported_at": pd.Timestamp(r[4]),
                    "source": "test",
                    "flag": "",
                    "note": "",
                    "file": "t.csv",
                    "line": i + 2,
                    "demo": False,
                }
                for i, r in enumerate(rows)
            ]
        )
        frame = REPORTS.conform(frame)  # typed as the loader types reports (metrics/domain/tables.py)
    table = pd.DataFrame(
        {"code": "0", "name_zh": list(provinces), "name_en": list(provinces), "region": "East", "row": 0, "col": 0},
        index=pd.Index(provinces, name="iso"),
    )
    config = replace(default_config(Path("/nonexistent")), as_of=D(2024, 7, 1))
    return Dataset(config, {}, {}, {m.id: m for m in milestones}, table, frame, pd.DataFrame())
