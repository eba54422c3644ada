"""Where a chart says "demo data": inside its plot area (a crop keeps it), never on a tile, bar, point or line.

Two placements (issue 13; the stamp in the top right corner covered Heilongjiang's tile on every tile map, the
tallest bar of the distribution and the latest reports of the trajectories):

- **a clear band**: the y axes end ``BAND_PX`` below the top of the plot area, so the band above them holds no
  data, and the stamp sits in it, at the right (or the left, where a label already sits on the right);
- **an empty corner** of a tile map, found from the grid itself (China's top left: row 0 has only Heilongjiang,
  at the far right), so the tiles keep their size.

Both use paper coordinates between 0 and 1: the stamp is inside the plot area whatever the margins, in the
dashboard and in exported images.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go

NAME = "demo-mark"  # the annotation's name, for tests and for moving it
BAND_PX = 34  # the clear band at the top of the plot area: the stamp (13 px type, 3 px padding, a border) and air
LINE_PX = 17  # one more line of the stamp
FONT_SIZE = 13
STAMP_COLOR = "#8B0000"


def _stamp(fig: go.Figure, text: str, x: float, xanchor: str, y: float, yanchor: str, stacked: bool = False) -> None:
    parts = [html.escape(part, quote=False) for part in (text.split(" · ") if stacked else [text])]
    fig.add_annotation(
        text="<b>" + "<br>".join(parts) + "</b>",
        xref="paper",
        yref="paper",
        x=x,
        y=y,
        xanchor=xanchor,
        yanchor=yanchor,
        showarrow=False,
        font={"size": FONT_SIZE, "color": STAMP_COLOR},
        bgcolor="rgba(255,255,255,0.85)",
        bordercolor=STAMP_COLOR,
        borderwidth=1,
        borderpad=3,
        name=NAME,
    )


def plot_height(fig: go.Figure) -> float:
    """The plot area's height in pixels, from the figure's height and margins as they are now."""
    margin = fig.layout.margin
    return float((fig.layout.height or 450) - (margin.t if margin.t is not None else 100) - (margin.b or 80))


def stamp_in_band(fig: go.Figure, text: str, side: str = "right", stacked: bool = False) -> None:
    """Stamp ``text`` in a band at the top of the plot area that no data reaches: every y axis ends below it.

    The figure grows by the band, so the data keep their height. Call it once the figure has its height and
    margins; later changes that keep the plot area's height (a taller figure for a larger bottom margin) keep
    the band. Annotations placed at the plot area's top in paper
    coordinates belong above the band: this moves nothing else. ``stacked`` puts the stamp's parts (split at
    " · ") on lines of their own, for a chart half the page wide."""
    band = BAND_PX + (LINE_PX if stacked else 0)
    # The band is added to the figure, so the data keep their height; a plot area its margins squeezed to less than
    # two bands (a status-count chart of one task family) grows to that, so the band is never most of it.
    grow = band + max(0.0, 2 * band - plot_height(fig))
    fig.update_layout(height=int((fig.layout.height or 450) + grow))
    fig.update_yaxes(domain=[0.0, round(1.0 - band / max(plot_height(fig), 1.0), 4)])
    left = side == "left"
    _stamp(fig, text, x=0.0 if left else 1.0, xanchor="left" if left else "right", y=1.0, yanchor="top", stacked=stacked)


def empty_corner(cells: Sequence[tuple[int, int]]) -> tuple[str, str]:
    """The corner of a grid of (row, col) cells with the longest run of empty cells along its edge row:
    ("top" | "bottom", "left" | "right"). China's tile grid gives ("top", "left")."""
    if not cells:
        return "top", "left"
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    first, last, width = min(rows), max(rows), max(cols) - min(cols) + 1
    best: tuple[int, str, str] = (-1, "top", "right")
    for vertical, row in (("top", first), ("bottom", last)):
        taken = sorted(c - min(cols) for r, c in cells if r == row)
        for horizontal, free in (("left", taken[0]), ("right", width - 1 - taken[-1])):
            if free > best[0]:
                best = (free, vertical, horizontal)
    return best[1], best[2]


def stamp_in_corner(fig: go.Figure, text: str, cells: Sequence[tuple[int, int]]) -> None:
    """Stamp ``text`` in the tile grid's emptiest corner (see :func:`empty_corner`), inside the plot area."""
    vertical, horizontal = empty_corner(cells)
    _stamp(
        fig,
        text,
        x=0.0 if horizontal == "left" else 1.0,
        xanchor=horizontal,
        y=1.0 if vertical == "top" else 0.0,
        yanchor=vertical,
    )
