"""Tables the dashboard shows, from the status table, with headers and values in the chosen language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypedDict, cast

import pandas as pd

from metrics.domain.i18n import (
    basis_label,
    flag_label,
    forecast_label,
    format_date,
    format_number,
    format_percent,
    has,
    pick,
    province_name,
    region_label,
    t,
)
from metrics.domain.model import Milestone, Plan, Stage
from metrics.domain.statuses import BEHIND, GOOD, NOT_APPLICABLE, OVERDUE, RATED, WORST_FIRST, verdict_label
from metrics.load.dataset import Dataset
from metrics.present.charts import expected_text
from metrics.present.quotes import Passage, quote_passages


@dataclass(frozen=True)
class Headline:
    milestones: int
    provinces_reporting: int
    provinces_total: int
    on_track_share: float  # achieved or on track, of rated pairs
    overdue: int


def filter_status(status: pd.DataFrame, data: Dataset, region: str = "", family: str = "") -> pd.DataFrame:
    """The status rows of one region and/or one task family (empty means all)."""
    rows = status
    if region:
        rows = rows[rows["province"].map(data.provinces["region"]) == region]
    if family:
        rows = rows[rows["family"] == family]
    return rows


def headline(status: pd.DataFrame) -> Headline:
    """Milestones tracked, provinces reporting, share on track or achieved, overdue count."""
    rated = status[status["status"].isin(RATED)]
    good = rated["status"].isin(GOOD).sum()
    return Headline(
        milestones=int(status["milestone"].nunique()),
        provinces_reporting=int(status.loc[status["n_reports"] > 0, "province"].nunique()),
        provinces_total=int(status["province"].nunique()),
        on_track_share=float(good / len(rated)) if len(rated) else float("nan"),
        overdue=int((status["status"] == OVERDUE.code).sum()),
    )


def _assumed(row: pd.Series | Mapping[Any, object]) -> bool:
    return bool(row.get("assumed", False))


def _stage(data: Dataset, m: Milestone, stage: object) -> Stage | None:
    """The stage of this milestone's ladder with id ``stage`` (None for numbers or an unknown id)."""
    ladder = data.ladders.get(m.measure.ladder)
    return next((s for s in ladder.stages if s.id == stage), None) if ladder else None


def stage_evidence(data: Dataset, m: Milestone, stage: object, lang: str) -> str:
    """What a reporting office shows to claim ``stage`` on this milestone's ladder (empty for numbers)."""
    found = _stage(data, m, stage)
    return pick(found.evidence, lang) if found else ""


def _row_texts(row: pd.Series, m: Milestone, lang: str) -> dict[str, str]:
    return {
        t("col.status", lang): verdict_label(str(row["status"]), lang, _assumed(row)),
        t("col.latest", lang): m.measure.format(row["latest_value"], lang),
        t("col.expected", lang): expected_text(row, m, lang),
        t("col.gap", lang): m.measure.format_gap(row["gap"], lang),
        t("col.forecast", lang): forecast_label(str(row["forecast"]), lang),
        t("col.last_report", lang): format_date(row["last_reported_at"], lang),
    }


# Tables put the worst first (WORST_FIRST): what a reader asks of a province page is "what is late?" (issue 13, item 3).


def severity_code(status: str, assumed: bool) -> str:
    """A code that sorts as text in severity order ("1-overdue" < "2-off_track"), whatever the language.

    The province table's status column holds these codes and shows their labels (st.column_config's
    SelectboxColumn), because the table sorts a column by the text it holds: labels would sort by icon.
    """
    rank = WORST_FIRST.index(status) + 1 if status in WORST_FIRST else len(WORST_FIRST) + 1
    return f"{rank}-{status}" + ("-assumed" if assumed and status in RATED else "")


def severity_labels(lang: str) -> dict[str, str]:
    """Every severity code with the verdict label it stands for, in severity order.

    A verdict against an assumed target says so in the short form ("▼ Off track (assumed target)"): the long
    one did not fit the status column at 1366 px in English.
    """
    return {
        severity_code(s, a): verdict_label(s, lang, a, short=True)
        for s in WORST_FIRST
        for a in (False, True)
        if not a or s in RATED
    }


