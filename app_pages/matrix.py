"""Status matrix: every province on every milestone, one cell each; a click opens that province on that milestone.

On its own page rather than on the overview: with 46 x 31 cells it is the heaviest chart to draw (a few
hundred milliseconds in chromium) and the largest to send (~240 kB), and the overview is what officials
open first, often on slow office networks.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import cached_figure, context, open_clicked_province, view_key
from app_pages.exports import chart_downloads, presentation_link
from metrics.domain.i18n import t
from metrics.present.charts import build_status_matrix

ctx = context()
lang, data, rows = ctx.lang, ctx.data, ctx.filtered
demo = data.has_demo

st.title(t("page.matrix", lang))
st.caption(t("matrix.help", lang))
st.link_button(t("export.present", lang), presentation_link("matrix", ""), icon=":material/slideshow:")
if rows.empty:
    st.info(t("matrix.empty", lang))
    st.stop()
matrix = cached_figure(
    "matrix",
    view_key(ctx, demo),
    lambda: build_status_matrix(rows, data.milestones, data.provinces, data.families, lang, ctx.as_of, demo),
)
event = st.plotly_chart(matrix, key="matrix", on_select="rerun", selection_mode="points", width="stretch")
chart_downloads("matrix", matrix, rows, "status")
open_clicked_province(event)
