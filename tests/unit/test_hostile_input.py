"""Hostile input beyond the bad-input corpus: a 10-million-row CSV, a realistic zip bomb, path-like and
very long upload names, and YAML bombs and object tags pasted into the milestone editor."""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from metrics.intake.editing import SaveRefused, check_text, edit_context, open_file, save_file
from metrics.intake.upload import accept, read_upload, upload_context
from metrics.load.config import Config, load_config
from metrics.load.dataset import Dataset, load_dataset
from metrics.load.reports import ReportContext, load_report_file, province_aliases
from tests.conftest import TEST_DATA
from tests.tmp_data import copy_data, fingerprint

NOW = dt.datetime(2026, 11, 23, 10, 0, 0)
TEN_MILLION = 10_000_000
COMPACT_ROW = b"CN-GD,m,2024-06-30,5,2024-07-01,s\n"  # short rows, so the file stays under the byte limit


@pytest.fixture(scope="module")
def huge_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 340 MB CSV with ten million rows, written in one go (about half a second)."""
    path = tmp_path_factory.mktemp("huge") / "ten-million.csv"
    with open(path, "wb") as handle:
        handle.write(b"province,milestone,as_of,value,reported_at,source\n")
        handle.write(COMPACT_ROW * TEN_MILLION)
    yield path
    path.unlink()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Config, Dataset]:
    config, _ = load_config(copy_data(tmp_path))
    return config, load_dataset(config)


def _no_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file reached pandas")

    monkeypatch.setattr(pd, "read_csv", refuse)


def test_a_ten_million_row_report_file_is_refused_at_the_row_limit_before_parsing(
    huge_csv: Path, bundled: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_pandas(monkeypatch)
    context = ReportContext(bundled.milestones, province_aliases(bundled.provinces))  # default limits: 5 M rows
    frame, problems = load_report_file(huge_csv, context, demo=False)  # pandas refused: no row is parsed
    assert frame.empty
    assert [p.message for p in problems] == [
        "file has more than 5000000 rows (expected at most 5000000; split it or raise limits.max_csv_rows)"
    ]


def test_a_ten_million_row_upload_is_refused_by_size_and_by_rows_before_parsing(
    huge_csv: Path, setup: tuple[Config, Dataset], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, data = setup
    raw = huge_csv.read_bytes()
    _no_pandas(monkeypatch)
    context = upload_context(data, "CN-GD", NOW)
    result = read_upload("big.csv", raw, context)
    assert [p.message for p in result.problems] == [
        f"file is {len(raw)} bytes (expected at most 20000000; split it or raise limits.max_upload_bytes)"
    ]
    # Even with the byte limit raised, the row limit refuses it before any parsing.
    roomy = context.__class__(context.report, context.limits.__class__(max_upload_bytes=10**9), context.reports, "CN-GD", NOW)
    result = read_upload("big.csv", raw, roomy)
    assert [p.message for p in result.problems] == [
        "file has more than 100000 rows (expected at most 100000; split it or raise limits.max_csv_rows)"
    ]
    assert result.rows.empty


def test_a_realistic_zip_bomb_is_refused_without_opening_the_workbook(
    setup: tuple[Config, Dataset], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, data = setup
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 150_000_000)  # 150 MB of zeros
    bomb = buffer.getvalue()
    assert len(bomb) < 1_000_000  # small enough to pass the upload size limit

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bomb was opened")

    monkeypatch.setattr("metrics.intake.upload.load_workbook", refuse)
    result = read_upload("report.xlsx", bomb, upload_context(data, "CN-GD", NOW))
    assert [p.message for p in result.problems] == [
        "workbook unpacks to 150000019 bytes (expected at most 100000000; refused unopened as a possible zip bomb; "
        "raise limits.max_xlsx_uncompressed_bytes)"
    ]


@pytest.mark.parametrize(
    "name",
    [
        "../../../../etc/cron.d/evil.csv",
        "..\\..\\Windows\\System32\\evil.csv",
        "/abs/path/to/" + "长" * 5000 + ".csv",
        "a\x00b\r\n\x1b[31m.csv",
        "x" * 100_000 + ".csv",
        "",
    ],
)
def test_an_upload_name_is_never_used_as_a_path(name: str, setup: tuple[Config, Dataset], tmp_path: Path) -> None:
    config, data = setup
    context = upload_context(data, "CN-GD", NOW)
    before_outside = sorted(p.name for p in tmp_path.iterdir())
    result = read_upload(name, (TEST_DATA / "uploads/valid-bom.csv").read_bytes(), context)
    assert len(result.name) <= 120 and "/" not in result.name and "\\" not in result.name
    assert not any(ord(c) < 32 for c in result.name)
    stored = accept(result, config.progress[0], "gd", context)
    assert stored.path.parent == config.progress[0] and stored.path.name.endswith(".csv") and "_CN-GD_" in stored.path.name
    assert json.loads(stored.receipt.read_text())["original_name"] == result.name
    assert sorted(p.name for p in tmp_path.iterdir()) == before_outside


BOMB = """a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, "through aliases (expected a plain file; refused as a possible alias bomb)"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "levels deep (expected at most 40)"),
        ("milestones: !!python/object/apply:os.system ['touch /tmp/pwned-by-yaml']\n", "tags that build objects are refused"),
        ("milestones: !!python/name:os.system\n", "tags that build objects are refused"),
    ],
)
def test_yaml_bombs_and_object_tags_pasted_in_the_editor_are_refused_and_never_saved(
    text: str, message: str, setup: tuple[Config, Dataset]
) -> None:
    config, _ = setup
    context = edit_context(config)
    path = config.milestones / "teachers.yaml"
    started = time.perf_counter()
    check = check_text(path, text, context)
    assert time.perf_counter() - started < 5
    assert not check.ok and any(message in p.message for p in check.problems), [str(p) for p in check.problems]
    before = fingerprint(config.milestones)
    with pytest.raises(SaveRefused):
        save_file(open_file(path), text, context)
    assert fingerprint(config.milestones) == before
    assert not Path("/tmp/pwned-by-yaml").exists()
