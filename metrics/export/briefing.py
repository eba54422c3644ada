"""What a report on the nation, a province or a milestone contains: its charts, each with a finding,
the figures for the speaker, the data behind it, and the sources. Decks, HTML reports, PNG folders
and presentation mode are all drawn from this one description, so they never disagree.

Which charts (the issue leaves it open):
- nation: score map, status matrix, status counts by task family;
- province: its status counts by task family, then the trajectories of its rated milestones,
  furthest behind the path first, at most ``MAX_TRAJECTORIES`` (a deck of all 46 would bury the
  message; the CLI and the code take ``milestones=`` to choose others);
- milestone: provinces ranked, all trajectories, status map, distribution.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import cast

import pandas as pd
import plotly.graph_objects as go

from metrics.compute.findings import (
    distribution_finding,
    families_finding,
    matrix_finding,
    median_path_finding,
    province_summary_finding,
    ranked_finding,
    scores_finding,
    status_counts_finding,
    trajectory_finding,
)
from metrics.compute.snapshot import Snapshot
from metrics.domain.i18n import (
    basis_label,
    clause_label,
    forecast_label,
    format_date,
    format_number,
    format_percent,
    pick,
    province_name,
    t,
)
from metrics.domain.model import Milestone, Plan
from metrics.domain.statuses import RATED, TABLE_STATUSES, verdict_label
from metrics.export.data import reports_data, status_data, summary_data
from metrics.export.image import ChartMeta
from metrics.load.dataset import Dataset
from metrics.present.charts import (
    axis_unit,
    build_all_trajectories,
    build_distribution,
    build_ranked_bar,
    build_status_counts,
    build_status_matrix,
    build_tile_map,
    esc,
    expected_text,
    unwrap,
)
from metrics.present.tables import median_path, rank_text, stage_evidence

SCOPES = ("nation", "province", "milestone")
MAX_TRAJECTORIES = 8
MAX_SOURCES_NAMED = 2


@dataclass
class ReportChart:
    """One chart of a report, with everything an export needs beside the figure."""

    key: str  # stable id: file names, widget keys, slide anchors
    figure: go.Figure
    meta: ChartMeta
    data: pd.DataFrame
    finding: str
    notes: list[str] = field(default_factory=list)  # "label: value" lines for the speaker


@dataclass
class DocumentLine:
    title: str
    issuer: str
    date: str
    clauses: list[str]  # "(1) Share of double-qualified teachers"
    url: str = ""


@dataclass
class NationalLine:
    text: str  # "vocational_undergrad_schools 2024: 51 schools"
    source: str
    confidence: str


@dataclass
class Report:
    scope: str
    subject: str  # province code or milestone id; empty for the nation
    lang: str
    as_of: dt.date
    title: str
    subtitle: str
    charts: list[ReportChart]
    documents: list[DocumentLine]
    national: list[NationalLine]
    demo: bool


def sources_text(reports: pd.DataFrame, lang: str, milestone: Milestone | None, data: Dataset) -> str:
    """Where a chart's figures come from: the plan's document and clause, then the reports' sources."""
    real = reports[~reports["demo"].astype(bool)] if "demo" in reports else reports
    named = list(dict.fromkeys(str(s) for s in real["source"] if str(s))) if "source" in real else []
    if len(real) < len(reports):  # demo rows' source is the generator's English note: say it in the reader's language
        named.append(t("export.demo_source", lang))
    reports_part = t("export.reports_source", lang)
    if named:
        extra = f" {t('export.more_sources', lang, n=len(named) - MAX_SOURCES_NAMED)}" if len(named) > MAX_SOURCES_NAMED else ""
        reports_part += ": " + "; ".join(named[:MAX_SOURCES_NAMED]) + extra
    parts = []
    if milestone is not None:  # the plan first: the reports' own sources can be long and are cut on images
        doc = data.sources.get(milestone.document)
        assumed = milestone.plan.assumed or any(p.assumed for p in milestone.overrides.values())
        parts.append(
            t(
                "export.plan_source_assumed" if assumed else "export.plan_source",
                lang,
                document=pick(doc.title, lang) if doc else milestone.document,
                clause=clause_label(milestone.clause, lang),
            )
        )
    return " · ".join([*parts, reports_part])


def assumed_verdicts(rows: pd.DataFrame) -> tuple[int, int]:
    """(verdicts against an assumed point, verdicts) among ``rows``; unrated rows judge nothing."""
    rated = rows[rows["status"].isin(RATED)]
    return (int(rated["assumed"].sum()) if "assumed" in rated else 0), len(rated)


