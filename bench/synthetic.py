"""Synthetic data sets for benchmarks, marked synthetic in every row: never shown as real or demo data.

Three scales: from issue 5, 31 provinces x 40 milestones x 28 quarters and a prefecture scale of
340 cities x 100 milestones x 84 months (about 2.9 million reports); from issue 16, a county scale of
2,850 counties x 100 milestones x 84 months (about 24 million reports).

The dashboard has one list of reporting units, ``provinces.csv``. A synthetic set of cities or counties
is written there as units below the 31 mainland provinces, coded ``CN-XX-NN`` (cities) or ``CN-XX-NNNN``
(counties), the sub-province form ``metrics.provinces.ISO_PATTERN`` accepts, and every unit and report is
checked by the same rules as a province's. Nothing else about counties is modelled (the tile map, for one,
has a tile per province): the benchmark measures loading, checking and statuses at that many units.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "Synthetic benchmark data: invented, not an official figure"


@dataclass(frozen=True)
class Scale:
    name: str
    units: int
    milestones: int
    periods: int
    freq: str  # pandas period frequency: "QE" quarterly, "ME" monthly
    unit: str = "province"  # what a unit is: "province", "city" or "county"
    # One report file per province (as each province's office would send its counties' reports): a single
    # file of 24 M reports (2.6 GB) is over the per-file limits (limits.max_csv_bytes, max_csv_rows).
    file_per_province: bool = False
    # Rows in date order (each month's reports after the last month's, as a province's file grows), rather than
    # unit by unit: an engine that sorts the reports meets them as a real append-only file would give them.
    by_date: bool = False

    @property
    def reports(self) -> int:
        return self.units * self.milestones * self.periods


SCALES = {
    "province": Scale("province", 31, 40, 28, "QE"),
    "prefecture": Scale("prefecture", 340, 100, 84, "ME", unit="city"),
    "county": Scale("county", 2850, 100, 84, "ME", unit="county", file_per_province=True, by_date=True),
}


STAGES = ("not-started", "planned", "launched", "in-operation", "completed")
NOTE = "{en: synthetic benchmark value, zh: 合成基准值}"
LADDERS = "ladders:\n  - id: bench\n    title: {en: Synthetic ladder, zh: 合成阶段}\n    stages:\n" + "".join(
    f"      - {{id: {s}, label: {{en: {s}, zh: {s}}}, evidence: {{en: synthetic, zh: 合成}}}}\n" for s in STAGES
)


def _milestone_yaml(index: int) -> str:
    stage = index % 4 == 3
    measure = (
        "{kind: stage, ladder: bench}"
        if stage
        else "{kind: number, unit: percent, denominator: {en: synthetic, zh: 合成}, direction: up, cumulative: false}"
    )
    base, mid, top = ("not-started", "launched", "completed") if stage else (20, 45, 70)
    return (
        f"  - id: bench-{index:03d}\n"
        f"    title: {{en: Synthetic milestone {index}, zh: 合成指标{index}}}\n"
        f"    source: {{document: opinions-2022, clause: III.6, quote: {{en: synthetic, zh: 合成, zh_origin: translated}}}}\n"
        f"    evidence: {{en: synthetic, zh: 合成}}\n"
        f"    measure: {measure}\n"
        f"    baseline: {{date: 2018-12-31, value: {base}, basis: assumption, note: {NOTE}}}\n"
        f"    checkpoints:\n      - {{date: 2023-12-31, value: {mid}, basis: assumption, note: {NOTE}}}\n"
        f"    target: {{date: 2027-12-31, value: {top}, basis: assumption, note: {NOTE}}}\n"
    )


def _reports(units: np.ndarray, scale: Scale, dates: pd.DatetimeIndex, rng: np.random.Generator) -> pd.DataFrame:
    """Every unit's report on every milestone at every date: a value along a path at a random pace, with noise."""
    n_units, n_m, n_t = len(units), scale.milestones, scale.periods
    unit_idx = np.repeat(np.arange(n_units), n_m * n_t)
    m_idx = np.tile(np.repeat(np.arange(n_m), n_t), n_units)
    t_idx = np.tile(np.arange(n_t), n_units * n_m)
    if scale.by_date:
        order = np.argsort(t_idx, kind="stable")
        unit_idx, m_idx, t_idx = unit_idx[order], m_idx[order], t_idx[order]
    pace = rng.uniform(0.5, 1.5, n_units * n_m)[unit_idx * n_m + m_idx]
    progress = np.clip(t_idx / max(n_t - 1, 1) * pace, 0, 1)
    stage = (m_idx % 4) == 3
    numbers = np.where(stage, np.round(progress * 4), 20 + 50 * progress + rng.normal(0, 1, len(t_idx)))
    values = np.where(stage, np.array(STAGES)[np.clip(numbers, 0, 4).astype(int)], np.char.mod("%.1f", np.clip(numbers, 0, 100)))
    as_of = dates[t_idx]
    return pd.DataFrame(
        {
            "province": units[unit_idx],
            "milestone": np.char.mod("bench-%03d", m_idx),
            "as_of": as_of.strftime("%Y-%m-%d"),
            "value": values,
            "reported_at": (as_of + pd.Timedelta(days=15)).strftime("%Y-%m-%d"),
            "source": SOURCE,
        }
    )


