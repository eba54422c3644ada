"""Sources: each reform document with its milestones; every milestone page links back here."""

from __future__ import annotations

import streamlit as st

from app_pages.common import context, md, stored
from metrics.i18n import t
from metrics.tables import sources_table

ctx = context()
lang, data = ctx.lang, ctx.data
st.title(t("page.sources", lang))
focus = stored("milestone", "")
for doc in sources_table(data, lang):
    contains_focus = any(m["id"] == focus for m in doc["milestones"])
    with st.expander(f"{md(doc['title'])} · {doc['date']} ({len(doc['milestones'])})", expanded=contains_focus):
        st.markdown(f"**{t('sources.issuer', lang)}:** {md(doc['issuer'])}")
        st.caption(f"{md(doc['id'])} · {md(doc['kind'])}" + (f" · {md(doc['url'])}" if doc["url"] else ""))
        st.markdown(f"**{t('sources.milestones', lang)}**")
        if not doc["milestones"]:
            st.caption(t("sources.none", lang))
        for m in doc["milestones"]:
            with st.container(border=True):
                marker = "➤ " if m["id"] == focus else ""
                st.markdown(f"{marker}**{md(m['title'])}** · {md(m['family'])} · {t('col.clause', lang)} {md(m['clause'])}")
                st.text(m["quote"])
                st.page_link("app_pages/milestone.py", label=t("sources.open", lang), icon=":material/flag:",
                             query_params={"page": "milestone", "milestone": m["id"], "lang": lang})
