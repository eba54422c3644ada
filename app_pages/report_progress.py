"""Report progress: download the Excel template, upload a filled template or CSV, see every problem row
by row and what the figures supersede, then accept them into a new report file (nothing changes before)."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from app_pages.access import require, session_id
from app_pages.common import config_path, context, data_signature
from app_pages.intake import problem_table
from app_pages.upload_box import upload_box
from metrics.domain.i18n import province_name, t
from metrics.intake.receipts import accepted_before, already_accepted_text
from metrics.intake.template import ALL, build_template
from metrics.intake.upload import (
    AcceptRefused,
    AlreadyAccepted,
    UploadResult,
    accept,
    preview,
    read_upload,
    upload_context,
    upload_key,
)
from metrics.intake.upload_gate import UPLOADS
from metrics.present.tables import upload_preview_table
from metrics.store import open_store

P = "report_"  # session keys of this page
ctx = context()
lang, data, config = ctx.lang, ctx.data, ctx.config
user = require("upload", lang)  # issue 6: refused here, not only hidden from the menu
# Only now may this session store files through Streamlit's upload route (serve.py's guard; issue 12, item 8).
UPLOADS.allow(session_id(), time.time() + config.auth.session_minutes * 60)
allowed = user.report_provinces()  # None: any province (admins)


@st.cache_data(max_entries=8, ttl=600, show_spinner=False)
def template_bytes(province: str, signature: tuple[tuple[str, int, int], ...], day: dt.date) -> bytes:
    """The template (cached per province and data version; ``signature`` and ``day`` only key the cache)."""
    return build_template(data, province)


st.title(t("report.title", lang))
if not data.milestones:  # nothing to report on, and no template to build; the problems are listed above
    st.warning(t("note.no_milestones", lang), icon=":material/error:")
    st.stop()
if data.mainland.empty:  # provinces.csv did not load: no template rows and no province to check against
    st.warning(t("province.no_provinces", lang), icon=":material/error:")
    st.stop()
codes = [c for c in data.mainland.index if allowed is None or c in allowed]
options = [ALL, *codes] if allowed is None else codes  # a reporter gets only their own provinces' templates
default = st.session_state.get("vet_province")
province = st.selectbox(
    t("report.province", lang),
    options,
    key=P + "province",
    index=(options.index(default) if default in options else 0),
    format_func=lambda c: t("report.all", lang) if c == ALL else f"{province_name(data.provinces, c, lang)} ({c})",
)

notice = st.session_state.pop(P + "notice", None)
if notice:
    st.success(notice, icon=":material/task_alt:")

st.subheader(t("report.step1", lang))
st.caption(t("report.step1_help", lang))
signature = data_signature(config, config_path())
st.download_button(
    t("report.download", lang),
    data=template_bytes(province, signature, dt.date.today()),
    file_name=f"progress-template_{province}_{dt.date.today():%Y%m%d}.xlsx",
    icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key=P + "download",
)

st.subheader(t("report.step2", lang))
uploader_key = P + "file_" + str(st.session_state.get(P + "round", 0))  # a new key clears the uploader after accepting
upload = upload_box(t("report.upload", lang), uploader_key, config.limits.max_upload_bytes, lang)
if upload is None:
    st.stop()

raw = upload.getvalue()
upload_ctx = upload_context(data, None if province == ALL else province, allowed_provinces=allowed)
# Checked once per file content (and province, data version and user): every widget click reruns the
# page, and a large workbook costs seconds to parse. Only the latest upload's result is kept.
key = upload_key(raw, upload.name, province, signature, allowed)
checked = st.session_state.get(P + "checked")
if checked is not None and checked[0] == key:
    result: UploadResult = checked[1]
else:
    result = read_upload(upload.name, raw, upload_ctx)
    st.session_state[P + "checked"] = (key, result)
# The very same file accepted before (by the SHA-256 of its bytes) is refused outright, before its rows are listed
# as "the same figure as already accepted" one by one (issue 13, item 6).
before = accepted_before(open_store(config).receipts(), result.sha256)  # the files' receipts, or every server's (issue 15)
if before is not None:
    st.error(already_accepted_text(before, lang), icon=":material/content_copy:")
    st.stop()
errors = [p for p in result.problems if p.severity == "error"]
st.info(
    t("report.checked", lang, name=result.where, rows=len(result.rows), bad=result.rejected_rows), icon=":material/fact_check:"
)
if result.problems:
    st.markdown(f"**{t('report.problems', lang)}**")
    st.dataframe(
        problem_table(result.problems, lang, result.sheet or result.name, letters=result.kind == "xlsx"),
        hide_index=True,
        width="stretch",
    )
if result.rows.empty:
    st.warning(t("report.nothing", lang), icon=":material/block:")
    st.stop()

st.subheader(t("report.preview", lang))
st.caption(t("report.preview_help", lang))
shown = upload_preview_table(preview(result, upload_ctx), data, lang)  # names and stage labels, not ids
st.dataframe(shown, hide_index=True, width="stretch")
st.caption(t("report.unchanged", lang))

partial = False
if errors:
    partial = st.checkbox(t("report.partial", lang, rows=len(result.rows), bad=result.rejected_rows), key=P + "partial")
if st.button(
    t("report.accept", lang, rows=len(result.rows)),
    type="primary",
    icon=":material/inventory:",
    disabled=bool(errors) and not partial,
    key=P + "accept",
):
    sent_by = user.name
    try:
        # The audit event is written with the files, before them (issue 12, item 11).
        stored = accept(
            result,
            config.progress[0],
            sent_by,
            upload_ctx,
            valid_rows_only=partial,
            audit=config.auth.audit_path,
            store=open_store(config),
        )
    except AlreadyAccepted as exc:  # sent twice at the same moment, from two tabs
        st.error(already_accepted_text(exc.before, lang), icon=":material/content_copy:")
    except AcceptRefused as exc:
        st.error(t("report.refused", lang, message=exc.text.render(lang)))
    else:
        st.session_state[P + "notice"] = t("report.accepted", lang, rows=stored.rows, file=stored.path.name, user=sent_by)
        st.session_state[P + "round"] = st.session_state.get(P + "round", 0) + 1
        st.rerun()
