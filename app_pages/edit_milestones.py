"""Edit milestones: a milestone file's YAML with live located checks, a trajectory preview, the diff,
a form for a new milestone, and a save that refuses invalid text or a file changed since it was opened."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

import streamlit as st

from app_pages.access import require
from app_pages.common import context as run_context
from app_pages.draft_keeper import typed_text
from app_pages.intake import problem_table
from metrics.access.audit import milestone_save_event
from metrics.domain.i18n import basis_label, pick, province_name, t, unit_name
from metrics.domain.model import BASES
from metrics.domain.problems import Problem
from metrics.intake.drafts import Draft, DraftStore, drafts_folder, saved_at_text
from metrics.intake.editing import (
    ChangedOnDisk,
    EditContext,
    OpenedFile,
    SaveRefused,
    add_milestone,
    check_text,
    diff_text,
    edit_context,
    history_versions,
    open_file,
    save_file,
)
from metrics.load.measure_kinds import DIRECTIONS, MEASURE_KINDS, UNITS
from metrics.load.milestones import ZH_ORIGINS, milestone_files
from metrics.load.reports import empty_reports
from metrics.present.charts import build_trajectory_chart
from metrics.store import open_store

P = "edit_"  # session keys of this page
ctx = run_context()  # `context` below is the editing context
lang, config = ctx.lang, ctx.config
user = require("edit_milestones", lang)  # issue 6: refused here, not only hidden from the menu
context: EditContext = edit_context(config, ctx.data.reports)  # report counts: ids in use cannot be renamed
files = milestone_files(config.milestones)

st.title(t("edit.title", lang))
names = [f.name for f in files]
if not names:  # nothing to open; a new family file is written with the repository's tools, not here
    st.warning(t("edit.no_files", lang, folder=str(config.milestones)), icon=":material/folder_off:")
    st.stop()
top = st.columns([3, 1], vertical_alignment="bottom")
# The chosen file, like its draft below, survives a visit to another page (widget state does not).
if P + "file" not in st.session_state and st.session_state.get(P + "file_kept") in names:
    st.session_state[P + "file"] = st.session_state[P + "file_kept"]
name = top[0].selectbox(t("edit.file", lang), names, key=P + "file")
st.session_state[P + "file_kept"] = name
path = config.milestones / name
text_key = P + "text_" + name  # the text area's own state: Streamlit drops it while another page is shown
draft_key = P + "draft_" + name  # the same text, kept across page changes (issue 13, item 8)
TAB = P + "tab"  # the selected tab, kept by the server so that a refused "add and save" stays on the form
# Unsaved text is also kept on the server, per signed-in user and file, so a browser reload (a new session) can offer it
# back (issue 13): metrics/intake/drafts.py, in .secrets/drafts beside the users file.
drafts = DraftStore(drafts_folder(config.auth.credentials_path))
stored_key = P + "stored_" + name  # the text last kept as this user's draft of this file (None: none kept)
offer_key = P + "offer_" + name  # a draft from an earlier session, waiting for "restore" or "discard"


def _open(target: Path) -> None:
    opened = open_file(target)
    st.session_state[P + "opened_" + target.name] = opened
    st.session_state[P + "text_" + target.name] = opened.text
    st.session_state[P + "draft_" + target.name] = opened.text


def _keep_draft() -> None:
    st.session_state[draft_key] = st.session_state[text_key]


def _forget_draft() -> None:
    drafts.drop(user.name, name)
    st.session_state[stored_key] = None
    st.session_state.pop(offer_key, None)


first_open = P + "opened_" + name not in st.session_state  # in this session: a reload starts a new one
if top[1].button(t("edit.reload", lang), icon=":material/refresh:"):
    _open(path)
    _forget_draft()  # reloading from disk is the planner's way of throwing their edits away
elif first_open:
    _open(path)
    kept = drafts.get(user.name, name)
    if kept is not None and kept.text == st.session_state[P + "opened_" + name].text:
        _forget_draft()  # nothing left to offer: the file says the same
    elif kept is not None:
        st.session_state[offer_key] = kept
        st.session_state[stored_key] = kept.text
opened = st.session_state[P + "opened_" + name]
if text_key not in st.session_state:  # back from another page: the editor shows the unsaved text, not an empty box
    st.session_state[text_key] = st.session_state.get(draft_key, opened.text)


def _save() -> None:
    """Runs before the page (a button callback), so it may reset the editor's text."""
    text = st.session_state[text_key]
    try:
        saved = save_file(opened, text, context, store=open_store(config), user=user.name)
    except SaveRefused as exc:
        st.session_state[P + "message"] = ("refused", exc.problems)
        return
    except ChangedOnDisk as exc:
        st.session_state[P + "message"] = ("conflict", (exc.opened, exc.on_disk, text))
        return
    _audit(opened.text, text, saved.history_copy)
    _open(path)
    _forget_draft()
    st.session_state[P + "message"] = ("saved", (path.name, saved.history_copy.name if saved.history_copy else ""))


