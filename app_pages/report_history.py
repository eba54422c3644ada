"""Report history: every figure ever accepted for a province or a milestone, the correction chain, who and when."""

from __future__ import annotations

import streamlit as st

from app_pages.access import current_user
from app_pages.common import context
from metrics.domain.i18n import pick, province_name, t
from metrics.files.excel_safe import excel_safe_frame
from metrics.intake.receipts import report_history, without_senders
from metrics.present.tables import history_table
from metrics.store import open_store

P = "history_"
ctx = context()
lang, data, config = ctx.lang, ctx.data, ctx.config

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

history = report_history(data.reports, open_store(config).receipts(), province or None, milestone or None)
if only_corrections:
    history = history[history["revisions"] > 0]
st.caption(t("history.count", lang, n=len(history)))
if history.empty:
    st.info(t("history.empty", lang))
    st.stop()
if user.anonymous:  # sign-in names (and the sender's own file names) are not for anonymous visitors
    history = without_senders(history)
table = history_table(history, data, lang)  # newest received first, names and stage labels in the reader's language
shown = table.head(5000)
# Columns with nothing in them are left off the screen (the download keeps them): demo rows and files added by hand
# have no receipt, and a blank "received at" column first looked like a fault.
blank = [c for c in shown.columns if shown[c].fillna("").astype(str).str.strip().eq("").all()]
st.dataframe(
    shown.drop(columns=blank),
    hide_index=True,
    width="stretch",
    column_config={t("col.received_at", lang): st.column_config.TextColumn(width=150)},
)  # the whole time, not cut
if blank:
    st.caption(t("history.blank_columns", lang, columns=("、" if lang == "zh" else ", ").join(blank)))
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
