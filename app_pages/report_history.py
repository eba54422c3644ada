"""Report history: every figure ever accepted for a province or a milestone, the correction chain, who and when."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.access import current_user
from app_pages.intake import page_data
from metrics.excel_safe import excel_safe_frame
from metrics.i18n import pick, province_name, t
from metrics.receipts import load_receipts, report_history, without_senders

P = "history_"
page = page_data()
lang, data, config = page.lang, page.data, page.config

st.title(t("history.title", lang))
st.caption(t("history.intro", lang))
codes = list(data.provinces.index)
milestones = list(data.milestones)
left, right = st.columns(2)
default = st.session_state.get("vet_province")
province = left.selectbox(t("history.province", lang), ["", *codes], key=P + "province",
                          index=(codes.index(default) + 1 if default in codes else 0),
                          format_func=lambda c: province_name(data.provinces, c, lang) if c else t("history.all", lang))
milestone = right.selectbox(t("history.milestone", lang), ["", *milestones], key=P + "milestone",
                            format_func=lambda m: pick(data.milestones[m].title, lang) if m else t("history.all", lang))
only_corrections = st.checkbox(t("history.corrections_only", lang), key=P + "corrections")

history = report_history(data.reports, load_receipts(config.progress), province or None, milestone or None)
if only_corrections:
    history = history[history["revisions"] > 0]
st.caption(t("history.count", lang, n=len(history)))
if history.empty:
    st.info(t("history.empty", lang))
    st.stop()
if current_user(config).anonymous:  # sign-in names (and the sender's own file names) are not for anonymous visitors
    history = without_senders(history)
table = pd.DataFrame({
    t("col.province", lang): history["province"], t("col.milestone", lang): history["milestone"],
    t("col.as_of", lang): history["as_of"].dt.strftime("%Y-%m-%d"), t("col.value", lang): history["value"],
    # A date-only report time (as most files give it) is shown without a made-up 00:00.
    t("col.reported_at", lang): history["reported_at"].map(lambda r: f"{r:%Y-%m-%d}" if r == r.normalize() else f"{r:%Y-%m-%d %H:%M}"),
    t("history.superseded", lang): history["superseded"], t("col.revisions", lang): history["revisions"],
    t("col.sender", lang): history["sender"], t("col.received_at", lang): history["received_at"],
    t("col.original_name", lang): history["original_name"], t("col.source", lang): history["source"],
    t("col.flag", lang): history["flag"], t("col.file", lang): history["file"], t("col.demo", lang): history["demo"],
})
st.dataframe(table.head(5000), hide_index=True, width="stretch")
# Sources are free text from senders: escaped so Excel never runs "=..." from the download.
csv = excel_safe_frame(table).to_csv(index=False).encode("utf-8-sig")
st.download_button(t("history.download", lang), csv, file_name="report-history.csv", mime="text/csv", icon=":material/download:",
                   key=P + "download")