def _audit(old: str, new: str, copy: Path | None) -> None:
    """Every save goes into the audit log with its diff (issue 6)."""
    open_store(config).append_event(milestone_save_event(user.name, name, diff_text(old, new, name), copy.name if copy else ""))


def _restore(draft: Draft) -> None:
    """Put the stored draft back in the editor, against the version it was edited from: should the file have been
    saved since, Save then shows both versions (the changed-on-disk check) instead of undoing that save."""
    s = st.session_state
    s[P + "opened_" + name] = OpenedFile(path, draft.base_text, draft.base_sha256)
    s[text_key] = s[draft_key] = s[stored_key] = draft.text
    s.pop(offer_key, None)
    s[P + "message"] = ("draft_restored", name)


def _discard() -> None:
    _forget_draft()
    st.session_state[P + "message"] = ("draft_discarded", name)


def _keep_on_server(text: str) -> bool:
    """Keep ``text`` as the user's draft when it differs from the file (forget it when it no longer does); whether
    the editor's text is now kept on the server. Not while an earlier draft waits for the planner's choice."""
    if offer_key in st.session_state:
        return False
    kept = st.session_state.get(stored_key)
    try:
        if text == opened.text:
            if kept is not None:
                _forget_draft()
            return False
        if text != kept:
            if drafts.put(user.name, name, text, opened.text, opened.sha256) is None:
                return False  # too large to keep
            st.session_state[stored_key] = text
    except OSError:  # a full or read-only disk: the draft stays in this session only, and the warning says so
        return False
    return True


@st.fragment
def _keep_typed() -> None:
    """Keep what the planner is typing as their draft, before the text area hands it over (app_pages/draft_keeper.py):
    text typed and then lost to a reload never reached the server. A fragment: only this runs, not the page."""
    typed = typed_text(P + "editor", key=P + "keeper")
    if typed is not None:
        _keep_on_server(typed)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _add() -> None:
    s = st.session_state
    checkpoints: list[dict[str, Any]] = []  # date and value as typed, then the basis of each
    bad: list[str] = []
    for n, line in enumerate(_lines(s[P + "f_checkpoints"]), start=1):
        date, _, value = line.partition(",")
        if not value.strip():
            bad.append(t("edit.f_bad_checkpoint", lang, n=n))
        checkpoints.append({"date": date.strip(), "value": value.strip()})
    if bad:
        s[P + "message"] = ("form_bad", bad)
        return
    bodies = [
        dict(zip(("en", "zh"), (part.strip() for part in line.split("|", 1)), strict=False))
        for line in _lines(s[P + "f_responsible"])
    ]

    def basis(prefix: str) -> dict[str, str]:
        return {
            "basis": s[P + prefix + "_basis"],
            "publication": s[P + prefix + "_publication"] or "",
            "note_en": s[P + prefix + "_note_en"],
            "note_zh": s[P + prefix + "_note_zh"],
        }

    for point in checkpoints:
        point["basis"] = basis("f_cp")
    form = {
        "id": s[P + "f_id"].strip(),
        "title_zh": s[P + "f_title_zh"],
        "title_en": s[P + "f_title_en"],
        "applies_to": s[P + "f_applies_to"],
        "document": s[P + "f_document"],
        "clause": s[P + "f_clause"],
        "quote_en": s[P + "f_quote_en"],
        "quote_zh": s[P + "f_quote_zh"],
        "zh_origin": s[P + "f_zh_origin"],
        "zh_url": s[P + "f_zh_url"],
        "evidence_en": s[P + "f_evidence_en"],
        "evidence_zh": s[P + "f_evidence_zh"],
        "kind": s[P + "f_kind"],
        "unit": s[P + "f_unit"],
        "denominator_en": s[P + "f_denominator_en"],
        "denominator_zh": s[P + "f_denominator_zh"],
        "direction": s[P + "f_direction"],
        "cumulative": s[P + "f_cumulative"],
        "ladder": s[P + "f_ladder"],
        "baseline_date": s[P + "f_baseline_date"],
        "baseline_value": s[P + "f_baseline_value"],
        "baseline_basis": basis("f_baseline"),
        "checkpoints": checkpoints,
        "target_date": s[P + "f_target_date"],
        "target_value": s[P + "f_target_value"],
        "target_basis": basis("f_target"),
        "responsible": bodies,
    }
    current = s[text_key]
    if not check_text(path, current, context, previous=opened.text).ok:
        s[P + "message"] = ("form_needs_valid", None)
        return
    base = type(opened)(opened.path, current, opened.sha256)  # the editor's text, with the hash of the version opened
    added = add_milestone(base, form, context)
    if not added.check.ok:
        s[P + "message"] = ("form_refused", added.check.problems)
        s[TAB] = t("edit.tab_new", lang)  # stay on the form, whatever the message above the tabs does to them
        return
    try:
        saved = save_file(opened, added.text, context, store=open_store(config), user=user.name)
    except SaveRefused as exc:  # checked again under the lock: another planner may have added the same id meanwhile
        s[P + "message"] = ("form_refused", exc.problems)
        s[TAB] = t("edit.tab_new", lang)
        return
    except ChangedOnDisk as exc:
        s[P + "message"] = ("conflict", (exc.opened, exc.on_disk, added.text))
        return
    _audit(opened.text, added.text, saved.history_copy)
    _open(path)
    _forget_draft()
    s[P + "message"] = ("added", (form["id"], path.name))


