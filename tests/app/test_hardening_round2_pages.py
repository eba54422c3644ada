"""Issue 12, second round, through AppTest: hostile links, dates and data leave every page rendering."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from metrics.domain.plain_text import plain
from tests.app.conftest import ROOT, page_text, run_app

VIEWER_PAGES = ["overview", "matrix", "province", "milestone", "compare", "quality", "sources", "report_history"]


# --- item 2: as-of dates far away -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1500-01-01", "9999-12-31", "2041-01-01"])
def test_an_as_of_link_far_in_the_past_or_future_shows_a_note_not_a_traceback(value: str) -> None:
    at = run_app(as_of=value, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert f"“{plain(value)}” is outside the dates offered (2015-01-01 to 2040-12-31), default used" in page_text(at)


@pytest.mark.parametrize("page", VIEWER_PAGES)
def test_an_as_of_date_before_the_first_baseline_shows_a_note_on_every_page(page: str) -> None:
    at = run_app(as_of="2016-01-01", lang="en", page=page)
    assert not at.exception, [e.value for e in at.exception]
    assert "The as-of date 2016-01-01 is before the first baseline date" in page_text(at)


def test_the_sidebar_picker_set_before_the_first_baseline_shows_a_note() -> None:
    at = run_app(lang="en")
    at.date_input(key="w_as_of").set_value(dt.date(2015, 1, 2)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "The as-of date 2015-01-02 is before the first baseline date" in page_text(at)


# --- item 16: nothing to load -----------------------------------------------------------------------------


def _break(data_copy, how: str) -> str:  # type: ignore[no-untyped-def]
    """Break the copied data as ``how`` says; returns text the data-quality banner must show."""
    if how == "no milestone files":
        for path in (data_copy / "data" / "milestones").glob("*.yaml"):
            path.unlink()
        return "data/milestones: no milestone files (expected at least one .yaml file of milestones)"
    if how == "a typo in the provinces header":
        provinces = data_copy / "data" / "provinces.csv"
        provinces.write_text(provinces.read_text(encoding="utf-8").replace("name_en", "name_eng", 1), encoding="utf-8")
        return "provinces.csv:1:1: name_en: column missing"
    sources = data_copy / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("    title:", "    title: [", 1), encoding="utf-8")
    return "sources.yaml:8:7: YAML syntax: expected ',' or ']'"


@pytest.mark.parametrize("how", ["no milestone files", "a typo in sources.yaml", "a typo in the provinces header"])
def test_with_nothing_to_load_every_page_shows_the_problems(how: str, data_copy, signed_in) -> None:  # type: ignore[no-untyped-def]
    expected = _break(data_copy, how)
    session = signed_in("admin")
    for page in [*VIEWER_PAGES, "report_progress", "edit_milestones", "audit"]:
        # Viewer pages as an anonymous visitor (a signed-in session starts with other stored choices).
        at = run_app(session=session if page not in VIEWER_PAGES else None, page=page, lang="en")
        assert not at.exception, (page, [e.value for e in at.exception])
        text = page_text(at)
        assert expected in text, page
        if how == "a typo in the provinces header":
            continue
        # The root cause is not buried under a problem for every report row of an unknown milestone.
        assert "is not a known milestone id" not in text, page
        if page in ("overview", "matrix", "province", "milestone", "compare"):
            assert "No milestone loaded" in text, page


# --- item 1: no stored row that validation would flag may crash a page (property test) -------------------

COLUMNS = ["province", "milestone", "as_of", "value", "reported_at", "source", "flag", "note"]
GOOD = {
    "province": "CN-GD",
    "milestone": "city-consortia-count",
    "as_of": "2026-11-20",
    "value": "3",
    "reported_at": "2026-11-21",
    "source": "Test",
    "flag": "",
    "note": "",
}  # later than every demo report: drawn
BAD_NUMBERS = [
    "inf",
    "-inf",
    "Infinity",
    "nan",
    "1e309",
    "-1e309",
    "12,5",
    "1,2,3",
    "1e308",
    "-5",
    "-0",
    "1e-320",
    "9" * 400,
    "0x10",
    "1_000",
    "０",
    " 7 ",
    "",
    "abc",
    "=1+1",
    "120",
    "-120",
]
BAD_DATES = [
    "1500-01-01",
    "2609-12-31",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "2024-6-30",
    "20240630",
    "",
    "2024-07-15T25:00:00",
    "2024-07-15T10:00:00+08:00",
    "2024-07-15T10:00:00Z",
    "2099-01-01",
    "1677-09-21",
    "2262-04-12",
    "2019-01-01",
]
MILESTONES = ["city-consortia-count", "teachers-double-qualified-share", "teachers-accreditation-standard", "no-such-id", ""]
PROVINCES = ["CN-GD", "CN-XX", "", "广东省", "440000", "CN-HK", "cn-gd"]

text = st.text(max_size=20)
field_values = {
    "province": st.one_of(st.sampled_from(PROVINCES), text),
    "milestone": st.one_of(st.sampled_from(MILESTONES), text),
    "as_of": st.one_of(st.sampled_from(BAD_DATES), st.dates().map(dt.date.isoformat), text),
    "value": st.one_of(st.sampled_from(BAD_NUMBERS), st.floats().map(repr), st.integers().map(str), text),
    "reported_at": st.one_of(st.sampled_from(BAD_DATES), st.dates().map(dt.date.isoformat), text),
    "source": st.one_of(st.just(""), text),
    "flag": st.one_of(st.sampled_from(["", "revised", "guessed"]), text),
    "note": text,
}
changes = st.fixed_dictionaries({}, optional=field_values)
extra_cells = st.lists(text, max_size=3)


@pytest.fixture(scope="module")
def hostile_copy(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A copy of the data with one report file the property test rewrites for each example."""
    root = tmp_path_factory.mktemp("hostile-row")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(ROOT / "data", root / "data")
    before = os.environ.get("VET_DASHBOARD_CONFIG")
    os.environ["VET_DASHBOARD_CONFIG"] = str(root / "config.yaml")
    yield root / "data" / "progress" / "hostile.csv"
    if before is None:
        del os.environ["VET_DASHBOARD_CONFIG"]
    else:
        os.environ["VET_DASHBOARD_CONFIG"] = before


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(change=changes, extra=extra_cells)
@example(change={"value": "inf"}, extra=[])
@example(change={"reported_at": "2609-12-31", "value": "12,5"}, extra=[])
@example(change={"as_of": "1500-01-01", "reported_at": "2099-01-01"}, extra=[])
@example(change={"province": "CN-XX"}, extra=["x"])
def test_any_single_malformed_row_leaves_every_page_rendering(
    hostile_copy: Path, change: dict[str, str], extra: list[str]
) -> None:
    from metrics.load.config import load_config
    from metrics.load.dataset import load_dataset

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow({**GOOD, "as_of": "2026-10-31"}.values())  # a valid row that stays, with another key
    writer.writerow([*{**GOOD, **change}.values(), *extra])
    hostile_copy.write_text(out.getvalue(), encoding="utf-8")
    config, _ = load_config(hostile_copy.parents[2] / "config.yaml")
    located = [str(p) for p in load_dataset(config).problems if p.path.endswith("hostile.csv")]
    # Each page opened on the row's province and milestone, where a stored bad value would be drawn.
    milestone = change.get("milestone", GOOD["milestone"])
    view = {
        "province": "CN-GD",
        "provinces": "CN-GD,CN-JS",
        "milestone": milestone if milestone in MILESTONES[:3] else GOOD["milestone"],
    }
    for page in VIEWER_PAGES:
        at = run_app(page=page, lang="en", **view)
        assert not at.exception, (page, change, extra, [e.value for e in at.exception])
        if page == "quality":
            shown = page_text(at)
            assert all(problem in shown for problem in located), (located, change, extra)


# --- item 9: an upload is parsed once, not on every rerun ---------------------------------------------------


def test_an_uploaded_file_is_parsed_once_across_reruns(data_copy, signed_in, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import metrics.intake.upload

    calls: list[str] = []
    real = metrics.intake.upload.read_upload

    def counting(name: str, raw: bytes, context):  # type: ignore[no-untyped-def]
        calls.append(name)
        return real(name, raw, context)

    monkeypatch.setattr(metrics.intake.upload, "read_upload", counting)
    at = run_app(signed_in("admin"), page="report_progress", lang="en")
    at.selectbox(key="report_province").set_value("CN-GD").run()
    raw = (ROOT / "tests/data/uploads/valid-bom.csv").read_bytes()
    at.file_uploader[0].set_value(("valid-bom.csv", raw, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    at.run()
    at.run()
    assert calls == ["valid-bom.csv"]
    assert "valid-bom.csv" in page_text(at)
