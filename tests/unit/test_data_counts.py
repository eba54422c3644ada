"""The README's counts of the bundled data are the data's own counts."""

from __future__ import annotations

from metrics.load.data_counts import basis_counts, counts_markdown, verdict_bases
from tests.conftest import ROOT


def test_the_readme_carries_the_current_counts(bundled) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- counts -->\n", 1)[1].split("\n<!-- /counts -->", 1)[0]
    assert block == counts_markdown(bundled), "run `python -m metrics counts` and paste it into the README"


def test_counts_add_up(bundled) -> None:  # type: ignore[no-untyped-def]
    points = sum(len(plan.points) for m in bundled.milestones.values() for plan in (m.plan, *m.overrides.values()))
    assert sum(basis_counts(bundled).values()) == points
    pairs, assumed = verdict_bases(bundled)
    assert 0 <= assumed <= pairs < 31 * len(bundled.milestones)  # provincial tasks are judged in their province only
