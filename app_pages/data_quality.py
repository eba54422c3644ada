"""Data quality: validation problems with file and line, stale provinces, unreported milestones,
suspicious reports, corrections and their history."""

from __future__ import annotations

import streamlit as st

from app_pages.common import context, load_suspicious, md
from metrics.compute.quality import JUMP_Z, correction_history, milestones_without_reports, problems_table, stale_provinces
from metrics.domain.i18n import flag_label, format_date, format_number, pick, province_name, t

ctx = context()
lang, data = ctx.lang, ctx.data
st.title(t("page.quality", lang))


def name(code: str) -> str:
    return province_name(data.provinces, code, lang)


def title(mid: str) -> str:
    return pick(data.milestones[mid].title, lang) if mid in data.milestones else mid


st.subheader(t("quality.problems", lang))
problems = problems_table(data.problems, lang)
if problems.empty:
    st.success(t("quality.no_problems", lang))
else:
    st.code("\n".join(problems["located"]), language=None)
    st.dataframe(
        problems[["file", "line", "column", "field", "message"]].rename(
            columns={
                "file": t("col.file", lang),
                "line": t("col.line", lang),
                "field": t("col.field", lang),
                "message": t("col.message", lang),
            }
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("quality.stale", lang))
st.caption(t("quality.stale_help", lang, days=data.config.status.stale_after_days))
stale = stale_provinces(ctx.status)
if stale.empty:
    st.success(t("quality.no_stale", lang))
else:
    st.dataframe(
        stale.assign(
            province=stale["province"].map(name),
            last_reported_at=stale["last_reported_at"].map(lambda d: format_date(d, lang)),
            days=stale["days"].map(lambda d: format_number(d, lang, digits=0)),
        )[["province", "last_reported_at", "days"]].rename(
            columns={
                "province": t("col.province", lang),
                "last_reported_at": t("col.last_report", lang),
                "days": t("col.days", lang),
            }
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("quality.unreported", lang))
unreported = milestones_without_reports(data, ctx.status)
if not unreported:
    st.success(t("quality.none_unreported", lang))
else:
    for mid in unreported:
        st.markdown(f"- {md(title(mid))} ({md(mid)})")

st.subheader(t("quality.suspicious", lang))
st.caption(t("quality.suspicious_help", lang, k=format_number(JUMP_Z, lang)))
odd = load_suspicious(ctx.config_path, ctx.signature, ctx.as_of)
if odd.empty:
    st.success(t("quality.none_suspicious", lang))
else:
    st.dataframe(
        odd.assign(
            province=odd["province"].map(name),
            milestone=odd["milestone"].map(title),
            as_of=odd["as_of"].map(lambda d: format_date(d, lang)),
            reason=odd["reason"].map(lambda r: t(f"reason.{r}", lang)),
            demo=odd["demo"].map(lambda d: t("demo.label", lang) if d else ""),
        )[["province", "milestone", "as_of", "previous", "value", "reason", "file", "line", "demo"]].rename(
            columns={
                "province": t("col.province", lang),
                "milestone": t("col.milestone", lang),
                "as_of": t("col.as_of", lang),
                "previous": t("col.previous", lang),
                "value": t("col.value", lang),
                "reason": t("col.reason", lang),
                "file": t("col.file", lang),
                "line": t("col.line", lang),
                "demo": t("col.demo", lang),
            }
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("quality.corrections", lang))
chain = correction_history(data)
if chain.empty:
    st.success(t("quality.none_corrections", lang))
else:
    st.dataframe(
        chain.assign(
            province=chain["province"].map(name),
            milestone=chain["milestone"].map(title),
            as_of=chain["as_of"].map(lambda d: format_date(d, lang)),
            reported_at=chain["reported_at"].dt.strftime("%Y-%m-%d %H:%M"),
            superseded=chain["superseded"].map(lambda s: t("report.superseded" if s else "report.in_force", lang)),
            flag=chain["flag"].map(lambda f: flag_label(f, lang)),
        )[["province", "milestone", "as_of", "value", "reported_at", "superseded", "flag", "file", "line"]].rename(
            columns={
                "province": t("col.province", lang),
                "milestone": t("col.milestone", lang),
                "as_of": t("col.as_of", lang),
                "value": t("col.value", lang),
                "reported_at": t("col.reported_at", lang),
                "superseded": t("col.superseded", lang),
                "flag": t("col.flag", lang),
                "file": t("col.file", lang),
                "line": t("col.line", lang),
            }
        ),
        hide_index=True,
        width="stretch",
    )