def _basis_fields(prefix: str, publications: list[str]) -> None:
    """Basis, publication and bilingual note of one point (or of every checkpoint) in the new-milestone form."""
    a, b = st.columns(2)
    a.selectbox(
        t("edit.f_basis", lang),
        list(BASES),
        index=2,
        key=P + prefix + "_basis",
        format_func=lambda v: basis_label(v, lang),
        help=t("edit.f_basis_help", lang),
    )
    b.selectbox(
        t("edit.f_publication", lang),
        publications,
        key=P + prefix + "_publication",
        format_func=lambda i: pick(ctx.data.publications[i].title, lang) if i else "—",
    )
    a.text_input(t("edit.f_note_zh", lang), key=P + prefix + "_note_zh")
    b.text_input(t("edit.f_note_en", lang), key=P + prefix + "_note_en")


message = st.session_state.pop(P + "message", None)
# A refused "add and save" is shown under the form's button, where the planner is, as well as above the tabs.
form_message = message if message and message[0].startswith("form_") else None


def _form_message(kind: str, payload: object) -> None:
    if kind == "form_refused":
        st.error(t("edit.form_refused", lang))
        # Session state holds Any: the payload is what _add stored with this kind (its problems, or its lines' mistakes).
        st.dataframe(problem_table(cast(list[Problem], payload), lang), hide_index=True, width="stretch")
    elif kind == "form_bad":
        st.error("; ".join(cast(list[str], payload)))
    elif kind == "form_needs_valid":
        st.error(t("edit.form_needs_valid", lang))


if message:
    kind, payload = message
    if kind == "saved":
        file, copy = payload
        st.success(t("edit.saved", lang, file=file, copy=copy) if copy else t("edit.saved_new", lang, file=file))
    elif kind == "added":
        st.success(t("edit.added", lang, id=payload[0], file=payload[1]))
    elif kind == "draft_restored":
        st.success(t("edit.draft_restored", lang, file=payload), icon=":material/restore:")
    elif kind == "draft_discarded":
        st.info(t("edit.draft_discarded", lang, file=payload), icon=":material/delete:")
    elif kind == "refused":
        st.error(t("edit.refused", lang))
        st.dataframe(problem_table(payload, lang), hide_index=True, width="stretch")
    elif form_message:
        _form_message(kind, payload)
    elif kind == "conflict":
        yours, on_disk, mine = payload
        st.error(t("edit.conflict", lang), icon=":material/sync_problem:")
        left, right = st.columns(2)
        left.caption(t("edit.conflict_disk", lang))
        left.code(on_disk, language="yaml", line_numbers=True, height=400)
        right.caption(t("edit.conflict_mine", lang))
        right.code(mine, language="yaml", line_numbers=True, height=400)
        st.caption(t("edit.conflict_yours", lang) + " → " + t("edit.conflict_disk", lang))
        st.code(diff_text(yours, on_disk, name) or "", language="diff")

