"""Presentation-mode layout arithmetic: chart titles broken to fit a slide."""

from __future__ import annotations

import pytest

from metrics.present.slides import display_width, wrap_title

LONG_EN = "Vocational undergraduate share of higher vocational enrolment · Latest value against the expected value"


def test_a_short_title_stays_one_line() -> None:
    assert wrap_title("Guangdong · Teachers", 70) == ["Guangdong · Teachers"]


def test_a_long_title_breaks_at_the_separator_and_every_line_fits() -> None:
    """Issue 13, item 7: at 1366 px the slide's chart title ran past the right edge."""
    lines = wrap_title(LONG_EN, 70)
    assert lines == ["Vocational undergraduate share of higher vocational enrolment", "Latest value against the expected value"]


@pytest.mark.parametrize(
    "title",
    [
        LONG_EN,
        "x" * 10 + " " + "word " * 40,
        "“双师型”教师占专业课教师比例 · 各省最新值与应达值 · " + "很长的中文标题" * 8,
    ],
)
def test_no_line_is_wider_than_the_limit_and_nothing_is_lost(title: str) -> None:
    lines = wrap_title(title, 70)
    assert all(display_width(line) <= 70 for line in lines)
    assert "".join(lines).replace(" ", "").replace("·", "") == title.replace(" ", "").replace("·", "")


def test_chinese_characters_count_double() -> None:
    assert display_width("双师型") == 6 and display_width("ab") == 2
