"""Demo progress reports: invented, reproducible figures for every mainland province and milestone.

These are NOT statistics. They exist so that the dashboard can be tried before real reports arrive,
and every row says so in its ``source``. The generator draws each province-milestone pair a
profile (ahead, on track, late, stalled, achieved early, slipping) so that every status occurs, lets
two provinces stop reporting, and adds a few corrections and one suspicious drop.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from metrics.compute.trajectory import expected_value
from metrics.domain.model import Milestone
from metrics.files.atomic import write_atomic
from metrics.load.config import Config
from metrics.load.dataset import load_dataset
from metrics.load.store_setting import shown_url

SEED = 20221221
DEMO_SOURCE = "Demo data: invented by metrics.intake.demo (seed 20221221), not an official figure"
PROFILES = {  # name: (share of pairs, pace range relative to the planned path)
    "ahead": (0.2, (1.15, 1.45)),
    "on_track": (0.4, (0.97, 1.1)),
    "late": (0.17, (0.55, 0.85)),
    "stalled": (0.08, (0.9, 1.1)),
    "early": (0.08, (1.9, 2.6)),
    "slipping": (0.07, (0.2, 0.5)),
}
STOPPED_PROVINCES = 2  # provinces that stop reporting part-way
CORRECTIONS = 4
NEVER_REPORTED = 5  # province-milestone pairs with no report at all


def quarter_ends(start: dt.date, until: dt.date) -> list[dt.date]:
    """Quarter-end dates strictly after ``start`` and no later than ``until``."""
    ends = pd.date_range(pd.Timestamp(start) + pd.Timedelta(days=1), pd.Timestamp(until), freq="QE")
    return [d.date() for d in ends]


def _series(m: Milestone, province: str, dates: list[dt.date], rng: np.random.Generator, profile: str, pace: float) -> np.ndarray:
    plan = m.plan_for(province)
    measure = m.measure
    base = measure.to_number(plan.baseline.value)
    top = measure.to_number(plan.target.value)
    planned = expected_value(plan, measure, dates)
    progress = (planned - base) * pace
    if profile == "stalled":
        # Progress stops after a random quarter and stays flat.
        stop = rng.integers(1, max(2, len(dates)))
        progress[stop:] = progress[stop - 1]
    return measure.demo_series(base, progress, abs(top - base), rng)


def _format(m: Milestone, value: float) -> str:
    return m.measure.value_text(value)


def demo_reports(milestones: dict[str, Milestone], provinces: list[str], until: dt.date, seed: int = SEED) -> pd.DataFrame:
    """The demo report rows, deterministic for the same inputs and seed."""
    rng = np.random.default_rng(seed)
    names = list(PROFILES)
    weights = np.array([PROFILES[n][0] for n in names])
    stopped = set(rng.choice(provinces, size=STOPPED_PROVINCES, replace=False)) if len(provinces) > STOPPED_PROVINCES else set()
    stop_date = until - dt.timedelta(days=365)
    pairs = [(m.id, p) for m in milestones.values() for p in provinces if m.applies(p)]
    never = {pairs[i] for i in rng.choice(len(pairs), size=min(NEVER_REPORTED, len(pairs)), replace=False)}
    rows = []
    for m in milestones.values():
        for province in provinces:
            if (m.id, province) in never or not m.applies(province):
                continue
            profile = str(rng.choice(names, p=weights / weights.sum()))
            low, high = PROFILES[profile][1]
            pace = float(rng.uniform(low, high))
            dates = quarter_ends(m.plan_for(province).baseline.date, until)
            if not dates:
                continue
            values = _series(m, province, dates, rng, profile, pace)
            for date, value in zip(dates, values, strict=True):
                if province in stopped and date > stop_date:
                    break
                reported = date + dt.timedelta(days=int(rng.integers(10, 45)))
                if reported > until:
                    continue
                flag = "provisional" if rng.random() < 0.03 else ""
                rows.append([province, m.id, date.isoformat(), _format(m, value), reported.isoformat(), DEMO_SOURCE, flag, ""])
    frame = pd.DataFrame(rows, columns=["province", "milestone", "as_of", "value", "reported_at", "source", "flag", "note"])
    return _add_corrections(frame, milestones, until, rng)


def _add_corrections(
    frame: pd.DataFrame, milestones: dict[str, Milestone], until: dt.date, rng: np.random.Generator
) -> pd.DataFrame:
    numeric = frame[frame["milestone"].map(lambda mid: milestones[mid].measure.numeric)]
    extra = []
    for index in rng.choice(numeric.index, size=min(CORRECTIONS, len(numeric)), replace=False):
        row = frame.loc[index].copy()
        reported = dt.date.fromisoformat(row["reported_at"]) + dt.timedelta(days=30)
        if reported > until:
            continue
        m = milestones[row["milestone"]]
        value = m.measure.capped(float(row["value"]) * (1 + rng.choice([-1, 1]) * rng.uniform(0.03, 0.08)))
        row["value"] = _format(m, value)
        row["reported_at"] = reported.isoformat()
        row["flag"] = "revised"
        row["note"] = f"Demo correction of the figure reported on {frame.loc[index, 'reported_at']}"
        extra.append(row)
    cumulative = frame[frame["milestone"].map(lambda mid: milestones[mid].measure.cumulative)]
    if len(cumulative) > 10:
        # One suspicious drop in a running total, for the data-quality page to find.
        index = cumulative.index[len(cumulative) // 2]
        m = milestones[frame.loc[index, "milestone"]]
        frame.loc[index, "value"] = _format(m, max(float(frame.loc[index, "value"]) * 0.5, 0))
        frame.loc[index, "note"] = "Demo: a deliberately suspicious drop in a running total"
    return pd.concat([frame, pd.DataFrame(extra)], ignore_index=True) if extra else frame


class DemoRefused(Exception):
    """Nothing was written; the message says why."""


def is_demo_file(path: Path) -> bool:
    """Whether ``path`` is a report CSV whose every row is this generator's demo data (an empty file is not)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = csv.DictReader(handle)
            sources = [row.get("source") for row in rows]
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return bool(sources) and all(source == DEMO_SOURCE for source in sources)


