"""Time from navigation to every chart drawn, in Debian's headless chromium, against real servers.

The dashboard (overview and province pages, on the 31 x 40 x 28 synthetic set) is measured side by
side with the floor: a bare Streamlit page that draws one plotly chart (bench/bare_page.py), in the
same run. Also measured: the same chart inside the dashboard's frame of menu, sidebar widgets and banner
with no data (bench/shell_page.py), to tell what the frame costs from what a page draws inside it; and that frame
with only the charts, data grids and metrics of a page on trivial data (the "elements" rows): the least a page
drawing those elements can cost, whatever it computes or shows in them.
Cold = a fresh browser context (empty browser cache); warm = a reload in the same context.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def time_once(browser: Any, url: str) -> list[tuple[float, float]]:
    """[(wall, cpu) cold, (wall, cpu) warm]: seconds from navigation to every chart drawn, and the renderer's
    main-thread CPU seconds for that load, in a fresh context and then on a reload in it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    out = []
    for reload in (False, True):
        start = time.perf_counter()
        if reload:
            page.reload(wait_until="commit")
        else:
            page.goto(url, wait_until="commit")
        page.wait_for_function(DRAWN, timeout=120_000, polling=50)
        wall = time.perf_counter() - start
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        out.append((wall, float(metrics.get("ThreadTime", float("nan")))))  # counted from this document's start
    context.close()
    return out


def time_rounds(browser: Any, targets: dict[str, str], runs: int) -> dict[str, list[list[tuple[float, float]]]]:
    """Every target once per round, round after round: a slow spell of the machine then hits all targets
    alike, and each round's ratios to the floor are taken within the round. The servers' caches are warmed
    first, as after the first load."""
    for url in targets.values():
        page = browser.new_page()
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=120_000)
        page.close()
    results: dict[str, list[list[tuple[float, float]]]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, url in targets.items():
            results[name].append(time_once(browser, url))
    return results


def ratios(rounds: list[list[tuple[float, float]]], floor: list[list[tuple[float, float]]], load: int, what: int) -> float:
    """Median over rounds of this target's figure (0: wall, 1: CPU; load 0: cold, 1: warm) divided by the floor's
    in the same round."""
    return statistics.median(r[load][what] / f[load][what] for r, f in zip(rounds, floor, strict=True))


PAGE_TARGET = 1.3  # issue 16, item 1: every page within 1.3x of the dashboard's own frame, cold and warm


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
                "milestone": app + "/milestone?milestone=bench-001&as_of=2026-11-23&lang=en",
                "compare": app + "/compare?provinces=CN-GD,CN-JS,CN-ZJ&as_of=2026-11-23&lang=en",
                "status matrix": app + "/matrix?as_of=2026-11-23&lang=en",
                # The frame with only a page's charts, data grids and metrics, on trivial data: the least any page
                # drawing those elements can cost (bench/shell_page.py, ?content=).
                "overview's elements": frame + "/?content=1,2,5",
                "province's elements": frame + "/?content=0,1,7",
                "milestone's elements": frame + "/?content=3,1,0",
            }
            results = time_rounds(browser, targets, runs)
            browser.close()
    floor, frame_rounds = results["bare page (floor)"], results["frame, no data"]
    print(
        f"navigation to all charts drawn, headless chromium, 31 x 40 x 28, {runs} rounds: median cold / warm seconds, "
        f"the median of each round's ratio to the bare page and to the frame (target: pages within {PAGE_TARGET}x of the "
        "frame, cold and warm), and the renderer's main-thread CPU seconds cold / warm with their ratio to the frame's"
    )
    for name, rounds in results.items():
        cold, warm = (statistics.median(r[i][0] for r in rounds) for i in (0, 1))
        cpu = [statistics.median(r[i][1] for r in rounds) for i in (0, 1)]
        bare_x = [ratios(rounds, floor, i, 0) for i in (0, 1)]
        frame_x = [ratios(rounds, frame_rounds, i, 0) for i in (0, 1)]
        cpu_x = [ratios(rounds, frame_rounds, i, 1) for i in (0, 1)]
        line = f"  {name:<20} {cold:5.2f} / {warm:5.2f} s   bare {bare_x[0]:4.2f}x / {bare_x[1]:4.2f}x"
        if name.endswith("elements"):
            line += f"   frame {frame_x[0]:4.2f}x / {frame_x[1]:4.2f}x (floor)"
            line += f"   CPU {cpu[0]:4.2f} / {cpu[1]:4.2f} s (frame {cpu_x[0]:4.2f}x / {cpu_x[1]:4.2f}x)"
        elif name not in ("bare page (floor)", "frame, no data"):
            verdict = "met" if max(frame_x) <= PAGE_TARGET else "NOT met"
            line += f"   frame {frame_x[0]:4.2f}x / {frame_x[1]:4.2f}x {verdict:7s}"
            line += f"   CPU {cpu[0]:4.2f} / {cpu[1]:4.2f} s (frame {cpu_x[0]:4.2f}x / {cpu_x[1]:4.2f}x)"
        else:
            line += " " * 29 + f"   CPU {cpu[0]:4.2f} / {cpu[1]:4.2f} s"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
