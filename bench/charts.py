"""How long plotly.js takes to draw each of the dashboard's charts, and whether it had to lay a chart out twice.

The pages' figures are read from the running dashboard (31 x 40 x 28 synthetic set, English and Chinese), as the
browser received them, and drawn again one by one in a blank page of Debian's headless chromium with the plotly.js
the plotly package ships: the draw alone, without Streamlit around it, which a page benchmark's run-to-run spread
(about ±0.1x on these 2 cores) hides. Also printed: the margins plotly.js had to widen for a chart's labels or legend;
each widened margin is a second layout pass (``Plots.doAutoMargin`` redraws), which the charts' own margins
(metrics/present/charts.py, ``label_extent``) are sized to spare.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import DRAWN  # noqa: E402
from bench.synthetic import SCALES, write_dataset  # noqa: E402
from tests.chromium import launch  # noqa: E402
from tests.streamlit_server import streamlit_server  # noqa: E402

PAGES = {  # name: (address, how many charts it draws)
    "overview": ("/?page=overview&as_of=2026-11-23", 2),
    "province": ("/province?province=CN-GD&as_of=2026-11-23", 1),
    "milestone": ("/milestone?milestone=bench-001&as_of=2026-11-23", 4),
    "compare": ("/compare?provinces=CN-GD,CN-JS,CN-ZJ&as_of=2026-11-23", 2),
    "status matrix": ("/matrix?as_of=2026-11-23", 1),
}
# Each chart as the page drew it: its data, layout and size, and the margins plotly.js widened.
READ = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const size = gd._fullLayout._size, margin = gd.layout.margin || {}, widened = [];
  for (const side of ['l', 'r', 't', 'b']) if (size[side] > (margin[side] ?? 0) + 0.5) widened.push(side);
  return {data: gd.data, layout: gd.layout, width: gd.clientWidth, height: gd.clientHeight, widened: widened};
})"""
# Median milliseconds of ``runs`` draws of one figure, each from a purged div, until the next frame.
DRAW = """async ([figure, runs]) => {
  const div = document.getElementById('chart'), times = [];
  div.style.width = figure.width + 'px';
  div.style.height = figure.height + 'px';
  const layout = Object.assign({}, figure.layout, {width: figure.width, height: figure.height});
  for (let i = 0; i < runs; i++) {
    Plotly.purge(div);
    const start = performance.now();
    await Plotly.newPlot(div, figure.data, layout, {responsive: false});
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}"""


def read_figures(app: str, page: Any) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Every page's charts in both languages, keyed (page, language)."""
    figures = {}
    for lang in ("en", "zh"):
        for name, (path, charts) in PAGES.items():
            page.goto(f"{app}{path}&lang={lang}")
            # All of the page's charts: DRAWN alone can pass before the last chart's element has arrived.
            page.wait_for_function(f"() => ({DRAWN})() >= {charts}", timeout=120_000, polling=50)
            figures[(name, lang)] = page.evaluate(READ)
    return figures


def main(runs: int = 9) -> int:
    import plotly
    from playwright.sync_api import sync_playwright

    plotly_js = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        config = write_dataset(SCALES["province"], Path(tmp) / "province")
        with (
            streamlit_server(ROOT / "dashboard.py", {"VET_DASHBOARD_CONFIG": str(config)}) as (app, _),
            sync_playwright() as p,
        ):
            browser = launch(p)
            figures = read_figures(app, browser.new_page(viewport={"width": 1400, "height": 1000}))
            blank = browser.new_page(viewport={"width": 1400, "height": 1000})
            blank.set_content("<html><body><div id='chart'></div></body></html>")
            blank.add_script_tag(content=plotly_js)
            print(
                f"plotly.js draws of each page's charts, headless chromium, 31 x 40 x 28, median of {runs} draws each "
                "(the chart alone, in a blank page); 'widened': the margins plotly.js had to widen, each a second "
                "layout pass"
            )
            for (name, lang), charts in figures.items():
                drawn = [blank.evaluate(DRAW, [chart, runs]) for chart in charts]
                widened = [",".join(chart["widened"]) or "-" for chart in charts]
                print(
                    f"  {name:<14} {lang}  {sum(drawn):6.0f} ms for {len(charts)} chart(s): "
                    + ", ".join(f"{ms:.0f} ms (widened {w})" for ms, w in zip(drawn, widened, strict=True))
                )
            median = statistics.median(blank.evaluate(DRAW, [chart, runs]) for charts in figures.values() for chart in charts)
            print(f"  median chart: {median:.0f} ms")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
