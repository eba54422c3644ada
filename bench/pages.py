"""Server-side time of one page run, per page, at the province scale (31 x 40 x 28), after the first load.

Runs the real dashboard script through Streamlit's AppTest (no browser): the figure is the time the
server spends running the page script with warm caches, which is what every interaction costs.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import SCALES, write_dataset  # noqa: E402

PAGES = {
    "overview": {},
    "province": {"province": "CN-GD"},
    "milestone": {"milestone": "bench-001"},
    "compare": {"provinces": "CN-GD,CN-JS,CN-ZJ"},
    "quality": {},
    "sources": {},
    "report_progress": {},
    "report_history": {},
    "edit_milestones": {},
}


def time_pages(config: Path, runs: int = 5) -> dict[str, tuple[float, float]]:
    """Per page: (first run in this process, median of warm runs) in seconds."""
    from streamlit.testing.v1 import AppTest

    os.environ["VET_DASHBOARD_CONFIG"] = str(config)
    results = {}
    for page, params in PAGES.items():
        timings = []
        for _ in range(runs + 1):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            at.query_params.update({"page": page, "as_of": "2026-11-23", **params})
            start = time.perf_counter()
            at.run()
            timings.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].message}")
        results[page] = (timings[0], statistics.median(timings[1:]))
    return results


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        config = write_dataset(SCALES["province"], Path(tmp) / "province")
        results = time_pages(config)
    print("page runs at 31 x 40 x 28 (AppTest, server side): first run / median of 5 warm runs")
    for page, (first, warm) in results.items():
        print(f"  {page:<16} {first:6.2f} s  {warm:6.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