offer = st.session_state.get(offer_key)
if offer is not None:  # a draft from an earlier session (a reload, another tab, yesterday): the planner chooses
    with st.container(border=True, key=P + "offer"):
        st.info(t("edit.draft_offer", lang, file=name, when=saved_at_text(offer)), icon=":material/restore:")
        if offer.base_sha256 != opened.sha256:
            st.caption(t("edit.draft_changed", lang, file=name))
        restore, discard, _ = st.columns([1, 1, 2])
        restore.button(t("edit.draft_restore", lang), type="primary", on_click=_restore, args=(offer,), key=P + "draft_restore")
        discard.button(t("edit.draft_discard", lang), on_click=_discard, key=P + "draft_discard")
unsaved = st.empty()  # filled once the editor's text is known to be kept on the server, or not

# Stateful tabs (key + on_change, in the Streamlit 1.67 used here): the server knows the selected tab and keeps it when a
# message above the tabs changes the page; plain st.tabs went back to the first tab after a refused add.
tab_yaml, tab_new, tab_history = st.tabs(
    [t("edit.tab_yaml", lang), t("edit.tab_new", lang), t("edit.tab_history", lang)], key=TAB, on_change="rerun"
)
# A monospace editor: YAML is indented text. Scoped to the editor's container, nothing else on the page changes.
st.html(
    "<style>.st-key-edit_editor textarea "
    "{font-family: ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', monospace;}</style>"
)

with tab_yaml:
    text = st.container(key=P + "editor").text_area(
        t("edit.text", lang), key=text_key, height=480, help=t("edit.text_help", lang), on_change=_keep_draft
    )
    st.session_state[draft_key] = text
    _keep_typed()
    if text != opened.text:  # leaving the page or reloading keeps the draft, but the reader must know it is not saved
        message = "edit.unsaved_kept" if _keep_on_server(text) else "edit.unsaved"
        unsaved.warning(t(message, lang, file=name), icon=":material/edit_note:")
    else:
        _keep_on_server(text)
    check = check_text(path, text, context, previous=opened.text)
    errors = [p for p in check.problems if p.severity == "error"]
    if check.in_use:
        st.error(
            t("edit.ids_in_use", lang, ids="; ".join(t("edit.id_used", lang, id=mid, n=n) for mid, n in check.in_use.items())),
            icon=":material/link_off:",
        )
    if errors:
        st.error(t("edit.invalid", lang, n=len(errors)), icon=":material/error:")
        st.dataframe(problem_table(check.problems, lang), hide_index=True, width="stretch")
    else:
        st.success(t("edit.valid", lang, n=len(check.milestones)), icon=":material/check_circle:")
    changes = diff_text(opened.text, text, name)
    st.button(
        t("edit.save", lang),
        type="primary",
        icon=":material/save:",
        on_click=_save,
        disabled=bool(errors) or not changes,
        key=P + "save",
    )
    st.subheader(t("edit.diff", lang))
    if changes:
        st.code(changes, language="diff")
    else:
        st.caption(t("edit.no_changes", lang))
    if check.milestones:
        st.subheader(t("edit.preview", lang))
        chosen = st.selectbox(
            t("edit.preview_pick", lang),
            list(check.milestones),
            key=P + "preview",
            format_func=lambda m: f"{m} · {pick(check.milestones[m].title, lang)}",
        )
        milestone = check.milestones[chosen]
        fig = build_trajectory_chart(milestone, "", empty_reports(), None, None, ctx.data.provinces, lang, config.as_of_date())
        fig.update_layout(title={"text": f"{pick(milestone.title, lang)} · {t('edit.preview_default', lang)}"})
        st.plotly_chart(fig, key=P + "chart", width="stretch")

