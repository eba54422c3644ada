"""Issue 12, second round: hostile values that used to be stored or crash, each refused as a located problem.

Each test was written first and seen failing on the code before its fix (see /work/notes-intake.md).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from metrics.intake.editing import check_text, edit_context, open_file
from metrics.intake.upload import read_upload, upload_context
from metrics.load.config import Config, load_config
from metrics.load.dataset import Dataset, load_dataset
from metrics.load.milestones import Catalogues, load_milestones
from metrics.load.reports import ReportContext, load_report_file, province_aliases
from metrics.load.validate import validate
from tests.tmp_data import copy_data

NOW = dt.datetime(2026, 11, 23, 10, 0, 0)
TODAY = NOW.date()
COUNT = "city-consortia-count"  # a number milestone without a 0-100 bound, where inf used to pass
HEADER = "province,milestone,as_of,value,reported_at,source,flag,note\n"
NON_FINITE = ["inf", "Infinity", "-inf", "nan", "1e309", "-1E400", "INF", "+infinity", "NaN"]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Config, Dataset]:
    config, _ = load_config(copy_data(tmp_path))
    return config, load_dataset(config)


def _context(data: Dataset) -> ReportContext:
    return ReportContext(data.milestones, province_aliases(data.provinces), today=TODAY)


def _report_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "reports.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _messages(problems: list) -> list[str]:
    return [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in problems]


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "reports"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- item 1: non-finite numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("value", NON_FINITE)
def test_a_non_finite_value_in_a_report_file_is_a_located_problem(value: str, bundled: Dataset, tmp_path: Path) -> None:
    path = _report_file(
        tmp_path, f"CN-GD,{COUNT},2024-06-30,{value},2024-07-15,Test,,", f"CN-GD,{COUNT},2024-09-30,12,2024-10-15,Test,,"
    )
    frame, problems = load_report_file(path, _context(bundled), demo=False)
    assert _messages(problems) == [f"2:4: value: {value!r} is not a finite number (expected a number such as 42.5)"]
    assert frame["number"].tolist() == [12.0]


@pytest.mark.parametrize("value", ["inf", "-Infinity", "nan", "1e309"])
def test_a_non_finite_value_in_an_upload_is_refused(value: str, setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    context = upload_context(data, "CN-GD", NOW)
    csv = (HEADER + f"CN-GD,{COUNT},2024-06-30,{value},,Test,,\n").replace(",reported_at", "").replace(",,Test", ",Test")
    result = read_upload("r.csv", csv.encode(), context)
    assert [str(p) for p in result.problems] == [
        f"r.csv:2:4: value: {value!r} is not a finite number (expected a number such as 42.5)"
    ]
    assert result.rows.empty
    book = _xlsx([["province", "milestone", "as_of", "value", "source"], ["CN-GD", COUNT, "2024-06-30", value, "Test"]])
    result = read_upload("r.xlsx", book, context)
    assert [str(p) for p in result.problems] == [
        f"r.xlsx[reports]:2:4: value: {value!r} is not a finite number (expected a number such as 42.5)"
    ]


def test_a_numeric_infinite_xlsx_cell_is_refused(setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    book = _xlsx([["province", "milestone", "as_of", "value", "source"], ["CN-GD", COUNT, "2024-06-30", 7, "Test"]])
    book = _replace_in_sheet(book, b"<v>7</v>", b"<v>1e309</v>")  # what a hand-edited sheet can hold
    result = read_upload("r.xlsx", book, upload_context(data, "CN-GD", NOW))
    assert [str(p) for p in result.problems] == [
        "r.xlsx[reports]:2:4: value: 'inf' is not a finite number (expected a number such as 42.5)"
    ]


def _replace_in_sheet(book: bytes, old: bytes, new: bytes, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                assert old in data, data[:2000]
                data = data.replace(old, new)
            dst.writestr(item, data)
    return out.getvalue()


MILESTONE_YAML = """\
family:
  id: t
  title: {en: T, zh: T}
milestones:
  - id: t-count
    title: {en: T, zh: T}
    source: {document: opinions-2022, clause: II.4, quote: {en: q, zh: q, zh_origin: translated}}
    evidence: {en: E, zh: E}
    measure: {kind: number, unit: count, direction: up}
    baseline: {date: 2022-12-31, value: 0, basis: document}
    target: {date: 2025-12-31, value: VALUE, basis: document}
