"""What the bundled data holds, counted: milestones, planned values by basis, document coverage.

The README's "About the data" quotes :func:`counts_markdown`; a test fails when the two drift apart.
"""

from __future__ import annotations

from collections import Counter

from metrics.domain.model import BASES
from metrics.load.dataset import Dataset
from metrics.load.measure_kinds import MEASURE_KINDS


def basis_counts(data: Dataset) -> Counter[str]:
    """Planned values (baselines, checkpoints, targets, override points) by their basis."""
    counts: Counter[str] = Counter({b: 0 for b in BASES})
    for m in data.milestones.values():
        for plan in (m.plan, *m.overrides.values()):
            counts.update(point.basis.kind for point in plan.points)
    return counts


def verdict_bases(data: Dataset) -> tuple[int, int]:
    """(province × milestone pairs judged, of which against a path with an assumed point)."""
    provinces = list(data.mainland.index)
    pairs = [(p, m) for m in data.milestones.values() for p in provinces if m.applies(p)]
    return len(pairs), sum(1 for p, m in pairs if m.plan_for(p).assumed)


def counts_markdown(data: Dataset) -> str:
    """The counts as the Markdown the README carries."""
    scoped = Counter(
        next(iter(m.applies_to)) if m.applies_to and len(m.applies_to) == 1 else "several"
        for m in data.milestones.values()
        if m.applies_to is not None
    )
    bases = basis_counts(data)
    pairs, assumed = verdict_bases(data)
    by_kind = Counter(type(m.measure) for m in data.milestones.values())
    kinds = ", ".join(kind.count_text(by_kind[kind], len(data.ladders)) for kind in MEASURE_KINDS.values() if by_kind[kind])
    lines = [
        f"- **{len(data.milestones)} milestones** in {len(data.families)} task families ({kinds}); "
        + ", ".join(f"{n} apply to {code} only" for code, n in sorted(scoped.items()))
        + ", the rest to every province.",
        f"- **Planned values by basis**: {bases['document']} set by a reform document, {bases['public-figure']} from a "
        f"published figure ({len(data.publications)} publications), {bases['assumption']} assumed (each with a note).",
        f"- **Verdicts**: {pairs} province × milestone pairs are judged; {assumed} of them against a path with at least one "
        'assumed value, so every view marks them "against an assumed target".',
        "",
        "| document | clauses | tasks | tracked by a milestone | not tracked (with a reason) |",
        "|---|---|---|---|---|",
    ]
    if data.coverage is not None:
        for row in data.coverage.counts.itertuples(index=False):
            lines.append(f"| {row[0]} | {row[1]} | {row[2]} | {row[3]} | {row[4]} |")
    return "\n".join(lines)
