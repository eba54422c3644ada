"""Download file names say what the file shows, in ASCII."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from metrics.present.file_names import download_name, province_slug, slug

DAY = dt.date(2026, 11, 26)
PROVINCES = pd.DataFrame(
    {"name_en": ["Guangdong", "Nei Mongol", ""], "name_zh": ["广东省", "内蒙古自治区", "某省"]}, index=["CN-GD", "CN-NM", "CN-XX"]
)


def test_a_trajectory_is_named_by_province_and_milestone() -> None:
    """Issue 13, item 7: the file was trajectory-2026-11-26.png whoever and whatever it showed."""
    parts = [province_slug(PROVINCES, "CN-GD"), "teachers-double-qualified-share"]
    assert download_name(parts, DAY) == "guangdong-teachers-double-qualified-share-2026-11-26"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nei Mongol", "nei-mongol"),
        ("广东省", ""),
        ("Côte d’Ivoire", "cote-divoire"),
        ("tile_map", "tile-map"),
    ],
)
def test_slugs_are_lower_case_ascii(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_a_province_without_an_english_name_is_named_by_its_code_and_nothing_is_left_unnamed() -> None:
    assert province_slug(PROVINCES, "CN-XX") == "cn-xx"
    assert download_name(["广东"], DAY, "-zh") == "chart-2026-11-26-zh"
    assert download_name(["x" * 300], DAY).isascii() and len(download_name(["x" * 300], DAY)) <= 131
