"""Overview: headline figures, tile-grid map, counts by family (with a link to the status matrix), largest gaps, overdue list."""

from __future__ import annotations

import streamlit as st

from app_pages.common import bound, cached_figure, context, open_clicked_province, store, stored, view_key
from app_pages.exports import chart_downloads, report_buttons
from app_pages.parts import page_part
from app_pages.view_cache import cached_table
from metrics.domain.i18n import format_date, format_percent, pick, t
from metrics.present.charts import build_status_counts, build_tile_map
from metrics.present.links import COLOR_MODES
from metrics.present.tables import headline, largest_gaps, largest_gaps_widths, overdue_list

ctx = context()
lang, data, rows = ctx.lang, ctx.data, ctx.filtered
demo = data.has_demo

st.title(t("page.overview", lang))
st.caption(t("app.subtitle", lang))
report_buttons("nation")  # issue 5: deck, HTML report, presentation mode

figures = cached_table("headline", view_key(ctx), lambda: headline(rows))
# Widths for the longest label and value of each language: "Share on track or achieved" was cut at 1366 px in English,
# and the Chinese date (2026年11月26日) needs the widest column.
c1, c2, c3, c4, c5 = st.columns([1, 1.1, 1.5, 0.9, 1.5] if lang == "en" else [1, 1, 1.2, 1, 1.8])
c1.metric(t("kpi.milestones", lang), figures.milestones)
c2.metric(t("kpi.reporting", lang), f"{figures.provinces_reporting} / {figures.provinces_total}")
c3.metric(t("kpi.on_track", lang), format_percent(figures.on_track_share, lang), help=t("kpi.rated_help", lang))
c4.metric(t("kpi.overdue", lang), figures.overdue)
c5.metric(t("kpi.as_of", lang), format_date(ctx.as_of, lang))

st.subheader(t("overview.map", lang))


@page_part("overview/map")
def map_part() -> None:
    """The tile map with its colour and milestone choice: recolouring it reruns this part alone (app_pages/parts.py)."""
    milestones = [m for m in data.milestones if not ctx.view.family or data.milestones[m].family == ctx.view.family]
    if stored("milestone") not in milestones and milestones:
        store("milestone", milestones[0])
    left, right = st.columns([2, 1])
    with right:
        mode = bound(
            st.radio,
            t("overview.color_by", lang),
            "color",
            options=list(COLOR_MODES),
            format_func=lambda m: t(f"color.{m}", lang),
        )
        chosen = bound(
            st.selectbox,
            t("milestone.choose", lang),
            "milestone",
            options=milestones,
            format_func=lambda m: pick(data.milestones[m].title, lang),
            disabled=mode == "score",
        )
        st.caption(t("overview.map_help", lang))
    with left:
        milestone = data.milestones.get(chosen) if chosen else None
        chosen_rows = (
            cached_table("chosen_rows", view_key(ctx, chosen), lambda: ctx.status[ctx.status["milestone"] == chosen])
            if chosen
            else None
        )
        tile = cached_figure(
            "tile_map",
            view_key(ctx, demo, mode, chosen),
            lambda: build_tile_map(
                data.provinces,
                lang,
                ctx.as_of,
                mode=mode,
                rows=chosen_rows,
                milestone=milestone,
                scores=ctx.summary,
                demo=demo,
            ),
        )
        event = st.plotly_chart(tile, key="tile_map", on_select="rerun", selection_mode="points", width="stretch")
        # The scores when the map shows them (or no milestone is chosen), else the chosen milestone's status rows.
        shown_rows, shown_table = (
            (chosen_rows, "status") if chosen_rows is not None and mode != "score" else (ctx.summary, "summary")
        )
        chart_downloads(
            "tile_map",
            tile,
            shown_rows,
            shown_table,
            unit=t("export.unit_score" if mode == "score" else "export.unit_provinces", lang),
        )
        open_clicked_province(event)


map_part()

st.subheader(t("overview.counts", lang))
# The counts sum up the 46 x 31 status matrix, which has its own page: it is the heaviest chart to send
# and draw (app_pages/matrix.py).
st.page_link("app_pages/matrix.py", label=t("overview.matrix_link", lang), icon=":material/grid_on:")
counts = cached_figure(
    "counts", view_key(ctx, demo), lambda: build_status_counts(rows, data.milestones, data.families, lang, ctx.as_of, demo)
)
st.plotly_chart(counts, key="counts", width="stretch")
chart_downloads("counts", counts, rows, "status")

g, o = st.columns(2)
with g:
    st.subheader(t("overview.gaps", lang))
    st.dataframe(
        cached_table("largest_gaps", view_key(ctx), lambda: largest_gaps(rows, data, lang)),
        hide_index=True,
        width="stretch",
        column_config={name: st.column_config.TextColumn(width=px) for name, px in largest_gaps_widths(lang).items()},
    )
with o:
    st.subheader(t("overview.overdue", lang))
    late = cached_table("overdue", view_key(ctx), lambda: overdue_list(rows, data, lang))
    if late.empty:
        st.success(t("overview.none_overdue", lang))
    else:
        # Set widths, so the deadline shows beside the milestone at 1366 px (the milestone took the whole half page).
        widths = {"col.province": 95 if lang == "en" else 80, "col.milestone": 200, "col.deadline": 100 if lang == "en" else 110}
        config = {t(k, lang): st.column_config.TextColumn(width=px) for k, px in widths.items()}
        st.dataframe(late, hide_index=True, width="stretch", height=390, column_config=config)
