"""Uploads: each bad file gives its exact located message and changes nothing; good ones round-trip to the views."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from metrics.cli.main import main
from metrics.compute.status import compute_status
from metrics.files.excel_safe import excel_safe, excel_safe_frame
from metrics.intake.receipts import load_receipts, report_history
from metrics.intake.template import build_template
from metrics.intake.upload import AcceptRefused, UploadContext, accept, preview, read_upload, upload_context
from metrics.load.config import Config, load_config
from metrics.load.dataset import Dataset, load_dataset
from tests.conftest import TEST_DATA
from tests.tmp_data import copy_data, fingerprint

UPLOADS = TEST_DATA / "uploads"
NOW = dt.datetime(2026, 11, 23, 10, 0, 0)
SHARE = "teachers-double-qualified-share"


def _template_row(milestone: str) -> int:
    """The milestone's row in the CN-GD template (rows sorted by family, then id; row 1 is the header)."""
    from metrics.intake.template import template_rows
    from tests.conftest import ROOT

    rows = template_rows(load_dataset(*load_config(ROOT / "config.yaml")), "CN-GD")
    return int(rows.index[rows["milestone"] == milestone][0]) + 2


TEMPLATE_ROW = _template_row("teachers-double-qualified-share")
STAGE_ROW = _template_row("teaching-reform-textbook-selection")

EXPECTED = {
    "wrong-columns.xlsx": [
        "wrong-columns.xlsx[reports]:1: value: column missing (expected columns province, milestone, as_of, value, "
        "reported_at, source; optional flag, note)",
        "wrong-columns.xlsx[reports]:1:9: 数值: unknown column (expected only province, milestone, as_of, value, "
        "reported_at, source, flag, note)",
    ],
    "missing-column.csv": [
        "missing-column.csv:1: source: column missing (expected columns province, milestone, as_of, value, "
        "reported_at, source; optional flag, note)",
    ],
    "other-province.xlsx": [
        "other-province.xlsx[reports]:1: this is the template of CN-JS (expected the template of CN-GD; "
        "download your province's template from the Report progress page)",
    ],
    "other-province-rows.csv": [
        "other-province-rows.csv:2:1: province: 'CN-JS' is not the province this upload is for (expected CN-GD)"
    ],
    "unknown-milestone.csv": [
        "unknown-milestone.csv:2:2: milestone: 'teachers-share-typo' is not a known milestone id (expected an id from "
        "data/milestones)"
    ],
    "text-in-number.xlsx": [
        f"text-in-number.xlsx[reports]:{TEMPLATE_ROW}:9: value: 'about 58' is not a number (expected a number such as 42.5)"
    ],
    "stage-not-in-list.xlsx": [
        f"stage-not-in-list.xlsx[reports]:{STAGE_ROW}:9: value: 'finished' is not a stage of teaching-reform-textbook-selection "
        "(expected one of not-started, planned, established, in-operation, evaluated)"
    ],
    "future-date.xlsx": [
        f"future-date.xlsx[reports]:{TEMPLATE_ROW}:10: as_of: 2031-12-31 is in the future (expected a date no later "
        "than today, 2026-11-23)"
    ],
    "future-date.csv": [
        "future-date.csv:2:3: as_of: 2031-12-31 is in the future (expected a date no later than today, 2026-11-23)"
    ],
    "before-baseline.csv": [
        "before-baseline.csv:2:3: as_of: 2019-06-30 is before the baseline date 2019-12-31 of teachers-double-qualified-share "
        "(expected a figure as of the baseline date or later)"
    ],
    "duplicate-rows.csv": [
        "duplicate-rows.csv:3:3: as_of: same province, milestone and as-of date as row 2 (expected one figure per "
        "milestone and date in one upload)"
    ],
    "empty.csv": ["empty.csv:1:1: file is empty (expected a header row and at least one report)"],
    "empty-template.xlsx": [
        "empty-template.xlsx[reports]:2:9: value: no row has a figure filled in (expected value, as_of and source in "
        "at least one row)"
    ],
    "not-a-spreadsheet.xlsx": [
        "not-a-spreadsheet.xlsx:1:1: is not an Excel workbook (expected an .xlsx file such as the downloaded template, "
        "or a .csv file)"
    ],
    "picture.png": [
        "picture.png:1:1: file is binary, not CSV text (expected a CSV file, e.g. Excel's 'CSV UTF-8'; is it a "
        "spreadsheet or UTF-16 text?)"
    ],
    "old-excel.xls": [
        "old-excel.xls:1:1: is an old Excel 97-2003 (.xls) file or another Office document (expected .xlsx or .csv; in "
        "Excel use Save As > Excel Workbook)"
    ],
    "zip-not-workbook.xlsx": [
        "zip-not-workbook.xlsx:1:1: is a zip archive but not an Excel workbook (expected an .xlsx file or a .csv file)"
    ],
    "formula.xlsx": [
        f"formula.xlsx[reports]:{TEMPLATE_ROW}:9: value: '=57+1' is not a number (expected a number such as 42.5)",
        f"formula.xlsx[reports]:{TEMPLATE_ROW}:11: warning: source: \"=cmd|' /C calc'!A0\" starts like a formula: kept as text, "
        "never evaluated (exported with a leading ' so Excel shows it as text)",
    ],
}
VALID_ROWS = {"duplicate-rows.csv": 1}  # the first of two equal rows is fine; only an explicit choice stores it


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Config, Dataset, UploadContext]:
    config, problems = load_config(copy_data(tmp_path))
    assert problems == []
    data = load_dataset(config)
    return config, data, upload_context(data, "CN-GD", NOW)


