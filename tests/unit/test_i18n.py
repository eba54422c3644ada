"""Labels, language choice and the number and date formats of each language (the catalogues: test_string_catalogues)."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.domain import i18n
from metrics.domain.i18n import (
    choose_language,
    format_date,
    format_number,
    format_percent,
    format_signed,
    short_province_name,
    t,
)


@pytest.mark.parametrize(
    ("param", "locale", "default", "expected"),
    [
        ("en", "zh-CN", "zh", ("en", False)),
        ("ZH", "en-US", "en", ("zh", False)),
        (None, "en-GB", "zh", ("en", False)),
        (None, "zh-TW", "en", ("zh", False)),
        (None, "fr-FR", "zh", ("zh", False)),
        (None, None, "en", ("en", False)),
        ("fr", "en-US", "zh", ("en", True)),
        ("fr", None, "zh", ("zh", True)),
    ],
)
def test_choose_language(param: str | None, locale: str | None, default: str, expected: tuple[str, bool]) -> None:
    assert choose_language(param, locale, default) == expected


@pytest.mark.parametrize(
    ("value", "lang", "unit", "expected"),
    [
        (56.71, "zh", "percent", "56.7%"),
        (60, "en", "percent", "60%"),
        (1234, "en", "", "1,234"),
        (1234, "zh", "count", "1,234个"),
        (25000, "zh", "", "2.5万"),
        (25000, "en", "", "25,000"),
        (300_000_000, "zh", "", "3.0亿"),
        (float("nan"), "en", "", "–"),
        (None, "zh", "", "–"),
    ],
)
def test_format_number(value: object, lang: str, unit: str, expected: str) -> None:
    assert format_number(value, lang, unit) == expected


def test_signed_percent_and_value_formats() -> None:
    assert format_signed(2.5, "en", "percent") == "+2.5%"
    assert format_signed(-2.5, "en", "percent") == "-2.5%"
    assert format_percent(0.627, "zh") == "63%"


@pytest.mark.parametrize(("lang", "expected"), [("zh", "2026年11月23日"), ("en", "23 Nov 2026")])
def test_format_date(lang: str, expected: str) -> None:
    assert format_date(dt.date(2026, 11, 23), lang) == expected
    assert format_date(None, lang) == "–"


@pytest.mark.parametrize(
    ("zh", "en", "lang", "expected"),
    [
        ("广东省", "Guangdong", "zh", "广东"),
        ("内蒙古自治区", "Inner Mongolia (Nei Mongol)", "zh", "内蒙古"),
        ("新疆维吾尔自治区", "Xinjiang", "zh", "新疆"),
        ("香港特别行政区", "Hong Kong", "zh", "香港"),
        ("北京市", "Beijing", "zh", "北京"),
        ("内蒙古自治区", "Inner Mongolia (Nei Mongol)", "en", "Inner Mongolia"),
    ],
)
def test_short_province_name(zh: str, en: str, lang: str, expected: str) -> None:
    assert short_province_name(zh, en, lang) == expected


def test_unknown_language_falls_back_to_chinese() -> None:
    assert t("page.overview", "fr") == "全国总览"


def test_numbers_and_dates_follow_the_locale_a_catalogue_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """A third language's catalogue names its locale; Babel then writes numbers and dates its way."""
    from babel import Locale

    from metrics.domain.catalogues import Catalogue

    english = i18n.CATALOGUES["en"]
    french = Catalogue("fr", Locale.parse("fr_FR"), dict(english.strings), dict(english.purpose))
    monkeypatch.setitem(i18n.CATALOGUES, "fr", french)
    assert format_number(1234.5, "fr") == "1\u202f234,5"
    assert format_number(56.71, "fr", "percent") == "56,7\xa0%"
    assert format_percent(0.627, "fr") == "63\xa0%"
    assert format_date(dt.date(2026, 11, 23), "fr") == "23 nov. 2026"
    assert format_number(25000, "fr") == "25\u202f000"  # French abbreviates thousands (k), so no compact units


def test_large_numbers_in_chinese_use_the_locales_own_units() -> None:
    assert format_number(-25000, "zh") == "-2.5万"
    assert format_number(123_456_789_012, "zh") == "1,234.6亿"
    assert format_number(9999, "zh", "count") == "9,999个"
