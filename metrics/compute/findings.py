"""One-line findings in words, computed from the status table, for report decks, HTML reports and slides.

Every number in a sentence comes from ``compute_status``: the gap to the planned path (in the
measure's unit; percentage points for percentages), the forecast date against the target date, and
the status. The wording is in metrics/domain/i18n.py (``finding.*``) in both languages.
"""

from __future__ import annotations

import math

import pandas as pd

from metrics.domain.i18n import (
    VERDICTS,
    format_date,
    format_number,
    format_percent,
    format_value,
    pick,
    province_name,
    quoted,
    stage_label,
    t,
)
from metrics.domain.model import Milestone, Plan

DAYS_PER_MONTH = 365.25 / 12
ON_PATH = 0.05  # a gap smaller than this (in the measure's unit) is read as "on its path"


def gap_text(gap: float, unit: str, lang: str) -> str:
    """The size of a gap in words: '6.2 points' for percentages (percentage points), else the number with its unit."""
    if unit == "percent":
        return t("finding.points", lang, n=format_number(abs(gap), lang, digits=1))
    return format_number(abs(gap), lang, unit, digits=1)


def lateness(forecast_date: pd.Timestamp, target_date: pd.Timestamp, lang: str) -> str:
    """'; at the current pace it reaches the target in 2027, 2 year(s) late' (months when under a year)."""
    months = (forecast_date - target_date).days / DAYS_PER_MONTH
    if months < 11.5:
        n = max(1, round(months))
        return t("finding.late_month" if n == 1 else "finding.late_months", lang, year=forecast_date.year, n=n)
    n = round(months / 12)
    return t("finding.late_year" if n == 1 else "finding.late_years", lang, year=forecast_date.year, n=n)


def forecast_clause(row: pd.Series, lang: str) -> str:
    forecast = str(row.get("forecast", ""))
    if forecast == "on_course":
        return t("finding.on_course", lang, year=pd.Timestamp(row["forecast_date"]).year)
    if forecast == "late":
        return lateness(pd.Timestamp(row["forecast_date"]), pd.Timestamp(row["target_date"]), lang)
    if forecast == "not_on_trend":
        return t("finding.not_on_trend", lang)
    return t("finding.too_few", lang)


BEHIND = ("at_risk", "off_track")


def trajectory_finding(row: pd.Series, milestone: Milestone, provinces: pd.DataFrame, lang: str) -> str:
    """One province on one milestone, e.g. 'Guangdong is 6.2 points behind its path on …; at the
    current pace it reaches the target in 2027, 2 year(s) late.' The sentence follows the status beside
    it (behind for at risk or off track, on or ahead of the path otherwise) and says when the verdict is
    against an assumed target."""
    sentence = _trajectory_sentence(row, milestone, provinces, lang)
    status = str(row["status"])
    if bool(row.get("assumed", False)) and status in VERDICTS:
        return sentence + t("finding.assumed", lang)
    return sentence