def test_every_corpus_file_has_an_expectation() -> None:
    names = {p.name for p in UPLOADS.iterdir() if p.suffix != ".py" and not p.name.startswith("valid-")}
    assert names - {"formula-in-source.xlsx"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_upload_gives_its_located_message_and_changes_nothing(name: str, setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config, _, context = setup
    before = fingerprint(tmp_path / "data")
    result = read_upload(name, (UPLOADS / name).read_bytes(), context)
    assert [str(p) for p in result.problems] == EXPECTED[name]
    assert len(result.rows) == VALID_ROWS.get(name, 0)
    with pytest.raises(AcceptRefused):
        accept(result, config.progress[0], "tester", context)
    if result.rows.empty:
        with pytest.raises(AcceptRefused, match=r"^no valid rows to accept"):
            accept(result, config.progress[0], "tester", context, valid_rows_only=True)
    assert fingerprint(tmp_path / "data") == before


def test_oversized_upload_is_refused_unread(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, context = setup
    small = replace(context, limits=replace(context.limits, max_upload_bytes=1000))
    raw = (UPLOADS / "valid-template.xlsx").read_bytes()
    assert [str(p) for p in read_upload("big.xlsx", raw, small).problems] == [
        f"big.xlsx: file is {len(raw)} bytes (expected at most 1000; split it or raise limits.max_upload_bytes)"
    ]


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, payload in entries.items():
            z.writestr(name, payload)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_opened(setup) -> None:  # type: ignore[no-untyped-def]
    _, _, context = setup
    bomb = _zip({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\0" * 5_000_000})
    assert len(bomb) < 20_000
    small = replace(context, limits=replace(context.limits, max_xlsx_uncompressed_bytes=1_000_000))
    assert [str(p) for p in read_upload("bomb.xlsx", bomb, small).problems] == [
        "bomb.xlsx: workbook unpacks to 5000004 bytes (expected at most 1000000; refused unopened as a possible zip bomb; "
        "raise limits.max_xlsx_uncompressed_bytes)"
    ]
    many = _zip({f"xl/part{i}.xml": b"" for i in range(30)})
    few = replace(context, limits=replace(context.limits, max_xlsx_entries=20))
    assert [p.message for p in read_upload("many.xlsx", many, few).problems] == [
        "workbook has 30 parts (expected at most 20; raise limits.max_xlsx_entries)"
    ]


@pytest.mark.parametrize("name", ["valid-gb18030.csv", "valid-bom.csv"])
def test_gb18030_and_bom_csv_uploads_are_read(name: str, setup) -> None:  # type: ignore[no-untyped-def]
    _, _, context = setup
    result = read_upload(name, (UPLOADS / name).read_bytes(), context)
    assert result.problems == [] and result.kind == "csv"
    assert result.rows[["province", "milestone", "value"]].values.tolist() == [["CN-GD", SHARE, "58.2"]]
    assert result.rows["source"][0].startswith("广东省教育厅")


def test_a_half_valid_upload_stores_only_the_valid_rows_and_only_when_asked(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config, _, context = setup
    raw = (
        f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2025-06-30,58.2,Bulletin\nCN-GD,{SHARE},2025-09-30,lots,Bulletin\n"
    ).encode()
    result = read_upload("half.csv", raw, context)
    assert [str(p) for p in result.problems] == ["half.csv:3:4: value: 'lots' is not a number (expected a number such as 42.5)"]
    before = fingerprint(tmp_path / "data")
    with pytest.raises(AcceptRefused, match=r"1 problem\(s\) found; nothing stored"):
        accept(result, config.progress[0], "tester", context)
    assert fingerprint(tmp_path / "data") == before
    stored = accept(result, config.progress[0], "tester", context, valid_rows_only=True)
    assert stored.rows == 1
    meta = json.loads(stored.receipt.read_text())
    assert meta["rows_left_out"] == 1 and meta["problems"] == [str(p) for p in result.problems]


def fill(template: bytes, values: dict[str, tuple[object, object, str]]) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb["reports"]
    for row in ws.iter_rows(min_row=2):
        if row[1].value in values:
            row[8].value, row[9].value, row[10].value = values[row[1].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_round_trip_template_fill_import_shows_in_status_and_history(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config, data, context = setup
    template = build_template(data, "CN-GD", NOW)
    raw = fill(
        template,
        {
            SHARE: (58.9, dt.datetime(2026, 9, 30), "广东省教育厅 2026年10月通报"),
            "teaching-reform-textbook-selection": ("evaluated", dt.date(2026, 9, 30), "Bulletin"),
        },
    )
    result = read_upload("广东 进展.xlsx", raw, context)
    assert result.problems == [] and len(result.rows) == 2
    rows = preview(result, context)
    assert set(rows["change"]) <= {"new", "correction", "same figure"}
    before = set(fingerprint(tmp_path / "data"))
    stored = accept(result, config.progress[0], "gd-office", context)
    after = set(fingerprint(tmp_path / "data"))
    assert after - before == {f"progress/{stored.path.name}", f"progress/{stored.receipt.name}"}
    assert stored.path.name.startswith("20261123T100000_CN-GD_") and stored.path.suffix == ".csv"

    reloaded = load_dataset(config)
    assert reloaded.problems == []
    status = compute_status(reloaded, dt.date(2026, 11, 23), ["CN-GD"])
    share = status[status["milestone"] == SHARE].iloc[0]
    assert share["latest_value"] == "58.9" and share["source"] == "广东省教育厅 2026年10月通报"
    history = report_history(reloaded.reports, load_receipts(config.progress), "CN-GD", SHARE)
    first = history.iloc[0]
    assert (first["value"], first["sender"], first["original_name"]) == ("58.9", "gd-office", "广东 进展.xlsx")
    # The next template shows the accepted figure as the last one.
    again = load_workbook(io.BytesIO(build_template(reloaded, "CN-GD", NOW)))["reports"]
    row = next(r for r in again.iter_rows(min_row=2, values_only=True) if r[1] == SHARE)
    assert row[6:8] == ("58.9", "2026-09-30")


def test_a_correction_shows_what_it_supersedes_and_keeps_the_old_figure(setup) -> None:  # type: ignore[no-untyped-def]
    config, data, context = setup
    first = read_upload(
        "a.csv", f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2026-06-30,58.1,First\n".encode(), context
    )
    accept(first, config.progress[0], "a", context)
    data = load_dataset(config)
    later = upload_context(data, "CN-GD", NOW + dt.timedelta(hours=1))
    second = read_upload(
        "b.csv", f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2026-06-30,58.4,Second\n".encode(), later
    )
    row = preview(second, later).iloc[0]
    assert (row["change"], row["supersedes_value"]) == ("correction", "58.1")
    accept(second, config.progress[0], "b", later)
    history = report_history(load_dataset(config).reports, load_receipts(config.progress), "CN-GD", SHARE)
    chain = history[(history["as_of"] == pd.Timestamp("2026-06-30")) & ~history["demo"]]
    assert chain[["value", "superseded", "sender"]].values.tolist() == [["58.4", False, "b"], ["58.1", True, "a"]]


def test_a_resent_file_is_not_stored_twice(setup) -> None:  # type: ignore[no-untyped-def]
    config, _, context = setup
    raw = f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2026-06-30,58.1,First\n".encode()
    stored = accept(read_upload("a.csv", raw, context), config.progress[0], "a", context)
    # Sent again a day later: the server's later stamp (issue 12: uploads never carry their own reported_at)
    # must not make the same figure a new report.
    again = read_upload("a.csv", raw, upload_context(load_dataset(config), "CN-GD", NOW + dt.timedelta(days=1)))
    assert [p.message for p in again.problems] == [
        "the same figure as already accepted at "
        f"{stored.path.relative_to(Path.cwd()) if stored.path.is_relative_to(Path.cwd()) else stored.path}:2 "
        "(expected a figure not sent before; a correction changes the value, source, flag or note)"
    ]
    assert again.rows.empty


def test_a_formula_is_stored_as_text_and_escaped_on_export(setup) -> None:  # type: ignore[no-untyped-def]
    config, _, context = setup
    result = read_upload("f.xlsx", (UPLOADS / "formula-in-source.xlsx").read_bytes(), context)
    assert [p.severity for p in result.problems] == ["warning"]
    stored = accept(result, config.progress[0], "x", context)
    assert '=HYPERLINK(""http://example.invalid"")' in stored.path.read_text()
    reports = load_dataset(config).reports
    source = reports[reports["file"].str.endswith(stored.path.name)]["source"].iloc[0]
    assert excel_safe(source) == "'" + source
    assert excel_safe_frame(pd.DataFrame({"s": [source, "-3.5", "ok"]}))["s"].tolist() == ["'" + source, "-3.5", "ok"]


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3.5", "-3.5"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_excel_safe(text: str, escaped: str) -> None:
    assert excel_safe(text) == escaped


def test_an_uploaded_name_is_never_a_path(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config, _, context = setup
    result = read_upload("../../etc/passwd.csv", (UPLOADS / "valid-bom.csv").read_bytes(), context)
    assert result.name == "passwd.csv"
    stored = accept(result, config.progress[0], "x", context)
    assert stored.path.parent == config.progress[0]
    assert json.loads(stored.receipt.read_text())["original_name"] == "passwd.csv"


def test_cli_template_and_import_use_the_same_checks_and_storage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_path = copy_data(tmp_path)
    out = tmp_path / "gd.xlsx"
    assert main(["--config", str(config_path), "template", "--province", "CN-GD", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    before = fingerprint(tmp_path / "data")
    bad = UPLOADS / "text-in-number.xlsx"
    assert main(["--config", str(config_path), "import", str(bad), "--province", "CN-GD"]) == 1
    printed = capsys.readouterr()
    assert printed.out.splitlines() == EXPECTED["text-in-number.xlsx"]
    assert "nothing stored" in printed.err
    assert main(["--config", str(config_path), "import", str(UPLOADS / "valid-template.xlsx"), "--dry-run"]) == 0
    assert fingerprint(tmp_path / "data") == before
    assert main(["--config", str(config_path), "import", str(UPLOADS / "valid-template.xlsx"), "--user", "cli-user"]) == 0
    assert "stored 2 row(s) in" in capsys.readouterr().out
    receipts = load_receipts([tmp_path / "data/progress"])
    assert receipts[["sender", "original_name", "rows"]].values.tolist() == [["cli-user", "valid-template.xlsx", 2]]


def test_the_same_file_accepted_before_is_refused_with_when_and_by_whom(setup) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 6: re-sending an identical file (same bytes) is refused, by the SHA-256 in the receipts."""
    from metrics.intake.receipts import accepted_before, already_accepted_text
    from metrics.intake.upload import AlreadyAccepted

    config, _, context = setup
    raw = f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2026-06-30,58.1,First\n".encode()
    first = read_upload("a.csv", raw, context)
    stored = accept(first, config.progress[0], "gd-office", context)
    receipts = load_receipts(config.progress)
    before = accepted_before(receipts, first.sha256)
    assert before is not None and (before.file_name, before.sender, before.original_name) == (
        stored.path.name,
        "gd-office",
        "a.csv",
    )
    assert accepted_before(receipts, "0" * 64) is None
    with pytest.raises(AlreadyAccepted):  # the same result accepted twice (two tabs, or a double click)
        accept(first, config.progress[0], "gd-office", context)
    assert len(list(config.progress[0].glob("*.csv"))) == 1
    when = before.received_at.replace("T", " ")
    assert already_accepted_text(before, "en") == (
        f"This very file (the same content) was already accepted on {when} (sent by gd-office as a.csv); it is not stored "
        "again. To correct a figure, change it in the file and upload that."
    )
    assert already_accepted_text(before, "zh").startswith(f"这个文件（内容完全相同）已于 {when} 接收（由 gd-office 发送")


def test_the_report_history_lists_the_newest_received_first(setup) -> None:  # type: ignore[no-untyped-def]
    config, _, context = setup
    accept(
        read_upload("a.csv", f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2026-06-30,58.1,A\n".encode(), context),
        config.progress[0],
        "a",
        context,
    )
    later = upload_context(load_dataset(config), "CN-GD", NOW + dt.timedelta(hours=1))
    accept(
        read_upload(
            "b.csv",
            b"province,milestone,as_of,value,source\nCN-GD,teaching-reform-textbook-selection,2026-10-31,evaluated,B\n",
            later,
        ),
        config.progress[0],
        "b",
        later,
    )
    history = report_history(load_dataset(config).reports, load_receipts(config.progress), "CN-GD")
    assert list(history["sender"].iloc[:2]) == ["b", "a"]  # not by milestone: the last file received is on top
    assert (history["received_at"].iloc[2:] == "").all()  # then the figures without a receipt (demo data)
    assert len(history) > 2
