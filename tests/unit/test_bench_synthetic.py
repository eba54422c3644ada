"""The benchmarks' synthetic data is written in the current data format and loads without a problem."""

from __future__ import annotations

from pathlib import Path

from bench.synthetic import SCALES, write_dataset
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset


def test_the_province_scale_synthetic_set_loads_cleanly(tmp_path: Path) -> None:
    scale = SCALES["province"]
    config, problems = load_config(write_dataset(scale, tmp_path / "bench"))
    data = load_dataset(config, problems)
    assert [str(p) for p in data.problems] == []
    assert len(data.milestones) == scale.milestones and len(data.reports) == scale.reports
