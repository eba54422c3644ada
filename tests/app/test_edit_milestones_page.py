"""The Edit milestones page through AppTest, on a copy of the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.intake.editing import edit_context, open_file, save_file
from metrics.load.config import load_config
from metrics.load.milestones import load_milestones, milestone_files
from tests.app.conftest import ROOT, figures, page_text, run_app, run_script
from tests.tmp_data import fingerprint

FILE = "teachers.yaml"


def open_page(session: dict[str, str], lang: str = "en") -> AppTest:
    at = run_app(session, page="edit_milestones", lang=lang)
    at.selectbox(key="edit_file").set_value(FILE).run()
    assert not at.exception, at.exception
    return at


def editor(at: AppTest):  # type: ignore[no-untyped-def]
    return at.text_area(key=f"edit_text_{FILE}")


@pytest.mark.parametrize("lang, title", [("zh", "编辑任务文件"), ("en", "Edit milestone files")])
def test_page_runs_and_previews_the_trajectory(lang: str, title: str, signed_in) -> None:
    at = run_app(signed_in("planner"), page="edit_milestones", lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert figures(at), "a trajectory preview is drawn"


def test_page_runs_on_its_own(data_copy: Path, signed_in) -> None:
    at = run_script(str(ROOT / "app_pages/edit_milestones.py"), signed_in("planner"))
    assert not at.exception, at.exception


def test_an_edit_with_a_mistake_shows_the_located_problem_and_cannot_be_saved(data_copy: Path, signed_in) -> None:
    at = open_page(signed_in("planner"))
    text = editor(at).value
    before = fingerprint(data_copy / "data")
    before_target = text[: text.index("value: 50")]  # the first milestone's target
    line, column = before_target.count("\n") + 1, len(before_target) - before_target.rfind("\n") + len("value: ")
    editor(at).input(text.replace("value: 50", "value: sixty", 1)).run()
    assert "1 problem(s); fix them before saving." in page_text(at)
    problems = at.dataframe[0].value
    assert problems.iloc[0].tolist() == [line, str(column), "target.value", "'sixty' is text (expected a number)", "error"]
    assert at.button(key="edit_save").disabled
    assert fingerprint(data_copy / "data") == before


def test_a_valid_edit_shows_the_diff_and_saves_with_history(data_copy: Path, signed_in) -> None:
    at = open_page(signed_in("planner"))
    path = data_copy / "data/milestones" / FILE
    original = path.read_text()
    editor(at).input(original.replace("value: 80", "value: 85", 1)).run()
    diff = "\n".join(c.value for c in at.code)
    assert "-      value: 80" in diff and "+      value: 85" in diff
    at.button(key="edit_save").click().run()
    assert not at.exception, at.exception
    assert "Saved teachers.yaml; the previous version is kept as teachers." in at.success[0].value
    assert "value: 85" in path.read_text()
    (copy,) = (data_copy / "data/milestones/.history").glob("teachers.*.yaml")
    assert copy.read_text() == original


def test_a_file_changed_on_disk_since_opening_is_refused_with_both_versions(data_copy: Path, signed_in) -> None:
    at = open_page(signed_in("planner"))
    path = data_copy / "data/milestones" / FILE
    # A colleague saves the same file after this page opened it.
    config, _ = load_config(data_copy / "config.yaml")
    theirs = open_file(path)
    their_text = theirs.text.replace("value: 80", "value: 90", 1)
    save_file(theirs, their_text, edit_context(config))
    before = fingerprint(data_copy / "data")
    editor(at).input(editor(at).value.replace("value: 80", "value: 70", 1)).run()
    at.button(key="edit_save").click().run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("Not saved: someone else saved this file after you opened it.")
    shown = [c.value for c in at.code]
    assert their_text.rstrip("\n") in [c.rstrip("\n") for c in shown] and any("value: 70" in c for c in shown)
    assert fingerprint(data_copy / "data") == before


def test_the_new_milestone_form_writes_valid_yaml_into_the_file(data_copy: Path, signed_in) -> None:
    at = open_page(signed_in("planner"))
    path = data_copy / "data/milestones" / FILE
    original = path.read_text()
    values = {
        "f_id": "teachers-workshops",
        "f_title_zh": "教师工作坊",
        "f_title_en": "Teacher workshops",
        "f_clause": "II.4",
        "f_quote_en": "Strengthen teacher training",
        "f_quote_zh": "加强教师培训",
        "f_evidence_en": "The list of workshops held",
        "f_evidence_zh": "举办的工作坊名单",
        "f_baseline_value": "10",
        "f_target_value": "30",
        "f_checkpoints": "2025-12-31, 20",
        "f_baseline_basis": "document",
        "f_target_basis": "assumption",
        "f_target_note_en": "Assumed for the test",
        "f_target_note_zh": "测试假设",
        "f_cp_basis": "assumption",
        "f_cp_note_en": "Assumed for the test",
        "f_cp_note_zh": "测试假设",
        "f_unit": "count",
        "f_responsible": "Ministry of Education | 教育部",
    }
    areas = ("f_checkpoints", "f_responsible", "f_quote_en", "f_quote_zh", "f_evidence_en", "f_evidence_zh")
    for key, value in values.items():
        widget = (
            at.selectbox(key="edit_" + key)
            if key.endswith("_basis") or key == "f_unit"
            else (at.text_area(key="edit_" + key) if key in areas else at.text_input(key="edit_" + key))
        )
        widget.set_value(value)
    at.button[[b.label for b in at.button].index("Add and save")].click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Added milestone teachers-workshops and saved teachers.yaml.", [e.value for e in at.error] + [
        str(d.value) for d in at.dataframe
    ]
    text = path.read_text()
    assert text.startswith(original)
    config, _ = load_config(data_copy / "config.yaml")
    loaded = load_milestones(milestone_files(config.milestones))
    assert "teachers-workshops" in loaded.milestones
    assert [p for p in loaded.problems if "teachers" in p.path] == []
    assert (
        json.dumps(loaded.milestones["teachers-workshops"].title, ensure_ascii=False)
        == '{"en": "Teacher workshops", "zh": "教师工作坊"}'
    )
    plan = loaded.milestones["teachers-workshops"].plan
    assert [p.basis.kind for p in plan.points] == ["document", "assumption", "assumption"]
    assert plan.target.basis.note == {"en": "Assumed for the test", "zh": "测试假设"}


def test_renaming_an_id_that_has_reports_is_shown_and_cannot_be_saved(data_copy: Path, signed_in) -> None:
    """Issue 12, item 10: the page names the id and how many reports use it, before any save."""
    at = open_page(signed_in("planner"))
    before = fingerprint(data_copy / "data")
    editor(at).input(editor(at).value.replace("id: teachers-double-qualified-share", "id: teachers-dq-share", 1)).run()
    assert not at.exception, at.exception
    boxes = [e.value for e in at.error]
    assert any("cannot be renamed or deleted" in b and "teachers-double-qualified-share (" in b for b in boxes), boxes
    assert at.button(key="edit_save").disabled
    assert fingerprint(data_copy / "data") == before


def test_unsaved_edits_are_flagged_and_survive_a_page_change(data_copy: Path, signed_in) -> None:
    """Issue 13, item 8: an edit that is not saved shows a notice, and leaving the page and coming back
    restores it (the text area's own state is dropped by Streamlit when the page is not shown)."""
    at = open_page(signed_in("planner"))
    original = editor(at).value
    assert not [w for w in at.warning if "Unsaved changes" in w.value]
    edited = original.replace("value: 80", "value: 85", 1)
    editor(at).input(edited).run()
    assert any("Unsaved changes" in w.value for w in at.warning), [w.value for w in at.warning]
    at.query_params["page"] = "overview"
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, at.exception
    at.switch_page("app_pages/edit_milestones.py").run()
    assert not at.exception, at.exception
    assert editor(at).value == edited
    assert any("Unsaved changes" in w.value for w in at.warning)
    # back to the saved text: the notice goes
    editor(at).input(original).run()
    assert not [w for w in at.warning if "Unsaved changes" in w.value]


def test_a_refused_add_stays_on_the_new_milestone_tab(data_copy: Path, signed_in) -> None:
    at = open_page(signed_in("planner"))
    # The tabs are stateful: the server knows which one is open (plain st.tabs went back to the first one).
    assert "edit_tab" in at.session_state and at.session_state["edit_tab"] == "Edit YAML"
    form_tab = "New milestone"
    at.session_state["edit_tab"] = form_tab  # the planner opens the form
    at.run()
    at.text_input(key="edit_f_id").set_value("teachers-double-qualified-share")  # an id already used: refused
    at.button[[b.label for b in at.button].index("Add and save")].click().run()
    assert not at.exception, at.exception
    from metrics.domain.i18n import t

    refusals = [e for e in at.error if e.value == t("edit.form_refused", "en")]
    assert len(refusals) == 2, "shown above the tabs and under the form's button, where the planner is"
    assert at.session_state["edit_tab"] == form_tab


def test_the_editor_uses_a_monospace_font(signed_in) -> None:
    at = run_app(signed_in("planner"), page="edit_milestones", lang="zh")
    styles = "\n".join(str(getattr(el, "proto", "")) for el in at.get("html")) + "\n".join(m.value for m in at.markdown)
    assert ".st-key-edit_editor textarea" in styles and "monospace" in styles
