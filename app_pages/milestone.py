"""Milestone: one milestone across provinces — ranked bars, all trajectories, tile map, distribution."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import bound_choice, cached_figure, context, md, national_context, open_clicked_province, view_key
from app_pages.exports import chart_downloads, report_buttons
from app_pages.parts import page_part
from app_pages.view_cache import cached_table
from metrics.domain.i18n import clause_label, pick, province_name, t
from metrics.present.charts import build_all_trajectories, build_distribution, build_ranked_bar, build_tile_map
from metrics.present.tables import milestone_rows

MAP_TITLE_WIDTH = 60  # the map takes 3/5 of the page: the wide charts' 76 widths ran past its edge at 1366 px
ctx = context()
lang, data = ctx.lang, ctx.data
milestones = [m for m in data.milestones if not ctx.view.family or data.milestones[m].family == ctx.view.family]
if not milestones:
    st.info(t("province.no_milestones", lang))
    st.stop()
chosen = bound_choice(
    t("milestone.choose", lang), "milestone", milestones, format_func=lambda m: pick(data.milestones[m].title, lang)
)
milestone = data.milestones[chosen]
st.title(md(pick(milestone.title, lang)))
family = data.families.get(milestone.family)
source = data.sources.get(milestone.document)
document = pick(source.title, lang) if source else milestone.document
st.caption(md(f"{pick(family.title, lang) if family else milestone.family} · {document} {clause_label(milestone.clause, lang)}"))
st.page_link(
    "app_pages/sources.py",
    label=t("province.sources_link", lang),
    icon=":material/menu_book:",
    query_params={"page": "sources", "milestone": milestone.id, "lang": lang},
)
report_buttons("milestone", chosen)  # issue 5: deck, HTML report, presentation mode

rows = cached_table("milestone_status", view_key(ctx, chosen), lambda: ctx.filtered[ctx.filtered["milestone"] == chosen])
codes = list(rows["province"])


@page_part("milestone/highlight")
def provinces_part(rows: pd.DataFrame, codes: list[str]) -> None:
    """The four charts and the table, with the highlighted province: picking another one reruns this part
    alone (app_pages/parts.py)."""
    highlight = bound_choice(
        t("milestone.highlight", lang), "province", codes, format_func=lambda c: province_name(data.provinces, c, lang)
    )

    key = view_key(ctx, chosen, highlight)
    ranked = cached_figure("ranked", key, lambda: build_ranked_bar(rows, milestone, data.provinces, lang, ctx.as_of, highlight))
    st.plotly_chart(ranked, key="ranked", width="stretch")
    chart_downloads("ranked", ranked, rows, "status", milestone)
    reports = cached_table(
        "milestone_reports",
        view_key(ctx, chosen),
        lambda: ctx.current[(ctx.current["milestone"] == chosen) & ctx.current["province"].isin(codes)],
    )
    trajectories = cached_figure(
        "all_trajectories",
        key,
        lambda: build_all_trajectories(milestone, reports, data.provinces, lang, ctx.as_of, [highlight] if highlight else []),
    )
    st.plotly_chart(trajectories, key="all_trajectories", width="stretch")
    chart_downloads("all_trajectories", trajectories, reports, "reports", milestone)
    left, right = st.columns([3, 2])
    with left:
        tile = cached_figure(
            "milestone_map",
            key,
            lambda: build_tile_map(
                data.provinces,
                lang,
                ctx.as_of,
                "status",
                rows,
                milestone,
                demo=data.has_demo,
                highlight=highlight,
                title_width=MAP_TITLE_WIDTH,
            ),
        )
        event = st.plotly_chart(tile, key="milestone_map", on_select="rerun", selection_mode="points", width="stretch")
        chart_downloads("milestone_map", tile, rows, "status", milestone, unit=t("export.unit_provinces", lang))
        open_clicked_province(event)
    with right:
        distribution = cached_figure("distribution", key, lambda: build_distribution(rows, milestone, lang, ctx.as_of))
        st.plotly_chart(distribution, key="distribution", width="stretch")
        chart_downloads("distribution", distribution, rows, "status", milestone, unit=t("export.unit_provinces", lang))
    st.dataframe(
        cached_table("milestone_rows", view_key(ctx, chosen), lambda: milestone_rows(rows, data, chosen, lang)),
        hide_index=True,
        width="stretch",
    )
    national_context(chosen)


provinces_part(rows, codes)