def _trajectory_sentence(row: pd.Series, milestone: Milestone, provinces: pd.DataFrame, lang: str) -> str:
    name = province_name(provinces, str(row["province"]), lang)
    title = quoted(pick(milestone.title, lang), lang)  # a title with quotes of its own nests them single
    measure = milestone.measure
    status = str(row["status"])
    plan = milestone.plan_for(str(row["province"]))
    target = format_value(plan.target.value, measure.kind, measure.unit, lang)
    if status == "not_started":
        return t("finding.not_started", lang, milestone=title, date=format_date(row["baseline_date"], lang))
    if status == "no_data":
        return t("finding.no_data", lang, province=name, milestone=title)
    latest = format_value(row["latest_value"], measure.kind, measure.unit, lang)
    if measure.kind == "stage" and status in ("achieved", "overdue"):  # a stage read as a name: “In operation”
        latest, target = quoted(latest, lang), quoted(target, lang)
    if status == "achieved":
        return t("finding.achieved", lang, province=name, milestone=title, latest=latest, target=target)
    if status == "overdue":
        head = t(
            "finding.overdue",
            lang,
            province=name,
            milestone=title,
            deadline=format_date(row["target_date"], lang),
            latest=latest,
            target=target,
        )
        if measure.kind == "stage":  # a straight-line trend through stage positions forecasts nothing a reader can use
            return head + t("finding.end", lang)
    elif measure.kind == "stage":
        if status in BEHIND:
            expected = _stage_ahead(milestone, float(row["expected"]), float(row["latest"]), lang)
            head = t("finding.stage_behind", lang, province=name, milestone=title, latest=latest, expected=expected)
        else:
            head = t("finding.stage_level", lang, province=name, milestone=title, latest=latest)
        return head + _next_stage_clause(plan, measure.stages, float(row["latest"]), lang)
    elif measure.unit == "count":
        # The planned path runs through fractions of a school or a group; say it in whole ones.
        have, expected_count = float(row["latest"]), float(row["expected"])
        want = math.floor(expected_count + 0.5)
        if status in BEHIND and have >= want:  # behind though level in whole units: name the next whole one
            want = math.ceil(expected_count - 1e-9)
        key = "finding.count_behind" if status in BEHIND else "finding.count_ahead" if have > want else "finding.on_path"
        head = t(key, lang, province=name, milestone=title, latest=latest, expected=format_number(want, lang, "count"))
    else:
        gap = float(row["gap"])
        if status in BEHIND:
            head = t("finding.behind", lang, province=name, milestone=title, gap=gap_text(gap, measure.unit, lang))
        elif gap >= ON_PATH:
            head = t("finding.ahead", lang, province=name, milestone=title, gap=gap_text(gap, measure.unit, lang))
        else:
            head = t("finding.on_path", lang, province=name, milestone=title)
    return head + forecast_clause(row, lang)


def _stage_ahead(milestone: Milestone, expected: float, latest: float, lang: str) -> str:
    """The stage the plan expects by now for a province behind: the next whole stage above the one reached."""
    measure = milestone.measure
    index = min(max(math.ceil(expected - 1e-9), math.floor(latest + 1e-9) + 1), len(measure.stages) - 1)
    return stage_label(measure.stages[index], lang)


def _next_stage_clause(plan: Plan, stages: tuple[str, ...], latest: float, lang: str) -> str:
    """'; the plan's next step is “In operation” by 31 Dec 2026.' — the first planned point beyond the latest stage."""
    for point in sorted(plan.points, key=lambda p: p.date):
        stage = str(point.value)
        if stage in stages and stages.index(stage) > latest + 1e-9:
            return t("finding.stage_next", lang, stage=stage_label(stage, lang), date=format_date(point.date, lang))
    return t("finding.end", lang)


def _good_bad(rows: pd.DataFrame) -> tuple[int, int, int]:
    rated = rows[rows["status"].isin(("achieved", "on_track", "at_risk", "off_track", "overdue"))]
    good = int(rated["status"].isin(("achieved", "on_track")).sum())
    bad = int(rated["status"].isin(("off_track", "overdue")).sum())
    return good, bad, len(rated)


def province_summary_finding(rows: pd.DataFrame, province: str, score: float, provinces: pd.DataFrame, lang: str) -> str:
    """'Guangdong: 20 of 40 rated milestones on track or achieved, 12 off track or overdue; score 58.'"""
    good, bad, rated = _good_bad(rows)
    if not rated:
        return t("finding.none", lang)
    return t(
        "finding.province_summary",
        lang,
        province=province_name(provinces, province, lang),
        good=good,
        bad=bad,
        rated=rated,
        score=format_number(score, lang, digits=0),
    )


def ranked_finding(rows: pd.DataFrame, milestone: Milestone, provinces: pd.DataFrame, lang: str) -> str:
    """Provinces on one milestone: how many on track, median against expected, who is furthest behind."""
    reporting = rows[rows["latest"].notna()]
    if reporting.empty:
        return t("finding.none", lang)
    good, _, _ = _good_bad(reporting)
    worst = reporting.sort_values("shortfall", ascending=False).iloc[0]
    measure = milestone.measure
    median = float(reporting["latest"].median())
    expected = float(rows["expected"].median())
    if measure.kind == "stage":
        median_text, expected_text = _stage_name(milestone, median, lang), _stage_name(milestone, expected, lang)
    else:
        median_text, expected_text = format_number(median, lang, measure.unit), format_number(expected, lang, measure.unit)
    return t(
        "finding.ranked",
        lang,
        good=good,
        reporting=len(reporting),
        median=median_text,
        expected=expected_text,
        worst=province_name(provinces, str(worst["province"]), lang),
    )


