"""Plotly figures of the dashboard, built from the status table without Streamlit.

One palette for status everywhere (Okabe & Ito's colour-blind-safe set), and every status also
carries its label and an icon, so charts read in greyscale. Every figure has a title with the as-of
date, axis titles with units, an explicit template and a CJK-capable font, so it looks the same
exported outside Streamlit. All text from the data is HTML-escaped before plotly renders it.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from metrics.compute.trajectory import plan_points
from metrics.domain.i18n import (
    basis_label,
    flag_label,
    format_date,
    format_number,
    format_percent,
    pick,
    province_name,
    region_label,
    t,
)
from metrics.domain.model import Milestone
from metrics.domain.regions import region_rank
from metrics.domain.statuses import BY_CODE, NO_DATA, NOT_APPLICABLE, SHOWN_STATUSES, TABLE_STATUSES, status_label, verdict_label
from metrics.present.demo_stamp import stamp_in_band, stamp_in_corner

# Status colours, icons and marker shapes: metrics/domain/statuses.py.
HIGHLIGHT = "#0072B2"
DEMO_COLOR = "#8C6D31"  # brown, no status colour: demo figures never look like real reports or a status
MEDIAN_COLOR = "#555555"
PLAN_COLOR = "#000000"
FORECAST_COLOR = "#D55E00"
FAINT = "rgba(120,120,120,0.25)"
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
DATE_TICKS = {"zh": "%Y年%-m月", "en": "%b %Y"}
EXPECTED_LABEL_PX = 22  # the distribution's "Expected" label, above the plot area
RANK_TICK_ANGLE = -45  # the province names under the ranked bars
COUNT_LABEL_WIDTH = 24  # the family labels of the status counts: lines of at most this many Latin widths


_SYLLABLE_BREAK = re.compile(r"(?:(?<=[aeiou]ng)|(?<=[aeiou]n)|(?<=[aeiou]))(?=[bcdfghjklmpqrstwxyz])")


def tile_label(name: str, lang: str) -> str:
    """A province name that fits a map tile: long English names split into two lines at a space or a
    pinyin syllable near the middle (Heilong / jiang); Chinese short names fit as they are."""
    if lang == "zh" or len(name) <= 8:
        return esc(name)
    if " " in name:
        first, rest = name.split(" ", 1)
        return f"{esc(first)}<br>{esc(rest)}"
    lower = name.lower()
    breaks = [
        m.start()
        for m in _SYLLABLE_BREAK.finditer(lower)
        if 2 < m.start() < len(name) - 2 and lower[m.start() - 1 : m.start() + 1] != "ng"
    ]
    if not breaks:
        return esc(name)
    cut = min(breaks, key=lambda i: abs(i - len(name) / 2))
    return f"{esc(name[:cut])}<br>{esc(name[cut:])}"


def esc(value: object) -> str:
    """Data text made safe for plotly's HTML-like labels."""
    return html.escape(str(value), quote=False)


