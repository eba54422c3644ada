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

import pandas as pd
from babel import Locale

from metrics.domain.catalogues import Catalogue, read_catalogues

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
    """A name given in the data in both languages: the chosen one, else the other."""
    if not texts:
        return ""
    return texts.get(lang) or next((v for v in texts.values() if v), "")


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


STATUS_ICONS = {
    "achieved": "★",
    "on_track": "●",
    "at_risk": "▲",
    "off_track": "▼",
    "overdue": "✖",
    "not_started": "○",
    "no_data": "–",
    "not_applicable": "·",
}
VERDICTS = ("achieved", "on_track", "at_risk", "off_track", "overdue")  # statuses that judge against the plan


def status_label(status: str, lang: str, icon: bool = True) -> str:
    label = t(f"status.{status}", lang) if has(f"status.{status}") else status
    return f"{STATUS_ICONS.get(status, '')} {label}".strip() if icon else label


def basis_label(basis: str, lang: str) -> str:
    return t(f"basis.{basis}", lang) if has(f"basis.{basis}") else basis


def unit_name(unit: str, lang: str) -> str:
    """The unit's name for a form (unit_label gives the short sign shown after a number)."""
    return t(f"unit_name.{unit}", lang) if has(f"unit_name.{unit}") else unit


def verdict_label(status: str, lang: str, assumed: bool, icon: bool = True, short: bool = False) -> str:
    """A status as a verdict: says so when it is judged against an assumed target or path (``short``: the
    compact mark narrow table columns use, "(assumed target)")."""
    label = status_label(status, lang, icon)
    if not (assumed and status in VERDICTS):
        return label
    return label + t("basis.assumed_short" if short else "basis.assumed_suffix", lang)


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


def format_number(value: object, lang: str, unit: str = "", digits: int = 1) -> str:
    """A number for display: thousands separators, at most ``digits`` decimals, the unit after it."""
    if value is None:
        return "–"
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):  # the loaders refuse inf; should one slip through, the page still renders
        return "–"
    if lang == "zh" and abs(number) >= 100_000_000:
        text = f"{number / 100_000_000:,.{digits}f}亿"
    elif lang == "zh" and abs(number) >= 10_000:
        text = f"{number / 10_000:,.{digits}f}万"
    elif number == int(number):
        text = f"{int(number):,}"
    else:
        text = f"{number:,.{digits}f}"
    if unit == "percent":
        return text + "%"
    if unit == "count" and lang == "zh":
        return text + "个"
    return text


def format_signed(value: object, lang: str, unit: str = "", digits: int = 1) -> str:
    """A gap: with a + sign when ahead."""
    text = format_number(value, lang, unit, digits)
    try:
        if float(value) > 0:  # type: ignore[arg-type]
            return "+" + text
    except (TypeError, ValueError):
        pass
    return text


def format_percent(share: object, lang: str, digits: int = 0) -> str:
    """A share 0-1 as a percentage."""
    try:
        number = float(share)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    if math.isnan(number):
        return "–"
    return f"{number * 100:.{digits}f}%"


def format_date(value: object, lang: str) -> str:
    """2026年11月23日 in Chinese, 23 Nov 2026 in English; "–" for a missing date."""
    if value is None:
        return "–"
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    if pd.isna(stamp):
        return "–"
    day: dt.date = stamp.date()
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%b')} {day.year}"


def format_value(value: object, kind: str, unit: str, lang: str) -> str:
    """A reported value: a stage label for stage milestones, else a formatted number."""
    if kind == "stage":
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return stage_label(str(value), lang)
    return format_number(value, lang, unit)


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
