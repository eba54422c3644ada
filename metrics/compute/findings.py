"""One-line findings in words, computed from the status table, for report decks, HTML reports and slides.

Every number in a sentence comes from ``compute_status``: the gap to the planned path (in the
measure's unit; percentage points for percentages), the forecast date against the target date, and
the status. The wording is in metrics/domain/i18n.py (``finding.*``) in both languages; where a
province stands on its path is said by its measure (metrics/domain/measures.py), in its own terms.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from metrics.domain.i18n import (
    format_date,
    format_number,
    format_percent,
    pick,
    province_name,
    quoted,
    t,
)
from metrics.domain.model import Milestone
from metrics.domain.statuses import ACHIEVED, BAD, GOOD, NO_DATA, NOT_STARTED, OVERDUE, RATED

DAYS_PER_MONTH = 365.25 / 12


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


def trajectory_finding(row: pd.Series, milestone: Milestone, provinces: pd.DataFrame, lang: str) -> str:
    """One province on one milestone, e.g. 'Guangdong is 6.2 points behind its path on …; at the
    current pace it reaches the target in 2027, 2 year(s) late.' The sentence follows the status beside
    it (behind for at risk or off track, on or ahead of the path otherwise) and says when the verdict is
    against an assumed target."""
    sentence = _trajectory_sentence(row, milestone, provinces, lang)
    status = str(row["status"])
    if bool(row.get("assumed", False)) and status in RATED:
        return sentence + t("finding.assumed", lang)
    return sentence


def _trajectory_sentence(row: pd.Series, milestone: Milestone, provinces: pd.DataFrame, lang: str) -> str:
    name = province_name(provinces, str(row["province"]), lang)
    title = quoted(pick(milestone.title, lang), lang)  # a title with quotes of its own nests them single
    measure = milestone.measure
    status = str(row["status"])
    plan = milestone.plan_for(str(row["province"]))
    target = measure.format(plan.target.value, lang)
    if status == NOT_STARTED.code:
        return t("finding.not_started", lang, milestone=title, date=format_date(row["baseline_date"], lang))
    if status == NO_DATA.code:
        return t("finding.no_data", lang, province=name, milestone=title)
    latest = measure.format(row["latest_value"], lang)
    if measure.named_values and status in (ACHIEVED.code, OVERDUE.code):  # a stage read as a name: “In operation”
        latest, target = quoted(latest, lang), quoted(target, lang)
    if status == ACHIEVED.code:
        return t("finding.achieved", lang, province=name, milestone=title, latest=latest, target=target)
    if status == OVERDUE.code:
        head = t(
            "finding.overdue",
            lang,
            province=name,
            milestone=title,
            deadline=format_date(row["target_date"], lang),
            latest=latest,
            target=target,
        )
        if not measure.trend_forecasts:
            return head + t("finding.end", lang)
    else:
        head = measure.progress_finding(row, plan.points, name, title, lang)
        if not measure.trend_forecasts:
            return head
    return head + forecast_clause(row, lang)


def _good_bad(rows: pd.DataFrame) -> tuple[int, int, int]:
    rated = rows[rows["status"].isin(RATED)]
    good = int(rated["status"].isin(GOOD).sum())
    bad = int(rated["status"].isin(BAD).sum())
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
    median_text = measure.format_position(float(reporting["latest"].median()), lang)
    expected_text = measure.format_position(float(rows["expected"].median()), lang)
    return t(
        "finding.ranked",
        lang,
        good=good,
        reporting=len(reporting),
        median=median_text,
        expected=expected_text,
        worst=province_name(provinces, str(worst["province"]), lang),
    )


def status_counts_finding(rows: pd.DataFrame, lang: str) -> str:
    """How many provinces have each status on one milestone, naming only the statuses that occur."""
    counts = rows["status"].value_counts()
    parts = [
        t(f"finding.count_{s}", lang, n=int(counts[s]))
        for s in (*RATED, NO_DATA.code, NOT_STARTED.code)  # the verdicts, then what has none
        if counts.get(s, 0)
    ]
    if not parts:
        return t("finding.none", lang)
    return t("finding.status_counts", lang, total=len(rows), parts=("、" if lang == "zh" else ", ").join(parts))


def distribution_finding(rows: pd.DataFrame, milestone: Milestone, lang: str) -> str:
    values = rows["latest"].dropna()
    if values.empty:
        return t("finding.none", lang)

    def show(v: float) -> str:
        return milestone.measure.format_position(v, lang)

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

    def show(v: float) -> str:
        return milestone.measure.format_position(v, lang)

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
    return t(
        "finding.matrix", lang, share=format_percent(good / rated, lang), overdue=int((rows["status"] == OVERDUE.code).sum())
    )


def families_finding(rows: pd.DataFrame, milestones: dict[str, Milestone], families: Mapping[str, object], lang: str) -> str:
    frame = rows.assign(
        bad=rows["status"].isin(BAD),
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