def text_width(text: str) -> int:
    """The width of ``text`` in Latin character widths: a Chinese character counts as two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def wrap_lines(text: str, width: int, max_lines: int = 0) -> list[str]:
    """``text`` in lines of at most ``width`` Latin character widths (a Chinese character is two), broken at a
    space or, in Chinese, between characters; with ``max_lines``, the last line ends in '…' if text is left."""
    lines: list[str] = []
    line = ""
    # Tokens: words with the space before them, or single wide characters (Chinese breaks anywhere).
    for token in re.findall(r"\s*[^\s\u2e80-\u9fff\uff00-\uffef]+|\s*[\u2e80-\u9fff\uff00-\uffef]", text):
        if line and text_width(line + token) > width:
            lines.append(line)
            line, token = "", token.lstrip()
        line += token
        while text_width(line) > width:  # one word longer than the line: cut it
            cut = next(i for i in range(len(line), 0, -1) if text_width(line[:i]) <= width)
            lines.append(line[:cut])
            line = line[cut:].lstrip()
    if line:
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


def title_lines(text: str, width: int) -> list[str]:
    """A title in lines of at most ``width`` Latin widths, broken after a " ·" first, then between words."""
    if text_width(text) <= width:
        return [text]
    parts = text.split(" · ")
    lines: list[str] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        pieces = wrap_lines(part, width)
        if not last:  # the separator stays at the end of its part's line, never alone on one
            if text_width(pieces[-1] + " ·") > width:
                pieces = wrap_lines(part, width - 2)
            pieces[-1] += " ·"
        if lines and text_width(lines[-1] + " " + pieces[0]) <= width:  # a short part joins the line before
            lines[-1] += " " + pieces.pop(0)
        lines += pieces
    return lines


def unwrap(text: str) -> str:
    """Wrapped lines (<br>) joined back into one: with a space between words, none between Chinese characters."""
    lines = text.split("<br>")
    out = lines[0]
    for line in lines[1:]:
        wide = out[-1:] and line[:1] and text_width(out[-1] + line[0]) > 2
        out += ("" if wide else " ") + line
    return out


def balanced_lines(text: str, width: int, max_lines: int = 0) -> list[str]:
    """wrap_lines with lines of even length: the narrowest width that needs no more lines, so a Chinese name
    never leaves one character alone on its second line (面向终身学习的技术技能培 / 训)."""
    lines = wrap_lines(text, width, max_lines)
    if len(lines) < 2 or lines[-1].endswith("…"):
        return lines
    longest_word = max(text_width(word) for word in text.split())
    if longest_word > width:
        longest_word = 1  # Chinese, or a word cut anyway
    while width > longest_word and len(wrap_lines(text, width - 1)) == len(lines):
        width -= 1
    return wrap_lines(text, width)


def wrap(text: str, width: int, max_lines: int = 0) -> str:
    """``text`` escaped and wrapped for plotly (lines joined with <br>) in lines of even length, see balanced_lines."""
    return "<br>".join(esc(line) for line in balanced_lines(text, width, max_lines))


class Title(dict[str, object]):
    """A chart title, with the mark to stamp inside the plot area (demo data) that a crop cannot cut off."""

    mark: str = ""
    top: int = 80  # the top margin the title's lines take


# Titles of charts drawn half the page wide (the milestone page's map and distribution): lines of at most this
# many Latin widths (a Chinese character is two). Plotly never wraps a title; cut at the chart's edge, the long
# English ones lost their end (issue 13, item 5).
HALF_TITLE_WIDTH = 48
WIDE_TITLE_WIDTH = 76


def _title(text: str, as_of: dt.date, lang: str, demo: bool = False, extra: str = "", width: int = 0) -> Title:
    sub = t("chart.as_of", lang, date=format_date(as_of, lang))
    if extra:
        sub += " · " + extra
    if demo:
        sub += " · " + t("demo.label", lang)
    lines = title_lines(text, width) if width else [text]
    subs = title_lines(sub, int(width * 1.4)) if width else [sub]  # <sup> is smaller type
    head = "<br>".join(esc(line) for line in lines)
    title = Title({"text": f"{head}<br><sup>{'<br>'.join(esc(s) for s in subs)}</sup>", "x": 0.0, "xanchor": "left"})
    title.mark = t("demo.mark", lang) if demo else ""
    title.top = 58 + 22 * len(lines) + 14 * (len(subs) - 1)
    return title


# Sequential blues (ColorBrewer "Blues", colour-blind safe), from a light blue that is not the no-data grey to
# navy. Cividis over 0-100 drew the bundled scores (45-80) in near-identical olives (issue 13, item 7).
SEQUENTIAL = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B"]
SEQUENTIAL_SCALE = [[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]
DARK_FROM = 0.5  # tiles from this point of the scale on take white labels, lighter ones dark labels


def score_range(values: Sequence[float], step: float = 10.0) -> tuple[float, float]:
    """The colour range of scores: the data's own range widened to whole ``step``s (45-80 -> 40-80), so the
    differences between provinces use the whole scale; the colour bar shows the numbers."""
    finite = [float(v) for v in values if pd.notna(v)]
    if not finite:
        return 0.0, 100.0
    low, high = np.floor(min(finite) / step) * step, np.ceil(max(finite) / step) * step
    if high - low < step:
        high = low + step
    return float(max(low, 0.0)), float(min(high, 100.0))


def label_colors(values: Sequence[float], cmin: float, cmax: float) -> list[str]:
    """Tile label colours readable on SEQUENTIAL: white on the dark half, near-black on the light half."""
    span = (cmax - cmin) or 1.0
    return ["#FFFFFF" if (float(v) - cmin) / span >= DARK_FROM else "#111111" for v in values]


def demo_mark(fig: go.Figure, text: str, side: str = "right") -> None:
    """Stamp ``text`` inside the plot area, in a band at its top that no data reaches (metrics.present.demo_stamp),
    so a cropped image still says it shows demo data and the stamp hides nothing."""
    stamp_in_band(fig, text, side)


@functools.cache
def _template() -> go.layout.Template:
    # Looking "plotly_white" up by name validates a fresh copy of it each time: ~35 ms a chart.
    return pio.templates["plotly_white"]


def _layout(fig: go.Figure, title: dict[str, object], height: int, mark: str = "right") -> go.Figure:
    """Title, template, height, margins and legend; with a demo title, the stamp in a clear band on the ``mark``
    side of the plot area ("" leaves the stamp to the caller)."""
    fig.update_layout(
        title=title,
        template=_template(),
        height=height,
        font={"family": FONT, "size": 13},
        margin={"l": fig.layout.margin.l or 10, "r": 10, "t": getattr(title, "top", 80), "b": 40},  # l: _value_axis's
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
    )
    if fig.layout.margin.b is None or fig.layout.margin.b < 110:
        fig.update_layout(margin={"b": 110})
    if isinstance(title, Title) and title.mark and mark:
        demo_mark(fig, title.mark, mark)
    return fig


TICK_PX = 7.5  # the width of a Latin character of a 12-13 px tick label, in pixels
AXIS_TITLE_PX = 34  # an x-axis title below the tick labels
LEGEND_PX = 52  # a horizontal legend of up to two rows


def label_extent(labels: Sequence[str], font_px: float, angle: float = 0) -> int:
    """Pixels the longest of ``labels`` (tick labels of ``font_px``, their lines split at <br>) takes across its axis:
    its width for a y axis (angle 0), its rotated height for an x axis at ``angle`` degrees.

    A margin set this wide spares plotly.js's automargin its second layout pass, which doubled the draw of a chart
    whose margin it had to widen (the status matrix: ~0.1 s of the browser's time, bench/charts.py); automargin
    stays on, so a label wider than estimated still fits.
    """
    lines = [line for label in labels for line in str(label).split("<br>")]
    longest = max((text_width(html.unescape(line)) for line in lines), default=0) * font_px * TICK_PX / 12.5
    turn = np.radians(angle)
    return int(np.ceil(longest * abs(np.sin(turn)) + font_px * abs(np.cos(turn)) if angle else longest))


def legend_below(fig: go.Figure, labels: Sequence[str], angle: float = 0) -> go.Figure:
    """The legend at the bottom of the figure, under the x tick labels and axis title, however long the labels.

    The bottom margin is measured from the longest label at its angle. A legend placed at a share of the plot's
    height (y=-0.2) sat on rotated province names (issue 13, item 5).
    """
    longest = max((text_width(unwrap(str(label))) for label in labels), default=0)
    ticks = longest * TICK_PX * abs(np.sin(np.radians(angle))) + 18
    fig.update_layout(
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        margin={"b": int(np.ceil(ticks + AXIS_TITLE_PX + LEGEND_PX))},
    )
    fig.update_layout(height=(fig.layout.height or 450) + max(fig.layout.margin.b - 110, 0))  # the plot keeps its height
    return fig


def axis_unit(milestone: Milestone, lang: str) -> str:
    """The y-axis title of a milestone: its unit, or 'stage'."""
    return milestone.measure.axis_title(lang)


VALUE_AXIS_LEFT = 74  # numbers on a value axis and its title: plotly.js needed 59-73 px for every bundled milestone


def _value_axis(fig: go.Figure, milestone: Milestone, lang: str) -> bool:
    """Named ticks on the value axis where the measure has them (a ladder's stages); whether it had.

    The left margin is set to what the axis's labels and title take (label_extent), so plotly.js lays the chart out
    once: left at 10 px, it widened the margin and drew the chart again (10-20 ms each, most charts on a page)."""
    ticks = milestone.measure.axis_ticks(lang)
    if ticks is None:
        fig.update_layout(margin={"l": VALUE_AXIS_LEFT})
        return False
    labels = [esc(label) for label in ticks.labels]
    fig.update_yaxes(tickmode="array", tickvals=list(ticks.values), ticktext=labels, range=list(ticks.range))
    fig.update_layout(margin={"l": label_extent(labels, 12) + AXIS_TITLE_PX + 14})
    return True


def expected_text(row: pd.Series, milestone: Milestone, lang: str) -> str:
    """The expected value for display (for a stage milestone, the stage reached and the one it moves towards)."""
    return milestone.measure.format_expected(row["expected"], lang)


def _hover_row(row: pd.Series, milestone: Milestone | None, provinces: pd.DataFrame, lang: str) -> str:
    name = province_name(provinces, row["province"], lang)
    lines = [
        f"<b>{esc(name)}</b>",
        f"{t('hover.status', lang)}: {esc(verdict_label(str(row['status']), lang, bool(row.get('assumed', False))))}",
    ]
    if milestone is not None:
        measure = milestone.measure
        lines.append(f"{t('hover.latest', lang)}: {esc(measure.format(row['latest_value'], lang))}")
        lines.append(f"{t('hover.expected', lang)}: {esc(expected_text(row, milestone, lang))}")
        gap = measure.gap_in_unit(row["gap"], lang)
        if gap is not None:
            lines.append(f"{t('hover.gap', lang)}: {esc(gap)}")
        lines.append(f"{t('hover.attainment', lang)}: {format_percent(row['attainment'], lang)}")
    if row.get("demo"):
        lines.append(esc(t("demo.label", lang)))
    return "<br>".join(lines)


def build_tile_map(
    provinces: pd.DataFrame,
    lang: str,
    as_of: dt.date,
    mode: str = "status",
    rows: pd.DataFrame | None = None,
    milestone: Milestone | None = None,
    scores: pd.DataFrame | None = None,
    demo: bool = False,
    highlight: str = "",
    title_width: int = WIDE_TITLE_WIDTH,
) -> go.Figure:
    """Tile-grid map: one square per province at its row/col, coloured by status, attainment or score.

    ``rows``: status rows of one milestone (mode status/attainment); ``scores``: province_summary
    (mode score). Each point carries the province code as customdata, so a click can open it.
    """
    tiles = provinces.copy()
    tiles["province"] = tiles.index
    tiles["label"] = [tile_label(province_name(provinces, c, lang, short=True), lang) for c in tiles.index]
    fig = go.Figure()
    size = 46

    def add(frame: pd.DataFrame, name: str, color: object, hover: list[str], text: list[str], **marker: object) -> None:
        fig.add_trace(
            go.Scatter(
                x=frame["col"],
                y=-frame["row"],
                mode="markers+text",
                name=name,
                marker={"symbol": "square", "size": size, "color": color, "line": {"width": 1, "color": "#FFFFFF"}, **marker},
                text=text,
                textfont={"size": 11 if lang == "zh" else 9, "family": FONT},
                customdata=np.array(frame["province"]).reshape(-1, 1),
                hovertext=hover,
                hoverinfo="text",
            )
        )

    if mode in ("status", "attainment") and rows is not None:
        joined = tiles.join(rows.set_index("province").drop(columns=["row", "col"], errors="ignore"), how="left")
        applies = pd.Series([milestone is None or milestone.applies(c) for c in joined.index], index=joined.index)
        joined["status"] = joined["status"].where(joined["status"].notna(), np.where(applies, NO_DATA.code, NOT_APPLICABLE.code))
        reported = set(rows["province"])

        def hover_of(code: str, r: pd.Series) -> str:
            if code in reported:
                return _hover_row(r, milestone, provinces, lang)
            why = t("chart.no_data", lang) if applies[code] else t("chart.not_applicable", lang)
            return f"<b>{esc(province_name(provinces, code, lang))}</b><br>{why}"

        hovers = {code: hover_of(cast(str, code), r) for code, r in joined.iterrows()}
        if mode == "status":
            for status in SHOWN_STATUSES:
                part = joined[joined["status"] == status.code]
                if part.empty:
                    continue
                add(
                    part,
                    status.label(lang),
                    status.colour,
                    [hovers[c] for c in part.index],
                    [f"{lbl}<br>{status.icon}" for lbl in part["label"]],
                    **({"line": {"width": 1, "color": "#999999"}} if status is NOT_APPLICABLE else {}),
                )
            title_text = t("color.status", lang)
        else:
            valued = joined[joined["attainment"].notna()]
            empty = joined[joined["attainment"].isna()]
            if len(valued):
                attained = (valued["attainment"].clip(0, 1) * 100).tolist()
                add(
                    valued,
                    t("color.attainment", lang),
                    attained,
                    [hovers[c] for c in valued.index],
                    [lbl for lbl in valued["label"]],
                    colorscale=SEQUENTIAL_SCALE,
                    cmin=0,
                    cmax=100,
                    showscale=True,
                    colorbar={"title": {"text": t("chart.attainment", lang)}, "thickness": 12},
                )
                fig.data[-1].textfont.color = label_colors(attained, 0, 100)
            for group, part in empty.groupby("status"):
                add(
                    part,
                    status_label(str(group), lang),
                    BY_CODE[str(group)].colour,
                    [hovers[c] for c in part.index],
                    [lbl for lbl in part["label"]],
                )
            title_text = t("color.attainment", lang)
        if milestone is not None:
            title_text = f"{pick(milestone.title, lang)} · {title_text}"
    else:
        score = scores["score"] if scores is not None else pd.Series(dtype=float)
        tiles["score"] = score.reindex(tiles.index)
        valued, empty = tiles[tiles["score"].notna()], tiles[tiles["score"].isna()]
        hover = [
            f"<b>{esc(province_name(provinces, c, lang))}</b><br>{t('hover.score', lang)}: {format_number(s, lang, digits=0)}"
            for c, s in zip(valued.index, valued["score"], strict=True)
        ]
        if len(valued):
            cmin, cmax = score_range(valued["score"].tolist())
            add(
                valued,
                t("color.score", lang),
                valued["score"].tolist(),
                hover,
                [lbl for lbl in valued["label"]],
                colorscale=SEQUENTIAL_SCALE,
                cmin=cmin,
                cmax=cmax,
                showscale=True,
                colorbar={"title": {"text": t("chart.score", lang)}, "thickness": 12},
            )
            fig.data[-1].textfont.color = label_colors(valued["score"].tolist(), cmin, cmax)
        if len(empty):
            add(
                empty,
                NO_DATA.label(lang, icon=False),
                NO_DATA.colour,
                [f"<b>{esc(province_name(provinces, c, lang))}</b><br>{t('chart.no_data', lang)}" for c in empty.index],
                [lbl for lbl in empty["label"]],
            )
        title_text = t("color.score", lang)
    dark_colors = {s.colour for s in SHOWN_STATUSES if s.dark}
    for trace in fig.data:
        color = trace.marker.color
        if not isinstance(color, str):  # a colour scale: its tiles' labels were chosen per tile (label_colors)
            continue
        trace.textfont.color = "#FFFFFF" if color in dark_colors else "#111111"
    if highlight and highlight in tiles.index:
        spot = tiles.loc[[highlight]]
        fig.add_trace(
            go.Scatter(
                x=spot["col"],
                y=-spot["row"],
                mode="markers",
                name=esc(province_name(provinces, highlight, lang)),
                marker={"symbol": "square-open", "size": size + 6, "color": "#000000", "line": {"width": 3}},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.update_xaxes(visible=False, range=[-0.6, tiles["col"].max() + 0.6], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-tiles["row"].max() - 0.6, 0.6], scaleanchor="x", fixedrange=True)
    title = _title(title_text, as_of, lang, demo, width=title_width)
    _layout(fig, title, 560, mark="")
    fig.update_layout(
        clickmode="event+select",
        dragmode=False,
        margin={"l": 10, "r": 10, "t": title.top, "b": 50},  # the legend's row: plotly.js widened b=10 to 48 and redrew
        legend={"orientation": "h", "y": -0.02},
    )
    if title.mark:  # in the grid's empty corner: a band would shrink the tiles, the top right corner is Heilongjiang
        stamp_in_corner(fig, title.mark, list(zip(tiles["row"].astype(int), tiles["col"].astype(int), strict=True)))
    return fig


def matrix_order(status: pd.DataFrame, milestones: dict[str, Milestone], provinces: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Milestones grouped by task family (file order) and provinces grouped by region, then position."""
    shown_milestones, shown_provinces = set(status["milestone"]), set(status["province"])
    ms = [m for m in milestones if m in shown_milestones]  # file order
    families = {f: i for i, f in enumerate(dict.fromkeys(milestones[m].family for m in ms))}
    ms = sorted(ms, key=lambda m: families[milestones[m].family])  # stable: file order within a family
    present = provinces.loc[[p for p in provinces.index if p in shown_provinces]]
    ordered = present.assign(_r=present["region"].map(region_rank)).sort_values(["_r", "row", "col"])
    return ms, list(ordered.index)


def _short(text: str, lang: str) -> str:
    limit = 12 if lang == "zh" else 26
    return text if len(text) <= limit else text[: limit - 1] + "…"


# The status icon of each matrix cell as a plotly marker shape (Status.marker), drawn over the colour so
# the matrix reads without colour. Markers, not per-cell text: plotly.js measures every text label, which
# made a 46 x 31 matrix take ~0.5 s to draw in chromium; markers draw in about half that and, unlike
# heatmap cells, can be clicked.


def build_status_matrix(
    status: pd.DataFrame,
    milestones: dict[str, Milestone],
    provinces: pd.DataFrame,
    families: Mapping[str, object],
    lang: str,
    as_of: dt.date,
    demo: bool = False,
) -> go.Figure:
    """Provinces × milestones heatmap coloured by status, with the status as a marker shape in each cell.

    The markers carry (province code, milestone id) as customdata, so a click on a cell can open it.
    """
    ms, ps = matrix_order(status, milestones, provinces)
    index = {s.code: i for i, s in enumerate(SHOWN_STATUSES)}
    grid = status.pivot_table(index="province", columns="milestone", values="status", aggfunc="first").reindex(
        index=ps, columns=ms
    )
    # A pair with no row is a milestone that does not apply to that province (a provincial conference's task).
    for m in ms:
        if milestones[m].applies_to is not None:
            grid.loc[[p for p in ps if not milestones[m].applies(p)], m] = NOT_APPLICABLE.code
    assumed = (
        status.pivot_table(index="province", columns="milestone", values="assumed", aggfunc="first")
        .reindex(index=ps, columns=ms)
        .fillna(False)
        .to_numpy(dtype=bool)
        if "assumed" in status
        else np.zeros((len(ps), len(ms)), bool)
    )
    z = grid.apply(lambda col: col.map(index)).to_numpy(dtype=float)
    values = status.pivot_table(index="province", columns="milestone", values="latest_value", aggfunc="first").reindex(
        index=ps, columns=ms
    )
    names = {p: province_name(provinces, p, lang) for p in ps}
    # Tick labels are rendered with plotly's HTML subset too: data text escaped (issue 6).
    ylabels = [
        f"{region_label(str(provinces.loc[p, 'region']), lang)} · {esc(province_name(provinces, p, lang, short=True))}"
        for p in ps
    ]
    xlabels = [f"{i + 1}. {esc(_short(pick(milestones[m].title, lang), lang))}" for i, m in enumerate(ms)]
    titles = [esc(pick(milestones[m].title, lang)) for m in ms]
    labels = {s.code: esc(s.label(lang)) for s in SHOWN_STATUSES}
    value_grid = values.to_numpy(dtype=object)
    status_grid = grid.to_numpy(dtype=object)
    n = len(SHOWN_STATUSES)
    scale = []
    for i, s in enumerate(SHOWN_STATUSES):
        scale += [[i / n, s.colour], [(i + 1) / n, s.colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(len(ms))),
            y=list(range(len(ps))),
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=1,
            ygap=1,
            hoverinfo="skip",
            name=t("overview.matrix", lang),
        )
    )
    for shown in SHOWN_STATUSES:
        code = shown.code
        cells = [(i, j) for i, j in zip(*np.nonzero(status_grid == code), strict=True)]
        if not cells:
            continue
        hover = []
        for i, j in cells:
            measure = milestones[ms[j]].measure
            verdict = esc(verdict_label(code, lang, bool(assumed[i, j])))
            latest = (
                ""
                if shown is NOT_APPLICABLE
                else (f"<br>{t('hover.latest', lang)}: {esc(measure.format(value_grid[i, j], lang))}")
            )
            hover.append(f"<b>{esc(names[ps[i]])}</b><br>{titles[j]}<br>{t('hover.status', lang)}: {verdict}{latest}")
        symbol = shown.marker
        color = "#FFFFFF" if shown.dark else "#999999" if shown is NOT_APPLICABLE else "#222222"
        fig.add_trace(
            go.Scatter(
                x=[int(j) for _, j in cells],
                y=[int(i) for i, _ in cells],
                mode="markers",
                name=labels[code],
                marker={"symbol": symbol, "size": 8, "color": color, "line": {"width": 1.2, "color": color}},
                customdata=[[ps[i], ms[j]] for i, j in cells],
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
            )
        )
    # The status key as an annotation: legend entries of extra traces make plotly.js shrink a heatmap.
    key = "   ".join(
        f"<span style='color:{s.colour if s is not NOT_APPLICABLE else '#999999'}'>"
        f"{'■' if s is not NOT_APPLICABLE else '□'}</span> "
        f"{esc(s.label(lang))}"
        for s in SHOWN_STATUSES
    )
    fig.add_annotation(
        text=key, xref="paper", yref="paper", x=0, y=1.0, yanchor="bottom", xanchor="left", showarrow=False, font={"size": 12}
    )
    # Lines between task families and between regions (as shapes at once: add_vline is slow per call).
    fams = [milestones[m].family for m in ms]
    regs = cast("list[str]", [provinces.loc[p, "region"] for p in ps])
    line = {"color": "#333333", "width": 1.5}
    shapes = [
        {"type": "line", "xref": "x", "yref": "y domain", "x0": i - 0.5, "x1": i - 0.5, "y0": 0, "y1": 1, "line": line}
        for i in range(1, len(fams))
        if fams[i] != fams[i - 1]
    ]
    shapes += [
        {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": i - 0.5, "y1": i - 0.5, "line": line}
        for i in range(1, len(regs))
        if regs[i] != regs[i - 1]
    ]
    fig.update_layout(shapes=shapes)
    # Numeric axes labelled by tick text: the markers then carry two small numbers, not two labels each.
    fig.update_yaxes(
        range=[len(ps) - 0.5, -0.5],
        title=t("col.province", lang),
        tickfont={"size": 11},
        tickmode="array",
        tickvals=list(range(len(ps))),
        ticktext=ylabels,
        showgrid=False,
        zeroline=False,
    )
    fig.update_xaxes(
        range=[-0.5, len(ms) - 0.5],
        title=t("col.milestone", lang),
        tickangle=-60,
        tickfont={"size": 10},
        side="bottom",
        tickmode="array",
        tickvals=list(range(len(ms))),
        ticktext=xlabels,
        showgrid=False,
        zeroline=False,
    )
    _layout(fig, _title(t("chart.matrix_title", lang), as_of, lang, demo), 620 + 14 * len(ps))
    fig.update_layout(
        showlegend=False,
        # The tick labels' room, estimated (label_extent): plotly.js then lays the heatmap out once, not twice.
        margin={
            "l": label_extent(ylabels, 11) + AXIS_TITLE_PX + 8,
            "r": 10,
            "t": 110,
            "b": label_extent(xlabels, 10, 60) + AXIS_TITLE_PX + 8,
        },
        clickmode="event+select",
        dragmode=False,
        hovermode="closest",
    )
    return fig


def build_status_counts(
    status: pd.DataFrame,
    milestones: dict[str, Milestone],
    families: Mapping[str, object],
    lang: str,
    as_of: dt.date,
    demo: bool = False,
) -> go.Figure:
    """Stacked horizontal bars: per task family, how many province × milestone pairs have each status."""
    frame = status.assign(family=status["milestone"].map(lambda m: milestones[m].family if m in milestones else ""))
    counts = frame.pivot_table(index="family", columns="status", values="province", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=[s.code for s in TABLE_STATUSES], fill_value=0)
    order = [f for f in families if f in counts.index]
    counts = counts.reindex(order)
    names = [pick(getattr(families[f], "title", {}), lang) for f in order]
    # Long family names wrapped to two short lines: one 66-character name took two thirds of the width from the
    # bars in English (issue 13, item 5). The hover keeps the whole name.
    labels = [wrap(name, COUNT_LABEL_WIDTH, 2) for name in names]
    fig = go.Figure()
    for s in TABLE_STATUSES:
        fig.add_trace(
            go.Bar(
                y=labels,
                x=counts[s.code].tolist(),
                name=s.label(lang),
                orientation="h",
                marker={"color": s.colour, "line": {"color": "#FFFFFF", "width": 0.5}},
                customdata=[[esc(name)] for name in names],
                hovertemplate="%{customdata[0]}<br>" + esc(s.label(lang)) + ": %{x}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_yaxes(autorange="reversed", title=t("col.family", lang))
    fig.update_xaxes(title=t("chart.milestones", lang) + " × " + t("chart.provinces", lang))
    # A row of two-line labels needs more than 36 px: at 36 their lines touched the next row's (seen at 1366 px).
    row = 46 if any("<br>" in label for label in labels) else 36
    fig.update_layout(margin={"l": label_extent(labels, 13) + AXIS_TITLE_PX + 16})  # the family names: laid out once
    _layout(fig, _title(t("chart.counts_title", lang), as_of, lang, demo), 140 + row * len(order))
    return legend_below(fig, [], 0)  # under the axis title, not a fifth of the plot's height below it


def build_trajectory_chart(
    milestone: Milestone,
    province: str,
    reports: pd.DataFrame,
    row: pd.Series | None,
    median: pd.DataFrame | None,
    provinces: pd.DataFrame,
    lang: str,
    as_of: dt.date,
) -> go.Figure:
    """One province on one milestone: reported values, planned path with checkpoints and target,
    the trend forecast to the deadline (dashed) and the national median for comparison.

    ``reports``: current reports of this province and milestone up to the as-of date; ``row``: its
    status row; ``median``: columns as_of, median.
    """
    measure = milestone.measure
    plan = milestone.plan_for(province)
    fig = go.Figure()
    days, values = plan_points(plan, measure)
    plan_dates = [p.date for p in plan.points]
    kinds = [t("chart.baseline", lang)] + [t("chart.checkpoint", lang)] * len(plan.checkpoints) + [t("chart.target", lang)]
    kinds = [f"{k} ({esc(basis_label(p.basis.kind, lang))})" for k, p in zip(kinds, plan.points, strict=True)]
    shapes = ["circle"] + ["diamond"] * len(plan.checkpoints) + ["star"]
    fig.add_trace(
        go.Scatter(
            x=plan_dates,
            y=values,
            mode="lines+markers",
            name=t("chart.planned_assumed" if plan.assumed else "chart.planned", lang),
            line={"color": PLAN_COLOR, "width": 2, "dash": "dash" if plan.assumed else "solid"},
            # An assumed point is drawn open: the reader sees which planned values nobody published.
            marker={
                "symbol": [f"{sym}-open" if p.basis.assumed else sym for sym, p in zip(shapes, plan.points, strict=True)],
                "size": [8] + [10] * len(plan.checkpoints) + [14],
                "color": PLAN_COLOR,
            },
            text=kinds,
            hovertemplate="%{text}: %{y}<br>%{x|%Y-%m-%d}<extra></extra>",
        )
    )
    if median is not None and len(median):
        # The count of provinces is in the legend and hover: a median of 3 provinces is not one of 31.
        counts = median["provinces"] if "provinces" in median else pd.Series([len(median)] * len(median))
        fig.add_trace(
            go.Scatter(
                x=median["as_of"],
                y=median["median"],
                mode="lines",
                name=esc(t("chart.median_of", lang, n=int(counts.iloc[-1]))),
                line={"color": MEDIAN_COLOR, "width": 1.5, "dash": "dot"},
                customdata=list(counts),
                hovertemplate=esc(t("chart.median_hover", lang, n_field="%{customdata}")) + "<br>%{x|%Y-%m-%d}<extra></extra>",
            )
        )
    demo = bool(len(reports) and reports["demo"].any())
    if len(reports):
        ordered = reports.sort_values("as_of")
        labels = pd.Series(
            [
                esc(measure.format(v, lang)) + (f" · {esc(flag_label(f, lang))}" if f else "")
                for v, f in zip(ordered["value"], ordered["flag"], strict=True)
            ],
            index=ordered.index,
        )
        is_demo = ordered["demo"].astype(bool)
        # Real reports and demo figures are two traces, each named in the legend, so they differ by colour, line
        # and marker, not by a marker shape nobody explains (issue 13, item 2).
        for part, name, style in (
            (
                ordered[~is_demo],
                t("chart.reported", lang),
                {"line": {"color": HIGHLIGHT, "width": 2.5}, "marker": {"size": 8, "symbol": "circle", "color": HIGHLIGHT}},
            ),
            (
                ordered[is_demo],
                t("chart.reported_demo", lang),
                {
                    "line": {"color": DEMO_COLOR, "width": 2, "dash": "dot"},
                    "marker": {"size": 8, "symbol": "square-open", "color": DEMO_COLOR},
                },
            ),
        ):
            if part.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=part["as_of"],
                    y=part["number"],
                    mode="lines+markers",
                    name=name,
                    **style,
                    text=list(labels[part.index]),
                    hovertemplate=esc(name) + ": %{text}<br>%{x|%Y-%m-%d}<extra></extra>",
                )
            )
    if row is not None and pd.notna(row.get("trend_slope")) and not row.get("achieved") and len(reports):
        start = pd.Timestamp(reports["as_of"].max())
        end = max(pd.Timestamp(row["target_date"]), start)
        xs = [start, end]
        day0 = np.datetime64("1970-01-01", "D")
        ys = [
            row["trend_intercept"] + row["trend_slope"] * float((np.datetime64(x.date(), "D") - day0).astype(float)) for x in xs
        ]
        ys = measure.clip_to_scale(ys)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=t("chart.forecast", lang) + " · " + t(f"forecast.{row['forecast']}", lang),
                line={"color": FORECAST_COLOR, "dash": "dash", "width": 2},
                hovertemplate=esc(t("chart.forecast", lang)) + ": %{y:.2f}<br>%{x|%Y-%m-%d}<extra></extra>",
            )
        )
    as_of_x = pd.Timestamp(as_of).timestamp() * 1000
    fig.add_vline(x=as_of_x, line={"color": "#888888", "width": 1, "dash": "dot"})
    # The label goes to the end of the line away from the target: at the top (plotly's "top left") it sat
    # on the target star of every rising milestone (issue 13, item 10).
    rising = len(values) < 2 or values[-1] >= values[0]
    fig.add_annotation(
        text=esc(t("chart.today", lang)),
        x=as_of_x,
        xref="x",
        yref="y domain",  # within the axis: the demo stamp's band above it stays clear
        y=0.01 if rising else 0.99,
        xanchor="right",
        yanchor="bottom" if rising else "top",
        xshift=-3,
        showarrow=False,
        font={"size": 12, "color": "#555555"},
        name="as-of-label",
    )
    _value_axis(fig, milestone, lang)
    fig.update_yaxes(title=esc(axis_unit(milestone, lang)))
    fig.update_xaxes(title=t("chart.date", lang), tickformat=DATE_TICKS[lang])
    title = f"{province_name(provinces, province, lang)} · {pick(milestone.title, lang)}"
    extra = t("chart.assumed_plan", lang) if plan.assumed else ""
    if row is not None:
        extra = verdict_label(str(row["status"]), lang, plan.assumed)
    return _layout(fig, _title(title, as_of, lang, demo, extra), 420)


