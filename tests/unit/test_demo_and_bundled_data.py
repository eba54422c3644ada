"""The bundled data: complete, honest about what is demo, and reproducible."""

from __future__ import annotations

from metrics.compute.status import compute_status
from metrics.domain.statuses import STATUSES
from metrics.intake.demo import DEMO_SOURCE, demo_reports
from tests.conftest import AS_OF, ROOT

FAMILIES = {
    "certificates",
    "teachers",
    "teaching-reform",
    "city-consortia",
    "industry-communities",
    "provincial-pilots",
    "vocational-undergraduate",
    "high-level-colleges",
    "digital-resources",
    "apprenticeship",
    "school-enterprise",
    "quality-evaluation",
    "internationalisation",
    "lifelong-skills",
    "integration",
    "layout",
    "governance",
    "skilled-talent",
}
PROVINCIAL = {"guangdong-conference-2021": "CN-GD", "liaoning-conference-2021": "CN-LN"}


def test_bundled_data_loads_without_problems(bundled) -> None:
    assert [str(p) for p in bundled.problems] == []


def test_a_provincial_conference_task_applies_to_that_province_only_and_national_tasks_to_all(bundled) -> None:
    for m in bundled.milestones.values():
        kind = bundled.sources[m.document].kind
        if kind == "provincial-conference":
            assert m.applies_to == frozenset({PROVINCIAL[m.document]}), m.id
        else:
            assert m.applies_to is None, m.id


def test_every_stage_milestone_uses_a_shared_ladder_and_every_milestone_names_its_evidence(bundled) -> None:
    for m in bundled.milestones.values():
        assert m.evidence and m.evidence["en"] and m.evidence["zh"], m.id
        if m.measure.kind == "stage":
            assert m.measure.ladder in bundled.ladders and m.measure.stages == bundled.ladders[m.measure.ladder].ids
    assert 2 <= len(bundled.ladders) <= 6  # a handful, defined once


def test_at_least_24_milestones_cover_every_task_family(bundled) -> None:
    assert len(bundled.milestones) >= 24
    assert {m.family for m in bundled.milestones.values()} == FAMILIES


def test_every_planned_value_carries_its_basis_and_an_assumption_says_why(bundled) -> None:
    for m in bundled.milestones.values():
        for plan in (m.plan, *m.overrides.values()):
            for point in plan.points:
                assert point.basis.kind in ("document", "public-figure", "assumption"), m.id
                if point.basis.assumed:
                    assert point.basis.note and point.basis.note["en"] and point.basis.note["zh"], m.id
                if point.basis.kind == "public-figure":
                    assert point.basis.publication in bundled.publications, m.id


def test_every_quote_is_verbatim_from_its_seed_document(bundled) -> None:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        import pytest

        pytest.skip("shared/seeds is not beside this checkout")
    text = "".join(p.read_text(encoding="utf-8") for p in seeds.glob("*.txt"))
    missing = [m.id for m in bundled.milestones.values() if m.quote.en not in text]
    assert missing == []


def test_the_spam_title_of_seed_001_is_not_in_the_data() -> None:
    for path in (ROOT / "data").rglob("*.yaml"):
        assert "投注" not in path.read_text(encoding="utf-8"), path


def test_demo_reports_cover_every_mainland_province_and_milestone(bundled) -> None:
    demo = bundled.reports[bundled.reports["demo"]]
    assert set(demo["province"]) == set(bundled.mainland.index)
    assert len(set(demo["milestone"])) == len(bundled.milestones)
    assert (demo["source"] == DEMO_SOURCE).all()
    assert "demo" in DEMO_SOURCE.lower() and "not an official figure" in DEMO_SOURCE


def test_demo_generator_is_reproducible_and_matches_the_shipped_file(bundled) -> None:
    import pandas as pd

    again = demo_reports(bundled.milestones, list(bundled.mainland.index), AS_OF)
    shipped = pd.read_csv(ROOT / "data" / "demo" / "demo_reports.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(again.reset_index(drop=True).astype(str), shipped.astype(str))


def test_demo_data_shows_every_status_a_dashboard_must_display(bundled) -> None:
    found = set(compute_status(bundled, AS_OF)["status"])
    assert found >= set(STATUSES) - {"not_started"}
    assert bundled.reports.duplicated(["province", "milestone", "as_of"]).any()  # corrections exist


def test_real_national_figures_carry_their_source_and_confidence(bundled) -> None:
    national = bundled.national
    assert len(national) > 0
    for column in ("title", "publisher", "url", "confidence"):
        assert (national[column].str.len() > 0).all(), column
