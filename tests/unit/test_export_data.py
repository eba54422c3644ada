"""The data behind a chart as CSV and XLSX: text that Excel would run as a formula is prefixed."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from metrics.export.data import frame_csv, frame_xlsx

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"source": [*HOSTILE, "广东省教育厅"], "value": [1.5, -3.5, 0, 2, 3, 4, 5]})


def test_csv_prefixes_formula_like_text_and_keeps_numbers() -> None:
    data = frame_csv(frame())
    assert data.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8 Chinese
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["source", "value"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE] + ["广东省教育厅"]
    assert rows[2][1] == "-3.5"


@pytest.mark.parametrize("header", ["=HYPERLINK(1)", "-x"])
def test_csv_header_cells_are_escaped_too(header: str) -> None:
    data = frame_csv(pd.DataFrame({header: [1]})).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(data))) == ["'" + header]


def test_xlsx_cells_are_text_with_the_prefix_and_the_about_sheet_names_the_chart() -> None:
    book = openpyxl.load_workbook(io.BytesIO(frame_xlsx(frame(), "ranked", [("title", "=evil()"), ("unit", "%")])))
    sheet = book["ranked"]
    cells = [sheet.cell(row=i, column=1) for i in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in cells] == ["'" + h for h in HOSTILE]
    assert all(c.data_type == "s" for c in cells)
    assert sheet.cell(row=3, column=2).value == -3.5
    about = book["about"]
    assert about.cell(row=2, column=2).value == "'=evil()"
