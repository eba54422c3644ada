"""Time from navigation to every chart drawn, in Debian's headless chromium, against real servers.

The dashboard (overview and province pages, on the 31 x 40 x 28 synthetic set) is measured side by
side with the floor: a bare Streamlit page that draws one plotly chart (bench/bare_page.py), in the
same run. Also measured: the same chart inside the dashboard's frame of menu, sidebar widgets and banner
with no data (bench/shell_page.py), to tell what the frame costs from what a page draws inside it.
Cold = a fresh browser context (empty browser cache); warm = a reload in the same context.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import SCALES, write_dataset  # noqa: E402
from tests.chromium import launch  # noqa: E402
from tests.streamlit_server import streamlit_server  # noqa: E402

DRAWN = """() => {
  const charts = document.querySelectorAll('.stPlotlyChart');
  if (!charts.length) return 0;
  let drawn = 0;
  charts.forEach(c => { if (c.querySelector('.js-plotly-plot .main-svg g.trace, .js-plotly-plot .main-svg .hm')) drawn += 1; });
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  return drawn === charts.length && !running ? drawn : 0;
}"""


def time_once(browser, url: str) -> tuple[float, float, int]:
    """(cold, warm, charts): seconds from navigation until every chart on the page is drawn, in a fresh
    browser context and then on a reload in it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    times, charts = [], 0
    for reload in (False, True):
        start = time.perf_counter()
        if reload:
            page.reload(wait_until="commit")
        else:
            page.goto(url, wait_until="commit")
        handle = page.wait_for_function(DRAWN, timeout=120_000, polling=50)
        times.append(time.perf_counter() - start)
        charts = int(handle.json_value())
    context.close()
    return times[0], times[1], charts


def time_rounds(browser, targets: dict[str, str], runs: int) -> dict[str, list[tuple[float, float, int]]]:
    """Every target once per round, round after round: a slow spell of the machine then hits all targets
    alike, and each round's ratios to the floor are taken within the round."""
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, url in targets.items():
            results[name].append(time_once(browser, url))
    return results


def main(runs: int = 7) -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        config = write_dataset(SCALES["province"], Path(tmp) / "province")
        env = {"VET_DASHBOARD_CONFIG": str(config)}
        with (
            streamlit_server(ROOT / "bench" / "bare_page.py") as (bare, _),
            streamlit_server(ROOT / "bench" / "shell_page.py") as (frame, _),
            streamlit_server(ROOT / "dashboard.py", env) as (app, _),
            sync_playwright() as p,
        ):
            browser = launch(p)
            targets = {
                "bare page (floor)": bare + "/",
                "frame, no data": frame + "/",
                "overview": app + "/?page=overview&as_of=2026-11-23&lang=en",
                "province": app + "/province?province=CN-GD&as_of=2026-11-23&lang=en",
                "status matrix": app + "/matrix?as_of=2026-11-23&lang=en",
            }
            for url in targets.values():  # warm the servers' caches once, as after the first load
                page = browser.new_page()
                page.goto(url)
                page.wait_for_function(DRAWN, timeout=120_000)
                page.close()
            results = time_rounds(browser, targets, runs)
            browser.close()
    floor = results["bare page (floor)"]
    print(
        f"navigation to all charts drawn, headless chromium, 31 x 40 x 28, {runs} rounds: median cold / warm seconds "
        "(median of each round's ratio to the floor)"
    )
    for name, rounds in results.items():
        cold = statistics.median(r[0] for r in rounds)
        warm = statistics.median(r[1] for r in rounds)
        cold_x = statistics.median(r[0] / f[0] for r, f in zip(rounds, floor, strict=True))
        warm_x = statistics.median(r[1] / f[1] for r, f in zip(rounds, floor, strict=True))
        charts = rounds[-1][2]
        print(
            f"  {name:<18} {charts:2d} chart{'s' if charts > 1 else ' '}  {cold:5.2f} s ({cold_x:4.2f}x)  {warm:5.2f} s ({warm_x:4.2f}x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
