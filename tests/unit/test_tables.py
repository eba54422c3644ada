"""Dashboard tables on hand-made data: headline figures, gaps, overdue, median path, rank text."""

from __future__ import annotations

import pytest

from metrics.compute.status import compute_status
from metrics.compute.summary import rank_provinces
from metrics.domain.model import Plan, Point
from metrics.present.tables import (
    compare_table,
    filter_status,
    headline,
    largest_gaps,
    median_path,
    overdue_list,
    province_table,
    rank_text,
    score_line,
    severity_code,
    severity_labels,
    status_counts,
)
from tests.unit.factories import D, dataset, milestone

PLAN = Plan(Point(D(2024, 1, 1), 0.0), Point(D(2025, 1, 1), 100.0))
OLD = Plan(Point(D(2022, 1, 1), 0.0), Point(D(2023, 1, 1), 100.0))


@pytest.fixture
def data():  # type: ignore[no-untyped-def]
    rows = [
        ("CN-AA", "m", D(2024, 6, 30), 50, D(2024, 7, 1)),  # on track
        ("CN-BB", "m", D(2024, 6, 30), 40, D(2024, 7, 1)),  # at risk
        ("CN-CC", "m", D(2024, 6, 30), 20, D(2024, 7, 1)),  # off track
        ("CN-DD", "m", D(2024, 6, 30), 100, D(2024, 7, 1)),  # achieved
        ("CN-AA", "old", D(2023, 6, 30), 80, D(2023, 7, 1)),  # overdue
        ("CN-AA", "m", D(2024, 3, 31), 30, D(2024, 4, 1)),
    ]
    return dataset([milestone("m", PLAN), milestone("old", OLD)], rows)


@pytest.fixture
def status(data):  # type: ignore[no-untyped-def]
    return rank_provinces(compute_status(data, D(2024, 7, 1)))


def test_headline(status) -> None:  # type: ignore[no-untyped-def]
    h = headline(status)
    assert (h.milestones, h.provinces_reporting, h.provinces_total, h.overdue) == (2, 4, 5, 1)
    # rated: m on 4 provinces + old on CN-AA = 5; achieved or on track: CN-AA m, CN-DD m
    assert h.on_track_share == pytest.approx(2 / 5)


def test_largest_gaps_are_the_furthest_behind_first(data, status) -> None:  # type: ignore[no-untyped-def]
    gaps = largest_gaps(status, data, "en")
    assert list(gaps["Province"]) == ["CN-CC", "CN-AA", "CN-BB"]
    assert list(gaps["Status"]) == ["▼ Off track", "✖ Overdue", "▲ At risk"]


def test_overdue_list(data, status) -> None:  # type: ignore[no-untyped-def]
    late = overdue_list(status, data, "zh")
    assert late.to_dict("records") == [
        {"省份": "CN-AA", "任务": "old", "期限": "2023年1月1日", "最新值": "80%", "目标": "100%", "目标依据": "文件规定"}
    ]


def test_median_path_is_the_median_of_each_reporting_date(data) -> None:  # type: ignore[no-untyped-def]
    path = median_path(data.reports, "m")
    # 2024-03-31: only CN-AA (30); 2024-06-30: 50, 40, 20, 100 -> 45
    assert list(path["median"]) == [30, 45]
    assert list(path["provinces"]) == [1, 4]


def test_median_path_carries_each_province_last_value_forward() -> None:
    """A date only one province reported must not pull the median to that province's value (issue 13, item 2)."""
    rows = [
        ("CN-AA", "m", D(2024, 1, 31), 10, D(2024, 2, 1)),
        ("CN-BB", "m", D(2024, 1, 31), 20, D(2024, 2, 1)),
        ("CN-CC", "m", D(2024, 1, 31), 30, D(2024, 2, 1)),
        ("CN-AA", "m", D(2024, 2, 15), 90, D(2024, 2, 16)),  # only CN-AA reports on this date
        ("CN-BB", "m", D(2024, 3, 31), 40, D(2024, 4, 1)),
        ("CN-DD", "m", D(2024, 3, 31), 50, D(2024, 4, 1)),  # a fourth province joins
        ("CN-AA", "other", D(2024, 2, 15), 1, D(2024, 2, 16)),  # another milestone: ignored
    ]
    path = median_path(dataset([milestone("m", PLAN), milestone("other", PLAN)], rows).reports, "m")
    assert [d.date() for d in path["as_of"]] == [D(2024, 1, 31), D(2024, 2, 15), D(2024, 3, 31)]
    # 2024-02-15: 90 (AA, new), 20 (BB carried), 30 (CC carried) -> 30, not 90
    # 2024-03-31: 90 (AA), 40 (BB), 30 (CC), 50 (DD) -> (40 + 50) / 2 = 45
    assert list(path["median"]) == [20, 30, 45]
    assert list(path["provinces"]) == [3, 3, 4]


def test_median_path_of_a_milestone_without_reports_is_empty(data) -> None:  # type: ignore[no-untyped-def]
    assert median_path(data.reports, "nobody").empty


def test_rank_text(status) -> None:  # type: ignore[no-untyped-def]
    assert rank_text(status, "CN-DD", "m", "en") == "Rank 1 of 4 reporting provinces"
    assert rank_text(status, "CN-CC", "m", "zh") == "在 4 个报送省份中排名第 4"
    assert rank_text(status, "CN-EE", "m", "en") == "Not ranked (no reports)"


