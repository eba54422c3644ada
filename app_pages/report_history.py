"""Report history: every figure ever accepted for a province or a milestone, the correction chain, who and when."""

from __future__ import annotations

import streamlit as st

from app_pages.access import current_user
from app_pages.intake import page_data
from metrics.domain.i18n import pick, province_name, t
from metrics.files.excel_safe import excel_safe_frame
from metrics.intake.receipts import load_receipts, report_history, without_senders
from metrics.present.tables import history_table

P = "history_"
page = page_data()
lang, data, config = page.lang, page.data, page.config

st.title(t("history.title", lang))
st.caption(t("history.intro", lang))
codes = list(data.provinces.index)
milestones = list(data.milestones)
left, right = st.columns(2)
# A reporter opens on their own province (issue 13, item 6): the one they just reported for, not the first in the list.
user = current_user(config)
own = sorted(user.report_provinces() or ()) if not user.anonymous else []
default = st.session_state.get("vet_province")
if own and default not in own:
    default = own[0]
province = left.selectbox(
    t("history.province", lang),
    ["", *codes],
    key=P + "province",
    index=(codes.index(default) + 1 if default in codes else 0),
    format_func=lambda c: province_name(data.provinces, c, lang) if c else t("history.all", lang),
)
milestone = right.selectbox(
    t("history.milestone", lang),
    ["", *milestones],
    key=P + "milestone",
    format_func=lambda m: pick(data.milestones[m].title, lang) if m else t("history.all", lang),
)
only_corrections = st.checkbox(t("history.corrections_only", lang), key=P + "corrections")

history = report_history(data.reports, load_receipts(config.progress), province or None, milestone or None)
if only_corrections:
    history = history[history["revisions"] > 0]
st.caption(t("history.count", lang, n=len(history)))
if history.empty:
    st.info(t("history.empty", lang))
    st.stop()
if user.anonymous:  # sign-in names (and the sender's own file names) are not for anonymous visitors
    history = without_senders(history)
table = history_table(history, data, lang)  # newest received first, names and stage labels in the reader's language
st.dataframe(
    table.head(5000),
    hide_index=True,
    width="stretch",
    column_config={t("col.received_at", lang): st.column_config.TextColumn(width=150)},
)  # the whole time, not cut
# Sources are free text from senders: escaped so Excel never runs "=..." from the download.
csv = excel_safe_frame(table).to_csv(index=False).encode("utf-8-sig")
st.download_button(
    t("history.download", lang),
    csv,
    file_name="report-history.csv",
    mime="text/csv",
    icon=":material/download:",
    key=P + "download",
)