def build_ranked_bar(
    rows: pd.DataFrame,
    milestone: Milestone,
    provinces: pd.DataFrame,
    lang: str,
    as_of: dt.date,
    highlight: str = "",
) -> go.Figure:
    """Provinces ranked by latest value (best first), bars coloured by status, the expected value marked."""
    measure = milestone.measure
    data = rows.copy()
    data["name"] = [
        esc(province_name(provinces, p, lang, short=True)) for p in data["province"]
    ]  # tick labels: escaped (issue 6)
    data = data.sort_values(["latest", "name"], ascending=[measure.direction < 0, True], na_position="last")
    fig = go.Figure()
    for s in TABLE_STATUSES:
        part = data[data["status"] == s.code]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["name"],
                y=part["latest"].fillna(0),
                name=s.label(lang),
                marker={"color": s.colour, "line": {"color": "#FFFFFF", "width": 0.5}},
                customdata=np.array(part["province"]).reshape(-1, 1),
                hovertext=[_hover_row(r, milestone, provinces, lang) for _, r in part.iterrows()],
                hoverinfo="text",
            )
        )
    chosen = data[data["province"] == highlight]
    if len(chosen):
        # The highlighted province's frame is a bar of its own: drawn as the first point's outline of a status trace, the
        # frame showed in that status's legend key too, as if the status meant "highlighted".
        fig.add_trace(
            go.Bar(
                x=chosen["name"],
                y=chosen["latest"].fillna(0),
                marker={"color": "rgba(0,0,0,0)", "line": {"color": "#000000", "width": 3}},
                showlegend=False,
                hoverinfo="skip",
                name="highlight",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=data["name"],
            y=data["expected"],
            mode="markers",
            name=t("chart.expected", lang),
            marker={"symbol": "line-ew-open", "size": 18, "color": "#000000", "line": {"width": 2.5}},
            hoverinfo="skip",
        )
    )
    fig.update_xaxes(
        categoryorder="array", categoryarray=list(data["name"]), title=t("col.province", lang), tickangle=RANK_TICK_ANGLE
    )
    _value_axis(fig, milestone, lang)
    fig.update_yaxes(title=esc(axis_unit(milestone, lang)))
    fig.update_layout(barmode="overlay")
    _layout(
        fig,
        _title(f"{pick(milestone.title, lang)} · {t('chart.ranked_title', lang)}", as_of, lang, bool(rows["demo"].any())),
        460,
    )
    return legend_below(fig, list(data["name"]), RANK_TICK_ANGLE)


