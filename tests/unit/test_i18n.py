"""The string table and the number and date formats of each language."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from metrics.compute.status import STATUSES
from metrics.domain import i18n
from metrics.domain.i18n import (
    STRINGS,
    add_strings,
    choose_language,
    format_date,
    format_number,
    format_percent,
    format_signed,
    format_value,
    short_province_name,
    status_label,
    t,
)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_both_languages_with_the_same_fields(key: str) -> None:
    texts = STRINGS[key]
    assert texts["zh"] and texts["en"], key
    assert fields(texts["zh"]) == fields(texts["en"]), key


def test_every_status_has_a_label_and_an_icon_in_both_languages() -> None:
    for status in STATUSES:
        zh, en = status_label(status, "zh"), status_label(status, "en")
        assert zh[0] == en[0] == i18n.STATUS_ICONS[status]
        assert zh != en


def test_add_strings_refuses_a_duplicate_or_a_missing_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "STRINGS", dict(STRINGS))
    add_strings({"test.new": {"zh": "新", "en": "new"}})
    assert i18n.t("test.new", "en") == "new"
    with pytest.raises(ValueError, match="defined twice"):
        add_strings({"page.overview": {"zh": "x", "en": "y"}})
    with pytest.raises(ValueError, match="no text in en"):
        add_strings({"test.half": {"zh": "半"}})


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
    assert format_value("in-operation", "stage", "", "zh") == "运行中"
    assert format_value("custom-stage", "stage", "", "en") == "custom-stage"


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
