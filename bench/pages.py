"""Server-side time of one page run, per page, at the province scale (31 x 40 x 28), after the first load.

Runs the real dashboard script through Streamlit's AppTest (no browser). The figure is the time the
script itself takes with warm caches (timed inside dashboard.py, see app_pages/timing.py), which is
what every interaction costs the server; AppTest's wall time is printed beside it, and includes
AppTest's own work per run (scanning installed packages for components, building its element tree).
"""

from __future__ import annotations

import logging
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
    "matrix": {},
    "province": {"province": "CN-GD"},
    "milestone": {"milestone": "bench-001"},
    "compare": {"provinces": "CN-GD,CN-JS,CN-ZJ"},
    "quality": {},
    "sources": {},
    "report_progress": {},
    "report_history": {},
    "edit_milestones": {},
}


SIGNED_IN = {"report_progress", "report_history", "edit_milestones"}


def time_pages(config: Path, runs: int = 7) -> dict[str, tuple[float, float, float]]:
    """Per page: (first run in this process, median warm script run, median warm AppTest run) in seconds."""
    from streamlit.testing.v1 import AppTest

    from app_pages.timing import TIMINGS_ENV

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "missing ScriptRunContext" chatter

    from tests.app.signin import KEY, session_of, write_users

    os.environ["VET_DASHBOARD_CONFIG"] = str(config)
    os.environ["VET_DASHBOARD_COOKIE_KEY"] = KEY
    signed_in = session_of(write_users(config.parent), "admin")  # the input pages refuse anyone else
    timings_file = config.parent / "timings.tsv"
    os.environ[TIMINGS_ENV] = str(timings_file)
    results = {}
    try:
        for page, params in PAGES.items():
            walls = []
            timings_file.unlink(missing_ok=True)
            for _ in range(runs + 1):
                at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
                at.query_params.update({"page": page, "as_of": "2026-11-23", **params})
                if page in SIGNED_IN:
                    for key, value in signed_in.items():
                        at.session_state[key] = value
                start = time.perf_counter()
                at.run()
                walls.append(time.perf_counter() - start)
                if at.exception:
                    raise RuntimeError(f"{page}: {at.exception[0].message}")
            logged = [line.split("\t") for line in timings_file.read_text(encoding="utf-8").splitlines()]
            if [shown for shown, _ in logged] != [page] * (runs + 1):  # e.g. refused and sent to the overview
                raise RuntimeError(f"{page}: the runs showed {sorted({shown for shown, _ in logged})}")
            scripts = [float(seconds) for _, seconds in logged]
            results[page] = (walls[0], statistics.median(scripts[1:]), statistics.median(walls[1:]))
    finally:
        os.environ.pop(TIMINGS_ENV, None)
    return results


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        config = write_dataset(SCALES["province"], Path(tmp) / "province")
        results = time_pages(config)
    print(
        "page runs at 31 x 40 x 28, server side: first run; median of 7 warm runs of the script; the same with AppTest's own work"
    )
    for page, (first, script, wall) in results.items():
        print(f"  {page:<16} first {first:6.2f} s   warm script {script:6.3f} s   warm AppTest {wall:6.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
