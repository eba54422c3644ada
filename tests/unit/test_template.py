"""The Excel template: one row per milestone, drop-downs for stages, locked context, a read-me, the province."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from metrics.intake.template import COLUMNS, META_SHEET, README_SHEET, SHEET, STAGES_SHEET, build_template
from metrics.load.dataset import Dataset

NOW = dt.datetime(2026, 11, 23, 9, 0, 0)


@pytest.fixture(scope="module")
def workbook(bundled: Dataset):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(build_template(bundled, "CN-GD", NOW)))


def test_one_row_per_milestone_with_both_names_and_unit(workbook, bundled: Dataset) -> None:  # type: ignore[no-untyped-def]
    ws = workbook[SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(c[0] for c in COLUMNS)
    applicable = [m for m in bundled.milestones.values() if m.applies("CN-GD")]
    assert len(rows) - 1 == len(applicable) < len(bundled.milestones)  # Liaoning's own tasks are not in Guangdong's
    by_id = {r[1]: r for r in rows[1:]}
    assert "teachers-accreditation-standard" not in by_id
    share = by_id["teachers-double-qualified-share"]
    title = bundled.milestones["teachers-double-qualified-share"].title
    assert share[:5] == ("CN-GD", "teachers-double-qualified-share", title["zh"], title["en"], "percent")
    assert by_id["teaching-reform-textbook-selection"][5] == "not-started, planned, established, in-operation, evaluated"
    assert all(r[8:] == (None,) * 5 for r in rows[1:])  # inputs empty


def test_stage_rows_get_a_drop_down_of_their_stages(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook[SHEET]
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == "teaching-reform-textbook-selection")
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and f"I{row}" in dv.sqref]
    assert [dv.formula1 for dv in lists] == ['"not-started,planned,established,in-operation,evaluated"']
    assert "stages" in lists[0].prompt


def test_the_stages_sheet_gives_each_stage_its_evidence_in_both_languages(workbook, bundled: Dataset) -> None:  # type: ignore[no-untyped-def]
    rows = list(workbook[STAGES_SHEET].iter_rows(values_only=True))
    policy = bundled.ladders["policy"]
    lines = {(r[0], r[1]): r for r in rows[1:]}
    for stage in policy.stages:
        assert lines[("policy", stage.id)][2:] == (
            stage.label["zh"],
            stage.label["en"],
            stage.evidence["zh"],
            stage.evidence["en"],
        )


def test_header_and_context_are_locked_inputs_are_not(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook[SHEET]
    assert ws.protection.sheet
    assert ws["A1"].protection.locked and ws["A2"].protection.locked and ws["G2"].protection.locked
    assert not ws["I2"].protection.locked and not ws["K2"].protection.locked
    assert ws["A1"].font.bold


def test_read_me_and_hidden_province_sheet(workbook) -> None:  # type: ignore[no-untyped-def]
    assert README_SHEET in workbook.sheetnames
    meta = workbook[META_SHEET]
    assert meta.sheet_state == "hidden"
    assert {r[0]: r[1] for r in meta.iter_rows(values_only=True)}["province"] == "CN-GD"


def test_all_provinces_template_has_a_row_per_province_and_milestone(bundled: Dataset) -> None:
    ws = load_workbook(io.BytesIO(build_template(bundled, "all", NOW)), read_only=True)[SHEET]
    pairs = sum(1 for p in bundled.mainland.index for m in bundled.milestones.values() if m.applies(p))
    assert sum(1 for _ in ws.iter_rows(min_row=2)) == pairs


def test_unknown_province_is_refused(bundled: Dataset) -> None:
    with pytest.raises(ValueError, match=r"'CN-XX' is not a known province \(expected an ISO code such as CN-GD, or all\)"):
        build_template(bundled, "CN-XX", NOW)
