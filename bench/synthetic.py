"""Synthetic data sets for benchmarks, marked synthetic in every row: never shown as real or demo data.

Two scales from issue 5: 31 provinces x 40 milestones x 28 quarters, and a prefecture scale of
340 cities x 100 milestones x 84 months (about 2.9 million reports).
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

    @property
    def reports(self) -> int:
        return self.units * self.milestones * self.periods


SCALES = {
    "province": Scale("province", 31, 40, 28, "QE"),
    "prefecture": Scale("prefecture", 340, 100, 84, "ME"),
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
        units = parent.assign(
            iso=[f"{iso}-{n // len(mainland) + 1:02d}" for n, iso in enumerate(parent["iso"])],
            code=[f"{c[:2]}{n // len(mainland) + 1:02d}00" for n, c in enumerate(parent["code"])],
            name_en=[f"{name} city {n // len(mainland) + 1}" for n, name in enumerate(parent["name_en"])],
            name_zh=[f"{name}{n // len(mainland) + 1}市" for n, name in enumerate(parent["name_zh"])],
        )
    units.to_csv(folder / "provinces.csv", index=False)

    rng = np.random.default_rng(seed)
    dates = pd.date_range(end="2026-09-30", periods=scale.periods, freq=scale.freq)
    n_units, n_m, n_t = scale.units, scale.milestones, scale.periods
    unit_idx = np.repeat(np.arange(n_units), n_m * n_t)
    m_idx = np.tile(np.repeat(np.arange(n_m), n_t), n_units)
    t_idx = np.tile(np.arange(n_t), n_units * n_m)
    pace = rng.uniform(0.5, 1.5, n_units * n_m)[unit_idx * n_m + m_idx]
    progress = np.clip(t_idx / max(n_t - 1, 1) * pace, 0, 1)
    stage = (m_idx % 4) == 3
    numbers = np.where(stage, np.round(progress * 4), 20 + 50 * progress + rng.normal(0, 1, len(t_idx)))
    stages = np.array(["not-started", "planned", "launched", "in-operation", "completed"])
    values = np.where(stage, stages[np.clip(numbers, 0, 4).astype(int)], np.char.mod("%.1f", np.clip(numbers, 0, 100)))
    as_of = dates[t_idx]
    frame = pd.DataFrame(
        {
            "province": units["iso"].to_numpy()[unit_idx],
            "milestone": np.char.mod("bench-%03d", m_idx),
            "as_of": as_of.strftime("%Y-%m-%d"),
            "value": values,
            "reported_at": (as_of + pd.Timedelta(days=15)).strftime("%Y-%m-%d"),
            "source": SOURCE,
        }
    )
    frame.to_csv(folder / "progress" / "synthetic.csv", index=False)
    config = folder / "config.yaml"
    config.write_text(
        "data:\n  milestones: milestones\n  sources: sources.yaml\n  ladders: ladders.yaml\n  provinces: provinces.csv\n"
        "  national_figures: none.csv\n  progress: [progress]\n  demo: []\n  load_demo: false\n"
        "as_of: 2026-11-23\nlimits:\n  max_csv_rows: 5000000\n",
        encoding="utf-8",
    )
    return config