def demo_output_problem(config: Config, path: Path) -> str | None:
    """Why demo reports must not be written to ``path``, or None when they may.

    Demo rows in a real-reports folder would load as real figures, and ``-o`` over a real report file
    would destroy it: neither is allowed, however the path is spelled (symlinks and .. are resolved).
    """
    target = path.resolve()
    folder = target.parent
    for progress in config.progress:
        if folder == progress.resolve() or folder.is_relative_to(progress.resolve()):
            return f"{progress} is a folder of real reports (expected a path outside data.progress, e.g. under data/demo)"
    if target.exists() and not is_demo_file(target):
        return "exists and is not a demo file (expected a new file, or a file this command wrote)"
    real = (
        [p.name for p in sorted(folder.glob("*.csv")) if p.resolve() != target and not is_demo_file(p)] if folder.is_dir() else []
    )
    if real:
        return f"its folder holds {real[0]}, which is not demo data (expected a folder without real reports)"
    return None


def write_demo_reports(config: Config, output: Path | None = None, until: dt.date | None = None) -> Path:
    """Regenerate the demo file from the configured milestones, atomically; ``DemoRefused`` where real reports are."""
    path = output or (config.demo[0] / "demo_reports.csv")
    if config.store != "files":  # the dashboard reads demo batches from the database there, never this file
        raise DemoRefused(
            f"{path}: the store is {shown_url(config.store)}, which does not read demo files (expected a files store: "
            "write them with VET_DASHBOARD_STORE=files, then move them in with `python -m metrics store migrate --to …`); "
            "nothing written"
        )
    problem = demo_output_problem(config, path)
    if problem:
        raise DemoRefused(f"{path}: {problem}; nothing written")
    data = load_dataset(replace(config, load_demo=False))
    until = until or dt.date.today()
    frame = demo_reports(data.milestones, list(data.mainland.index), until)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return path