def build_all_trajectories(
    milestone: Milestone,
    reports: pd.DataFrame,
    provinces: pd.DataFrame,
    lang: str,
    as_of: dt.date,
    highlight: Sequence[str] = (),
    title: str = "",
) -> go.Figure:
    """Every province's reported values on one milestone: the highlighted ones in colour, the others faint."""
    fig = go.Figure()
    days, values = plan_points(milestone.plan, milestone.measure)
    others = reports[~reports["province"].isin(list(highlight))].sort_values(["province", "as_of"])
    if len(others):
        # One trace for all the faint lines (None between provinces) keeps the figure light.
        xs: list[object] = []
        ys: list[object] = []
        for _, group in others.groupby("province", sort=False):
            xs += list(group["as_of"]) + [None]
            ys += list(group["number"]) + [None]
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", name=t("chart.others", lang), line={"color": FAINT, "width": 1}, hoverinfo="skip"
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[p.date for p in milestone.plan.points],
            y=values,
            mode="lines+markers",
            name=t("chart.planned", lang),
            line={"color": PLAN_COLOR, "width": 2, "dash": "longdash"},
            marker={"size": 8},
        )
    )
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    for i, code in enumerate(highlight):
        part = reports[reports["province"] == code].sort_values("as_of")
        fig.add_trace(
            go.Scatter(
                x=part["as_of"],
                y=part["number"],
                mode="lines+markers",
                name=esc(province_name(provinces, code, lang)),
                line={"color": palette[i % len(palette)], "width": 3},
                marker={"size": 6},
                text=[esc(milestone.measure.format(v, lang)) for v in part["value"]],
                hovertemplate=esc(province_name(provinces, code, lang)) + ": %{text}<br>%{x|%Y-%m-%d}<extra></extra>",
            )
        )
    fig.add_vline(x=pd.Timestamp(as_of).timestamp() * 1000, line={"color": "#888888", "width": 1, "dash": "dot"})
    _value_axis(fig, milestone, lang)
    fig.update_yaxes(title=esc(axis_unit(milestone, lang)))
    fig.update_xaxes(title=t("chart.date", lang), tickformat=DATE_TICKS[lang])
    demo = bool(len(reports) and reports["demo"].any())
    _layout(fig, _title(title or f"{pick(milestone.title, lang)} · {t('chart.all_title', lang)}", as_of, lang, demo), 440)
    # level date ticks ("Jan 2026"); should plotly turn them on a narrow chart, its automargin lifts the plot
    return legend_below(fig, [format_date(as_of, lang)], 0)


