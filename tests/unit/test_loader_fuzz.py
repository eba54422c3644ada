"""Whatever the bytes, the loaders return data or located problems, never an unhandled exception."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from metrics.domain.problems import has_errors
from metrics.files.located_yaml import load_located_yaml
from metrics.load.milestones import load_milestones
from metrics.load.reports import ReportContext, load_report_file, province_aliases
from tests.conftest import TEST_DATA

VALID_YAML = (TEST_DATA / "valid" / "milestone.yaml").read_bytes()
VALID_CSV = (TEST_DATA / "valid" / "reports-correction.csv").read_bytes()


def mutate(data: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    for position, insert in edits:
        at = position % (len(data) + 1)
        data = data[:at] + insert + data[at + len(insert) // 2 :]
    return data


edits = st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=8)), max_size=6)
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzz
@given(edits)
def test_milestone_loader_survives_any_mutation(tmp_path, changes) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(mutate(VALID_YAML, changes))
    result = load_milestones([path])
    assert all(p.path.endswith("m.yaml") for p in result.problems)
    assert bool(result.milestones) or bool(result.problems)


@fuzz
@given(st.one_of(st.binary(max_size=400), st.text(max_size=200).map(str.encode)))
@example(b"a: [1, 2\n")  # unclosed flow sequence: the error is at the end of the file
@example(b"a: 1\n b: 2\n")  # bad indentation
@example(b"- a\nb: c\n")  # a list, then a mapping
@example(b"a: b: c\n")  # an error on the first line
@example(b"a: *nowhere\n")  # an undefined alias
@example(b"a: !!python/object:os.system x\n")  # a tag that builds objects
@example(b"\xff\xfe a: 1\n")  # not UTF-8
@example(b"# only a comment\n")
@example(b"~\n")  # a null document: no data and nothing wrong
def test_yaml_loader_returns_data_or_located_problems_for_arbitrary_bytes(tmp_path, raw) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    data, problems = load_located_yaml(path)
    # Every problem points into this file: a line of it (or the end of it), a column from 1.
    lines = len(raw.decode("utf-8", "replace").splitlines()) + 1
    for p in problems:
        assert p.message, p
        assert p.line is None or 1 <= p.line <= lines, p
        assert p.column is None or p.column >= 1, p
    # Failing is never silent: without data there is an error, unless the file is a null document,
    # which PyYAML reads as None too (and raises on when the loader should have said why).
    if data is None and not has_errors(problems):
        assert yaml.safe_load(raw) is None
    again, again_problems = load_located_yaml(path)
    assert (repr(again), again_problems) == (repr(data), problems)  # the same answer twice (repr: .nan != .nan)


@fuzz
@given(edits)
def test_report_loader_survives_any_mutation(tmp_path, bundled, changes) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(mutate(VALID_CSV, changes))
    frame, problems = load_report_file(path, ReportContext(bundled.milestones, province_aliases(bundled.provinces)), demo=False)
    assert len(frame) <= 2
    assert all(p.line is None or p.line >= 1 for p in problems)


# Issue 6: the upload reader, whatever the bytes and whatever the name, returns rows or located problems.
VALID_UPLOAD_CSV = (TEST_DATA / "uploads" / "valid-bom.csv").read_bytes()
VALID_XLSX = (TEST_DATA / "uploads" / "valid-template.xlsx").read_bytes()


def _upload_context(bundled):  # type: ignore[no-untyped-def]
    import datetime as dt

    from metrics.intake.upload import upload_context

    return upload_context(bundled, "CN-GD", dt.datetime(2026, 11, 23, 10, 0), allowed_provinces=frozenset({"CN-GD"}))


def _check_upload(result) -> None:  # type: ignore[no-untyped-def]
    assert result.problems or len(result.rows) > 0 or result.kind in ("csv", "xlsx")
    assert all(p.line is None or p.line >= 1 for p in result.problems)
    assert all(p.severity in ("error", "warning") for p in result.problems)
    assert set(result.rows["province"]) <= {"CN-GD"}
    assert len(result.name) <= 120 and "/" not in result.name


@fuzz
@given(st.binary(max_size=600), st.text(max_size=300))
def test_upload_reader_survives_arbitrary_bytes_and_names(bundled, raw, name) -> None:
    from metrics.intake.upload import read_upload

    _check_upload(read_upload(name, raw, _upload_context(bundled)))


@fuzz
@given(edits)
@example([(21, b"\x01\x01")])  # once raised TypeError: str & bool on a header-mangled file with no data rows
def test_upload_reader_survives_any_mutation_of_a_csv(bundled, changes) -> None:
    from metrics.intake.upload import read_upload

    _check_upload(read_upload("r.csv", mutate(VALID_UPLOAD_CSV, changes), _upload_context(bundled)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40_000), st.binary(min_size=1, max_size=8)), min_size=1, max_size=4))
def test_upload_reader_survives_any_mutation_of_a_workbook(bundled, changes) -> None:
    from metrics.intake.upload import read_upload

    _check_upload(read_upload("t.xlsx", mutate(VALID_XLSX, changes), _upload_context(bundled)))
