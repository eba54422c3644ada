"""The dashboard's strings in each language, and number and date formatting for each language's locale.

The strings live in gettext catalogues (``metrics/locale/<lang>/LC_MESSAGES/*.po``, read by
:mod:`metrics.domain.catalogues`); ``t(key, lang)`` looks one up and fills in its ``{name}`` fields.
The languages are the catalogues' folders, the default first; numbers and dates are formatted by Babel
for the locale each catalogue names in its ``Language:`` header.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd
from babel import Locale
from babel import dates as babel_dates
from babel.numbers import NumberPattern, parse_pattern

from metrics.domain.catalogues import Catalogue, read_catalogues

if TYPE_CHECKING:
    from pandas.api.typing import NaTType  # imported for mypy only: it costs 50 ms at run time

DEFAULT_LANGUAGE = "zh"
CATALOGUES: dict[str, Catalogue] = read_catalogues()
# The default language first (the language switch lists them in this order), then the others by code.
LANGUAGES: tuple[str, ...] = tuple(sorted(CATALOGUES, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang)))


def language_name(lang: str) -> str:
    """The language's name in itself, for the language switch: 中文, English."""
    return str(babel_locale(lang).language_name)


def catalogue(lang: str) -> Catalogue:
    """The catalogue of ``lang``; an unknown language gets the default one."""
    return CATALOGUES.get(lang) or CATALOGUES[DEFAULT_LANGUAGE]


def babel_locale(lang: str) -> Locale:
    """The Babel locale whose number and date formats ``lang`` uses (en -> en_GB, zh -> zh_Hans_CN)."""
    return catalogue(lang).locale