with tab_new:
    st.caption(t("edit.form_intro", lang))
    with st.form(P + "form"):
        data = ctx.data
        a, b = st.columns(2)
        a.text_input(t("edit.f_id", lang), key=P + "f_id")
        b.selectbox(
            t("edit.f_document", lang),
            sorted(context.source_ids),
            key=P + "f_document",
            format_func=lambda d: pick(data.sources[d].title, lang) if d in data.sources else d,
        )
        a.text_input(t("edit.f_title_zh", lang), key=P + "f_title_zh")
        b.text_input(t("edit.f_title_en", lang), key=P + "f_title_en")
        st.multiselect(
            t("edit.f_applies_to", lang),
            list(data.mainland.index),
            key=P + "f_applies_to",
            format_func=lambda c: province_name(data.provinces, c, lang),
            help=t("edit.f_applies_to_help", lang),
        )
        a.text_input(t("edit.f_clause", lang), key=P + "f_clause")
        b.selectbox(
            t("edit.f_zh_origin", lang),
            list(ZH_ORIGINS),
            index=ZH_ORIGINS.index("translated"),
            key=P + "f_zh_origin",
            format_func=lambda v: t(f"zh_origin.{v}", lang),
        )
        a.text_area(t("edit.f_quote_en", lang), key=P + "f_quote_en", height=80)
        b.text_area(t("edit.f_quote_zh", lang), key=P + "f_quote_zh", height=80)
        b.text_input(t("edit.f_zh_url", lang), key=P + "f_zh_url")
        a.text_area(t("edit.f_evidence_zh", lang), key=P + "f_evidence_zh", height=80)
        b.text_area(t("edit.f_evidence_en", lang), key=P + "f_evidence_en", height=80)
        a.selectbox(t("edit.f_kind", lang), list(MEASURE_KINDS), key=P + "f_kind", format_func=lambda v: t(f"kind.{v}", lang))
        b.selectbox(
            t("edit.f_direction", lang),
            list(DIRECTIONS),
            key=P + "f_direction",
            format_func=lambda v: t(f"direction.{v}", lang),
        )
        a.selectbox(t("edit.f_unit", lang), list(UNITS), key=P + "f_unit", format_func=lambda u: unit_name(u, lang))
        b.selectbox(
            t("edit.f_ladder", lang),
            sorted(data.ladders),
            key=P + "f_ladder",
            format_func=lambda i: pick(data.ladders[i].title, lang),
            help=t("edit.f_ladder_help", lang),
        )
        a.text_input(t("edit.f_denominator_zh", lang), key=P + "f_denominator_zh")
        b.text_input(t("edit.f_denominator_en", lang), key=P + "f_denominator_en")
        a.checkbox(t("edit.f_cumulative", lang), key=P + "f_cumulative")
        publications = ["", *sorted(data.publications)]
        for prefix, default in (("baseline", dt.date(2023, 12, 31)), ("target", dt.date(2027, 12, 31))):
            st.markdown(f"**{t(f'edit.f_{prefix}', lang)}**")
            a, b = st.columns(2)
            a.date_input(
                t("edit.f_date", lang),
                value=default,
                key=P + f"f_{prefix}_date",
                min_value=dt.date(2000, 1, 1),
                max_value=dt.date(2050, 12, 31),
            )
            b.text_input(t("edit.f_value", lang), key=P + f"f_{prefix}_value", help=t("edit.f_value_help", lang))
            _basis_fields(f"f_{prefix}", publications)
        st.markdown(f"**{t('edit.f_checkpoints_title', lang)}**")
        st.text_area(t("edit.f_checkpoints", lang), key=P + "f_checkpoints", placeholder="2025-12-31, 55")
        _basis_fields("f_cp", publications)
        st.text_area(t("edit.f_responsible", lang), key=P + "f_responsible", placeholder="Ministry of Education | 教育部")
        st.form_submit_button(t("edit.f_submit", lang), type="primary", on_click=_add)
    if form_message:
        _form_message(*form_message)

with tab_history:
    versions = history_versions(path, context)
    if not versions:
        st.caption(t("edit.no_history", lang))
    else:
        version = st.selectbox(t("edit.history_pick", lang), versions, format_func=lambda p: p.name, key=P + "version")
        old = version.read_text(encoding="utf-8")
        st.code(diff_text(old, opened.text, name) or old, language="diff")
