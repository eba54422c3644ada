"""A planner's unsaved draft survives a browser reload (a new session): the page offers it back (issue 13).

Each ``open_page`` below is a new Streamlit session, as a reload (F5) makes one; the signed-in user comes from
the session token, as the sign-in cookie restores it after a reload.
"""

from __future__ import annotations

import json
from pathlib import Path

from metrics.intake.drafts import DraftStore, drafts_folder
from metrics.intake.editing import edit_context, open_file, save_file
from metrics.load.config import load_config
from tests.app.conftest import page_text
from tests.app.test_edit_milestones_page import FILE, editor, open_page
from tests.tmp_data import fingerprint


def store(data_copy: Path) -> DraftStore:
    config, _ = load_config(data_copy / "config.yaml")
    return DraftStore(drafts_folder(config.auth.credentials_path))


def edit(data_copy: Path, session: dict[str, str], old: str = "value: 80", new: str = "value: 85", lang: str = "en"):  # type: ignore[no-untyped-def]
    at = open_page(session, lang)
    text = (data_copy / "data/milestones" / FILE).read_text()
    editor(at).input(text.replace(old, new, 1)).run()
    assert not at.exception, at.exception
    return at


def test_an_unsaved_edit_is_kept_on_the_server_for_that_user_only(data_copy: Path, signed_in) -> None:
    at = edit(data_copy, signed_in("planner"))
    assert "They are kept on the server as your draft" in page_text(at)
    kept = store(data_copy).get("planner", FILE)
    assert kept is not None and "value: 85" in kept.text and kept.base_text == (data_copy / "data/milestones" / FILE).read_text()
    assert store(data_copy).get("admin", FILE) is None
    folder = drafts_folder(data_copy / ".secrets/users.yaml")
    assert [p.stat().st_mode & 0o777 for p in folder.glob("*.json")] == [0o600]
    assert "planner" not in " ".join(p.name for p in folder.iterdir())  # file names do not list the users
    other = open_page(signed_in("admin"))  # another user's reload offers nothing
    assert "edit_draft_restore" not in [b.key for b in other.button] and "unsaved draft" not in page_text(other)


def test_a_reload_offers_the_draft_and_restore_puts_it_back(data_copy: Path, signed_in) -> None:
    edit(data_copy, signed_in("planner"))
    before = fingerprint(data_copy / "data")
    at = open_page(signed_in("planner"))  # a reload: a new session
    shown = page_text(at)
    assert f"You have an unsaved draft of {FILE}, kept on the server at" in shown and "Restore your unsaved draft?" in shown
    assert "value: 85" not in editor(at).value  # nothing is restored without asking
    at.button(key="edit_draft_restore").click().run()
    assert not at.exception, at.exception
    assert "value: 85" in editor(at).value
    assert at.success[0].value.startswith(f"Your draft of {FILE} is back in the editor.")
    assert "-      value: 80" in "\n".join(c.value for c in at.code)  # the diff against the file
    assert fingerprint(data_copy / "data") == before  # restoring writes nothing to the data
    at.button(key="edit_save").click().run()
    assert "value: 85" in (data_copy / "data/milestones" / FILE).read_text()
    assert store(data_copy).get("planner", FILE) is None  # saved: nothing left to offer
    again = open_page(signed_in("planner"))
    assert "unsaved draft" not in page_text(again)


def test_discard_forgets_the_draft(data_copy: Path, signed_in) -> None:
    edit(data_copy, signed_in("planner"))
    at = open_page(signed_in("planner"))
    at.button(key="edit_draft_discard").click().run()
    assert not at.exception, at.exception
    assert store(data_copy).get("planner", FILE) is None
    assert "unsaved draft" not in page_text(open_page(signed_in("planner")))


def test_a_draft_restored_after_a_colleague_saved_never_undoes_their_save(data_copy: Path, signed_in) -> None:
    edit(data_copy, signed_in("planner"))
    config, _ = load_config(data_copy / "config.yaml")
    path = data_copy / "data/milestones" / FILE
    theirs = open_file(path)
    save_file(theirs, theirs.text.replace("value: 50", "value: 55", 1), edit_context(config))
    their_text = path.read_text()
    at = open_page(signed_in("planner"), lang="zh")
    assert f"此后有人保存过 {FILE}" in page_text(at)
    at.button(key="edit_draft_restore").click().run()
    at.button(key="edit_save").click().run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("未保存")  # the changed-on-disk refusal, with both versions
    assert path.read_text() == their_text


def test_going_back_to_the_files_text_forgets_the_draft(data_copy: Path, signed_in) -> None:
    at = edit(data_copy, signed_in("planner"))
    editor(at).input((data_copy / "data/milestones" / FILE).read_text()).run()
    assert store(data_copy).get("planner", FILE) is None


def test_a_damaged_draft_file_never_breaks_the_editor(data_copy: Path, signed_in) -> None:
    edit(data_copy, signed_in("planner"))
    (only,) = drafts_folder(data_copy / ".secrets/users.yaml").glob("*.json")
    only.write_text(json.dumps({"drafts": {FILE: {"text": 1}}}))
    at = open_page(signed_in("planner"))
    assert not at.exception, at.exception
    assert "unsaved draft" not in page_text(at)
