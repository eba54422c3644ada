"""The "demo data" stamp inside each chart covers no data, as drawn by Debian's chromium (issue 13).

The stamp used to sit in the plot area's top right corner, on Heilongjiang's tile in every tile map, on the
tallest bar of the distribution and on the latest values of the trajectories. Here every drawn chart of the
overview, province and milestone pages is searched for the stamp, and the stamp's box is tested against every
tile, marker, bar, text label, other annotation and every point along every line and shape, at 1366 px wide.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("VET_SHOTS_STAMP", "/tmp/shots-stamp"))

# For each chart with a stamp: what the stamp's box overlaps, as short descriptions (empty: nothing).
OVERLAPS = r"""
(stampTexts) => {
  const out = [];
  const boxOf = (el) => el.getBoundingClientRect();
  const meets = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const inside = (p, r) => p.x > r.left && p.x < r.right && p.y > r.top && p.y < r.bottom;
  const along = (path) => {  // points along an SVG path, in page coordinates
    const points = [], length = path.getTotalLength ? path.getTotalLength() : 0, ctm = path.getScreenCTM();
    if (!length || !ctm) return points;
    const svg = path.ownerSVGElement, steps = Math.min(2000, Math.ceil(length / 2));
    for (let i = 0; i <= steps; i++) {
      const p = path.getPointAtLength(length * i / steps), q = svg.createSVGPoint();
      q.x = p.x; q.y = p.y;
      points.push(q.matrixTransform(ctm));
    }
    return points;
  };
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const title = (plot.querySelector('.gtitle') || {}).textContent || `chart ${index}`;
    const stamps = [...plot.querySelectorAll('g.annotation')].filter(
      (a) => stampTexts.some((s) => a.textContent.replace(/\s+/g, '').includes(s)));
    if (!stamps.length) { out.push({chart: title, stamps: 0, overlaps: []}); return; }
    const box = boxOf(stamps[0].querySelector('rect.bg') || stamps[0]);
    const overlaps = [];
    const solid = plot.querySelectorAll(
      '.scatterlayer .point, .barlayer .point path, .scatterlayer .textpoint, .heatmaplayer image');
    solid.forEach((el) => {
      const r = boxOf(el);
      if (r.width > 0.5 && r.height > 0.5 && meets(box, r)) {
        overlaps.push(el.textContent || el.getAttribute('class') || el.tagName);
      }
    });
    plot.querySelectorAll('g.annotation').forEach((a) => {
      if (a !== stamps[0] && meets(box, boxOf(a))) overlaps.push('annotation: ' + a.textContent);
    });
    plot.querySelectorAll('.scatterlayer .js-line, .shapelayer path').forEach((path) => {
      if (along(path).some((p) => inside(p, box))) overlaps.push('line: ' + (path.closest('.trace') ? 'trace' : 'shape'));
    });
    out.push({chart: title, stamps: stamps.length, overlaps, box: [box.left, box.top, box.width, box.height]});
  });
  return out;
}
"""
STAMPS = ["演示数据·非官方数字", "演示数据非官方数字", "DEMODATA·notofficialfigures", "DEMODATAnotofficialfigures"]


def charts_drawn(page, count: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n"
        " && !document.querySelector('[data-testid=stStatusWidget]')",
        arg=count,
    )
    page.wait_for_timeout(800)  # plotly finishes its text layout after the SVG appears


@pytest.mark.parametrize(
    ("query", "charts"),
    [
        ("page=overview&lang=zh", 2),
        ("page=overview&lang=en", 2),
        ("page=province&province=CN-GD&lang=en", 1),
        ("page=milestone&lang=zh", 4),
        ("page=milestone&lang=en", 4),
        ("page=matrix&lang=en", 1),
    ],
)
def test_the_demo_stamp_covers_no_data(server: str, chromium, query: str, charts: int) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server}/?{query}&as_of=2026-11-23", wait_until="networkidle")
        charts_drawn(page, charts)
        found = page.evaluate(OVERLAPS, STAMPS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        for i, plot in enumerate(page.locator(".js-plotly-plot").all()):
            plot.screenshot(path=str(SHOTS / f"{query.replace('&', '_').replace('=', '-')}-{i}.png"))
    finally:
        context.close()
    stamped = [chart for chart in found if chart["stamps"]]
    assert len(stamped) >= charts, found  # every chart of these pages shows demo data, so every one has a stamp
    assert all(chart["stamps"] == 1 for chart in stamped), found
    assert [(chart["chart"], chart["overlaps"]) for chart in stamped if chart["overlaps"]] == []