def build_distribution(
    rows: pd.DataFrame, milestone: Milestone, lang: str, as_of: dt.date, title_width: int = HALF_TITLE_WIDTH
) -> go.Figure:
    """Histogram of the provinces' latest values, with the median expected value as a line."""
    measure = milestone.measure
    data = rows[rows["latest"].notna()]
    fig = go.Figure()
    levels = measure.levels(lang)
    if levels is not None:  # values on named levels (stages): provinces per level
        counts = data["latest"].round().astype(int).value_counts().reindex(range(len(levels)), fill_value=0)
        fig.add_trace(
            go.Bar(
                x=[esc(label) for label in levels],
                y=counts.tolist(),
                name=t("chart.provinces", lang),
                marker={"color": HIGHLIGHT},
            )
        )
        fig.update_xaxes(title=esc(axis_unit(milestone, lang)))
    else:
        fig.add_trace(
            go.Histogram(
                x=data["latest"],
                name=t("chart.provinces", lang),
                marker={"color": HIGHLIGHT, "line": {"color": "#FFFFFF", "width": 1}},
                nbinsx=15,
            )
        )
        expected = float(rows["expected"].median())
        # Up to the label above the plot area, through the demo stamp's band (the stamp keeps to the other side).
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=expected,
            x1=expected,
            y0=0,
            y1=1,
            line={"color": "#000000", "width": 2, "dash": "dash"},
        )
        # The label goes above the plot area, where no bar can be: at the line's top inside the plot it sat on
        # the tallest bars (issue 13, item 5). It reaches away from the nearer edge of the values.
        low, high = (float(data["latest"].min()), float(data["latest"].max())) if len(data) else (expected, expected)
        fig.add_annotation(
            text=esc(f"{t('chart.expected', lang)} {measure.format_position(expected, lang)}"),
            x=expected,
            xref="x",
            yref="paper",
            y=1,
            yanchor="bottom",
            xanchor="right" if expected > (low + high) / 2 else "left",
            showarrow=False,
            font={"size": 12},
            name="expected-label",
        )
        fig.update_xaxes(title=esc(axis_unit(milestone, lang)))
    fig.update_yaxes(title=t("chart.provinces", lang))
    title = _title(
        f"{pick(milestone.title, lang)} · {t('chart.distribution_title', lang)}",
        as_of,
        lang,
        bool(rows["demo"].any()),
        width=title_width,
    )
    fig.update_layout(margin={"l": VALUE_AXIS_LEFT})  # the counts' axis: laid out once (_value_axis)
    _layout(fig, title, 380, mark="")
    side = "right"
    if levels is None:
        fig.update_layout(margin={"t": title.top + EXPECTED_LABEL_PX}, height=380 + EXPECTED_LABEL_PX)
        side = "left" if expected > (low + high) / 2 else "right"  # away from the expected line and its label
    if title.mark:  # on two short lines: the chart is half the page wide
        stamp_in_band(fig, title.mark, side, stacked=True)
    return fig


