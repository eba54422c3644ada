"""Document coverage (issue 11): each reform document clause by clause, each clause's tasks tracked by
milestones (linked) or marked not tracked with the reason; counts per document at the top."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import context, md
from metrics.domain.i18n import clause_label, pick, t
from metrics.present.links import milestone_link

ctx = context()
lang, data = ctx.lang, ctx.data
st.title(t("page.coverage", lang))
st.caption(t("coverage.help", lang))
coverage = data.coverage
if coverage is None:
    st.info(t("coverage.off", lang))
    st.stop()
if coverage.problems:
    st.warning(t("coverage.problems", lang, n=len(coverage.problems)), icon=":material/error:")
    with st.expander(t("coverage.problem_list", lang)):
        st.code("\n".join(p.located(lang) for p in coverage.problems), language=None)


def document_title(doc_id: str) -> str:
    source = data.sources.get(doc_id)
    return pick(source.title, lang) if source else doc_id


def milestone_title(mid: str) -> str:
    milestone = data.milestones.get(mid)
    return pick(milestone.title, lang) if milestone else mid


st.subheader(t("coverage.counts", lang))
counts = coverage.counts.copy()
total = counts[["clauses", "tasks", "tracked", "not_tracked"]].sum()
counts["document"] = counts["document"].map(document_title)
counts = pd.concat([counts, pd.DataFrame([{"document": t("coverage.total", lang), **total.to_dict()}])], ignore_index=True)
st.dataframe(
    counts.rename(columns={key: t(f"coverage.col.{key}", lang) for key in counts.columns}), hide_index=True, width="stretch"
)

left, right = st.columns([3, 2], vertical_alignment="bottom")
chosen = left.selectbox(
    t("coverage.filter.document", lang),
    ["", *data.documents],
    key="coverage_document",
    format_func=lambda d: document_title(d) if d else t("sidebar.all", lang),
)
only_untracked = right.toggle(t("coverage.filter.untracked", lang), key="coverage_only_untracked")

rows = coverage.by_task()
shown_any = False
for doc_id, document in data.documents.items():
    if chosen and doc_id != chosen:
        continue
    st.subheader(md(document_title(doc_id)), divider="gray")
    st.caption(t("coverage.document_summary", lang, **coverage.document_counts(doc_id)))
    for clause in document.clauses:
        tasks = [(task, rows[(doc_id, clause.id, task.id)]) for task in clause.tasks]
        if only_untracked:
            tasks = [(task, info) for task, info in tasks if not info.tracked]
            if not tasks:
                continue
        shown_any = True
        with st.container(border=True):
            st.markdown(f"**{md(clause_label(clause.id, lang))}** · {md(pick(clause.title, lang))}")
            if not clause.tasks:
                st.caption(t("coverage.no_task", lang, note=md(pick(clause.note, lang))))
            for task, info in tasks:
                name = md(pick(task.name, lang))
                # English text only in English: the Chinese interface shows the task's Chinese name, never an English sentence.
                quote = f"  \n:gray[{t('coverage.quote', lang, quote=md(f'“{task.quote}”'))}]" if lang == "en" else ""
                if info.tracked:
                    st.markdown(
                        f":green[:material/check_circle:] **{name}** · {t('coverage.tracked', lang)}{quote}  \n"
                        f":gray[{t('coverage.tracked_by', lang)}]"
                    )
                    for mid in info.milestones:
                        st.page_link(
                            "app_pages/milestone.py",
                            label=md(milestone_title(mid)),
                            icon=":material/flag:",
                            query_params=milestone_link(mid, lang),
                        )
                elif info.reason:
                    st.markdown(
                        f":gray[:material/radio_button_unchecked:] **{name}** · {t('coverage.not_tracked', lang)}  \n"
                        f":gray[{md(pick(info.reason, lang))}]{quote}"
                    )
                else:  # untracked without a reason: a data problem, listed on the Data quality page
                    st.markdown(
                        f":red[:material/error:] **{name}** · {t('coverage.not_tracked', lang)}  \n"
                        f":red[{t('coverage.no_reason', lang)}]{quote}"
                    )
if not shown_any:
    st.info(t("coverage.none_shown", lang))
