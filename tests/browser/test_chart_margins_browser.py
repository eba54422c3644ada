"""Charts are laid out once: plotly.js need not widen a chart's left margin for its labels (issue 16, item 1).

A chart whose margin is too narrow for its tick labels and axis title is drawn, its margins widened by plotly.js's
automargin, and drawn again: up to twice the draw (bench/charts.py). The charts set their left margins from their
labels (metrics/present/charts.py: ``label_extent``, ``VALUE_AXIS_LEFT``), and the status matrix its bottom margin
from its rotated milestone names; here Debian's chromium draws every chart of the five viewing pages on the bundled
data in both languages, and no chart's left margin (nor the matrix's bottom one) may have been widened.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Per chart: its title's start, its margins as set, and the margins plotly.js drew it with.
MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
  title: ((gd.layout.title && gd.layout.title.text) || '').replace(/<[^>]+>/g, '').slice(0, 40),
  set: gd.layout.margin || {},
  drawn: gd._fullLayout._size,
}))"""


# The page's own number of charts, each laid out by plotly.js, and the run over.
ALL_DRAWN = """(n) => {
  const charts = [...document.querySelectorAll('.js-plotly-plot')];
  return charts.length === n && charts.every(gd => gd._fullLayout && gd._fullLayout._size)
    && !document.querySelector('[data-testid=stStatusWidget]');
}"""
PAGES = [  # query, how many charts it draws
    ("page=overview", 2),
    ("page=province&province=CN-GD", 1),
    ("page=milestone", 4),
    ("page=compare&provinces=CN-GD,CN-JS,CN-ZJ", 2),
    ("page=matrix", 1),
]


def test_no_chart_needs_its_left_margin_widened(server: str, chromium) -> None:  # type: ignore[no-untyped-def]
    """All ten page and language pairs in one browser tab (a context each cost the suite ~2 s more)."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(60_000)
    widened = []
    try:
        for lang in ("en", "zh"):
            for query, charts in PAGES:
                page.goto(f"{server}/?{query}&lang={lang}&as_of=2026-11-23")
                page.wait_for_function(ALL_DRAWN, arg=charts)
                page.wait_for_timeout(300)
                drawn = page.evaluate(MARGINS)
                assert len(drawn) == charts, (query, lang, drawn)
                sides = ("l", "b") if query == "page=matrix" else ("l",)
                widened += [(query, lang, side, c) for c in drawn for side in sides if c["drawn"][side] > c["set"][side] + 0.5]
    finally:
        context.close()
    assert not widened, widened