def write_dataset(scale: Scale, folder: Path, seed: int = 7) -> Path:
    """Write a data folder laid out like data/ with ``scale`` and return its config.yaml."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "milestones").mkdir(parents=True)
    (folder / "progress").mkdir()
    shutil.copy(ROOT / "data" / "sources.yaml", folder / "sources.yaml")
    (folder / "ladders.yaml").write_text(LADDERS, encoding="utf-8")
    per_file = 10
    for start in range(0, scale.milestones, per_file):
        body = "".join(_milestone_yaml(i) for i in range(start, min(start + per_file, scale.milestones)))
        (folder / "milestones" / f"bench-{start:03d}.yaml").write_text(
            f"family:\n  id: bench-{start:03d}\n  title: {{en: Synthetic family, zh: 合成}}\nmilestones:\n{body}",
            encoding="utf-8",
        )
    provinces = pd.read_csv(ROOT / "data" / "provinces.csv", dtype=str, keep_default_na=False)
    mainland = provinces[provinces["region"] != ""].reset_index(drop=True)
    if scale.units <= len(mainland):
        units = mainland.head(scale.units)
    else:
        parent = mainland.loc[np.arange(scale.units) % len(mainland)].reset_index(drop=True)
        number = np.arange(scale.units) // len(mainland) + 1  # the unit's number within its province
        if scale.unit == "county":  # CN-GD-0001, GB/T 2260 440101 (prefecture 01, county 01)
            iso = [f"{p}-{k:04d}" for p, k in zip(parent["iso"], number, strict=True)]
            code = [f"{c[:2]}{(k - 1) // 99 + 1:02d}{(k - 1) % 99 + 1:02d}" for c, k in zip(parent["code"], number, strict=True)]
            name_en = [f"{name} county {k}" for name, k in zip(parent["name_en"], number, strict=True)]
            name_zh = [f"{name}{k}县" for name, k in zip(parent["name_zh"], number, strict=True)]
        else:
            iso = [f"{p}-{k:02d}" for p, k in zip(parent["iso"], number, strict=True)]
            code = [f"{c[:2]}{k:02d}00" for c, k in zip(parent["code"], number, strict=True)]
            name_en = [f"{name} city {k}" for name, k in zip(parent["name_en"], number, strict=True)]
            name_zh = [f"{name}{k}市" for name, k in zip(parent["name_zh"], number, strict=True)]
        units = parent.assign(iso=iso, code=code, name_en=name_en, name_zh=name_zh)
    units.to_csv(folder / "provinces.csv", index=False)

    rng = np.random.default_rng(seed)
    dates = pd.date_range(end="2026-09-30", periods=scale.periods, freq=scale.freq)
    if scale.file_per_province:
        parents = units["iso"].str[:5]
        for province in dict.fromkeys(parents):
            _reports(units["iso"][parents == province].to_numpy(), scale, dates, rng).to_csv(
                folder / "progress" / f"synthetic-{province}.csv", index=False
            )
    else:
        _reports(units["iso"].to_numpy(), scale, dates, rng).to_csv(folder / "progress" / "synthetic.csv", index=False)
    config = folder / "config.yaml"
    config.write_text(
        "data:\n  milestones: milestones\n  sources: sources.yaml\n  ladders: ladders.yaml\n  provinces: provinces.csv\n"
        "  national_figures: none.csv\n  progress: [progress]\n  demo: []\n  load_demo: false\n"
        "as_of: 2026-11-23\nlimits:\n  max_csv_rows: 5000000\n",
        encoding="utf-8",
    )
    return config
