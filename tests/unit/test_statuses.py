"""The statuses, defined once: codes, order, icons, colours, scores and labels."""

from __future__ import annotations

import pytest

from metrics.domain.statuses import (
    BAD,
    BEHIND,
    BY_CODE,
    GOOD,
    NOT_APPLICABLE,
    RATED,
    SCORE_POINTS,
    SHOWN_STATUSES,
    STATUSES,
    TABLE_STATUSES,
    WORST_FIRST,
    status_label,
    status_of,
    verdict_label,
)


def test_the_table_statuses_best_first_and_worst_first() -> None:
    assert STATUSES == ("achieved", "on_track", "at_risk", "off_track", "overdue", "not_started", "no_data")
    assert WORST_FIRST == ("overdue", "off_track", "at_risk", "no_data", "not_started", "on_track", "achieved")
    assert NOT_APPLICABLE not in TABLE_STATUSES and (*TABLE_STATUSES, NOT_APPLICABLE) == SHOWN_STATUSES


def test_verdicts_and_their_groups_follow_the_scores() -> None:
    assert RATED == ("achieved", "on_track", "at_risk", "off_track", "overdue")
    assert SCORE_POINTS == {"achieved": 1.0, "on_track": 1.0, "at_risk": 0.5, "off_track": 0.0, "overdue": 0.0}
    assert GOOD == ("achieved", "on_track")
    assert BAD == ("off_track", "overdue")
    assert BEHIND == ("at_risk", "off_track", "overdue")


def test_one_distinct_colour_icon_and_marker_per_status() -> None:
    for attribute in ("code", "colour", "icon", "marker", "severity"):
        values = [getattr(s, attribute) for s in SHOWN_STATUSES]
        assert len(set(values)) == len(values), attribute


@pytest.mark.parametrize("status", SHOWN_STATUSES, ids=lambda s: s.code)
def test_every_status_has_a_label_and_its_icon_in_both_languages(status) -> None:  # type: ignore[no-untyped-def]
    zh, en = status_label(status.code, "zh"), status_label(status.code, "en")
    assert zh.startswith(status.icon + " ") and en.startswith(status.icon + " ")
    assert zh != en
    assert status.label("en", icon=False) == en.removeprefix(status.icon + " ")
    assert status_of(status.code) is status is BY_CODE[status.code]


def test_a_verdict_against_an_assumed_target_says_so_and_other_statuses_do_not() -> None:
    assert verdict_label("off_track", "en", assumed=True) == "▼ Off track against an assumed target"
    assert verdict_label("off_track", "en", assumed=True, short=True, icon=False) == "Off track (assumed target)"
    assert verdict_label("no_data", "en", assumed=True) == "– No data"
    assert verdict_label("off_track", "zh", assumed=False) == "▼ 偏离计划"


def test_an_unknown_code_is_shown_as_written() -> None:
    assert status_of("late") is None
    assert status_label("late", "en") == "late"
