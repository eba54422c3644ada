"""Audit log (admins only): every accepted upload and milestone save, who and when, with diffs; CSV export."""

from __future__ import annotations

import streamlit as st

from app_pages.access import require
from app_pages.common import context
from metrics.access.audit import COLUMNS, events_frame, read_events
from metrics.domain.i18n import t
from metrics.files.excel_safe import excel_safe_frame
from metrics.store import open_store

P = "audit_"
ctx = context()
lang, config = ctx.lang, ctx.config
require("audit", lang)

st.title(t("audit.title", lang))
st.caption(t("audit.intro", lang))
events, problems = open_store(config).read_events() if config.store != "files" else read_events(config.auth.audit_path)
if problems:
    st.warning(t("audit.problems", lang, n=len(problems)), icon=":material/warning:")
    st.code("\n".join(str(p) for p in problems[:8]), language=None)
frame = events_frame(events)
if frame.empty:
    st.info(t("audit.empty", lang))
    st.stop()

left, right = st.columns(2)
action = left.selectbox(
    t("audit.action", lang),
    ["", *sorted(frame["action"].unique())],
    key=P + "action",
    format_func=lambda a: a or t("audit.all", lang),
)
who = right.selectbox(
    t("audit.user", lang), ["", *sorted(frame["user"].unique())], key=P + "user", format_func=lambda u: u or t("audit.all", lang)
)
shown = frame[(frame["action"] == action) | (action == "")]
shown = shown[(shown["user"] == who) | (who == "")]
st.caption(t("audit.count", lang, n=len(shown)))
table = shown.rename(columns={c: t(f"audit.col.{c}", lang) for c in COLUMNS})
# st.dataframe shows every cell as text: names and diffs from files can never become markup.
st.dataframe(table.head(5000), hide_index=True, width="stretch")
# File names and diffs are free text: escaped so Excel never evaluates "=..." from the download.
csv = excel_safe_frame(table).to_csv(index=False).encode("utf-8-sig")
st.download_button(
    t("audit.download", lang), csv, file_name="audit-log.csv", mime="text/csv", icon=":material/download:", key=P + "download"
)

saves = shown[shown["action"] == "milestone_save"]
if len(saves):
    chosen = st.selectbox(
        t("audit.diff", lang),
        list(saves.index),
        key=P + "diff",
        format_func=lambda i: f"{saves.at[i, 'at']} · {saves.at[i, 'user']} · {saves.at[i, 'file']}",
    )
    st.code(saves.at[chosen, "detail"], language="diff")