def quoted(text: str, lang: str) -> str:
    """``text`` in double quotes for a sentence, quotes inside it turned single: “‘双师型’教师占专业课教师比例”.

    Titles such as “双师型”教师占专业课教师比例 already hold quotes; wrapped again they nested “…“双师型”…”.
    Double outside, single inside is how GB/T 15834 (and English) nests quotations. ``lang`` is kept for
    languages that quote otherwise.
    """
    del lang  # both languages nest the same way
    inner = text.replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` with ``{name}`` fields filled in."""
    text = catalogue(lang).strings[key]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in CATALOGUES[DEFAULT_LANGUAGE].strings


def pick(texts: Mapping[str, str] | None, lang: str) -> str:
    """A name given in the data in several languages: the chosen one, else English, else any."""
    if not texts:
        return ""
    return texts.get(lang) or texts.get("en") or next((v for v in texts.values() if v), "")


def choose_language(param: str | None, locale: str | None, default: str) -> tuple[str, bool]:
    """Language from ``?lang=``, else the browser's locale, else the configured default.

    Returns the language and whether the parameter was invalid (so the caller can say so).
    """
    if param:
        code = param.strip().lower()[:2]
        if code in LANGUAGES:
            return code, False
        fallback, _ = choose_language(None, locale, default)
        return fallback, True
    if locale:
        code = locale.strip().lower()[:2]
        if code in LANGUAGES:
            return code, False
    return (default if default in LANGUAGES else DEFAULT_LANGUAGE), False


def basis_label(basis: str, lang: str) -> str:
    return t(f"basis.{basis}", lang) if has(f"basis.{basis}") else basis


def unit_name(unit: str, lang: str) -> str:
    """The unit's name for a form (unit_label gives the short sign shown after a number)."""
    return t(f"unit_name.{unit}", lang) if has(f"unit_name.{unit}") else unit


def flag_label(flag: object, lang: str) -> str:
    """A report's flag (estimated, provisional, revised) in ``lang``; no flag is an empty text."""
    text = "" if flag is None or flag != flag else str(flag)  # NaN: no flag
    return t(f"flag.{text}", lang) if text and has(f"flag.{text}") else text


def forecast_label(forecast: str, lang: str) -> str:
    return t(f"forecast.{forecast}", lang) if has(f"forecast.{forecast}") else forecast


def region_label(region: str, lang: str) -> str:
    return t(f"region.{region}", lang) if has(f"region.{region}") else region


# Labels of the stages defined in data/ladders.yaml, registered when a dataset loads (a stage id has
# one label across ladders: the ladder loader checks it).
LADDER_STAGE_LABELS: dict[str, dict[str, str]] = {}


def register_stage_labels(labels: Mapping[str, Mapping[str, str]]) -> None:
    LADDER_STAGE_LABELS.update({k: dict(v) for k, v in labels.items()})


def stage_label(stage: str, lang: str) -> str:
    """The label of a stage id: from the ladders, else the built-in labels; any other id as written."""
    if stage in LADDER_STAGE_LABELS:
        return pick(LADDER_STAGE_LABELS[stage], lang)
    return t(f"stage.{stage}", lang) if has(f"stage.{stage}") else stage


def unit_label(unit: str, lang: str) -> str:
    return t(f"unit.{unit}", lang) if unit and has(f"unit.{unit}") else unit


_ZH_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


def short_province_name(name_zh: str, name_en: str, lang: str) -> str:
    """A name short enough for a map tile: 广东省 -> 广东, "Inner Mongolia (Nei Mongol)" -> "Inner Mongolia"."""
    if lang == "zh":
        for suffix in _ZH_SUFFIXES:
            if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
                return name_zh[: -len(suffix)]
        return name_zh
    return name_en.split(" (")[0]


def province_name(provinces: pd.DataFrame, code: str, lang: str, short: bool = False) -> str:
    """Province name from the provinces table in the chosen language (the code if unknown)."""
    if code not in provinces.index:
        return code
    row = provinces.loc[code]
    if short:
        return short_province_name(str(row["name_zh"]), str(row["name_en"]), lang)
    return str(row["name_zh"] if lang == "zh" else row["name_en"])


def _number_pattern(pattern: str, digits: int) -> NumberPattern:
    """A locale's number pattern with exactly ``digits`` decimals, applied to the number as given (a percent
    pattern does not multiply by 100: callers pass percentage points, scaled in floating point as before)."""
    parsed = parse_pattern(pattern)
    parsed.frac_prec = (digits, digits)
    parsed.scale = 0
    return parsed


def _decimal(number: float) -> Decimal:
    # The float's exact value, so Babel rounds as Python's format() does (0.15 is 0.1499…, shown 0.1).
    return Decimal(number)


def _compact_steps(locale: Locale) -> list[tuple[int, str]]:
    """(divisor, suffix) of the large units a locale writes numbers in, largest first: 亿 and 万 in Chinese.

    Only for locales that do not abbreviate thousands (Chinese, Japanese, German…): English keeps 25,000, not 25K.
    """
    patterns = locale.compact_decimal_formats.get("short", {}).get("other", {})
    if not patterns or patterns.get("1000") is None or patterns["1000"].pattern.strip("0") != "":
        return []
    steps: dict[str, tuple[int, str]] = {}
    for magnitude, pattern in patterns.items():
        zeros = pattern.pattern.count("0")
        suffix = pattern.pattern.replace("0", "").replace("'", "")
        if suffix and zeros and suffix not in steps:  # the first magnitude of each unit: 10000 for 万
            steps[suffix] = (int(magnitude) // 10 ** (zeros - 1), suffix)
    return sorted(steps.values(), reverse=True)


def format_number(value: object, lang: str, unit: str = "", digits: int = 1) -> str:
    """A number as ``lang``'s locale writes it (Babel): grouped thousands, ``digits`` decimals unless whole,
    large numbers in the locale's own units (2.5万 in Chinese), the unit after it (56.7%, 12个)."""
    if value is None:
        return "–"
    try:
        number = float(value)  # type: ignore[arg-type]  # any value: a non-number is caught below
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):  # the loaders refuse inf; should one slip through, the page still renders
        return "–"
    number += 0.0  # -0.0 is shown 0
    locale = babel_locale(lang)
    plain = locale.decimal_formats[None].pattern
    step = next(((d, s) for d, s in _compact_steps(locale) if abs(number) >= d), None)
    if unit == "percent":
        whole = number == int(number)
        pattern = _number_pattern(locale.percent_formats[None].pattern, 0 if whole else digits)
        return str(pattern.apply(_decimal(number), locale))
    if step is not None:
        text = _number_pattern(plain, digits).apply(_decimal(number / step[0]), locale) + step[1]
    else:
        text = _number_pattern(plain, 0 if number == int(number) else digits).apply(_decimal(number), locale)
    return t("number.count", lang, number=text) if unit == "count" else text


def format_signed(value: object, lang: str, unit: str = "", digits: int = 1) -> str:
    """A gap: with a + sign when ahead."""
    text = format_number(value, lang, unit, digits)
    try:
        if float(value) > 0:  # type: ignore[arg-type]  # any value: a non-number is caught below
            return "+" + text
    except (TypeError, ValueError):
        pass
    return text


def format_percent(share: object, lang: str, digits: int = 0) -> str:
    """A share 0-1 as a percentage, as ``lang``'s locale writes it (63%)."""
    try:
        number = float(share)  # type: ignore[arg-type]  # any value: a non-number is caught below
    except (TypeError, ValueError):
        return "–"
    if math.isnan(number):
        return "–"
    locale = babel_locale(lang)
    return str(_number_pattern(locale.percent_formats[None].pattern, digits).apply(_decimal(number * 100), locale))


def format_date(value: object, lang: str) -> str:
    """A day as ``lang``'s locale writes it (Babel's medium format): 2026年11月23日, 23 Nov 2026; "–" if missing."""
    if value is None:
        return "–"
    stamp: pd.Timestamp | NaTType = pd.Timestamp(value)  # type: ignore[arg-type]  # any value: NaT when missing
    if pd.isna(stamp):
        return "–"
    day: dt.date = stamp.date()
    return babel_dates.format_date(day, "medium", locale=babel_locale(lang))


_CLAUSE_ORDINALS_ZH = {
    "First": "第一",
    "Second": "第二",
    "Third": "第三",
    "Fourth": "第四",
    "Fifth": "第五",
    "Sixth": "第六",
    "Seventh": "第七",
    "Eighth": "第八",
    "Ninth": "第九",
    "Tenth": "第十",
}


def clause_label(clause: str, lang: str) -> str:
    """A clause id as a reader of ``lang`` writes it: "para. 3, Fourth" is 第3段“第四” in Chinese; II.4 and (1) as given."""
    if lang != "zh":
        return clause
    m = re.fullmatch(r"para\. (\d+)(?:, (\w+))?", clause)
    if not m:
        return clause.replace("(", "（").replace(")", "）") if re.fullmatch(r"\(\d+\)", clause) else clause
    ordinal = _CLAUSE_ORDINALS_ZH.get(m.group(2) or "", m.group(2))
    return f"第{m.group(1)}段" + (f"“{ordinal}”" if ordinal else "")
