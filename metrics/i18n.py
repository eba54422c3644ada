"""Strings of the dashboard in Chinese and English, and number and date formatting per language.

The table is keyed by string id, then by language. Other modules (for example the editing and
upload pages) add their own strings with :func:`add_strings`, which refuses a key that exists, so
two authors cannot silently overwrite each other's text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import pandas as pd

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

STRINGS: dict[str, dict[str, str]] = {
    # app and sidebar
    "app.title": {"zh": "职业教育改革进展监测", "en": "Vocational education reform tracker"},
    "app.subtitle": {
        "zh": "改革文件任务的各省进展，对照计划路径",
        "en": "Provinces' progress on the reform documents' tasks, against the planned path",
    },
    "sidebar.as_of": {"zh": "截至日期", "en": "As-of date"},
    "sidebar.region": {"zh": "地区", "en": "Region"},
    "sidebar.family": {"zh": "任务类别", "en": "Task family"},
    "sidebar.language": {"zh": "语言", "en": "Language"},
    "sidebar.all": {"zh": "全部", "en": "All"},
    "sidebar.share": {
        "zh": "地址栏中的链接可复制分享，打开后显示相同视图。",
        "en": "Copy the address bar to share exactly this view.",
    },
    "demo.banner": {
        "zh": "演示数据：本页显示的部分或全部进展数据为虚构的演示数据，并非官方数字。",
        "en": "Demo data: some or all progress figures shown are invented demo data, not official figures.",
    },
    "demo.label": {"zh": "演示数据", "en": "demo data"},
    "problems.banner": {
        "zh": "数据文件中有 {n} 个问题；有问题的条目未载入，其余数据照常显示。详见“数据质量”页。",
        "en": "{n} problem(s) in the data files; the items concerned were left out and the rest is shown. See the Data quality page.",
    },
    "problems.more": {"zh": "另有 {n} 个问题", "en": "and {n} more"},
    "link.note": {"zh": "链接参数无效：{message}", "en": "Invalid link parameter: {message}"},
    "link.unknown_province": {"zh": "未知省份“{value}”，已改用默认值", "en": "unknown province “{value}”, default used"},
    "link.unknown_milestone": {"zh": "未知任务“{value}”，已改用默认值", "en": "unknown milestone “{value}”, default used"},
    "link.unknown_family": {"zh": "未知任务类别“{value}”，显示全部", "en": "unknown task family “{value}”, showing all"},
    "link.unknown_region": {"zh": "未知地区“{value}”，显示全部", "en": "unknown region “{value}”, showing all"},
    "link.bad_date": {"zh": "日期“{value}”无效（应为 YYYY-MM-DD），已改用默认日期", "en": "“{value}” is not a date (expected YYYY-MM-DD), default used"},
    "link.unknown_language": {"zh": "未知语言“{value}”，已改用默认语言", "en": "unknown language “{value}”, default used"},
    "link.unknown_page": {"zh": "未知页面“{value}”，已打开总览", "en": "unknown page “{value}”, the overview is shown"},
    "link.unknown_color": {"zh": "未知着色方式“{value}”，已改用默认值", "en": "unknown colouring “{value}”, default used"},
    "link.too_many": {"zh": "最多比较 {n} 个省份，多余的已忽略", "en": "at most {n} provinces can be compared; the rest were ignored"},
    # pages
    "page.overview": {"zh": "全国总览", "en": "Overview"},
    "page.province": {"zh": "省份", "en": "Province"},
    "page.milestone": {"zh": "任务", "en": "Milestone"},
    "page.compare": {"zh": "省份比较", "en": "Compare"},
    "page.quality": {"zh": "数据质量", "en": "Data quality"},
    "page.sources": {"zh": "改革文件", "en": "Sources"},
    "nav.view": {"zh": "查看", "en": "View"},
    "nav.data": {"zh": "数据", "en": "Data"},
    # headline figures
    "kpi.milestones": {"zh": "跟踪任务", "en": "Milestones tracked"},
    "kpi.reporting": {"zh": "报送省份", "en": "Provinces reporting"},
    "kpi.on_track": {"zh": "按计划或已完成", "en": "Share on track or achieved"},
    "kpi.overdue": {"zh": "逾期", "en": "Overdue"},
    "kpi.as_of": {"zh": "截至", "en": "As of"},
    "kpi.rated_help": {"zh": "已评估的省份×任务中的占比", "en": "of rated province × milestone pairs"},
    # overview
    "overview.map": {"zh": "省份分布图", "en": "Tile map of provinces"},
    "overview.color_by": {"zh": "着色依据", "en": "Colour by"},
    "color.status": {"zh": "所选任务的状态", "en": "Status on the chosen milestone"},
    "color.attainment": {"zh": "所选任务的完成度", "en": "Attainment on the chosen milestone"},
    "color.score": {"zh": "省份综合得分", "en": "Province's overall score"},
    "overview.map_help": {"zh": "点击方块打开该省份页面。", "en": "Click a tile to open that province."},
    "overview.matrix": {"zh": "状态矩阵", "en": "Status matrix"},
    "overview.counts": {"zh": "各任务类别的状态数", "en": "Status counts by task family"},
    "overview.gaps": {"zh": "差距最大", "en": "Largest gaps"},
    "overview.overdue": {"zh": "逾期清单", "en": "Overdue list"},
    "overview.none_overdue": {"zh": "没有逾期任务。", "en": "Nothing is overdue."},
    "overview.open_province": {"zh": "打开省份", "en": "Open province"},
    # province page
    "province.choose": {"zh": "省份", "en": "Province"},
    "province.table": {"zh": "各项任务", "en": "Milestones"},
    "province.trajectory": {"zh": "进展轨迹", "en": "Trajectory"},
    "province.rank": {"zh": "在 {n} 个报送省份中排名第 {rank}", "en": "Rank {rank} of {n} reporting provinces"},
    "province.no_rank": {"zh": "尚无排名（无报送）", "en": "Not ranked (no reports)"},
    "province.quote": {"zh": "原文（{document}，{clause}）", "en": "Source text ({document}, {clause})"},
    "province.score": {"zh": "综合得分", "en": "Overall score"},
    "province.milestone_pick": {"zh": "查看任务", "en": "Milestone shown"},
    "province.assumed": {"zh": "目标为假设值：{note}", "en": "Target is an assumption: {note}"},
    "province.sources_link": {"zh": "查看改革文件", "en": "See the source document"},
    "province.no_milestones": {"zh": "所选筛选条件下没有任务。", "en": "No milestones match the filters."},
    # milestone page
    "milestone.choose": {"zh": "任务", "en": "Milestone"},
    "milestone.ranked": {"zh": "各省排名", "en": "Provinces ranked"},
    "milestone.all": {"zh": "各省轨迹", "en": "All provinces' trajectories"},
    "milestone.highlight": {"zh": "突出显示省份", "en": "Highlight province"},
    "milestone.distribution": {"zh": "分布", "en": "Distribution"},
    "milestone.map": {"zh": "分布图", "en": "Tile map"},
    # compare page
    "compare.choose": {"zh": "比较省份（2–6 个）", "en": "Provinces to compare (2–6)"},
    "compare.milestones": {"zh": "比较任务", "en": "Milestones to compare"},
    "compare.need_two": {"zh": "请至少选择两个省份。", "en": "Choose at least two provinces."},
    "compare.table": {"zh": "并列比较", "en": "Side by side"},
    # quality page
    "quality.problems": {"zh": "数据校验问题", "en": "Validation problems"},
    "quality.no_problems": {"zh": "未发现数据问题。", "en": "No problems found in the data files."},
    "quality.stale": {"zh": "停止报送的省份", "en": "Provinces that stopped reporting"},
    "quality.no_stale": {"zh": "所有省份都在近期报送。", "en": "Every province reported recently."},
    "quality.unreported": {"zh": "无任何报送的任务", "en": "Milestones without any report"},
    "quality.none_unreported": {"zh": "每项任务都有报送。", "en": "Every milestone has reports."},
    "quality.suspicious": {"zh": "可疑报送", "en": "Suspicious reports"},
    "quality.none_suspicious": {"zh": "未发现可疑报送。", "en": "No suspicious reports."},
    "quality.corrections": {"zh": "更正及其历史", "en": "Corrections and their history"},
    "quality.none_corrections": {"zh": "没有更正。", "en": "No corrections."},
    "quality.stale_help": {"zh": "最后一次报送距截至日期超过 {days} 天。", "en": "Last report more than {days} days before the as-of date."},
    "quality.suspicious_help": {
        "zh": "累计指标下降，或变化幅度远超该省自身历史（与中位变化的偏离超过 {k} 倍稳健标准差）。",
        "en": "A cumulative value that falls, or a change far outside the province's own history (more than {k} robust standard deviations from its median change).",
    },
    "reason.falls": {"zh": "累计值下降", "en": "cumulative value falls"},
    "reason.jump": {"zh": "异常跳变", "en": "jump outside own history"},
    # sources page
    "sources.milestones": {"zh": "本文件的任务", "en": "Milestones from this document"},
    "sources.issuer": {"zh": "发文单位", "en": "Issuer"},
    "sources.date": {"zh": "日期", "en": "Date"},
    "sources.none": {"zh": "本文件尚无任务。", "en": "No milestones cite this document."},
    "sources.open": {"zh": "打开任务页", "en": "Open milestone page"},
    # columns
    "col.province": {"zh": "省份", "en": "Province"},
    "col.region": {"zh": "地区", "en": "Region"},
    "col.milestone": {"zh": "任务", "en": "Milestone"},
    "col.family": {"zh": "任务类别", "en": "Task family"},
    "col.status": {"zh": "状态", "en": "Status"},
    "col.latest": {"zh": "最新值", "en": "Latest value"},
    "col.expected": {"zh": "应达值", "en": "Expected"},
    "col.gap": {"zh": "差距", "en": "Gap"},
    "col.target": {"zh": "目标", "en": "Target"},
    "col.deadline": {"zh": "期限", "en": "Deadline"},
    "col.forecast": {"zh": "预测", "en": "Forecast"},
    "col.last_report": {"zh": "最近报送", "en": "Last report"},
    "col.as_of": {"zh": "数据日期", "en": "As of"},
    "col.reported_at": {"zh": "报送时间", "en": "Reported at"},
    "col.days": {"zh": "距今天数", "en": "Days since report"},
    "col.file": {"zh": "文件", "en": "File"},
    "col.line": {"zh": "行", "en": "Line"},
    "col.field": {"zh": "字段", "en": "Field"},
    "col.message": {"zh": "说明", "en": "Message"},
    "col.problem": {"zh": "问题（文件:行:列）", "en": "Problem (file:line:column)"},
    "col.value": {"zh": "数值", "en": "Value"},
    "col.previous": {"zh": "前值", "en": "Previous"},
    "col.reason": {"zh": "原因", "en": "Reason"},
    "col.superseded": {"zh": "已被更正", "en": "Superseded"},
    "col.source": {"zh": "来源", "en": "Source"},
    "col.score": {"zh": "得分", "en": "Score"},
    "col.rank": {"zh": "排名", "en": "Rank"},
    "col.clause": {"zh": "条款", "en": "Clause"},
    "col.unit": {"zh": "单位", "en": "Unit"},
    "col.demo": {"zh": "演示数据", "en": "Demo data"},
    "col.milestones_count": {"zh": "任务数", "en": "Milestones"},
    "col.flag": {"zh": "标记", "en": "Flag"},
    # chart text
    "chart.as_of": {"zh": "截至 {date}", "en": "as of {date}"},
    "chart.reported": {"zh": "报送值", "en": "Reported"},
    "chart.planned": {"zh": "计划路径", "en": "Planned path"},
    "chart.checkpoint": {"zh": "检查点", "en": "Checkpoint"},
    "chart.target": {"zh": "目标", "en": "Target"},
    "chart.baseline": {"zh": "基线", "en": "Baseline"},
    "chart.forecast": {"zh": "趋势预测", "en": "Forecast (trend)"},
    "chart.median": {"zh": "全国中位数", "en": "National median"},
    "chart.expected": {"zh": "应达值", "en": "Expected"},
    "chart.date": {"zh": "日期", "en": "Date"},
    "chart.provinces": {"zh": "省份数", "en": "Provinces"},
    "chart.milestones": {"zh": "任务数", "en": "Milestones"},
    "chart.others": {"zh": "其他省份", "en": "Other provinces"},
    "chart.today": {"zh": "截至日", "en": "As-of date"},
    "chart.stage": {"zh": "阶段", "en": "stage"},
    "chart.attainment": {"zh": "完成度（%）", "en": "Attainment (%)"},
    "chart.score": {"zh": "综合得分（0–100）", "en": "Overall score (0–100)"},
    "chart.map_title": {"zh": "{what}", "en": "{what}"},
    "chart.matrix_title": {"zh": "各省 × 各任务状态", "en": "Status of every province on every milestone"},
    "chart.counts_title": {"zh": "各任务类别的状态（省份×任务数）", "en": "Status by task family (province × milestone pairs)"},
    "chart.ranked_title": {"zh": "各省最新值与应达值", "en": "Latest value against the expected value, by province"},
    "chart.all_title": {"zh": "各省轨迹", "en": "All provinces' trajectories"},
    "chart.distribution_title": {"zh": "各省最新值分布", "en": "Distribution of the provinces' latest values"},
    "chart.compare_title": {"zh": "所选省份的完成度", "en": "Attainment of the chosen provinces"},
    "chart.no_data": {"zh": "无数据", "en": "no data"},
    "hover.status": {"zh": "状态", "en": "Status"},
    "hover.latest": {"zh": "最新值", "en": "Latest"},
    "hover.expected": {"zh": "应达值", "en": "Expected"},
    "hover.gap": {"zh": "差距", "en": "Gap"},
    "hover.score": {"zh": "得分", "en": "Score"},
    "hover.attainment": {"zh": "完成度", "en": "Attainment"},
    # regions
    "region.East": {"zh": "东部", "en": "East"},
    "region.Central": {"zh": "中部", "en": "Central"},
    "region.West": {"zh": "西部", "en": "West"},
    "region.Northeast": {"zh": "东北", "en": "Northeast"},
    # statuses
    "status.achieved": {"zh": "已完成", "en": "Achieved"},
    "status.on_track": {"zh": "按计划", "en": "On track"},
    "status.at_risk": {"zh": "有风险", "en": "At risk"},
    "status.off_track": {"zh": "偏离计划", "en": "Off track"},
    "status.overdue": {"zh": "逾期", "en": "Overdue"},
    "status.not_started": {"zh": "未开始", "en": "Not started"},
    "status.no_data": {"zh": "无数据", "en": "No data"},
    # forecasts
    "forecast.achieved": {"zh": "已完成", "en": "Achieved"},
    "forecast.on_course": {"zh": "按趋势可如期完成", "en": "On course"},
    "forecast.late": {"zh": "按趋势将延期", "en": "Late on trend"},
    "forecast.not_on_trend": {"zh": "按趋势无法完成", "en": "Not on trend"},
    "forecast.too_few_reports": {"zh": "报送太少", "en": "Too few reports"},
    "forecast.no_data": {"zh": "无数据", "en": "No data"},
    # units
    "unit.percent": {"zh": "%", "en": "%"},
    "unit.count": {"zh": "个", "en": "count"},
    "unit.ratio": {"zh": "比值", "en": "ratio"},
    "unit.index": {"zh": "指数", "en": "index"},
    # stages
    "stage.not-started": {"zh": "未启动", "en": "Not started"},
    "stage.planned": {"zh": "已规划", "en": "Planned"},
    "stage.launched": {"zh": "已启动", "en": "Launched"},
    "stage.in-operation": {"zh": "运行中", "en": "In operation"},
    "stage.completed": {"zh": "已完成", "en": "Completed"},
    "stage.piloting": {"zh": "试点中", "en": "Piloting"},
    "stage.established": {"zh": "已建立", "en": "Established"},
    "stage.evaluated": {"zh": "已评估", "en": "Evaluated"},
    # flags
    "flag.estimated": {"zh": "估计", "en": "estimated"},
    "flag.provisional": {"zh": "初步", "en": "provisional"},
    "flag.revised": {"zh": "修订", "en": "revised"},
}


def add_strings(table: Mapping[str, Mapping[str, str]]) -> None:
    """Add strings for a new page; a key that exists already, or a missing language, is an error."""
    for key, texts in table.items():
        if key in STRINGS:
            raise ValueError(f"string {key!r} is defined twice")
        missing = [lang for lang in LANGUAGES if not texts.get(lang)]
        if missing:
            raise ValueError(f"string {key!r} has no text in {', '.join(missing)}")
        STRINGS[key] = dict(texts)


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` with ``{name}`` fields filled in."""
    text = STRINGS[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in STRINGS


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
    "achieved": "✔", "on_track": "●", "at_risk": "▲", "off_track": "▼",
    "overdue": "✖", "not_started": "○", "no_data": "–",
}


def status_label(status: str, lang: str, icon: bool = True) -> str:
    label = t(f"status.{status}", lang) if has(f"status.{status}") else status
    return f"{STATUS_ICONS.get(status, '')} {label}".strip() if icon else label


def forecast_label(forecast: str, lang: str) -> str:
    return t(f"forecast.{forecast}", lang) if has(f"forecast.{forecast}") else forecast


def region_label(region: str, lang: str) -> str:
    return t(f"region.{region}", lang) if has(f"region.{region}") else region


def stage_label(stage: str, lang: str) -> str:
    """Built-in labels for the common stage ids; any other id as written."""
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
    if math.isnan(number):
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
