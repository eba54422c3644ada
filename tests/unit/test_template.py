"""The Excel template: one row per milestone, drop-downs for stages, locked context, a read-me, the province."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from metrics.dataset import Dataset
from metrics.template import COLUMNS, META_SHEET, README_SHEET, SHEET, build_template

NOW = dt.datetime(2026, 11, 23, 9, 0, 0)


@pytest.fixture(scope="module")
def workbook(bundled: Dataset):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(build_template(bundled, "CN-GD", NOW)))


def test_one_row_per_milestone_with_both_names_and_unit(workbook, bundled: Dataset) -> None:  # type: ignore[no-untyped-def]
    ws = workbook[SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(c[0] for c in COLUMNS)
    assert len(rows) - 1 == len(bundled.milestones)
    by_id = {r[1]: r for r in rows[1:]}
    share = by_id["teachers-double-qualified-share"]
    assert share[:5] == ("CN-GD", "teachers-double-qualified-share", "中等职业学校“双师型”教师占比",
                         "Share of double-qualified teachers in secondary vocational schools", "percent")
    assert by_id["teachers-accreditation-standard"][5] == "not-started, planned, established, in-operation, evaluated"
    assert all(r[8:] == (None,) * 5 for r in rows[1:])  # inputs empty


def test_stage_rows_get_a_drop_down_of_their_stages(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook[SHEET]
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == "teachers-accreditation-standard")
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and f"I{row}" in dv.sqref]
    assert [dv.formula1 for dv in lists] == ['"not-started,planned,established,in-operation,evaluated"']


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
    assert sum(1 for _ in ws.iter_rows(min_row=2)) == len(bundled.mainland) * len(bundled.milestones)


def test_unknown_province_is_refused(bundled: Dataset) -> None:
    with pytest.raises(ValueError, match=r"'CN-XX' is not a known province \(expected an ISO code such as CN-GD, or all\)"):
        build_template(bundled, "CN-XX", NOW)