"""
REFS = Catalogues(source_ids={"opinions-2022"})


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN", "1.0e+309", "-.Inf"])
def test_a_non_finite_milestone_value_is_a_located_problem(value: str, bundled: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(MILESTONE_YAML.replace("VALUE", value), encoding="utf-8")
    loaded = load_milestones([path], Catalogues(source_ids={"opinions-2022"}, provinces=set(bundled.provinces.index)))
    assert loaded.milestones == {}
    shown = {".nan": "nan", ".NaN": "nan"}.get(value, "-inf" if value.startswith("-") else "inf")
    assert [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in loaded.problems] == [
        f"11:39: target.value: {shown} is not a finite number (expected a number)"
    ]


def test_the_milestone_editor_refuses_an_infinite_value(setup: tuple[Config, Dataset]) -> None:
    config, _ = setup
    context = edit_context(config)
    path = config.milestones / "city-consortia.yaml"
    text = open_file(path).text
    bad = text.replace("      value: 5\n", "      value: .inf\n", 1)
    assert bad != text
    line = text[: text.index("      value: 5\n")].count("\n") + 1  # the first milestone's target, wherever the file puts it
    check = check_text(path, bad, context)
    assert [(p.line, p.field, p.message) for p in check.problems] == [
        (line, "target.value", "inf is not a finite number (expected a number)")
    ]


def test_validate_reports_an_infinite_value_in_a_progress_file(setup: tuple[Config, Dataset], tmp_path: Path) -> None:
    config, _ = setup
    (config.progress[0] / "r.csv").write_text(HEADER + f"CN-GD,{COUNT},2024-06-30,inf,2024-07-15,Test,,\n", encoding="utf-8")
    problems = validate([], tmp_path / "config.yaml")
    assert [p.message for p in problems] == ["'inf' is not a finite number (expected a number such as 42.5)"]


def test_an_infinite_config_threshold_is_a_located_problem(tmp_path: Path) -> None:
    path = copy_data(tmp_path)
    text = path.read_text(encoding="utf-8").replace("stale_after_days: 200", "stale_after_days: .inf")
    path.write_text(text, encoding="utf-8")
    _, problems = load_config(path)
    assert [p.message for p in problems] == ["inf is not a finite number (expected a number)"]


def test_an_infinite_national_figure_is_a_located_problem(tmp_path: Path) -> None:
    from metrics.load.dataset import load_national_figures

    path = tmp_path / "national.csv"
    source = Path("data/national_figures.csv").read_text(encoding="utf-8").splitlines()
    header = source[0].split(",")
    cells = [""] * len(header)
    cells[header.index("metric")], cells[header.index("value")] = "m", "inf"
    path.write_text("\n".join([source[0], ",".join(cells)]) + "\n", encoding="utf-8")
    frame, problems = load_national_figures(path)
    assert [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in problems] == [
        f"2:{header.index('value') + 1}: value: 'inf' is not a finite number (expected a number)"
    ]
    assert frame["value"].isna().all()


# --- item 2: dates outside pandas' nanosecond range -------------------------------------------------------

OUT_OF_RANGE = "is outside the dates this dashboard can hold (expected a date from 1678-01-01 to 2261-12-31)"


@pytest.mark.parametrize(
    ("row", "column", "field", "value"),
    [
        (f"CN-GD,{COUNT},1500-06-30,3,2024-07-15,Test,,", 3, "as_of", "1500-06-30"),
        (f"CN-GD,{COUNT},2024-06-30,3,2609-12-31,Test,,", 5, "reported_at", "2609-12-31"),
        (f"CN-GD,{COUNT},2024-06-30,3,2609-12-31T10:00:00,Test,,", 5, "reported_at", "2609-12-31T10:00:00"),
        (f"CN-GD,{COUNT},2024-06-30,3,0001-01-01,Test,,", 5, "reported_at", "0001-01-01"),
    ],
)
def test_a_date_outside_the_nanosecond_range_is_a_located_problem(
    row: str, column: int, field: str, value: str, bundled: Dataset, tmp_path: Path
) -> None:
    frame, problems = load_report_file(_report_file(tmp_path, row), _context(bundled), demo=False)
    assert _messages(problems) == [f"2:{column}: {field}: {value!r} {OUT_OF_RANGE}"]
    assert frame.empty


def test_an_out_of_range_date_cell_in_an_xlsx_upload_is_a_located_problem(setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    book = _xlsx([["province", "milestone", "as_of", "value", "source"], ["CN-GD", COUNT, dt.datetime(2609, 12, 31), 3, "Test"]])
    result = read_upload("r.xlsx", book, upload_context(data, "CN-GD", NOW))
    assert [str(p) for p in result.problems] == [f"r.xlsx[reports]:2:3: as_of: '2609-12-31' {OUT_OF_RANGE}"]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("baseline: {date: 2022-12-31", "baseline: {date: 1500-12-31", "10:22: baseline.date: 1500-12-31"),
        ("target: {date: 2025-12-31", "target: {date: 2999-12-31", "11:20: target.date: 2999-12-31"),
    ],
)
def test_an_out_of_range_milestone_date_is_a_located_problem(old: str, new: str, where: str, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(MILESTONE_YAML.replace("VALUE", "5").replace(old, new), encoding="utf-8")
    loaded = load_milestones([path], REFS)
    assert [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in loaded.problems] == [f"{where} {OUT_OF_RANGE}"]


@pytest.mark.parametrize("value", ["1500-01-01", "9999-12-31", "2041-01-01", "2014-12-31"])
def test_an_as_of_link_outside_the_sidebar_range_is_a_note_and_the_default_is_used(value: str) -> None:
    from metrics.present.links import Choices, Note, parse_view

    parsed = parse_view({"as_of": value}, Choices([], [], [], [], ["overview"], ["zh", "en"]))
    assert parsed.view.as_of is None
    assert parsed.notes == [Note("link.date_out_of_range", value)]


def test_a_province_summary_with_nothing_rated_yet_has_no_scores(bundled: Dataset) -> None:
    from metrics.compute.status import compute_status
    from metrics.compute.summary import province_summary, rank_provinces

    first_baseline = min(m.plan.baseline.date for m in bundled.milestones.values())
    summary = province_summary(rank_provinces(compute_status(bundled, first_baseline - dt.timedelta(days=1))))
    assert summary["score"].isna().all()
    assert (summary["rated"] == 0).all()


# --- item 3: a reported_at in the future ------------------------------------------------------------------


def test_a_future_reported_at_in_a_report_file_is_a_located_problem(bundled: Dataset, tmp_path: Path) -> None:
    path = _report_file(
        tmp_path,
        f"CN-GD,{COUNT},2024-06-30,3,2099-01-01,Test,,",
        f"CN-GD,{COUNT},2024-06-30,4,2026-11-23T09:59:59,Test,,",
        f"CN-GD,{COUNT},2024-06-30,5,2026-11-23T10:00:01,Test,,",
    )
    context = ReportContext(bundled.milestones, province_aliases(bundled.provinces), today=TODAY, now=NOW)
    frame, problems = load_report_file(path, context, demo=False)
    future = "is in the future (expected a time no later than now; a future report time would outrank every later correction)"
    assert _messages(problems) == [
        f"2:5: reported_at: '2099-01-01' {future}",
        f"4:5: reported_at: '2026-11-23T10:00:01' {future}",
    ]
    assert frame["value"].tolist() == ["4"]


def test_an_upload_is_stamped_with_the_servers_clock_not_the_files_reported_at(setup: tuple[Config, Dataset]) -> None:
    config, data = setup
    context = upload_context(data, "CN-GD", NOW)
    raw = (HEADER + f"CN-GD,{COUNT},2024-06-30,3,2099-01-01,Test,,\n").encode()
    result = read_upload("r.csv", raw, context)
    assert [str(p) for p in result.problems] == [
        "r.csv:1:5: warning: reported_at: column ignored (expected no reported_at: the server records when a report "
        "is received, here 2026-11-23T10:00:00)"
    ]
    assert result.rows["reported_at"].tolist() == [NOW]
    from metrics.intake.upload import accept

    stored = accept(result, config.progress[0], "tester", context)
    assert "2099" not in stored.path.read_text(encoding="utf-8")


# --- item 13: decimal comma -------------------------------------------------------------------------------

DECIMAL_COMMA = "has a comma that is not a thousands separator (expected a decimal point, such as 12.5)"


@pytest.mark.parametrize("value", ["12,5", "0,75", "1,23", "1,2345", "12,50", "1,234,5", ",5", "5,"])
def test_a_decimal_comma_is_refused_never_read_as_a_larger_number(value: str, bundled: Dataset, tmp_path: Path) -> None:
    frame, problems = load_report_file(
        _report_file(tmp_path, f'CN-GD,{COUNT},2024-06-30,"{value}",2024-07-15,Test,,'), _context(bundled), demo=False
    )
    assert _messages(problems) == [f"2:4: value: {value!r} {DECIMAL_COMMA}"]
    assert frame.empty


@pytest.mark.parametrize(("value", "number"), [("1,234", 1234.0), ("12,345.5", 12345.5), ("1,000,000", 1e6)])
def test_thousands_separators_still_read_as_before(value: str, number: float, bundled: Dataset, tmp_path: Path) -> None:
    frame, problems = load_report_file(
        _report_file(tmp_path, f'CN-GD,{COUNT},2024-06-30,"{value}",2024-07-15,Test,,'), _context(bundled), demo=False
    )
    assert problems == []
    assert frame["number"].tolist() == [number]


def test_a_decimal_comma_in_an_upload_is_refused(setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    book = _xlsx([["province", "milestone", "as_of", "value", "source"], ["CN-GD", COUNT, "2024-06-30", "12,5", "Test"]])
    result = read_upload("r.xlsx", book, upload_context(data, "CN-GD", NOW))
    assert [str(p) for p in result.problems] == [f"r.xlsx[reports]:2:4: value: '12,5' {DECIMAL_COMMA}"]


# --- item 17: malformed cells inside an .xlsx -------------------------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"


def _good_book() -> bytes:
    return _xlsx([["province", "milestone", "as_of", "value", "source"], ["CN-GD", COUNT, dt.datetime(2024, 6, 30), 7, "Test"]])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A shared-string index past the end of the table (IndexError inside openpyxl).
        (
            b'<c r="E2" t="inlineStr"><is><t>Test</t></is></c>',
            b'<c r="E2" t="s"><v>999</v></c>',
            "r.xlsx[reports]:2:5: cell E2: its shared text number 999 does not exist (expected a cell saved by Excel or WPS)",
        ),
        # A number that is not a number (ValueError).
        (
            b'<c r="D2" t="n"><v>7</v></c>',
            b'<c r="D2" t="n"><v>7x</v></c>',
            "r.xlsx[reports]:2:4: cell D2: '7x' cannot be read as a number (expected a cell saved by Excel or WPS)",
        ),
        # An ISO date cell that is not a date (ValueError).
        (
            b'<c r="C2" s="1" t="n"><v>45473</v></c>',
            b'<c r="C2" t="d"><v>2024-13-45</v></c>',
            "r.xlsx[reports]:2:3: cell C2: '2024-13-45' cannot be read as a date (expected a cell saved by Excel or WPS)",
        ),
        # A true/false cell holding text (ValueError).
        (
            b'<c r="D2" t="n"><v>7</v></c>',
            b'<c r="D2" t="b"><v>yes</v></c>',
            "r.xlsx[reports]:2:4: cell D2: 'yes' cannot be read as true/false (expected a cell saved by Excel or WPS)",
        ),
        # A cell reference that is not one (ValueError in coordinate_to_tuple).
        (
            b'<c r="D2" t="n">',
            b'<c r="D!2" t="n">',
            "r.xlsx[reports]:2: cell 'D!2': not a cell reference (expected a cell saved by Excel or WPS)",
        ),
        # A row number that is not one.
        (
            b'<row r="2">',
            b'<row r="two">',
            "r.xlsx[reports]: row 'two': not a row number (expected a sheet saved by Excel or WPS)",
        ),
    ],
)
def test_a_malformed_xlsx_cell_is_a_located_problem(old: bytes, new: bytes, expected: str, setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    book = _replace_in_sheet(_good_book(), old, new)
    result = read_upload("r.xlsx", book, upload_context(data, "CN-GD", NOW))
    assert [str(p) for p in result.problems] == [expected]
    assert result.rows.empty


@pytest.mark.parametrize("serial", [b"99999999", b"-5", b"1e300"])
def test_a_date_serial_outside_every_calendar_is_a_located_problem(serial: bytes, setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    book = _replace_in_sheet(_good_book(), b"<v>45473</v>", b"<v>" + serial + b"</v>")
    result = read_upload("r.xlsx", book, upload_context(data, "CN-GD", NOW))
    assert [str(p) for p in result.problems] == [
        f"r.xlsx[reports]:2:3: cell C2: the date serial {serial.decode()} is outside the calendar "
        "(expected a date cell saved by Excel or WPS)"
    ]


def test_broken_sheet_xml_is_a_located_problem(setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    book = _replace_in_sheet(_good_book(), b'<c r="D2" t="n"><v>7</v></c>', b'<c r="D2" t="n"><v>7</c>')
    result = read_upload("r.xlsx", book, upload_context(data, "CN-GD", NOW))
    assert len(result.problems) == 1
    message = str(result.problems[0])
    assert message.startswith("r.xlsx[reports]:2:4: cell D2: the sheet's XML is damaged here (mismatched tag"), message
    assert message.endswith("expected an .xlsx file saved by Excel or WPS)"), message


def test_broken_shared_strings_xml_is_a_located_problem(setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    wb_bytes = _xlsx([["province", "milestone", "as_of", "value", "source"], ["CN-GD", COUNT, "2024-06-30", 7, "Test"]])
    # openpyxl writes inline strings; a workbook from Excel has a shared-string table, here a damaged one.
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(wb_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data_ = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data_ = data_.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data_ = data_.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            dst.writestr(item, data_)
        dst.writestr(
            "xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</si></sst>'
        )
    result = read_upload("r.xlsx", out.getvalue(), upload_context(data, "CN-GD", NOW))
    assert [p.message.split(" (")[0] for p in result.problems] == ["cannot be read as a workbook"], [
        str(p) for p in result.problems
    ]


# --- item 9: small files that cost minutes ----------------------------------------------------------------


def _sheet_xml(cells: bytes, dimension: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + dimension
        + b"<sheetData>"
        + cells
        + b"</sheetData></worksheet>"
    )


def _book_with_sheet(sheet: bytes) -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(_good_book()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, sheet if item.filename == SHEET else src.read(item.filename))
    return out.getvalue()


def test_an_xlsx_declaring_millions_of_cells_is_refused_before_its_rows_are_parsed(setup: tuple[Config, Dataset]) -> None:
    import time

    _, data = setup
    # 64,000 rows x 100 columns = 6.4 M cells, as Excel writes them (<dimension> first); 0.2 MB zipped.
    row = b"".join(b'<c r="%s%d"/>' % (col.encode(), 0) for col in ["A"])  # placeholder, rows built below
    rows = b"".join(b'<row r="%d">' % r + b"<c/>" * 100 + b"</row>" for r in range(1, 64_001))
    book = _book_with_sheet(_sheet_xml(rows, b'<dimension ref="A1:CV64000"/>'))
    assert len(book) < 400_000 and row
    started = time.perf_counter()
    result = read_upload("big.xlsx", book, upload_context(data, "CN-GD", NOW))
    elapsed = time.perf_counter() - started
    assert [str(p) for p in result.problems] == [
        "big.xlsx: xl/worksheets/sheet1.xml has more than 200000 cells (expected at most 200000; "
        "delete unused rows and columns, or raise limits.max_upload_cells)"
    ]
    assert elapsed < 2, f"took {elapsed:.1f} s"


def test_an_xlsx_without_a_dimension_stops_at_the_cell_limit(setup: tuple[Config, Dataset]) -> None:
    import time
    from dataclasses import replace

    _, data = setup
    rows = b"".join(b'<row r="%d">' % r + b"<c/>" * 50 + b"</row>" for r in range(1, 64_001))  # 3.2 M cells, no <dimension>
    book = _book_with_sheet(_sheet_xml(rows))
    context = upload_context(data, "CN-GD", NOW)
    context = replace(context, limits=replace(context.limits, max_upload_cells=100_000))
    started = time.perf_counter()
    result = read_upload("big.xlsx", book, context)
    elapsed = time.perf_counter() - started
    assert [str(p) for p in result.problems] == [
        "big.xlsx: xl/worksheets/sheet1.xml has more than 100000 cells (expected at most 100000; "
        "delete unused rows and columns, or raise limits.max_upload_cells)"
    ]
    assert elapsed < 3, f"took {elapsed:.1f} s"


def test_an_xlsx_cell_beyond_the_column_limit_is_refused(setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    wide = [["province", "milestone", "as_of", "value", "source", *[f"x{i}" for i in range(200)]]]
    result = read_upload("wide.xlsx", _xlsx(wide), upload_context(data, "CN-GD", NOW))
    assert [str(p) for p in result.problems] == [
        "wide.xlsx[reports]: sheet declares 205 columns (expected at most 100; delete unused columns, or raise "
        "limits.max_upload_columns)"
    ]


def test_a_csv_with_thirty_thousand_columns_is_refused_from_its_header_quickly(
    setup: tuple[Config, Dataset], tmp_path: Path
) -> None:
    import time

    _, data = setup
    header = ",".join(["province", "milestone", "as_of", "value", "reported_at", "source"] + [f"c{i}" for i in range(29_994)])
    raw = (header + "\n" + ",".join(["x"] * 30_000) + "\n").encode()
    assert len(raw) < 400_000
    expected = (
        "header has 30000 columns (expected at most 100; a report has the columns province, milestone, as_of, value, "
        "reported_at, source, flag, note)"
    )
    started = time.perf_counter()
    result = read_upload("wide.csv", raw, upload_context(data, "CN-GD", NOW))
    assert [str(p) for p in result.problems] == [f"wide.csv:1: {expected}"]
    path = tmp_path / "wide.csv"
    path.write_bytes(raw)
    _, problems = load_report_file(path, _context(data), demo=False)
    assert [f"{p.line}: {p.message}" for p in problems] == [f"1: {expected}"]
    assert time.perf_counter() - started < 2


def test_header_problems_are_capped_like_every_other_list(bundled: Dataset, tmp_path: Path) -> None:
    header = ["province", "milestone", "as_of", "value", "reported_at", "source"] + [f"c{i}" for i in range(80)]
    path = tmp_path / "r.csv"
    path.write_text(",".join(header) + "\n" + ",".join(["x"] * len(header)) + "\n", encoding="utf-8")
    _, problems = load_report_file(path, _context(bundled), demo=False)
    assert len(problems) == 51
    assert problems[-1].message == "... and 30 more unknown columns (first 50 listed)"


def test_an_upload_with_many_rows_for_another_province_lists_a_capped_number_of_problems(setup: tuple[Config, Dataset]) -> None:
    _, data = setup
    rows = "".join(f"CN-JS,{COUNT},2024-06-30,{i},Test\n" for i in range(300))
    result = read_upload("r.csv", ("province,milestone,as_of,value,source\n" + rows).encode(), upload_context(data, "CN-GD", NOW))
    assert len(result.problems) == 51
    assert result.problems[-1].message == "... and 250 more rows with this problem (first 50 listed)"


# --- item 14: demo output never over real reports --------------------------------------------------------

REAL_REPORT = HEADER + f"CN-GD,{COUNT},2024-06-30,3,2024-07-15,Guangdong bulletin,,\n"


@pytest.mark.parametrize("where", ["progress folder", "existing real file elsewhere", "folder holding real reports"])
def test_demo_output_never_goes_where_real_reports_are(where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from metrics.cli.main import main
    from tests.tmp_data import fingerprint

    config_path = copy_data(tmp_path)
    progress = tmp_path / "data" / "progress"
    (progress / "real.csv").write_text(REAL_REPORT, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mine.csv").write_text(REAL_REPORT, encoding="utf-8")
    target = {
        "progress folder": progress / "demo.csv",
        "existing real file elsewhere": elsewhere / "mine.csv",
        "folder holding real reports": elsewhere / "new-demo.csv",
    }[where]
    before = fingerprint(tmp_path / "data"), fingerprint(elsewhere)
    assert main(["--config", str(config_path), "demo", "--until", "2026-11-23", "-o", str(target)]) == 2
    assert (fingerprint(tmp_path / "data"), fingerprint(elsewhere)) == before
    err = capsys.readouterr().err
    assert "nothing written" in err and "demo" in err


def test_demo_output_may_replace_a_demo_file_or_go_to_a_new_folder(tmp_path: Path) -> None:
    from metrics.cli.main import main

    config_path = copy_data(tmp_path)
    assert main(["--config", str(config_path), "demo", "--until", "2026-11-23"]) == 0  # the configured demo file, replaced
    out = tmp_path / "new" / "demo.csv"
    assert main(["--config", str(config_path), "demo", "--until", "2026-11-23", "-o", str(out)]) == 0
    assert main(["--config", str(config_path), "demo", "--until", "2026-11-23", "-o", str(out)]) == 0  # its own output again
    assert out.read_text(encoding="utf-8").count("Demo data") > 100


# --- item 15: the Parquet cache is tied to the content it was made from ------------------------------------


def _cached_twice(bundled: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, list[float]]:
    from metrics.load import report_cache

    monkeypatch.setattr(report_cache, "MIN_BYTES", 0)
    path = _report_file(
        tmp_path, f"CN-GD,{COUNT},2024-06-30,3,2024-07-15,Test,,", f"CN-JS,{COUNT},2024-06-30,4,2024-07-15,Test,,"
    )
    cache = tmp_path / "cache"
    frame, _ = load_report_file(path, _context(bundled), demo=False, cache=cache)
    assert [e.suffix for e in cache.iterdir()].count(".parquet") == 1
    return path, cache, frame["number"].tolist()


def test_a_rewritten_cache_entry_is_not_served(bundled: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path, cache, numbers = _cached_twice(bundled, tmp_path, monkeypatch)
    entry = next(cache.glob("*.parquet"))
    table = pq.read_table(entry)
    forged = table.set_column(table.schema.get_field_index("number"), "number", pc.multiply(table["number"], 1000))
    pq.write_table(forged.replace_schema_metadata(table.schema.metadata), entry)  # same key and metadata, other rows
    frame, problems = load_report_file(path, _context(bundled), demo=False, cache=cache)
    assert problems == []
    assert frame["number"].tolist() == numbers == [3.0, 4.0]


def test_a_csv_rewritten_with_the_same_size_and_time_is_checked_again(
    bundled: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    path, cache, numbers = _cached_twice(bundled, tmp_path, monkeypatch)
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b",3,", b",8,"))  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time, as a copy that keeps times would leave it
    frame, _ = load_report_file(path, _context(bundled), demo=False, cache=cache)
    assert frame["number"].tolist() == [8.0, 4.0]


def test_ragged_rows_are_capped_like_every_other_list(bundled: Dataset, tmp_path: Path) -> None:
    path = _report_file(tmp_path, *[f"CN-GD,{COUNT},2024-06-30,3,2024-07-15,Test,,,extra" for _ in range(500)])
    _, problems = load_report_file(path, _context(bundled), demo=False)
    assert len(problems) == 52  # and "no reports below the header": no row was left
    assert problems[50].message == "... and 450 more rows with the wrong number of cells (first 50 listed)"


def test_problems_of_one_milestone_file_are_capped(tmp_path: Path) -> None:
    from metrics.files.located_yaml import YamlLimits

    path = tmp_path / "t.yaml"
    items = "".join(f"  - {{id: m-{i}, oops: 1}}\n" for i in range(2000))  # each milestone: several problems
    path.write_text("family: {id: t, title: {en: T, zh: T}}\nmilestones:\n" + items, encoding="utf-8")
    loaded = load_milestones([path], REFS, limits=YamlLimits(max_problems=50))
    assert len(loaded.problems) == 51
    assert loaded.problems[-1].message.startswith("... and ")
    assert loaded.problems[-1].message.endswith(" more problems in this file (first 50 listed)")


def test_visitors_never_see_tracebacks() -> None:
    """Tracebacks named files and folders on the server; Streamlit's generic message is shown instead."""
    import tomllib

    settings = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["showErrorDetails"] == "none"
