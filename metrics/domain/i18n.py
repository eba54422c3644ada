"""Strings of the dashboard in Chinese and English, and number and date formatting per language.

The table is keyed by string id, then by language. Other modules (for example the editing and
upload pages) add their own strings with :func:`add_strings`, which refuses a key that exists, so
two authors cannot silently overwrite each other's text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
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
    "sidebar.as_of_help": {
        "zh": "输入年、月、日后按回车键（或点击别处）即可应用，也可以点日历图标选择。",
        "en": "Type the year, month and day and press Enter (or click elsewhere) to apply it, or pick it from the calendar.",
    },
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
    "demo.mark": {"zh": "演示数据 · 非官方数字", "en": "DEMO DATA · not official figures"},
    "chart.not_applicable": {"zh": "本任务对该省不适用", "en": "This milestone does not apply to this province"},
    "chart.planned_assumed": {"zh": "计划路径（含假设值，空心点）", "en": "Planned path (assumed values drawn open)"},
    "chart.assumed_plan": {"zh": "计划路径含假设值", "en": "the planned path has assumed values"},
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
    "link.bad_date": {
        "zh": "日期“{value}”无效（应为 YYYY-MM-DD），已改用默认日期",
        "en": "“{value}” is not a date (expected YYYY-MM-DD), default used",
    },
    "link.date_out_of_range": {
        "zh": "日期“{value}”超出可选范围（2015-01-01 至 2040-12-31），已改用默认日期",
        "en": "“{value}” is outside the dates offered (2015-01-01 to 2040-12-31), default used",
    },
    "note.no_milestones": {
        "zh": "未载入任何任务：在上列问题修正之前，各视图为空。“数据质量”页列出全部问题。",
        "en": "No milestone loaded: the views stay empty until the problems above are fixed. The Data quality page lists them all.",
    },
    "note.before_baselines": {
        "zh": "截至日期 {as_of} 早于最早的基线日期 {first}：尚无任务开始，没有可显示的进展。",
        "en": "The as-of date {as_of} is before the first baseline date, {first}: no milestone has started yet, so there is no progress to show.",
    },
    "link.unknown_language": {"zh": "未知语言“{value}”，已改用默认语言", "en": "unknown language “{value}”, default used"},
    "link.unknown_page": {"zh": "未知页面“{value}”，已打开总览", "en": "unknown page “{value}”, the overview is shown"},
    "link.unknown_color": {"zh": "未知着色方式“{value}”，已改用默认值", "en": "unknown colouring “{value}”, default used"},
    "link.unknown_basis": {
        "zh": "未知判定范围“{value}”，显示全部判定",
        "en": "unknown verdict scope “{value}”, showing every verdict",
    },
    "sidebar.documented": {"zh": "只看有据目标的判定", "en": "Only verdicts against documented targets"},
    "sidebar.documented_help": {
        "zh": "打开后，只显示计划路径全部来自改革文件或公开数据的判定；对照假设值的判定被隐藏，不计入统计和排名。",
        "en": "When on, only verdicts whose whole planned path comes from the reform documents or published figures are shown; verdicts against assumed values are hidden and left out of counts and ranks.",
    },
    "basis.banner_documented": {
        "zh": "只显示对照文件或公开数据所定目标的判定：{n} 项对照假设值的判定已隐藏。",
        "en": "Showing only verdicts against targets set by the documents or published figures: {n} verdict(s) against assumed values are hidden.",
    },
    "basis.banner_assumed": {
        "zh": "{n} 项判定（共 {total} 项）对照的是本团队假设的目标或路径，标有“对照假设目标”；可在侧栏选择只看有据目标的判定。",
        "en": "{n} of {total} verdicts are judged against targets or paths the dashboard team assumed, marked “against an assumed target”; the sidebar can show only verdicts against documented targets.",
    },
    "basis.assumed_suffix": {"zh": "（对照假设目标）", "en": " against an assumed target"},
    # the same, where a narrow column must still show it (the province table at 1366 px)
    "basis.assumed_short": {"zh": "（对照假设目标）", "en": " (assumed target)"},
    "col.basis": {"zh": "目标依据", "en": "Basis of the plan"},
    "col.stage_evidence": {"zh": "当前阶段的佐证要求", "en": "Evidence for the stage reached"},
    "sources.tab_documents": {"zh": "改革文件", "en": "Reform documents"},
    "sources.tab_ladders": {"zh": "阶段体系", "en": "Stage ladders"},
    "sources.tab_publications": {"zh": "公开出版物", "en": "Publications"},
    "sources.text_note": {"zh": "收录文本来源", "en": "Where the bundled text came from"},
    "sources.ladders_intro": {
        "zh": "阶段类任务按以下阶段体系衡量；报送某一阶段时须提供右栏所列佐证。",
        "en": "Stage milestones are measured on these ladders; to report a stage, a reporting office shows the evidence listed beside it.",
    },
    "sources.ladder_used": {"zh": "{n} 项任务使用", "en": "used by {n} milestone(s)"},
    "sources.stage": {"zh": "阶段", "en": "Stage"},
    "sources.evidence": {"zh": "佐证要求", "en": "Evidence required"},
    "sources.publications_intro": {
        "zh": "改革文件之外、给出计划数值或日期的公开文件和统计。",
        "en": "Published documents and statistics beyond the reform documents that give planned numbers or dates.",
    },
    "sources.no_publications": {"zh": "尚无。", "en": "None yet."},
    "sources.confidence": {"zh": "可信度", "en": "Confidence"},
    "sources.values_used": {"zh": "{n} 个计划值引用", "en": "{n} planned value(s) cite it"},
    "confidence.high": {"zh": "高", "en": "high"},
    "confidence.medium": {"zh": "中", "en": "medium"},
    "confidence.low": {"zh": "低", "en": "low"},
    "kind.national-opinion": {"zh": "中央文件", "en": "National policy document"},
    "kind.national-conference": {"zh": "全国会议", "en": "National conference"},
    "kind.provincial-conference": {"zh": "省级会议", "en": "Provincial conference"},
    "province.plan_basis": {"zh": "计划路径及其依据", "en": "The planned path and its basis"},
    "province.evidence": {"zh": "报送进展须提供的佐证", "en": "Evidence a reporting office shows to claim progress"},
    "province.not_applicable": {
        "zh": "另有 {n} 项任务由其他省份的省级会议部署，对本省不适用，不计入本省统计。",
        "en": "{n} other milestone(s) come from another province's conference: not applicable here and left out of this province's counts.",
    },
    "col.indicator": {"zh": "指标", "en": "Indicator"},
    "col.year": {"zh": "年份", "en": "Year"},
    "col.unit": {"zh": "单位", "en": "Unit"},
    "national.title": {
        "zh": "全国参考数字（全国数据，非本省）",
        "en": "National figures for context (national, not this province's)",
    },
    "national.caption": {
        "zh": "公开报道中的全国数字，按发布精度列出，附来源网址和可信度；多为转载，仅供参照，不参与判定。",
        "en": "National figures seen in public reports, as published, with their address and confidence; mostly reprints, for context only, never used in a verdict.",
    },
    "col.point": {"zh": "节点", "en": "Point"},
    "col.date": {"zh": "日期", "en": "Date"},
    "col.value": {"zh": "数值", "en": "Value"},
    "col.basis_note": {"zh": "出处或说明", "en": "Source or note"},
    "basis.document": {"zh": "文件规定", "en": "set by the document"},
    "basis.public-figure": {"zh": "公开数据", "en": "published figure"},
    "basis.assumption": {"zh": "假设", "en": "assumption"},
    "status.not_applicable": {"zh": "不适用", "en": "Not applicable"},
    "link.too_many": {
        "zh": "最多比较 {n} 个省份，多余的已忽略",
        "en": "at most {n} provinces can be compared; the rest were ignored",
    },
    # pages
    "page.overview": {"zh": "全国总览", "en": "Overview"},
    "page.province": {"zh": "省份", "en": "Province"},
    "page.milestone": {"zh": "任务", "en": "Milestone"},
    "page.compare": {"zh": "省份比较", "en": "Compare"},
    "page.matrix": {"zh": "状态矩阵", "en": "Status matrix"},
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
    "overview.matrix_link": {"zh": "各省 × 各任务的状态矩阵", "en": "Status matrix of every province on every milestone"},
    "matrix.help": {
        "zh": "每格一个省份的一项任务，颜色和符号表示状态。点击一格打开该省份的这项任务。",
        "en": "One cell per province and milestone; colour and symbol give the status. Click a cell to open that province on that milestone.",
    },
    "matrix.empty": {"zh": "所选地区和任务类别没有任务。", "en": "No milestones for the chosen region and task family."},
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
    "province.quote": {"zh": "引文（{document}，{clause}）", "en": "Quoted passage ({document}, {clause})"},
    "quote.en_original": {"zh": "英文原文", "en": "Original text (English)"},
    "quote.en_translation": {"zh": "英文译文（收录文本）", "en": "English translation (the bundled text)"},
    "quote.zh_official": {"zh": "中文原文（官方文本）", "en": "Official Chinese text"},
    "quote.zh_bundled": {"zh": "中文原文（收录文本）", "en": "Chinese original (in the bundled text)"},
    "quote.zh_translated": {"zh": "中文译文（本团队翻译）", "en": "Chinese translation (ours)"},
    "province.score": {"zh": "综合得分", "en": "Overall score"},
    "province.score_line": {
        "zh": "综合得分 {score}/100：{rated} 项已评定任务中按计划或已完成的占比，有风险按一半计",
        "en": "Score {score} of 100: share of its {rated} rated milestones on track or achieved, at risk counted half",
    },
    "province.score_none": {"zh": "尚无得分：没有已评定的任务", "en": "No score yet: no rated milestone"},
    "province.score_help": {
        "zh": "每项已评定任务计分：已完成或按计划 1，有风险 0.5，偏离计划或逾期 0；无数据或未开始的任务不计。得分 = 100 × 平均分，涵盖本省全部任务，不受任务类别筛选影响。",
        "en": "Each rated milestone counts: achieved or on track 1, at risk 0.5, off track or overdue 0; milestones with no data or not yet started are left out. Score = 100 × the mean, over all the province's milestones whatever the task-family filter.",
    },
    "province.counts_help": {
        "zh": "下表中各状态的任务数（按当前筛选条件）。",
        "en": "Milestones in the table below by status (with the current filters).",
    },
    "province.table_help": {
        "zh": "最严重的排在最前：逾期、偏离计划、有风险、无数据……再按落后程度。点击列标题可排序；按“状态”排序即按严重程度排序。",
        "en": "Worst first: overdue, off track, at risk, no data, … then by how far behind. Click a header to sort; sorting by Status sorts by severity.",
    },
    "province.detail": {"zh": "所选任务详情", "en": "The chosen milestone in detail"},
    "province.milestone_pick": {"zh": "查看任务", "en": "Milestone shown"},
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
    "province.no_provinces": {
        "zh": "没有可显示的省份（所选地区无省份，或省份表未能载入）。",
        "en": "No province to show (none in the chosen region, or the province table did not load).",
    },
    "compare.no_milestones": {"zh": "没有可比较的任务。", "en": "No milestone to compare."},
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
    "quality.stale_help": {
        "zh": "最后一次报送距截至日期超过 {days} 天。",
        "en": "Last report more than {days} days before the as-of date.",
    },
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
    "col.previous": {"zh": "前值", "en": "Previous"},
    "col.reason": {"zh": "原因", "en": "Reason"},
    "col.superseded": {"zh": "是否生效", "en": "In force"},
    "report.in_force": {"zh": "✔ 生效", "en": "✔ in force"},
    "report.superseded": {"zh": "✖ 已被更正", "en": "✖ superseded"},
    "col.source": {"zh": "来源", "en": "Source"},
    "col.score": {"zh": "得分", "en": "Score"},
    "col.rank": {"zh": "排名", "en": "Rank"},
    "col.clause": {"zh": "条款", "en": "Clause"},
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
    "chart.median_of": {
        "zh": "全国中位数（{n} 个省份，各取截至当日的最新值）",
        "en": "National median ({n} provinces, each at its latest value)",
    },
    "chart.median_hover": {
        "zh": "全国中位数：%{{y:.2f}}（{n_field} 个省份）",
        "en": "National median: %{{y:.2f}} (over {n_field} provinces)",
    },
    "chart.reported_demo": {"zh": "演示数据（非报送）", "en": "Demo data (not reported)"},
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
    # axis titles
    "axis.percent": {"zh": "比例（%）", "en": "Share (%)"},
    "axis.count": {"zh": "数量（个）", "en": "Count"},
    "axis.ratio": {"zh": "比值", "en": "Ratio"},
    "axis.index": {"zh": "指数", "en": "Index"},
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


# --- Issue 4: the Edit milestones, Report progress and Report history pages -------------------
add_strings(
    {
        "nav.input": {"zh": "填报与编辑", "en": "Report and edit"},
        "page.edit_milestones": {"zh": "编辑任务", "en": "Edit milestones"},
        "page.report_progress": {"zh": "填报进展", "en": "Report progress"},
        "page.report_history": {"zh": "填报记录", "en": "Report history"},
        "edit.title": {"zh": "编辑任务文件", "en": "Edit milestone files"},
        "edit.file": {"zh": "任务文件", "en": "Milestone file"},
        "edit.no_files": {
            "zh": "文件夹 {folder} 中没有任务文件（.yaml）：请先添加一个任务类别文件（格式见 docs/data-format.md）。",
            "en": "There are no milestone files (.yaml) in {folder}: add a task-family file first (format in docs/data-format.md).",
        },
        "edit.reload": {"zh": "从磁盘重新载入", "en": "Reload from disk"},
        "edit.unsaved": {
            "zh": "有未保存的修改：{file} 的内容与磁盘上的文件不同。离开本页后修改会保留在本次会话中，但只有点击“保存”才会写入文件。",
            "en": "Unsaved changes: the text of {file} differs from the file on disk. They are kept for this session if you leave the page, but only Save writes them to the file.",
        },
        "edit.tab_yaml": {"zh": "编辑 YAML", "en": "Edit YAML"},
        "edit.tab_new": {"zh": "新增任务", "en": "New milestone"},
        "edit.tab_history": {"zh": "历史版本", "en": "Earlier versions"},
        "edit.text": {"zh": "文件内容（YAML）", "en": "File text (YAML)"},
        "edit.text_help": {
            "zh": "编辑后按 Ctrl+Enter 或点击编辑框外即可检查。",
            "en": "Press Ctrl+Enter or click outside the box to check your edits.",
        },
        "edit.valid": {"zh": "格式有效：{n} 个任务。", "en": "Valid: {n} milestone(s)."},
        "edit.invalid": {"zh": "有 {n} 个问题，修正后才能保存。", "en": "{n} problem(s); fix them before saving."},
        "edit.preview": {"zh": "计划路径预览", "en": "Trajectory preview"},
        "edit.preview_pick": {"zh": "预览任务", "en": "Milestone to preview"},
        "edit.preview_default": {"zh": "默认计划（未含各省调整）", "en": "default plan (without province overrides)"},
        "edit.diff": {"zh": "与已保存文件的差异", "en": "Changes against the saved file"},
        "edit.no_changes": {"zh": "没有未保存的修改。", "en": "No unsaved changes."},
        "edit.save": {"zh": "保存", "en": "Save"},
        "edit.saved": {
            "zh": "已保存 {file}；旧版本保存在 {copy}。",
            "en": "Saved {file}; the previous version is kept as {copy}.",
        },
        "edit.saved_new": {"zh": "已保存 {file}。", "en": "Saved {file}."},
        "edit.refused": {"zh": "未保存：文件有问题。", "en": "Not saved: the file has problems."},
        "edit.ids_in_use": {
            "zh": "不能重命名或删除已有报告的任务编号（报告按编号保存，改名后这些报告将从所有视图中消失）：{ids}。请保留编号，只修改标题等其他字段。",
            "en": "Milestone ids that have reports cannot be renamed or deleted (reports are stored by id and would vanish from every view): {ids}. Keep the id and change its title or other fields instead.",
        },
        "edit.id_used": {"zh": "{id}（{n} 条报告）", "en": "{id} ({n} reports)"},
        "edit.conflict": {
            "zh": "未保存：打开此文件后，其他人已修改并保存了它。请复制您的修改，重新载入文件后再应用。两个版本如下。",
            "en": "Not saved: someone else saved this file after you opened it. Copy your edits, reload the file and apply them again. Both versions are shown below.",
        },
        "edit.conflict_yours": {"zh": "您打开时的版本", "en": "The version you opened"},
        "edit.conflict_disk": {"zh": "磁盘上的当前版本", "en": "The version now on disk"},
        "edit.conflict_mine": {"zh": "您编辑后的文本", "en": "Your edited text"},
        "edit.form_intro": {
            "zh": "新任务将添加到所选文件的任务列表末尾；文件原有内容和注释保持不变。",
            "en": "The new milestone is added at the end of the chosen file's list; the file's existing text and comments stay as they are.",
        },
        "edit.f_id": {"zh": "任务编号（小写字母、数字、-）", "en": "Milestone id (lowercase letters, digits, -)"},
        "edit.f_title_zh": {"zh": "名称（中文）", "en": "Title (Chinese)"},
        "edit.f_title_en": {"zh": "名称（英文）", "en": "Title (English)"},
        "edit.f_document": {"zh": "来源文件", "en": "Source document"},
        "edit.f_clause": {"zh": "条款", "en": "Clause"},
        "edit.f_applies_to": {"zh": "适用省份（不选 = 全部省份）", "en": "Applies to (none chosen = every province)"},
        "edit.f_applies_to_help": {
            "zh": "省级会议部署的任务只适用于该省。",
            "en": "Tasks set by a provincial conference apply to that province only.",
        },
        "edit.f_zh_origin": {"zh": "中文引文来源", "en": "Origin of the Chinese quote"},
        "edit.f_quote_en": {"zh": "引文（英文，逐字摘自收录文本）", "en": "Quote (English, verbatim from the bundled text)"},
        "edit.f_quote_zh": {"zh": "引文（中文）", "en": "Quote (Chinese)"},
        "edit.f_zh_url": {"zh": "官方中文文本网址（仅官方原文）", "en": "Address of the official Chinese text (official only)"},
        "edit.f_evidence_zh": {
            "zh": "佐证材料（中文）：报送单位须提供什么",
            "en": "Evidence (Chinese): what a reporting office must show",
        },
        "edit.f_evidence_en": {"zh": "佐证材料（英文）", "en": "Evidence (English): what a reporting office must show"},
        "edit.f_kind": {"zh": "度量类型", "en": "Measure kind"},
        "edit.f_unit": {"zh": "单位", "en": "Unit"},
        "edit.f_direction": {"zh": "方向", "en": "Direction"},
        "edit.f_ladder": {"zh": "阶段体系（阶段类任务）", "en": "Stage ladder (stage milestones)"},
        "edit.f_ladder_help": {
            "zh": "阶段及其佐证定义见“改革文件”页。",
            "en": "The stages and their evidence are listed on the Sources page.",
        },
        "edit.f_denominator_zh": {
            "zh": "比例的分母（中文，百分比或比值必填）",
            "en": "Denominator (Chinese; required for a percent or ratio)",
        },
        "edit.f_denominator_en": {"zh": "比例的分母（英文）", "en": "Denominator (English; required for a percent or ratio)"},
        "edit.f_cumulative": {"zh": "累计值（不应下降）", "en": "Cumulative (should never fall)"},
        "edit.f_baseline": {"zh": "基线", "en": "Baseline"},
        "edit.f_target": {"zh": "目标", "en": "Target"},
        "edit.f_date": {"zh": "日期", "en": "Date"},
        "edit.f_value": {"zh": "数值或阶段", "en": "Value or stage"},
        "edit.f_value_help": {
            "zh": "数值用小数点；阶段类任务填写阶段编号。",
            "en": "Numbers with a decimal point; for a stage milestone, the stage id.",
        },
        "edit.f_checkpoints_title": {"zh": "检查点", "en": "Checkpoints"},
        "edit.f_checkpoints": {
            "zh": "检查点（每行一个：YYYY-MM-DD, 数值）",
            "en": "Checkpoints (one per line: YYYY-MM-DD, value)",
        },
        "edit.f_basis": {"zh": "依据", "en": "Basis"},
        "edit.f_basis_help": {
            "zh": "文件：数值和日期见所引条款；公开数据：选择出版物；假设：须说明谁、为何假设。",
            "en": "Document: the number and date are in the cited clause; public figure: pick the publication; assumption: say who assumed it and why.",
        },
        "edit.f_publication": {"zh": "出版物（公开数据）", "en": "Publication (public figure)"},
        "edit.f_note_zh": {"zh": "说明（中文；假设时必填）", "en": "Note (Chinese; required for an assumption)"},
        "edit.f_note_en": {"zh": "说明（英文；假设时必填）", "en": "Note (English; required for an assumption)"},
        "kind.number": {"zh": "数值", "en": "Number"},
        "kind.stage": {"zh": "阶段", "en": "Stage"},
        "direction.up": {"zh": "越高越好", "en": "Higher is better"},
        "direction.down": {"zh": "越低越好", "en": "Lower is better"},
        "zh_origin.official": {"zh": "官方中文原文", "en": "Official Chinese text"},
        "zh_origin.bundled": {"zh": "收录文本中的中文原文", "en": "Chinese text in the bundled document"},
        "zh_origin.translated": {"zh": "本团队译文", "en": "Our translation"},
        "unit_name.percent": {"zh": "百分比", "en": "Percent"},
        "unit_name.count": {"zh": "数量", "en": "Count"},
        "unit_name.ratio": {"zh": "比值", "en": "Ratio"},
        "unit_name.index": {"zh": "指数", "en": "Index"},
        "edit.f_responsible": {
            "zh": "责任单位（每行一个：英文 | 中文）",
            "en": "Responsible bodies (one per line: English | Chinese)",
        },
        "edit.f_submit": {"zh": "添加并保存", "en": "Add and save"},
        "edit.f_bad_checkpoint": {
            "zh": "第 {n} 行检查点应为“YYYY-MM-DD, 数值”",
            "en": "checkpoint line {n} should be 'YYYY-MM-DD, value'",
        },
        "edit.added": {"zh": "已添加任务 {id} 并保存 {file}。", "en": "Added milestone {id} and saved {file}."},
        "edit.form_refused": {
            "zh": "未添加：新任务有问题（行号指添加后的文件）。",
            "en": "Not added: the new milestone has problems (lines refer to the file with it added).",
        },
        "edit.form_needs_valid": {
            "zh": "请先修正或重新载入编辑框中的文本，再添加新任务。",
            "en": "Fix or reload the text in the editor before adding a milestone.",
        },
        "edit.no_history": {"zh": "此文件还没有历史版本。", "en": "No earlier versions of this file yet."},
        "edit.history_pick": {"zh": "历史版本", "en": "Earlier version"},
        "col.column": {"zh": "列", "en": "Column"},
        "col.severity": {"zh": "级别", "en": "Severity"},
        "col.sheet": {"zh": "工作表", "en": "Sheet"},
        "col.row": {"zh": "行号", "en": "Row"},
        "report.title": {"zh": "填报进展", "en": "Report progress"},
        "report.province": {"zh": "填报省份", "en": "Reporting for"},
        "report.all": {"zh": "全部省份", "en": "All provinces"},
        "report.step1": {"zh": "1. 下载填报模板", "en": "1. Download the template"},
        "report.step1_help": {
            "zh": "每个任务一行，含最近一次已接收的数值；在黄色列填写新数值、截至日期和来源。",
            "en": "One row per milestone with the last figure accepted; fill the yellow columns with the new value, as-of date and source.",
        },
        "report.download": {"zh": "下载 Excel 模板", "en": "Download the Excel template"},
        "report.step2": {"zh": "2. 上传填好的模板或 CSV 文件", "en": "2. Upload the filled template or a CSV file"},
        "report.upload": {"zh": "Excel（.xlsx）或 CSV（UTF-8 或 GBK）", "en": "Excel (.xlsx) or CSV (UTF-8 or GBK)"},
        "report.checked": {
            "zh": "{name}：{rows} 行可接收，{bad} 行有问题。",
            "en": "{name}: {rows} row(s) can be accepted, {bad} row(s) have problems.",
        },
        "report.problems": {"zh": "问题（按行）", "en": "Problems, row by row"},
        "report.preview": {"zh": "3. 将要添加的数值", "en": "3. Figures to be added"},
        "report.preview_help": {
            "zh": "“更正”表示该数值将取代同一任务、同一截至日期的已有数值；旧数值保留在记录中。",
            "en": "'correction' means the figure supersedes an earlier one for the same milestone and as-of date; the earlier one stays in the history.",
        },
        "report.partial": {
            "zh": "只接收 {rows} 行有效数据，舍弃 {bad} 行有问题的数据",
            "en": "Accept only the {rows} valid row(s) and leave out the {bad} row(s) with problems",
        },
        "report.accept": {"zh": "接收 {rows} 行", "en": "Accept {rows} row(s)"},
        "report.nothing": {
            "zh": "没有可接收的数据，磁盘上没有任何改动。",
            "en": "Nothing can be accepted; nothing on disk has changed.",
        },
        "report.unchanged": {"zh": "在您确认接收之前，磁盘上没有任何改动。", "en": "Nothing on disk changes until you accept."},
        "report.accepted": {
            "zh": "已接收 {rows} 行，保存为 {file}（发送人：{user}）。",
            "en": "Accepted {rows} row(s), stored as {file} (sent by {user}).",
        },
        "report.refused": {"zh": "未保存：{message}", "en": "Not stored: {message}"},
        "report.already_accepted": {
            "zh": "这个文件（内容完全相同）已于 {when} 接收（由 {sender} 发送，原文件名 {name}），不会再次保存。如需更正数值，请修改文件后重新上传。",
            "en": "This very file (the same content) was already accepted on {when} (sent by {sender} as {name}); it is not stored again. To correct a figure, change it in the file and upload that.",
        },
        "report.change.new": {"zh": "新增", "en": "new"},
        "report.change.correction": {"zh": "更正", "en": "correction"},
        "report.change.same figure": {"zh": "与现有数值相同", "en": "same figure"},
        "history.title": {"zh": "填报记录", "en": "Report history"},
        "history.intro": {
            "zh": "曾接收的每个数值，包括被更正取代的数值，以及发送人和接收时间。",
            "en": "Every figure ever accepted, including those superseded by corrections, with who sent it and when.",
        },
        "history.province": {"zh": "省份", "en": "Province"},
        "history.milestone": {"zh": "任务", "en": "Milestone"},
        "history.all": {"zh": "全部", "en": "All"},
        "history.superseded": {"zh": "已被更正取代", "en": "Superseded"},
        "history.corrections_only": {"zh": "只显示有更正的数值", "en": "Only figures with corrections"},
        "history.count": {"zh": "{n} 条记录", "en": "{n} record(s)"},
        "history.download": {"zh": "下载 CSV", "en": "Download CSV"},
        "history.empty": {"zh": "没有符合条件的记录。", "en": "No records match."},
        "col.milestone_id": {"zh": "任务编号", "en": "Milestone id"},
        "col.revisions": {"zh": "更正次数", "en": "Corrections"},
        "col.sender": {"zh": "发送人", "en": "Sent by"},
        "col.received_at": {"zh": "接收时间", "en": "Received"},
        "col.original_name": {"zh": "原文件名", "en": "Original file name"},
        "col.change": {"zh": "类型", "en": "Change"},
        "col.supersedes": {"zh": "取代的数值", "en": "Supersedes"},
        "col.supersedes_reported_at": {"zh": "原数值报送时间", "en": "Superseded figure reported"},
    }
)


# --- Issue 6: sign-in, roles and the audit log -------------------------------------------------
add_strings(
    {
        "nav.admin": {"zh": "管理", "en": "Administration"},
        "page.audit": {"zh": "审计日志", "en": "Audit log"},
        "role.viewer": {"zh": "查看者", "en": "viewer"},
        "role.reporter": {"zh": "填报员", "en": "reporter"},
        "role.planner": {"zh": "规划员", "en": "planner"},
        "role.admin": {"zh": "管理员", "en": "admin"},
        "role.needed.upload": {"zh": "填报员（本省）或管理员", "en": "a reporter (for your province) or an admin"},
        "role.needed.edit_milestones": {"zh": "规划员或管理员", "en": "a planner or an admin"},
        "role.needed.audit": {"zh": "管理员", "en": "an admin"},
        "role.needed.users": {"zh": "管理员", "en": "an admin"},
        "access.denied": {"zh": "无权打开此页面：需要以{role}身份登录。", "en": "You may not open this page: sign in as {role}."},
        "access.sign_in_hint": {"zh": "请在侧栏“登录”中登录。", "en": "Sign in under “Sign in” in the sidebar."},
        "access.page_hidden": {
            "zh": "链接指向的页面“{page}”需要登录并具有相应角色，已打开总览。",
            "en": "The linked page “{page}” needs a signed-in user with the right role; the overview is shown.",
        },
        "access.anonymous_off": {"zh": "请先登录才能查看本仪表板。", "en": "Sign in to see this dashboard."},
        "access.config_unreadable": {
            "zh": "设置文件 config.yaml 中的登录设置无法读取（有错误），因此在管理员修正之前，只有登录用户可以查看。管理员可运行 python -m metrics validate 查看出错位置。",
            "en": "The sign-in settings in config.yaml could not be read (the file has a mistake), so until an administrator fixes it only signed-in users may view. Administrators: python -m metrics validate shows where.",
        },
        "signin.title": {"zh": "登录", "en": "Sign in"},
        "signin.name": {"zh": "用户名", "en": "User name"},
        "signin.password": {"zh": "密码", "en": "Password"},
        "signin.submit": {"zh": "登录", "en": "Sign in"},
        "signin.oidc": {"zh": "通过统一身份认证登录", "en": "Sign in with your organisation"},
        "signin.out": {"zh": "退出登录", "en": "Sign out"},
        "signin.as": {"zh": "已登录：{name}（{roles}）", "en": "Signed in as {name} ({roles})"},
        "signin.provinces": {"zh": "填报省份：{provinces}", "en": "Reports for: {provinces}"},
        "signin.wrong": {"zh": "用户名或密码错误。", "en": "Wrong user name or password."},
        "signin.wait": {
            "zh": "登录失败次数过多，请 {seconds} 秒后再试。",
            "en": "Too many failed sign-ins; try again in {seconds} seconds.",
        },
        "signin.expired": {"zh": "登录已过期，请重新登录。", "en": "Your session has expired; sign in again."},
        "signin.ended": {
            "zh": "登录已失效（账户或密码已更改），请重新登录。",
            "en": "Your sign-in is no longer valid (the account or its password changed); sign in again.",
        },
        "signin.no_key": {
            "zh": "登录未启用：未配置签名密钥（请设置环境变量 VET_DASHBOARD_COOKIE_KEY，至少 32 个字符）。查看功能不受影响。",
            "en": "Sign-in is disabled: no signing key is configured (set VET_DASHBOARD_COOKIE_KEY, at least 32 characters). "
            "Viewing works as before.",
        },
        "signin.no_users": {
            "zh": "登录未启用：尚无用户（用 python -m metrics users add 创建）。",
            "en": "Sign-in is disabled: no users yet (create one with python -m metrics users add).",
        },
        "audit.title": {"zh": "审计日志", "en": "Audit log"},
        "audit.intro": {
            "zh": "每次接收的填报和每次保存的任务文件：谁、何时、什么。日志只追加，从不改写。",
            "en": "Every accepted upload and every milestone save: who, when, what. The log is only ever appended to.",
        },
        "audit.action": {"zh": "操作", "en": "Action"},
        "audit.user": {"zh": "用户", "en": "User"},
        "audit.all": {"zh": "全部", "en": "All"},
        "audit.count": {"zh": "{n} 条记录", "en": "{n} event(s)"},
        "audit.empty": {"zh": "尚无记录。", "en": "No events yet."},
        "audit.download": {"zh": "下载 CSV", "en": "Download CSV"},
        "audit.diff": {"zh": "查看修改内容", "en": "Show a change"},
        "audit.problems": {
            "zh": "日志中有 {n} 行无法读取，已跳过。",
            "en": "{n} line(s) of the log could not be read and were skipped.",
        },
        "audit.col.at": {"zh": "时间", "en": "When"},
        "audit.col.user": {"zh": "用户", "en": "Who"},
        "audit.col.action": {"zh": "操作", "en": "Action"},
        "audit.col.file": {"zh": "文件", "en": "File"},
        "audit.col.rows": {"zh": "行数", "en": "Rows"},
        "audit.col.provinces": {"zh": "省份", "en": "Provinces"},
        "audit.col.original_name": {"zh": "原文件名", "en": "Original file name"},
        "audit.col.detail": {"zh": "详情", "en": "Detail"},
    }
)


# --- Issue 5: exports, report decks and presentation mode ---------------------------------------
add_strings(
    {
        "export.unit": {"zh": "单位", "en": "Unit"},
        "export.source": {"zh": "数据来源", "en": "Source"},
        "export.demo_mark": {"zh": "演示数据 · demo data", "en": "demo data · 演示数据"},
        "export.download": {"zh": "下载", "en": "Download"},
        "export.png": {"zh": "PNG 图片", "en": "PNG"},
        "export.svg": {"zh": "SVG 图片", "en": "SVG"},
        "export.csv": {"zh": "数据 CSV", "en": "Data CSV"},
        "export.xlsx": {"zh": "数据 Excel", "en": "Data XLSX"},
        "export.deck": {"zh": "汇报幻灯片（PPTX）", "en": "Report deck (PPTX)"},
        "export.html": {"zh": "HTML 报告", "en": "HTML report"},
        "export.present": {"zh": "演示模式", "en": "Presentation mode"},
        "export.report_help": {
            "zh": "点击后生成文件（每张图约需半秒至一秒）。",
            "en": "The file is built when you click (about half a second to a second per chart).",
        },
        "export.no_browser": {
            "zh": "无法生成图片（PNG、SVG）和汇报幻灯片：本机没有找到 Chromium 浏览器{where}。请运行 bash scripts/install.sh --browser"
            "（安装 Debian 的 chromium 和中文字体），或将环境变量 BROWSER_PATH 设为 Chromium 程序的路径。CSV、Excel 和 HTML 报告不受影响。",
            "en": "Images (PNG, SVG) and report decks cannot be drawn: no Chromium browser was found on this machine{where}. "
            "Run bash scripts/install.sh --browser (installs Debian's chromium and the CJK fonts), or set BROWSER_PATH "
            "to a Chromium binary. CSV, Excel and HTML reports still work.",
        },
        "export.no_browser_at": {
            "zh": "（BROWSER_PATH 指向的 {path} 不存在或不可执行）",
            "en": " (BROWSER_PATH names {path}, which is missing or not executable)",
        },
        "export.unit_pairs": {"zh": "省份×任务数", "en": "province × milestone pairs"},
        "export.unit_provinces": {"zh": "省份数", "en": "provinces"},
        "export.unit_score": {"zh": "得分（0–100）", "en": "score (0–100)"},
        "export.reports_source": {"zh": "各省进展报送", "en": "provinces' progress reports"},
        "export.plan_source": {"zh": "计划：{document} {clause}", "en": "plan: {document} {clause}"},
        "export.plan_source_assumed": {
            "zh": "计划：{document} {clause}（目标或路径含本团队假设值）",
            "en": "plan: {document} {clause} (target or path partly assumed by the dashboard team)",
        },
        "deck.assumed": {"zh": "其中 {n} 项判定对照假设目标", "en": "{n} verdict(s) judged against an assumed target"},
        "finding.assumed_share": {
            "zh": "其中 {n} 项判定（共 {total} 项）对照的是假设目标。",
            "en": " {n} of these {total} verdicts are against an assumed target.",
        },
        "export.more_sources": {"zh": "等 {n} 个来源", "en": "and {n} more"},
        "deck.nation": {"zh": "全国职业教育改革进展", "en": "Vocational education reform: national progress"},
        "deck.province": {"zh": "{province}职业教育改革进展", "en": "{province}: vocational education reform progress"},
        "deck.milestone": {"zh": "任务进展：{milestone}", "en": "Milestone progress: {milestone}"},
        "deck.subtitle": {"zh": "截至 {date} · 生成于 {made}", "en": "As of {date} · made {made}"},
        "deck.demo_note": {
            "zh": "含演示数据：部分或全部进展数据为虚构，并非官方数字。",
            "en": "Contains demo data: some or all progress figures are invented, not official figures.",
        },
        "deck.sources": {"zh": "来源", "en": "Sources"},
        "deck.documents": {"zh": "改革文件", "en": "Reform documents"},
        "deck.national": {"zh": "全国统计数字（来源与可信度）", "en": "National figures (source and confidence)"},
        "deck.confidence": {"zh": "可信度", "en": "confidence"},
        "deck.finding": {"zh": "结论", "en": "Finding"},
        "deck.figures": {"zh": "数字", "en": "Figures"},
        "deck.charts": {"zh": "图表", "en": "Charts"},
        "deck.link": {"zh": "本页链接", "en": "Link to this slide"},
        "present.previous": {"zh": "上一页", "en": "Previous"},
        "present.next": {"zh": "下一页", "en": "Next"},
        "present.slide": {"zh": "第 {n} / {total} 页", "en": "Slide {n} of {total}"},
        "present.exit": {"zh": "退出演示", "en": "Leave presentation"},
        "present.empty": {"zh": "没有可演示的图表。", "en": "No charts to present."},
        "present.keys": {
            "zh": "翻页：方向键 ← →、PageUp / PageDown（翻页笔）或空格",
            "en": "Keys: ← → arrows, PageUp / PageDown (clickers) or Space",
        },
        # One-line findings, computed from the status table (metrics/compute/findings.py)
        "finding.points": {"zh": "{n}个百分点", "en": "{n} points"},
        "finding.behind": {
            "zh": "{province}在{milestone}上落后计划路径{gap}",
            "en": "{province} is {gap} behind its path on {milestone}",
        },
        "finding.ahead": {
            "zh": "{province}在{milestone}上领先计划路径{gap}",
            "en": "{province} is {gap} ahead of its path on {milestone}",
        },
        "finding.on_path": {"zh": "{province}在{milestone}上与计划路径持平", "en": "{province} is on its path on {milestone}"},
        "finding.stage_behind": {
            "zh": "{province}在{milestone}上处于“{latest}”阶段，计划此时应达“{expected}”",
            "en": "{province} is at “{latest}” on {milestone} where the plan expects “{expected}” by now",
        },
        "finding.stage_level": {
            "zh": "{province}在{milestone}上处于“{latest}”阶段，与计划一致或领先",
            "en": "{province} is at “{latest}” on {milestone}, at or ahead of the plan",
        },
        "finding.assumed": {
            "zh": "此判定对照的是本团队假设的目标或路径，并非文件规定。",
            "en": " This verdict is against a target or path the dashboard team assumed, not one the documents set.",
        },
        "finding.achieved": {
            "zh": "{province}已完成{milestone}的目标（{latest}，目标{target}）。",
            "en": "{province} has reached the target on {milestone} ({latest} against a target of {target}).",
        },
        "finding.overdue": {
            "zh": "{province}在{milestone}上错过{deadline}的期限：现为{latest}，目标{target}",
            "en": "{province} missed the {deadline} deadline on {milestone}: {latest} against a target of {target}",
        },
        "finding.no_data": {"zh": "{province}尚未报送{milestone}的进展。", "en": "{province} has not reported on {milestone}."},
        "finding.not_started": {
            "zh": "{milestone}的基线日期为{date}，尚未开始。",
            "en": "{milestone} starts on {date}; nothing is expected yet.",
        },
        "finding.on_course": {
            "zh": "；按当前进度将于{year}年达到目标，可如期完成。",
            "en": "; at the current pace it reaches the target in {year}, on time.",
        },
        "finding.late_year": {
            "zh": "；按当前进度将于{year}年达到目标，比期限晚1年。",
            "en": "; at the current pace it reaches the target in {year}, a year late.",
        },
        "finding.late_years": {
            "zh": "；按当前进度将于{year}年达到目标，比期限晚{n}年。",
            "en": "; at the current pace it reaches the target in {year}, {n} years late.",
        },
        "finding.late_month": {
            "zh": "；按当前进度将于{year}年达到目标，比期限晚1个月。",
            "en": "; at the current pace it reaches the target in {year}, a month late.",
        },
        "finding.late_months": {
            "zh": "；按当前进度将于{year}年达到目标，比期限晚{n}个月。",
            "en": "; at the current pace it reaches the target in {year}, {n} months late.",
        },
        "finding.not_on_trend": {
            "zh": "；按当前趋势无法达到目标。",
            "en": "; on the current trend it does not reach the target.",
        },
        "finding.count_behind": {
            "zh": "{province}在{milestone}上现为{latest}，计划路径此时应达{expected}",
            "en": "{milestone} in {province}: {latest}, where its path expects {expected} by now",
        },
        "finding.count_ahead": {
            "zh": "{province}在{milestone}上现为{latest}，超过计划路径此时的{expected}",
            "en": "{milestone} in {province}: {latest}, more than the {expected} its path expects by now",
        },
        "finding.stage_next": {
            "zh": "；计划下一步：{date}前达到“{stage}”。",
            "en": "; the plan's next step is “{stage}” by {date}.",
        },
        "finding.end": {"zh": "。", "en": "."},
        "finding.too_few": {"zh": "；报送太少，无法预测。", "en": "; too few reports for a forecast."},
        "finding.province_summary": {
            "zh": "{province}：{rated}项已评估任务中{good}项按计划或已完成，{bad}项偏离计划或逾期；综合得分{score}。",
            "en": "{province}: {good} of {rated} rated milestones on track or achieved, {bad} off track or overdue; score {score}.",
        },
        "finding.ranked": {
            "zh": "{reporting}个报送省份中{good}个按计划或已完成；中位数{median}，应达值{expected}；最落后：{worst}。",
            "en": "{good} of {reporting} reporting provinces are on track or achieved; median {median} against {expected} expected; furthest behind: {worst}.",
        },
        "finding.all_trajectories": {
            "zh": "{reporting}个省份已报送；全国中位数从{first}（{first_date}）变为{last}（{last_date}）。",
            "en": "{reporting} provinces reported; the national median went from {first} ({first_date}) to {last} ({last_date}).",
        },
        "finding.status_counts": {"zh": "{total}个省份中：{parts}。", "en": "Of {total} provinces: {parts}."},
        "finding.count_achieved": {"zh": "已完成{n}个", "en": "{n} achieved"},
        "finding.count_on_track": {"zh": "按计划{n}个", "en": "{n} on track"},
        "finding.count_at_risk": {"zh": "有风险{n}个", "en": "{n} at risk"},
        "finding.count_off_track": {"zh": "偏离计划{n}个", "en": "{n} off track"},
        "finding.count_overdue": {"zh": "逾期{n}个", "en": "{n} overdue"},
        "finding.count_no_data": {"zh": "无数据{n}个", "en": "{n} without data"},
        "finding.count_not_started": {"zh": "尚未开始{n}个", "en": "{n} not started"},
        "finding.distribution": {
            "zh": "最新值从{minimum}到{maximum}；中位省份为{median}，计划此时应达{expected}。",
            "en": "Latest values range from {minimum} to {maximum}; the median province is at {median}, the plan expects {expected} by now.",
        },
        "finding.scores": {
            "zh": "{rated}个省份有评分；最高：{best}（{best_score}），最低：{worst}（{worst_score}）。",
            "en": "{rated} provinces scored; highest: {best} ({best_score}), lowest: {worst} ({worst_score}).",
        },
        "finding.matrix": {
            "zh": "已评估的省份×任务中{share}按计划或已完成；{overdue}项逾期。",
            "en": "{share} of rated province × milestone pairs are on track or achieved; {overdue} are overdue.",
        },
        "finding.families": {
            "zh": "偏离计划或逾期最多的任务类别：{family}（{bad}/{total}）。",
            "en": "The task family with the most pairs off track or overdue: {family} ({bad} of {total}).",
        },
        "finding.none": {"zh": "暂无可评估的数据。", "en": "No rated data yet."},
    }
)

# Document coverage page (issue 11). Document tasks are 事项 in Chinese, to tell them from milestones (任务).
add_strings(
    {
        "page.coverage": {"zh": "文件覆盖", "en": "Document coverage"},
        "coverage.help": {
            "zh": "逐条列出每份改革文件提出的事项：已有任务跟踪的列出任务，未跟踪的说明原因。",
            "en": "Each reform document clause by clause: the tasks each clause sets, with the milestones that track them, or why none does.",
        },
        "coverage.off": {
            "zh": "没有文件覆盖数据：数据文件夹中没有 documents 目录。",
            "en": "No coverage data: the data folder has no documents folder.",
        },
        "coverage.counts": {"zh": "各文件统计", "en": "Counts per document"},
        "coverage.col.document": {"zh": "文件", "en": "Document"},
        "coverage.col.clauses": {"zh": "条款", "en": "Clauses"},
        "coverage.col.tasks": {"zh": "事项", "en": "Tasks"},
        "coverage.col.tracked": {"zh": "已跟踪", "en": "Tracked"},
        "coverage.col.not_tracked": {"zh": "未跟踪", "en": "Not tracked"},
        "coverage.total": {"zh": "合计", "en": "Total"},
        "coverage.problems": {
            "zh": "文件覆盖数据中有 {n} 个问题；以下按现有数据显示。",
            "en": "{n} problem(s) in the coverage data; shown below as the data stands.",
        },
        "coverage.problem_list": {"zh": "问题列表（文件:行:列）", "en": "The problems (file:line:column)"},
        "coverage.filter.document": {"zh": "文件", "en": "Document"},
        "coverage.filter.untracked": {"zh": "只看未跟踪的事项", "en": "Only tasks not tracked"},
        "coverage.document_summary": {
            "zh": "{clauses} 个条款，{tasks} 个事项，其中 {tracked} 个已跟踪、{not_tracked} 个未跟踪。",
            "en": "{clauses} clauses, {tasks} tasks: {tracked} tracked, {not_tracked} not tracked.",
        },
        "coverage.tracked": {"zh": "已跟踪", "en": "Tracked"},
        "coverage.not_tracked": {"zh": "未跟踪", "en": "Not tracked"},
        "coverage.tracked_by": {"zh": "跟踪任务：", "en": "Tracked by:"},
        "coverage.no_reason": {
            "zh": "未说明原因（数据问题，见本页顶部的问题列表）。",
            "en": "No reason given (a data problem, listed at the top of this page).",
        },
        "coverage.no_task": {"zh": "本条没有事项：{note}", "en": "No task: {note}"},
        "coverage.none_shown": {"zh": "没有符合筛选条件的事项。", "en": "No task matches the filter."},
        "coverage.quote": {"zh": "原文：{quote}", "en": "Text: {quote}"},
    }
)

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
