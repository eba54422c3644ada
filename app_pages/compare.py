"""Compare: two to six provinces side by side on chosen milestones."""

from __future__ import annotations

import streamlit as st

from app_pages.common import bound, bound_choice, cached_figure, context, store, stored, view_key
from app_pages.exports import chart_downloads
from app_pages.parts import page_part
from app_pages.view_cache import cached_table
from metrics.domain.i18n import pick, province_name, t
from metrics.present.charts import build_all_trajectories, build_compare_chart
from metrics.present.links import MAX_COMPARE
from metrics.present.tables import compare_table

ctx = context()
lang, data = ctx.lang, ctx.data
st.title(t("page.compare", lang))
codes = list(data.mainland.index)
if len(codes) < 2:  # provinces.csv broken (the problems are listed above): nothing to compare
    st.info(t("compare.need_two", lang))
    st.stop()


@page_part("compare/provinces")
def compare_part() -> None:
    """Everything the compared provinces and milestones decide: changing them reruns this part alone (app_pages/parts.py)."""
    chosen = [c for c in stored("provinces", []) if c in codes]
    if len(chosen) < 2:
        first = stored("province") if stored("province") in codes else codes[0]
        chosen = list(dict.fromkeys([first, *chosen, *[c for c in codes if c != first]]))[:2]
    store("provinces", chosen[:MAX_COMPARE])
    provinces = bound(
        st.multiselect,
        t("compare.choose", lang),
        "provinces",
        options=codes,
        max_selections=MAX_COMPARE,
        format_func=lambda c: province_name(data.provinces, c, lang),
    )
    milestones = [m for m in data.milestones if not ctx.view.family or data.milestones[m].family == ctx.view.family]
    if not milestones:  # none loaded, or none in the sidebar's task family
        st.info(t("compare.no_milestones", lang))
        return
    focus = stored("milestone") if stored("milestone") in milestones else milestones[0]
    family = data.milestones[focus].family
    if not stored("compare_milestones"):
        store("compare_milestones", [m for m in milestones if data.milestones[m].family == family])
    store("compare_milestones", [m for m in stored("compare_milestones") if m in milestones] or milestones[:1])
    picked = bound(
        st.multiselect,
        t("compare.milestones", lang),
        "compare_milestones",
        options=milestones,
        format_func=lambda m: pick(data.milestones[m].title, lang),
    )
    if len(provinces) < 2:
        st.warning(t("compare.need_two", lang))
        return
    rows = cached_table(
        "compare_rows",
        view_key(ctx, tuple(provinces), tuple(picked)),
        lambda: ctx.status[ctx.status["province"].isin(provinces) & ctx.status["milestone"].isin(picked)],
    )
    compared = cached_figure(
        "compare",
        view_key(ctx, tuple(provinces), tuple(picked)),
        lambda: build_compare_chart(rows, data.milestones, data.provinces, provinces, lang, ctx.as_of),
    )
    st.plotly_chart(compared, key="compare", width="stretch")
    chart_downloads("compare", compared, rows, "status", unit=t("chart.attainment", lang))
    st.subheader(t("compare.table", lang))
    st.dataframe(
        cached_table(
            "compare_table",
            view_key(ctx, tuple(provinces), tuple(picked)),
            lambda: compare_table(ctx.status, data, provinces, picked, lang),
        ),
        hide_index=True,
        width="stretch",
    )
    if picked:
        one = bound_choice(
            t("province.milestone_pick", lang), "milestone", picked, format_func=lambda m: pick(data.milestones[m].title, lang)
        )
        reports = cached_table(
            "compare_reports",
            view_key(ctx, tuple(provinces), one),
            lambda: ctx.current[(ctx.current["milestone"] == one) & ctx.current["province"].isin(provinces)],
        )
        trajectories = cached_figure(
            "compare_trajectories",
            view_key(ctx, tuple(provinces), one),
            lambda: build_all_trajectories(data.milestones[one], reports, data.provinces, lang, ctx.as_of, provinces),
        )
        st.plotly_chart(trajectories, key="compare_trajectories", width="stretch")
        chart_downloads("compare_trajectories", trajectories, reports, "reports", data.milestones[one])


compare_part()