def assumed_finding(rows: pd.DataFrame, lang: str) -> str:
    """' 5 of these 31 verdicts are against an assumed target.' — empty when none is."""
    n, total = assumed_verdicts(rows)
    return t("finding.assumed_share", lang, n=n, total=total) if n else ""


def plain_title(fig: go.Figure) -> str:
    """The title of a figure, without its subtitle, as plain text (plotly titles are escaped HTML)."""
    # A long title is wrapped over several lines (<br>) before its subtitle (<br><sup>).
    text = str(fig.layout.title.text or "").split("<br><sup>")[0]
    text = unwrap(text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _chart(
    key: str,
    fig: go.Figure,
    unit: str,
    source: str,
    as_of: dt.date,
    lang: str,
    demo: bool,
    frame: pd.DataFrame,
    finding: str,
    notes: list[str],
) -> ReportChart:
    meta = ChartMeta(plain_title(fig), unit, source, as_of, lang, demo)
    return ReportChart(key, fig, meta, frame, finding, notes)


def _trajectory(snapshot: Snapshot, province: str, milestone: Milestone, lang: str, as_of: dt.date) -> ReportChart:
    from metrics.present.charts import build_trajectory_chart

    data, status = snapshot.data, snapshot.status
    row = status[(status["province"] == province) & (status["milestone"] == milestone.id)].iloc[0]
    reports = snapshot.current[(snapshot.current["province"] == province) & (snapshot.current["milestone"] == milestone.id)]
    median = median_path(snapshot.current, milestone.id)
    fig = build_trajectory_chart(milestone, province, reports, row, median, data.provinces, lang, as_of)
    measure = milestone.measure
    plan = milestone.plan_for(province)
    notes = [
        f"{t('col.status', lang)}: {verdict_label(str(row['status']), lang, bool(row.get('assumed', False)), icon=False)}",
        f"{t('col.latest', lang)}: {measure.format(row['latest_value'], lang)} ({format_date(row['latest_as_of'], lang)})",
        f"{t('col.expected', lang)}: {expected_text(row, milestone, lang)}",
        f"{t('col.gap', lang)}: {measure.format_gap(row['gap'], lang)}",
        f"{t('hover.attainment', lang)}: {format_percent(row['attainment'], lang)}",
        f"{t('col.target', lang)}: {measure.format(plan.target.value, lang)} ({format_date(row['target_date'], lang)})",
        f"{t('col.forecast', lang)}: {forecast_label(str(row['forecast']), lang)}"
        + (f" ({format_date(row['forecast_date'], lang)})" if pd.notna(row.get("forecast_date")) else ""),
        rank_text(status, province, milestone.id, lang),
        f"{t('col.source', lang)}: {row['source'] if isinstance(row['source'], str) and row['source'] else '–'}",
        *[
            f"{name}: {basis_label(point.basis.kind, lang)}" + (f" ({pick(point.basis.note, lang)})" if point.basis.note else "")
            for name, point in zip(point_names(plan, lang), plan.points, strict=True)
        ],
    ]
    # What the stage reached means: the ladder's evidence, so nobody reads a stage by its name alone (none for numbers).
    evidence = stage_evidence(data, milestone, row["latest_value"], lang)
    if evidence:
        notes.append(f"{t('col.stage_evidence', lang)}: {evidence}")
    frame = reports_data(reports, data.provinces, lang)
    return _chart(
        f"trajectory-{milestone.id}",
        fig,
        axis_unit(milestone, lang),
        sources_text(reports, lang, milestone, data),
        as_of,
        lang,
        bool(len(reports) and reports["demo"].any()),
        frame,
        trajectory_finding(row, milestone, data.provinces, lang),
        notes,
    )


def _count_notes(rows: pd.DataFrame, lang: str) -> list[str]:
    counts = rows["status"].value_counts()
    return [f"{s.label(lang, icon=False)}: {int(counts.get(s.code, 0))}" for s in TABLE_STATUSES]


def nation_charts(snapshot: Snapshot, lang: str, as_of: dt.date) -> list[ReportChart]:
    data, status, summary = snapshot.data, snapshot.status, snapshot.summary
    demo = bool(status["demo"].any())
    source = sources_text(pd.DataFrame(), lang, None, data)
    score_map = build_tile_map(data.provinces, lang, as_of, mode="score", scores=summary, demo=demo)
    scores = summary_data(summary, data.provinces, lang)
    score_notes = [
        f"{province_name(data.provinces, cast(str, p), lang)}: {format_number(s, lang, digits=0)}"
        for p, s in summary["score"].dropna().sort_values(ascending=False).items()
    ]
    matrix = build_status_matrix(status, data.milestones, data.provinces, data.families, lang, as_of, demo)
    counts_fig = build_status_counts(status, data.milestones, data.families, lang, as_of, demo)
    per_family = status.assign(family=status["milestone"].map(lambda m: data.milestones[m].family))
    family_counts = per_family.pivot_table(
        index="family", columns="status", values="province", aggfunc="count", fill_value=0
    ).reset_index()
    return [
        _chart(
            "score-map",
            score_map,
            t("export.unit_score", lang),
            source,
            as_of,
            lang,
            demo,
            scores,
            scores_finding(summary, data.provinces, lang),
            score_notes,
        ),
        _chart(
            "status-matrix",
            matrix,
            t("export.unit_pairs", lang),
            source,
            as_of,
            lang,
            demo,
            status_data(status, data.provinces, data.milestones, lang),
            matrix_finding(status, lang) + assumed_finding(status, lang),
            _count_notes(status, lang),
        ),
        _chart(
            "status-counts",
            counts_fig,
            t("export.unit_pairs", lang),
            source,
            as_of,
            lang,
            demo,
            family_counts,
            families_finding(status, data.milestones, data.families, lang) + assumed_finding(status, lang),
            _count_notes(status, lang),
        ),
    ]


def province_charts(
    snapshot: Snapshot, province: str, lang: str, as_of: dt.date, milestones: list[str] | None = None
) -> list[ReportChart]:
    data = snapshot.data
    rows = snapshot.status[snapshot.status["province"] == province]
    demo = bool(rows["demo"].any())
    counts_fig = build_status_counts(rows, data.milestones, data.families, lang, as_of, demo)
    name = province_name(data.provinces, province, lang)
    counts_fig.layout.title.text = f"{esc(name)} · {counts_fig.layout.title.text}"
    score = float(cast(float, snapshot.summary.loc[province, "score"])) if province in snapshot.summary.index else float("nan")
    charts = [
        _chart(
            "status-counts",
            counts_fig,
            t("export.unit_pairs", lang),
            sources_text(pd.DataFrame(), lang, None, data),
            as_of,
            lang,
            demo,
            status_data(rows, data.provinces, data.milestones, lang),
            province_summary_finding(rows, province, score, data.provinces, lang) + assumed_finding(rows, lang),
            _count_notes(rows, lang),
        )
    ]
    if milestones is None:
        rated = rows[rows["status"].isin(RATED)]
        milestones = list(
            rated.sort_values(["shortfall", "milestone"], ascending=[False, True])["milestone"].head(MAX_TRAJECTORIES)
        )
    charts += [_trajectory(snapshot, province, data.milestones[m], lang, as_of) for m in milestones if m in data.milestones]
    return charts


def milestone_charts(snapshot: Snapshot, milestone_id: str, lang: str, as_of: dt.date) -> list[ReportChart]:
    data = snapshot.data
    milestone = data.milestones[milestone_id]
    rows = snapshot.status[snapshot.status["milestone"] == milestone_id]
    reports = snapshot.current[
        (snapshot.current["milestone"] == milestone_id) & snapshot.current["province"].isin(list(rows["province"]))
    ]
    demo = bool(rows["demo"].any())
    unit = axis_unit(milestone, lang)
    source = sources_text(reports, lang, milestone, data)
    table = status_data(rows, data.provinces, data.milestones, lang)
    notes = _count_notes(rows, lang)
    median = median_path(snapshot.current, milestone_id)
    return [
        _chart(
            "ranked",
            build_ranked_bar(rows, milestone, data.provinces, lang, as_of),
            unit,
            source,
            as_of,
            lang,
            demo,
            table,
            ranked_finding(rows, milestone, data.provinces, lang) + assumed_finding(rows, lang),
            notes,
        ),
        _chart(
            "all-trajectories",
            build_all_trajectories(milestone, reports, data.provinces, lang, as_of),
            unit,
            source,
            as_of,
            lang,
            demo,
            reports_data(reports, data.provinces, lang),
            median_path_finding(median, int(rows["latest"].notna().sum()), milestone, lang),
            notes,
        ),
        _chart(
            "status-map",
            build_tile_map(data.provinces, lang, as_of, "status", rows, milestone, demo=demo),
            t("export.unit_provinces", lang),
            source,
            as_of,
            lang,
            demo,
            table,
            status_counts_finding(rows, lang) + assumed_finding(rows, lang),
            notes,
        ),
        _chart(
            "distribution",
            build_distribution(rows, milestone, lang, as_of),
            t("export.unit_provinces", lang),
            source,
            as_of,
            lang,
            demo,
            table,
            distribution_finding(rows, milestone, lang),
            notes,
        ),
    ]


def _documents(data: Dataset, milestone_ids: list[str], lang: str, with_clauses: bool) -> list[DocumentLine]:
    out = []
    for source in sorted(data.sources.values(), key=lambda s: s.date):
        ms = [data.milestones[m] for m in milestone_ids if m in data.milestones and data.milestones[m].document == source.id]
        if not ms:
            continue
        clauses = [f"{m.clause} {pick(m.title, lang)}" for m in ms] if with_clauses else []
        out.append(
            DocumentLine(pick(source.title, lang), pick(source.issuer, lang), format_date(source.date, lang), clauses, source.url)
        )
    return out


def _national(data: Dataset, milestone_ids: list[str] | None) -> list[NationalLine]:
    frame = data.national
    if frame is None or frame.empty:
        return []
    if milestone_ids is not None:
        frame = frame[frame["milestone"].isin(milestone_ids)]
    out = []
    for _, r in frame.iterrows():
        qualifier = str(r["qualifier"] or "")
        value = str(r["value_text"])  # as published: 488.99 stays 488.99
        out.append(
            NationalLine(
                f"{r['metric']} {r['year']}: {qualifier}{value} {r['unit']}".strip(),
                f"{r['title']} ({r['publisher']}{', ' + str(r['published']) if r['published'] else ''})",
                str(r["confidence"]),
            )
        )
    return out


def _scope_rows(status: pd.DataFrame, scope: str, subject: str) -> pd.DataFrame:
    if scope == "province":
        return status[status["province"] == subject]
    if scope == "milestone":
        return status[status["milestone"] == subject]
    return status


def point_names(plan: Plan, lang: str) -> list[str]:
    """'Baseline', 'Checkpoint 1', …, 'Target' for the points of a plan."""
    return [
        t("edit.f_baseline", lang),
        *[f"{t('chart.checkpoint', lang)} {i + 1}" for i in range(len(plan.checkpoints))],
        t("edit.f_target", lang),
    ]


def build_report(
    snapshot: Snapshot,
    scope: str,
    subject: str,
    lang: str,
    as_of: dt.date,
    milestones: list[str] | None = None,
    made: dt.date | None = None,
) -> Report:
    """The report on the nation (``subject`` empty), a province (ISO code) or a milestone (id)."""
    data = snapshot.data
    made = made or dt.date.today()
    if scope == "nation":
        charts = nation_charts(snapshot, lang, as_of)
        title = t("deck.nation", lang)
        ids = list(data.milestones)
        documents, national = _documents(data, ids, lang, with_clauses=False), _national(data, None)
    elif scope == "province":
        charts = province_charts(snapshot, subject, lang, as_of, milestones)
        title = t("deck.province", lang, province=province_name(data.provinces, subject, lang))
        ids = [c.key.removeprefix("trajectory-") for c in charts if c.key.startswith("trajectory-")]
        documents, national = _documents(data, ids, lang, with_clauses=True), _national(data, ids)
    elif scope == "milestone":
        charts = milestone_charts(snapshot, subject, lang, as_of)
        title = t("deck.milestone", lang, milestone=pick(data.milestones[subject].title, lang))
        documents, national = _documents(data, [subject], lang, with_clauses=True), _national(data, [subject])
    else:
        raise ValueError(f"unknown report scope {scope!r} (expected one of {', '.join(SCOPES)})")
    subtitle = t("deck.subtitle", lang, date=format_date(as_of, lang), made=format_date(made, lang))
    assumed, _ = assumed_verdicts(_scope_rows(snapshot.status, scope, subject))
    if assumed:
        subtitle += " · " + t("deck.assumed", lang, n=assumed)
    demo = any(c.meta.demo for c in charts)
    return Report(scope, subject, lang, as_of, title, subtitle, charts, documents, national, demo)
