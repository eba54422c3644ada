"""Province: its milestones with status, values, gap, forecast; a trajectory chart, rank and source clause."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import bound_choice, cached_figure, context, md, national_context, view_key
from app_pages.exports import chart_downloads, report_buttons
from app_pages.parts import page_part
from app_pages.view_cache import cached_table
from metrics.domain.i18n import clause_label, pick, province_name, region_label, t
from metrics.domain.statuses import status_label
from metrics.present.charts import build_trajectory_chart
from metrics.present.quotes import quote_passages
from metrics.present.tables import (
    median_path,
    plan_basis_rows,
    province_table,
    rank_text,
    score_line,
    severity_labels,
    stage_evidence,
    status_counts,
    worst_first,
)

ctx = context()
lang, data = ctx.lang, ctx.data
codes = [c for c in data.mainland.index if not ctx.view.region or data.provinces.loc[c, "region"] == ctx.view.region]
if not codes:  # no province loaded (provinces.csv broken: the problems are listed above) or none in the region
    st.title(t("page.province", lang))
    st.info(t("province.no_provinces", lang))
    st.stop()
province = bound_choice(
    t("province.choose", lang), "province", codes, format_func=lambda c: province_name(data.provinces, c, lang)
)

st.title(md(province_name(data.provinces, province, lang)))
st.caption(
    f"{md(region_label(str(data.provinces.loc[province, 'region']), lang))} · {score_line(ctx.summary, province, lang)}",
    help=t("province.score_help", lang),
)
report_buttons("province", province)  # issue 5: deck, HTML report, presentation mode

rows = cached_table("province_status", view_key(ctx, province), lambda: ctx.filtered[ctx.filtered["province"] == province])
elsewhere = [m for m in data.milestones.values() if not m.applies(province)]
if elsewhere:
    st.caption(t("province.not_applicable", lang, n=len(elsewhere)))
if rows.empty:
    st.info(t("province.no_milestones", lang))
    st.stop()

# "What is late?" answered before anything else: counts by status, worst first (issue 13, item 3).
counts = cached_table("status_counts", view_key(ctx, province), lambda: status_counts(rows))
for column, (status, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(status_label(status, lang), n, help=t("province.counts_help", lang))

st.subheader(t("province.table", lang), help=t("province.table_help", lang))
table = cached_table("province_table", view_key(ctx, province), lambda: province_table(rows, data, province, lang))
labels = severity_labels(lang)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        # Widths chosen so that gap and forecast show at 1366 px in English; the milestone stays pinned when scrolling.
        t("col.milestone", lang): st.column_config.TextColumn(width=230, pinned=True),
        t("col.gap", lang): st.column_config.TextColumn(width="small"),
        # The cell holds a severity code and shows its label, so sorting this column sorts by severity.
        t("col.status", lang): st.column_config.SelectboxColumn(
            options=list(labels), format_func=lambda code: labels[str(code)], width="medium"
        ),
        t("col.demo", lang): st.column_config.CheckboxColumn(width="small"),
    },
)


@page_part("province/milestone")
def trajectory_part(rows: pd.DataFrame, province: str) -> None:
    """The chosen milestone's trajectory, rank, plan basis and source clause: picking another milestone
    reruns this part alone (app_pages/parts.py)."""
    st.subheader(t("province.trajectory", lang))
    milestones = cached_table(
        "worst_first", view_key(ctx, province), lambda: list(worst_first(rows)["milestone"])
    )  # in the table's order, worst first
    chosen = bound_choice(
        t("province.milestone_pick", lang), "milestone", milestones, format_func=lambda m: pick(data.milestones[m].title, lang)
    )
    milestone = data.milestones[chosen]
    row = rows[rows["milestone"] == chosen].iloc[0]
    reports = cached_table(
        "province_reports",
        view_key(ctx, province, chosen),
        lambda: ctx.current[(ctx.current["province"] == province) & (ctx.current["milestone"] == chosen)],
    )
    fig = cached_figure(
        "trajectory",
        view_key(ctx, province, chosen),
        lambda: build_trajectory_chart(
            milestone,
            province,
            reports,
            row,
            cached_table("median_path", view_key(ctx, chosen), lambda: median_path(ctx.current, chosen)),
            data.provinces,
            lang,
            ctx.as_of,
        ),
    )
    st.plotly_chart(fig, key="trajectory", width="stretch")
    chart_downloads("trajectory", fig, reports, "reports", milestone, province=province)
    rank = cached_table("rank_text", view_key(ctx, province, chosen), lambda: rank_text(ctx.status, province, chosen, lang))
    st.markdown(f"**{t('col.rank', lang)}:** {rank}")
    national_context(chosen)

    plan = milestone.plan_for(province)
    with st.container(border=True):
        st.markdown(f"**{t('province.plan_basis', lang)}**")
        st.table(plan_basis_rows(plan, milestone, data, lang))
    if milestone.evidence:
        st.markdown(f"**{t('province.evidence', lang)}:** {md(pick(milestone.evidence, lang))}")
    if reached := stage_evidence(data, milestone, row["latest_value"], lang):  # what the stage reached means (none for numbers)
        st.markdown(f"**{t('col.stage_evidence', lang)}:** {md(reached)}")  # was a table column: too wide at 1366 px
    source = data.sources.get(milestone.document)
    document = pick(source.title, lang) if source else milestone.document
    with st.container(border=True):
        st.markdown(f"**{t('province.quote', lang, document=md(document), clause=md(clause_label(milestone.clause, lang)))}**")
        for passage in quote_passages(milestone, source, lang):
            st.caption(md(passage.label))
            st.text(passage.text)  # verbatim; st.text never interprets markup
        st.page_link(
            "app_pages/sources.py",
            label=t("province.sources_link", lang),
            icon=":material/menu_book:",
            query_params={"page": "sources", "milestone": milestone.id, "lang": lang},
        )


trajectory_part(rows, province)