def _stage_name(milestone: Milestone, position: float, lang: str) -> str:
    measure = milestone.measure
    return stage_label(measure.stages[measure.stage_reached(position)], lang)


def status_counts_finding(rows: pd.DataFrame, lang: str) -> str:
    """How many provinces have each status on one milestone, naming only the statuses that occur."""
    counts = rows["status"].value_counts()
    parts = [
        t(f"finding.count_{s}", lang, n=int(counts[s]))
        for s in ("achieved", "on_track", "at_risk", "off_track", "overdue", "no_data", "not_started")
        if counts.get(s, 0)
    ]
    if not parts:
        return t("finding.none", lang)
    return t("finding.status_counts", lang, total=len(rows), parts=("、" if lang == "zh" else ", ").join(parts))


def distribution_finding(rows: pd.DataFrame, milestone: Milestone, lang: str) -> str:
    values = rows["latest"].dropna()
    if values.empty:
        return t("finding.none", lang)
    measure = milestone.measure

    def show(v: float) -> str:
        return _stage_name(milestone, v, lang) if measure.kind == "stage" else format_number(v, lang, measure.unit)

    return t(
        "finding.distribution",
        lang,
        minimum=show(float(values.min())),
        maximum=show(float(values.max())),
        median=show(float(values.median())),
        expected=show(float(rows["expected"].median())),
    )


def median_path_finding(median: pd.DataFrame, reporting: int, milestone: Milestone, lang: str) -> str:
    """The national median path: from its first to its latest value."""
    if median.empty:
        return t("finding.none", lang)
    first, last = median.iloc[0], median.iloc[-1]
    measure = milestone.measure

    def show(v: float) -> str:
        return _stage_name(milestone, v, lang) if measure.kind == "stage" else format_number(v, lang, measure.unit)

    return t(
        "finding.all_trajectories",
        lang,
        reporting=reporting,
        first=show(float(first["median"])),
        first_date=format_date(first["as_of"], lang),
        last=show(float(last["median"])),
        last_date=format_date(last["as_of"], lang),
    )


def scores_finding(summary: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> str:
    scored = summary["score"].dropna().sort_values(kind="stable")
    if scored.empty:
        return t("finding.none", lang)
    best, worst = scored.index[-1], scored.index[0]
    return t(
        "finding.scores",
        lang,
        rated=len(scored),
        best=province_name(provinces, best, lang),
        best_score=format_number(scored.iloc[-1], lang, digits=0),
        worst=province_name(provinces, worst, lang),
        worst_score=format_number(scored.iloc[0], lang, digits=0),
    )


def matrix_finding(rows: pd.DataFrame, lang: str) -> str:
    good, _, rated = _good_bad(rows)
    if not rated:
        return t("finding.none", lang)
    return t("finding.matrix", lang, share=format_percent(good / rated, lang), overdue=int((rows["status"] == "overdue").sum()))


def families_finding(rows: pd.DataFrame, milestones: dict[str, Milestone], families: dict[str, object], lang: str) -> str:
    frame = rows.assign(
        bad=rows["status"].isin(("off_track", "overdue")),
        family=rows["milestone"].map(lambda m: milestones[m].family if m in milestones else ""),
    )
    per = frame.groupby("family").agg(bad=("bad", "sum"), total=("bad", "size"))
    if per.empty or per["bad"].max() == 0:
        return t("finding.none", lang)
    top = per.sort_values("bad", ascending=False, kind="stable").index[0]
    family = families.get(top)
    return t(
        "finding.families",
        lang,
        family=pick(getattr(family, "title", {}), lang) or top,
        bad=int(per.loc[top, "bad"]),
        total=int(per.loc[top, "total"]),
    )
