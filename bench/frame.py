"""What the dashboard's frame costs the browser, and what cuts it (issue 16, item 3).

The frame page (bench/shell_page.py) in its variants, side by side with the bare one-chart page
(bench/bare_page.py) in interleaved rounds, cold and warm, in Debian's headless chromium: the frame as the
dashboard draws it (the sign-in form only when asked for), with the form sent with every page as before, with
the menu in the top bar, with fewer widgets in the sidebar, and the menu alone. Beside the wall-clock time, the
renderer's main-thread CPU time (Chrome's ``ThreadTime`` metric), which a busy machine disturbs much less than the
wall clock.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import ratios, time_rounds  # noqa: E402
from tests.chromium import launch  # noqa: E402
from tests.streamlit_server import streamlit_server  # noqa: E402

TARGET = 1.2  # issue 16, item 3: the frame within 1.2x of the bare page, warm
VARIANTS = {
    "now": "as the dashboard draws it (the sign-in form only once its panel is opened)",
    "form-sent": "as before: the sign-in form sent with every page in a closed panel",
    "top": "the menu in the top bar (position='top'), sections as drop-downs",
    "lean": "only language and date in the sidebar, the other filters behind an expander",
    "language-only": "the language switch shown; date and filters behind one expander that names them",
    "settings-closed": "every view setting behind one expander drawn when opened",
    "bare-menu": "the menu alone: no sidebar widgets, no banner",
}


def main(runs: int = 7) -> int:
    from playwright.sync_api import sync_playwright

    with (
        streamlit_server(ROOT / "bench" / "bare_page.py") as (bare, _),
        streamlit_server(ROOT / "bench" / "shell_page.py") as (frame, _),
        sync_playwright() as p,
    ):
        browser = launch(p)
        targets = {"bare page (floor)": bare + "/", **{name: f"{frame}/?frame={name}" for name in VARIANTS}}
        results = time_rounds(browser, targets, runs)
        browser.close()
    floor = results["bare page (floor)"]
    print(
        f"the frame, headless chromium, {runs} rounds: median cold / warm seconds to the chart drawn (median of each "
        f"round's ratio to the bare page), and the renderer's main-thread CPU seconds; target warm within {TARGET}x"
    )
    for name, rounds in results.items():
        cold, warm = (statistics.median(r[i][0] for r in rounds) for i in (0, 1))
        cold_cpu, warm_cpu = (statistics.median(r[i][1] for r in rounds) for i in (0, 1))
        warm_x = ratios(rounds, floor, 1, 0)
        verdict = "" if name not in ("now",) else ("  met" if warm_x <= TARGET else "  NOT met")
        cpu_x = [ratios(rounds, floor, i, 1) for i in (0, 1)]
        print(
            f"  {name:18s} {cold:5.2f} s ({ratios(rounds, floor, 0, 0):4.2f}x)  {warm:5.2f} s ({warm_x:4.2f}x)   "
            f"CPU {cold_cpu:4.2f} s ({cpu_x[0]:4.2f}x) / {warm_cpu:4.2f} s ({cpu_x[1]:4.2f}x)"
            f"{verdict}  {VARIANTS.get(name, '')}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