def status_counts(status: pd.DataFrame) -> dict[str, int]:
    """How many milestones are in each status, worst first (every status, zeros included)."""
    counts = status["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in WORST_FIRST}


def _number(summary: pd.DataFrame, province: str, column: str) -> float:
    """A number of the per-province summary (pandas-stubs type a cell as any scalar)."""
    return cast(float, summary.loc[province, column])


def score_line(summary: pd.DataFrame, province: str, lang: str) -> str:
    """The score with what it means: "Score 72 of 100: share of its 12 rated milestones on track or achieved, ..."."""
    if province not in summary.index or pd.isna(_number(summary, province, "score")):
        return t("province.score_none", lang)
    return t(
        "province.score_line",
        lang,
        score=format_number(_number(summary, province, "score"), lang, digits=0),
        rated=int(_number(summary, province, "rated")),
    )


def worst_first(status: pd.DataFrame) -> pd.DataFrame:
    """Status rows in WORST_FIRST order, then by shortfall (largest first), then by deadline."""
    severity = status["status"].map(lambda s: WORST_FIRST.index(s) if s in WORST_FIRST else len(WORST_FIRST))
    return (
        status.assign(_severity=severity)
        .sort_values(["_severity", "shortfall", "target_date"], ascending=[True, False, True], na_position="last", kind="stable")
        .drop(columns="_severity")
    )


PROVINCE_COLUMNS = (
    "col.milestone",
    "col.status",
    "col.latest",
    "col.expected",
    "col.gap",
    "col.forecast",
    "col.deadline",
    "col.last_report",
    "col.demo",
)


def province_table(status: pd.DataFrame, data: Dataset, province: str, lang: str) -> pd.DataFrame:
    """One province's milestones, worst first: status (a severity code, see ``severity_labels``), latest and
    expected value, gap, forecast, deadline, last report, demo mark.

    Ordered overdue, off track, at risk, no data, not started, on track, achieved, then by shortfall (largest
    first), then by deadline. The plan's basis and the stage evidence are shown below the table, for the
    milestone chosen there: as columns they pushed gap and forecast out of sight at 1366 px (issue 13, item 3).
    """
    rows = worst_first(status[status["province"] == province])
    out = []
    for _, row in rows.iterrows():
        m = data.milestones[row["milestone"]]
        texts = _row_texts(row, m, lang)
        out.append(
            {
                t("col.milestone", lang): pick(m.title, lang),
                **texts,
                t("col.status", lang): severity_code(str(row["status"]), _assumed(row)),
                t("col.deadline", lang): format_date(row["target_date"], lang),
                t("col.demo", lang): bool(row["demo"]),
            }
        )
    return pd.DataFrame(out, columns=[t(k, lang) for k in PROVINCE_COLUMNS])


def plan_basis_rows(plan: Plan, m: Milestone, data: Dataset, lang: str) -> pd.DataFrame:
    """Each point of the plan a province is held to, with its basis: document, publication, or assumption and why."""
    names = [t("edit.f_baseline", lang), *[t("chart.checkpoint", lang)] * len(plan.checkpoints), t("edit.f_target", lang)]
    rows = []
    for name, point in zip(names, plan.points, strict=True):
        basis = point.basis
        where = ""
        if basis.publication and basis.publication in data.publications:
            pub = data.publications[basis.publication]
            where = f"{pick(pub.title, lang)} ({pick(pub.publisher, lang)}, {format_date(pub.published, lang)})"
        rows.append(
            {
                t("col.point", lang): name,
                t("col.date", lang): format_date(point.date, lang),
                t("col.value", lang): m.measure.format(point.value, lang),
                t("col.basis", lang): basis_label(basis.kind, lang),
                t("col.basis_note", lang): " · ".join(x for x in (where, pick(basis.note, lang) if basis.note else "") if x),
            }
        )
    return pd.DataFrame(rows)


def milestone_title(data: Dataset, milestone: str, lang: str) -> str:
    """A milestone's title in ``lang``; its id only if the milestone is unknown."""
    m = data.milestones.get(milestone)
    return pick(m.title, lang) if m else milestone


def reported_text(data: Dataset, milestone: str, value: object, lang: str) -> str:
    """A reported value as a reader reads it: a stage's label instead of its id; numbers as reported."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return ""
    m = data.milestones.get(milestone)
    return m.measure.reported_text(value, lang) if m is not None else str(value)


def _named(frame: pd.DataFrame, data: Dataset, lang: str) -> dict[str, object]:
    """Province and milestone columns by name; in English the milestone id too (what the template and files
    use), never in Chinese, whose readers should see no raw id (issue 13, item 6)."""
    columns: dict[str, object] = {
        t("col.province", lang): [province_name(data.provinces, p, lang) for p in frame["province"]],
        t("col.milestone", lang): [milestone_title(data, m, lang) for m in frame["milestone"]],
    }
    if lang == "en":
        columns[t("col.milestone_id", lang)] = list(frame["milestone"])
    return columns


def upload_preview_table(rows: pd.DataFrame, data: Dataset, lang: str) -> pd.DataFrame:
    """The figures an upload would add (metrics.intake.upload.preview), with names and stage labels in ``lang``."""

    def values(column: str) -> list[str]:
        return [reported_text(data, m, v, lang) for m, v in zip(rows["milestone"], rows[column], strict=True)]

    return pd.DataFrame(
        {
            t("col.row", lang): list(rows["line"]),
            **_named(rows, data, lang),
            t("col.as_of", lang): list(rows["as_of"].dt.strftime("%Y-%m-%d")),
            t("col.value", lang): values("value"),
            t("col.source", lang): list(rows["source"]),
            t("col.change", lang): [t(f"report.change.{c}", lang) for c in rows["change"]],
            t("col.supersedes", lang): values("supersedes_value"),
            t("col.supersedes_reported_at", lang): list(rows["supersedes_reported_at"].dt.strftime("%Y-%m-%d %H:%M").fillna("")),
            t("col.demo", lang): list(rows["supersedes_demo"].astype("boolean").fillna(False).astype(bool)),
        }
    )


def history_table(history: pd.DataFrame, data: Dataset, lang: str) -> pd.DataFrame:
    """The report history (metrics.intake.receipts.report_history, newest received first) with names and stage labels."""
    return pd.DataFrame(
        {
            t("col.received_at", lang): [r.replace("T", " ") for r in history["received_at"]],
            **_named(history, data, lang),
            t("col.as_of", lang): list(history["as_of"].dt.strftime("%Y-%m-%d")),
            t("col.value", lang): [
                reported_text(data, m, v, lang) for m, v in zip(history["milestone"], history["value"], strict=True)
            ],
            # A date-only report time (as most files give it) is shown without a made-up 00:00.
            t("col.reported_at", lang): [
                f"{r:%Y-%m-%d}" if r == r.normalize() else f"{r:%Y-%m-%d %H:%M}" for r in history["reported_at"]
            ],
            t("history.superseded", lang): list(history["superseded"]),
            t("col.revisions", lang): list(history["revisions"]),
            t("col.sender", lang): list(history["sender"]),
            t("col.original_name", lang): list(history["original_name"]),
            # Demo rows carry the generator's English note as their source: named in the reader's language instead.
            t("col.source", lang): [
                t("export.demo_source", lang) if demo else source
                for source, demo in zip(history["source"], history["demo"], strict=True)
            ],
            t("col.flag", lang): [flag_label(f, lang) for f in history["flag"]],
            # The file's name, not the server's path to it (/srv/.../data/demo/demo_reports.csv showed in the table).
            t("col.file", lang): [PurePath(str(f)).name if f else f for f in history["file"]],
            t("col.demo", lang): list(history["demo"]),
        }
    )


# The largest-gaps table shares the overview's width with the overdue list: about 440 px at 1366 px. Status and
# gap come right after the pair they judge and the columns have set widths, so both show without scrolling;
# the milestone's long English name took the whole width before (issue 13, item 5). Provinces go by their short
# names (广西, not 广西壮族自治区, which the 90 px column cut), as on the map.
GAPS_COLUMNS = ("col.province", "col.milestone", "col.status", "col.gap", "col.latest", "col.expected")
GAPS_WIDTHS = {"col.province": 90, "col.milestone": 150, "col.status": 140, "col.gap": 55, "col.latest": 80, "col.expected": 110}


def largest_gaps(status: pd.DataFrame, data: Dataset, lang: str, n: int = 10) -> pd.DataFrame:
    """The province × milestone pairs furthest behind their planned path (largest shortfall first)."""
    behind = status[status["status"].isin(BEHIND) & status["shortfall"].notna()]
    behind = behind.sort_values("shortfall", ascending=False).head(n)
    return pd.DataFrame(
        [
            {
                t("col.province", lang): province_name(data.provinces, r["province"], lang, short=True),
                t("col.milestone", lang): pick(data.milestones[r["milestone"]].title, lang),
                # the short mark of an assumed target: the long one hid the gap at half the page's width
                t("col.status", lang): verdict_label(str(r["status"]), lang, _assumed(r), short=True),
                t("col.gap", lang): format_percent(-r["shortfall"], lang),
                t("col.latest", lang): data.milestones[r["milestone"]].measure.format(r["latest_value"], lang),
                t("col.expected", lang): expected_text(r, data.milestones[r["milestone"]], lang),
            }
            for _, r in behind.iterrows()
        ],
        columns=[t(k, lang) for k in GAPS_COLUMNS],
    )


def largest_gaps_widths(lang: str) -> dict[str, int]:
    """The pixel width of each column of largest_gaps, by its header in ``lang``."""
    return {t(k, lang): GAPS_WIDTHS[k] for k in GAPS_COLUMNS}


def overdue_list(status: pd.DataFrame, data: Dataset, lang: str) -> pd.DataFrame:
    """Pairs past their deadline without reaching the target, oldest deadline first."""
    late = status[status["status"] == OVERDUE.code].sort_values(["target_date", "province"])
    return pd.DataFrame(
        [
            {
                t("col.province", lang): province_name(data.provinces, r["province"], lang, short=True),
                t("col.milestone", lang): pick(data.milestones[r["milestone"]].title, lang),
                t("col.deadline", lang): format_date(r["target_date"], lang),
                t("col.latest", lang): data.milestones[r["milestone"]].measure.format(r["latest_value"], lang),
                t("col.target", lang): data.milestones[r["milestone"]].measure.format(
                    _target_value(data.milestones[r["milestone"]], r["province"]), lang
                ),
                t("col.basis", lang): basis_label(data.milestones[r["milestone"]].plan_for(r["province"]).basis, lang),
            }
            for _, r in late.iterrows()
        ],
        columns=[t(k, lang) for k in ("col.province", "col.milestone", "col.deadline", "col.latest", "col.target", "col.basis")],
    )


def _target_value(m: Milestone, province: str) -> object:
    return m.plan_for(province).target.value


def median_path(current: pd.DataFrame, milestone: str) -> pd.DataFrame:
    """The median of the provinces' values at each reporting date (columns as_of, median, provinces).

    Each province's last value is carried forward to every later date, so the median at a date is taken over
    every province that has reported by then, not only over those that happened to report that day: a date
    only one province reported would otherwise pull the line to that province's value (issue 13, item 2).
    ``provinces`` is how many provinces the median is taken over.
    """
    rows = current[current["milestone"] == milestone]
    if rows.empty:
        return pd.DataFrame(columns=["as_of", "median", "provinces"])
    # One value per province and date (the latest row if a frame holds several), then carried forward.
    wide = (
        rows.sort_values("as_of", kind="stable")
        .pivot_table(index="as_of", columns="province", values="number", aggfunc="last")
        .sort_index()
        .ffill()
    )
    return pd.DataFrame(
        {
            "as_of": wide.index,
            "median": wide.median(axis=1, skipna=True).to_numpy(),
            "provinces": wide.notna().sum(axis=1).astype(int).to_numpy(),
        }
    ).reset_index(drop=True)


def rank_text(ranked: pd.DataFrame, province: str, milestone: str, lang: str) -> str:
    """'Rank 3 of 31 reporting provinces' for one province on one milestone."""
    row = ranked[(ranked["province"] == province) & (ranked["milestone"] == milestone)]
    if row.empty or pd.isna(row["rank"].iloc[0]) or pd.isna(row["latest"].iloc[0]):
        return t("province.no_rank", lang)
    return t("province.rank", lang, rank=int(row["rank"].iloc[0]), n=int(row["ranked_of"].iloc[0]))


def compare_table(status: pd.DataFrame, data: Dataset, provinces: list[str], milestones: list[str], lang: str) -> pd.DataFrame:
    """Rows: milestones; columns: the chosen provinces; cells: status icon and label with the latest value."""
    chosen = status[status["province"].isin(provinces) & status["milestone"].isin(milestones)]
    cells = {
        (r["province"], r["milestone"]): r
        for r in chosen[["province", "milestone", "status", "latest_value", "assumed"]].to_dict("records")
    }
    out = []
    for mid in milestones:
        m = data.milestones[mid]
        line = {t("col.milestone", lang): pick(m.title, lang)}
        for code in provinces:
            r = cells.get((code, mid))
            if r is None:
                text = "–" if m.applies(code) else NOT_APPLICABLE.label(lang)
            else:
                text = f"{verdict_label(str(r['status']), lang, _assumed(r))} · {m.measure.format(r['latest_value'], lang)}"
            line[province_name(data.provinces, code, lang)] = text
        out.append(line)
    return pd.DataFrame(out)


def milestone_rows(status: pd.DataFrame, data: Dataset, milestone: str, lang: str) -> pd.DataFrame:
    """One milestone across provinces, ranked, for the table under the charts."""
    m = data.milestones[milestone]
    rows = (
        status[status["milestone"] == milestone].sort_values("rank")
        if "rank" in status
        else status[status["milestone"] == milestone]
    )
    return pd.DataFrame(
        [
            {
                t("col.rank", lang): "" if pd.isna(r.get("rank")) else int(r["rank"]),
                t("col.province", lang): province_name(data.provinces, r["province"], lang),
                t("col.region", lang): region_label(str(data.provinces.loc[r["province"], "region"]), lang),
                **_row_texts(r, m, lang),
            }
            for _, r in rows.iterrows()
        ]
    )


def score_text(summary: pd.DataFrame, province: str, lang: str) -> str:
    if province not in summary.index or pd.isna(_number(summary, province, "score")):
        return "–"
    return format_number(_number(summary, province, "score"), lang, digits=0)


def national_figures(data: Dataset, milestone: str, lang: str) -> pd.DataFrame:
    """The published national figures that inform one milestone, as published (488.99 stays 488.99), with source."""
    frame = data.national
    if frame is None or frame.empty or "milestone" not in frame:
        return pd.DataFrame()
    rows = frame[frame["milestone"] == milestone].sort_values(["metric", "year"])
    out = []
    for _, r in rows.iterrows():
        level = str(r["confidence"]).split(":")[0].strip().lower()
        source = (
            f"{r['publisher']}, {r['published']}: {r['url']}" if lang == "en" else f"{r['published']} · {r['url']}"
        )  # the titles on file are English; the address is the source
        out.append(
            {
                t("col.indicator", lang): r["label_zh"] if lang == "zh" else r["label_en"],
                t("col.year", lang): str(r["year"]),
                t("col.value", lang): f"{r['qualifier'] or ''}{r['value_text']}",
                t("col.unit", lang): r["unit_zh"] if lang == "zh" else r["unit"],
                t("col.source", lang): source,
                t("sources.confidence", lang): t(f"confidence.{level}", lang)
                if has(f"confidence.{level}")
                else str(r["confidence"]),
            }
        )
    return pd.DataFrame(out)


class SourceMilestone(TypedDict):
    """A milestone under its document on the Sources page."""

    id: str
    title: str
    clause: str
    passages: list[Passage]
    family: str


class SourceEntry(TypedDict):
    """A reform document on the Sources page, with its milestones."""

    id: str
    title: str
    issuer: str
    date: str
    url: str
    kind: str
    text_note: str
    milestones: list[SourceMilestone]


def sources_table(data: Dataset, lang: str) -> list[SourceEntry]:
    """Each reform document with its milestones (id, title, clause, quote), in document date order."""
    out: list[SourceEntry] = []
    for source in sorted(data.sources.values(), key=lambda s: s.date):
        ms = [m for m in data.milestones.values() if m.document == source.id]
        out.append(
            {
                "id": source.id,
                "title": pick(source.title, lang),
                "issuer": pick(source.issuer, lang),
                "date": format_date(source.date, lang),
                "url": source.url,
                "kind": source.kind,
                "text_note": pick(source.text_note, lang) if source.text_note else "",
                "milestones": [
                    {
                        "id": m.id,
                        "title": pick(m.title, lang),
                        "clause": m.clause,
                        "passages": quote_passages(m, source, lang),
                        "family": pick(data.families[m.family].title, lang) if m.family in data.families else m.family,
                    }
                    for m in ms
                ],
            }
        )
    return out
