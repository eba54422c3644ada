"""Issue 12, second round, through AppTest: hostile links, dates and data leave every page rendering."""

from __future__ import annotations

import pytest

from tests.app.conftest import page_text, run_app

VIEWER_PAGES = ["overview", "matrix", "province", "milestone", "compare", "quality", "sources", "report_history"]


# --- item 2: as-of dates far away -----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1500-01-01", "9999-12-31", "2041-01-01"])
def test_an_as_of_link_far_in_the_past_or_future_shows_a_note_not_a_traceback(value: str) -> None:
    at = run_app(as_of=value, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert f"“{value}” is outside the dates offered (2015-01-01 to 2040-12-31), default used" in page_text(at)


@pytest.mark.parametrize("page", VIEWER_PAGES)
def test_an_as_of_date_before_the_first_baseline_shows_a_note_on_every_page(page: str) -> None:
    at = run_app(as_of="2016-01-01", lang="en", page=page)
    assert not at.exception, [e.value for e in at.exception]
    assert "The as-of date 2016-01-01 is before the first baseline date" in page_text(at)


def test_the_sidebar_picker_set_before_the_first_baseline_shows_a_note() -> None:
    import datetime as dt

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
    sources = data_copy / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("    title:", "    title: [", 1), encoding="utf-8")
    return "sources.yaml:7:7: YAML syntax: expected ',' or ']'"


@pytest.mark.parametrize("how", ["no milestone files", "a typo in sources.yaml"])
def test_with_nothing_to_load_every_page_shows_the_problems(how: str, data_copy, signed_in) -> None:  # type: ignore[no-untyped-def]
    expected = _break(data_copy, how)
    session = signed_in("admin")
    for page in [*VIEWER_PAGES, "report_progress", "edit_milestones", "audit"]:
        at = run_app(session=session, page=page, lang="en")
        assert not at.exception, (page, [e.value for e in at.exception])
        text = page_text(at)
        assert expected in text, page
        # The root cause is not buried under a problem for every report row of an unknown milestone.
        assert "is not a known milestone id" not in text, page
        if page in ("overview", "matrix", "province", "milestone", "compare"):
            assert "No milestone loaded" in text, page
