"""Whatever the bytes, the loaders return data or located problems, never an unhandled exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.located_yaml import load_located_yaml
from metrics.milestones import load_milestones
from metrics.reports import ReportContext, load_report_file, province_aliases
from tests.conftest import TEST_DATA

VALID_YAML = (TEST_DATA / "valid" / "milestone.yaml").read_bytes()
VALID_CSV = (TEST_DATA / "valid" / "reports-correction.csv").read_bytes()


def mutate(data: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    for position, insert in edits:
        at = position % (len(data) + 1)
        data = data[:at] + insert + data[at + len(insert) // 2:]
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
@given(st.binary(max_size=400))
def test_yaml_loader_survives_arbitrary_bytes(tmp_path, raw) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    load_located_yaml(path)


@fuzz
@given(edits)
def test_report_loader_survives_any_mutation(tmp_path, bundled, changes) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(mutate(VALID_CSV, changes))
    frame, problems = load_report_file(path, ReportContext(bundled.milestones, province_aliases(bundled.provinces)), demo=False)
    assert len(frame) <= 2
    assert all(p.line is None or p.line >= 1 for p in problems)
