"""Regenerates the bad-input corpus of uploads: one file per problem (run from the repo root).

`python tests/data/uploads/make_uploads.py`. The workbooks are the bundled data's templates filled in
by openpyxl, as a reporting office would fill them; the expected messages are in
tests/unit/test_upload.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from metrics.intake.template import build_template
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset

HERE = Path(__file__).resolve().parent
GENERATED = dt.datetime(2026, 11, 23, 9, 0, 0)
SHARE = "teachers-double-qualified-share"  # percent, baseline 2019-12-31
STAGE = "teaching-reform-textbook-selection"  # ladder policy: not-started, planned, established, in-operation, evaluated
HEADER = "province,milestone,as_of,value,source,flag,note\n"


def filled(template: bytes, rows: dict[str, dict[str, object]], edit: object = None) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb["reports"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        mid = row[1].value
        for key, value in rows.get(str(mid), {}).items():
            row[header.index(key)].value = value
    if callable(edit):
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    config, _ = load_config()
    data = load_dataset(config)
    gd = build_template(data, "CN-GD", GENERATED)
    js = build_template(data, "CN-JS", GENERATED)
    good = {"value": 58.2, "as_of": dt.date(2025, 6, 30), "source": "Guangdong education department, 2025-07 bulletin"}
    files: dict[str, bytes] = {
        "wrong-columns.xlsx": filled(gd, {SHARE: good}, lambda ws: setattr(ws["I1"], "value", "数值")),
        "other-province.xlsx": filled(js, {SHARE: good}),
        "text-in-number.xlsx": filled(gd, {SHARE: {**good, "value": "about 58"}}),
        "stage-not-in-list.xlsx": filled(gd, {STAGE: {**good, "value": "finished"}}),
        "formula.xlsx": filled(gd, {SHARE: {**good, "value": "=57+1", "source": "=cmd|' /C calc'!A0"}}),
        "formula-in-source.xlsx": filled(gd, {SHARE: {**good, "source": '=HYPERLINK("http://example.invalid")'}}),
        "empty-template.xlsx": gd,
        "future-date.xlsx": filled(gd, {SHARE: {**good, "as_of": dt.date(2031, 12, 31)}}),
        "missing-column.csv": (b"province,milestone,as_of,value\nCN-GD,teachers-double-qualified-share,2025-06-30,58.2\n"),
        "unknown-milestone.csv": (HEADER + "CN-GD,teachers-share-typo,2025-06-30,58.2,Bulletin,,\n").encode(),
        "before-baseline.csv": (HEADER + f"CN-GD,{SHARE},2019-06-30,50,Bulletin,,\n").encode(),
        "future-date.csv": (HEADER + f"CN-GD,{SHARE},2031-12-31,61,Bulletin,,\n").encode(),
        "duplicate-rows.csv": (
            HEADER + f"CN-GD,{SHARE},2025-06-30,58.2,Bulletin,,\nCN-GD,{SHARE},2025-06-30,58.4,Bulletin,,\n"
        ).encode(),
        "other-province-rows.csv": (HEADER + f"CN-JS,{SHARE},2025-06-30,58.2,Bulletin,,\n").encode(),
        "empty.csv": b"",
        "not-a-spreadsheet.xlsx": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
        "old-excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        # Valid uploads in the encodings Chinese Excel writes.
        "valid-gb18030.csv": (HEADER + f"广东省,{SHARE},2025-06-30,58.2,广东省教育厅 2025年7月通报,,\n").encode("gb18030"),
        "valid-bom.csv": ("\ufeff" + HEADER + f"CN-GD,{SHARE},2025-06-30,58.2,广东省教育厅,,\n").encode("utf-8"),
        "valid-template.xlsx": filled(gd, {SHARE: good, STAGE: {**good, "value": "in-operation"}}),
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "a zip archive, not a workbook")
    files["zip-not-workbook.xlsx"] = archive.getvalue()
    for name, payload in files.items():
        (HERE / name).write_bytes(payload)


if __name__ == "__main__":
    main()