def build_compare_chart(
    rows: pd.DataFrame,
    milestones: dict[str, Milestone],
    provinces: pd.DataFrame,
    chosen: Sequence[str],
    lang: str,
    as_of: dt.date,
) -> go.Figure:
    """Grouped bars: attainment (share of the baseline-to-target distance) of each chosen province per milestone."""
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    ms = list(dict.fromkeys(rows["milestone"]))
    labels = [esc(_short(pick(milestones[m].title, lang), lang)) for m in ms]
    fig = go.Figure()
    for i, code in enumerate(chosen):
        part = rows[rows["province"] == code].set_index("milestone").reindex(ms)
        fig.add_trace(
            go.Bar(
                x=labels,
                y=(part["attainment"].clip(-0.5, 1.5) * 100).tolist(),
                name=esc(province_name(provinces, code, lang)),
                marker={"color": palette[i % len(palette)]},
                text=[BY_CODE[s].icon if isinstance(s, str) and s in BY_CODE else "" for s in part["status"]],
                textposition="outside",
                hovertext=[
                    f"{esc(province_name(provinces, code, lang))}<br>{esc(pick(milestones[m].title, lang))}<br>"
                    f"{esc(status_label(s, lang)) if isinstance(s, str) else '–'}<br>{t('hover.attainment', lang)}: "
                    f"{format_percent(a, lang)}"
                    for m, s, a in zip(ms, part["status"], part["attainment"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    fig.add_hline(y=100, line={"color": "#000000", "dash": "dash", "width": 1})
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=t("chart.attainment", lang))
    fig.update_xaxes(title=t("col.milestone", lang))
    fig.update_layout(margin={"l": VALUE_AXIS_LEFT})  # percentages: laid out once (_value_axis)
    return _layout(fig, _title(t("chart.compare_title", lang), as_of, lang, bool(rows["demo"].any())), 440)
