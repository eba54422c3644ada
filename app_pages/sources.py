"""Sources: each reform document with where its text came from and its milestones; the stage ladders
with their evidence; the publications that give planned numbers. Every milestone page links back here."""

from __future__ import annotations

import streamlit as st

from app_pages.common import context, md, stored
from metrics.domain.i18n import format_date, pick, t
from metrics.present.tables import sources_table

ctx = context()
lang, data = ctx.lang, ctx.data
st.title(t("page.sources", lang))
focus = stored("milestone", "")
documents, ladders, publications = st.tabs(
    [t("sources.tab_documents", lang), t("sources.tab_ladders", lang), t("sources.tab_publications", lang)]
)
with documents:
    for doc in sources_table(data, lang):
        contains_focus = any(m["id"] == focus for m in doc["milestones"])
        with st.expander(f"{md(doc['title'])} · {doc['date']} ({len(doc['milestones'])})", expanded=contains_focus):
            st.markdown(f"**{t('sources.issuer', lang)}:** {md(doc['issuer'])}")
            st.caption(t(f"kind.{doc['kind']}", lang) + (f" · {md(doc['url'])}" if doc["url"] else ""))
            if doc["text_note"]:
                st.markdown(f"**{t('sources.text_note', lang)}:** {md(doc['text_note'])}")
            st.markdown(f"**{t('sources.milestones', lang)}**")
            if not doc["milestones"]:
                st.caption(t("sources.none", lang))
            for m in doc["milestones"]:
                with st.container(border=True):
                    marker = "➤ " if m["id"] == focus else ""
                    st.markdown(f"{marker}**{md(m['title'])}** · {md(m['family'])} · {t('col.clause', lang)} {md(m['clause'])}")
                    for passage in m["passages"]:
                        st.caption(md(passage.label) + (f" · {md(passage.url)}" if passage.url else ""))
                        st.text(passage.text)  # verbatim; st.text never interprets markup
                    st.page_link(
                        "app_pages/milestone.py",
                        label=t("sources.open", lang),
                        icon=":material/flag:",
                        query_params={"page": "milestone", "milestone": m["id"], "lang": lang},
                    )
with ladders:
    st.caption(t("sources.ladders_intro", lang))
    for ladder in data.ladders.values():
        used = sum(1 for m in data.milestones.values() if m.measure.ladder == ladder.id)
        st.markdown(f"**{md(pick(ladder.title, lang))}** · {t('sources.ladder_used', lang, n=used)}")
        st.table(
            [
                {t("sources.stage", lang): f"{i}. {pick(s.label, lang)}", t("sources.evidence", lang): pick(s.evidence, lang)}
                for i, s in enumerate(ladder.stages)
            ]
        )
with publications:
    st.caption(t("sources.publications_intro", lang))
    if not data.publications:
        st.caption(t("sources.no_publications", lang))
    for pub in sorted(data.publications.values(), key=lambda p: p.published):
        used = sum(
            1
            for m in data.milestones.values()
            for plan in (m.plan, *m.overrides.values())
            for point in plan.points
            if point.basis.publication == pub.id
        )
        with st.container(border=True):
            st.markdown(f"**{md(pick(pub.title, lang))}** · {md(pick(pub.publisher, lang))} · {format_date(pub.published, lang)}")
            st.caption(
                f"{t('sources.confidence', lang)}: {t(f'confidence.{pub.confidence}', lang)} · "
                f"{t('sources.values_used', lang, n=used)}"
            )
            st.text(pub.url)
            if pub.note:
                st.caption(md(pick(pub.note, lang)))