def test_province_and_compare_tables(data, status) -> None:  # type: ignore[no-untyped-def]
    table = province_table(status, data, "CN-BB", "en")
    assert severity_labels("en")[table.loc[table["Milestone"] == "m", "Status"].item()] == "▲ At risk"
    assert table.loc[table["Milestone"] == "m", "Latest value"].item() == "40%"
    side = compare_table(status, data, ["CN-AA", "CN-DD"], ["m"], "en")
    assert side.to_dict("records") == [{"Milestone": "m", "CN-AA": "● On track · 50%", "CN-DD": "★ Achieved · 100%"}]


def test_filter_status_by_family(data, status) -> None:  # type: ignore[no-untyped-def]
    assert len(filter_status(status, data, family="test")) == len(status)
    assert filter_status(status, data, family="other").empty
    assert len(filter_status(status, data, region="East")) == len(status)


@pytest.mark.parametrize(
    ("expected", "text"),
    [
        (1.0, "Launched"),
        (1.02, "Launched"),
        (1.6, "Launched → Established"),
        (3.0, "In operation"),
        (3.7, "In operation"),  # past the last stage: nothing further to move to
    ],
)
def test_stage_expected_names_the_stage_the_plan_moves_towards(expected: float, text: str) -> None:
    import datetime as dt

    import pandas as pd

    from metrics.load.measure_kinds import StageMeasure
    from metrics.present.charts import expected_text
    from tests.unit.factories import milestone

    stages = ("planned", "launched", "established", "in-operation")
    m = milestone(
        "m",
        Plan(Point(dt.date(2024, 1, 1), "planned"), Point(dt.date(2027, 1, 1), "in-operation")),
        StageMeasure(stages=stages),
    )
    assert expected_text(pd.Series({"expected": expected}), m, "en") == text


def test_province_table_lists_the_worst_first_and_its_status_sorts_by_severity() -> None:
    """Issue 13, item 3: overdue, off track, at risk, no data, … then by shortfall; the status column's
    codes sort as text in that same order, whatever the language of the labels."""
    plans = {"behind": PLAN, "far-behind": PLAN, "risk": PLAN, "fine": PLAN, "done": PLAN, "late": OLD, "silent": PLAN}
    rows = [
        ("CN-AA", "behind", D(2024, 6, 30), 20, D(2024, 7, 1)),  # off track, shortfall 0.3
        ("CN-AA", "far-behind", D(2024, 6, 30), 5, D(2024, 7, 1)),  # off track, shortfall 0.45
        ("CN-AA", "risk", D(2024, 6, 30), 40, D(2024, 7, 1)),  # at risk
        ("CN-AA", "fine", D(2024, 6, 30), 50, D(2024, 7, 1)),  # on track
        ("CN-AA", "done", D(2024, 6, 30), 100, D(2024, 7, 1)),  # achieved
        ("CN-AA", "late", D(2023, 6, 30), 80, D(2023, 7, 1)),  # overdue
    ]
    data = dataset([milestone(k, v) for k, v in plans.items()], rows)
    status = rank_provinces(compute_status(data, D(2024, 7, 1)))
    table = province_table(status, data, "CN-AA", "zh")
    assert list(table["任务"]) == ["late", "far-behind", "behind", "risk", "silent", "fine", "done"]
    labels = severity_labels("zh")
    assert [labels[c] for c in table["状态"]] == [
        "✖ 逾期",
        "▼ 偏离计划",
        "▼ 偏离计划",
        "▲ 有风险",
        "– 无数据",
        "● 按计划",
        "★ 已完成",
    ]
    assert list(table["状态"]) == sorted(table["状态"])  # sorting the column keeps severity order
    # every code has a label in both languages, and the assumed variant sorts right after its plain status
    assert list(severity_labels("en")) == list(labels) == sorted(labels)
    assert severity_code("overdue", True) < severity_code("off_track", False)
    assert labels[severity_code("at_risk", True)] == "▲ 有风险（对照假设目标）"
    assert severity_labels("en")[severity_code("off_track", True)] == "▼ Off track (assumed target)"
    # gap and forecast are columns; basis and stage evidence moved below the table
    assert {"差距", "预测"} <= set(table.columns) and "目标依据" not in table.columns
    assert status_counts(status[status["province"] == "CN-AA"]) == {
        "overdue": 1,
        "off_track": 2,
        "at_risk": 1,
        "no_data": 1,
        "not_started": 0,
        "on_track": 1,
        "achieved": 1,
    }


def test_score_line_explains_the_score(status) -> None:  # type: ignore[no-untyped-def]
    from metrics.compute.summary import province_summary

    summary = province_summary(status)
    # CN-AA: m on track (1), old overdue (0) -> 50 from 2 rated
    assert (
        score_line(summary, "CN-AA", "en")
        == "Score 50 of 100: share of its 2 rated milestones on track or achieved, at risk counted half"
    )
    assert score_line(summary, "CN-AA", "zh") == "综合得分 50/100：2 项已评定任务中按计划或已完成的占比，有风险按一半计"
    assert score_line(summary, "CN-EE", "en") == "No score yet: no rated milestone"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_largest_gaps_show_status_and_gap_within_half_the_page_at_1366_px(data, status, lang) -> None:  # type: ignore[no-untyped-def]
    from metrics.domain.i18n import t
    from metrics.present.tables import largest_gaps_widths

    gaps = largest_gaps(status, data, lang)
    widths = largest_gaps_widths(lang)
    assert list(widths) == list(gaps.columns)  # every column has a set width
    shown = list(gaps.columns)[:4]
    assert t("col.status", lang) in shown and t("col.gap", lang) in shown
    # the overview's half column is about 440 px wide at 1366 px: status and gap fit in it
    assert sum(widths[c] for c in shown) <= 440
