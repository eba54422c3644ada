"""The Excel template a reporting office fills in: one row per milestone, inputs unlocked, a read-me.

The columns a person types into are ``value``, ``as_of``, ``source``, ``flag`` and ``note``; the rest
is context (names, unit, allowed stages, the last figure accepted) and is locked. A hidden sheet
records which province the template is for, so an upload of another province's template is caught.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from metrics.compute.history import current_reports
from metrics.domain.measures import CellRule
from metrics.load.dataset import Dataset

SHEET = "reports"
README_SHEET = "read-me"
STAGES_SHEET = "stages"  # every ladder's stages with the evidence a reporting office shows to claim each
META_SHEET = "template-info"  # hidden; read back by metrics.intake.upload
FORMAT = "vet-reform-report-template/1"
ALL = "all"

# (column id, width, is an input, explanation in English, in Chinese)
COLUMNS: tuple[tuple[str, int, bool, str, str], ...] = (
    ("province", 10, False, "Province (ISO code); do not change", "省份代码，请勿修改"),
    ("milestone", 34, False, "Milestone id; do not change", "任务编号，请勿修改"),
    ("title_zh", 40, False, "Milestone name in Chinese", "任务名称（中文）"),
    ("title_en", 40, False, "Milestone name in English", "任务名称（英文）"),
    ("unit", 10, False, "Unit of the value, or 'stage'", "单位；阶段类任务为 stage"),
    ("stages", 36, False, "Allowed stages, in order (stage milestones)", "可选阶段（按顺序）"),
    ("last_value", 14, False, "Last figure accepted for this province", "最近一次已接收的数值"),
    ("last_as_of", 12, False, "Date the last figure describes", "最近数值的截至日期"),
    ("value", 14, True, "NEW: the figure (a number, or pick a stage)", "填写：数值（数字，或从下拉列表选择阶段）"),
    ("as_of", 12, True, "NEW: date the figure describes, YYYY-MM-DD", "填写：数值的截至日期，YYYY-MM-DD"),
    ("source", 40, True, "NEW: where the figure comes from", "填写：数据来源（文件、发布单位、日期）"),
    ("flag", 12, True, "Optional: estimated, provisional or revised", "可选：estimated / provisional / revised"),
    ("note", 30, True, "Optional: free text", "可选：备注"),
)
INPUTS = tuple(c[0] for c in COLUMNS if c[2])
CONTEXT_COLUMNS = tuple(c[0] for c in COLUMNS if not c[2])
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


def _text(cell: Cell, value: str | float | None) -> None:
    """Set a cell; text that looks like a formula is stored as text, never as a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def template_rows(data: Dataset, province: str) -> pd.DataFrame:
    """The rows of the template: every milestone for one province, or for every mainland province."""
    provinces = list(data.mainland.index) if province == ALL else [province]
    real = data.reports[~data.reports["demo"]] if len(data.reports) else data.reports
    latest = current_reports(real).sort_values("as_of").groupby(["province", "milestone"]).tail(1)
    last = {(r.province, r.milestone): (r.value, r.as_of) for r in latest.itertuples()}
    rows = []
    for code in provinces:
        for m in sorted(data.milestones.values(), key=lambda m: (m.family, m.id)):
            if not m.applies(code):  # another province's conference task: nothing to report here
                continue
            value, as_of = last.get((code, m.id), ("", None))
            rows.append(
                {
                    "province": code,
                    "milestone": m.id,
                    "title_zh": m.title.get("zh", ""),
                    "title_en": m.title.get("en", ""),
                    "unit": m.measure.unit or m.measure.kind,  # a stage milestone's unit column says "stage"
                    "stages": ", ".join(m.measure.choices),
                    "last_value": value,
                    "last_as_of": cast(pd.Timestamp, as_of).strftime("%Y-%m-%d") if as_of is not None else "",
                    "value": "",
                    "as_of": "",
                    "source": "",
                    "flag": "",
                    "note": "",
                }
            )
    return pd.DataFrame(rows, columns=[c[0] for c in COLUMNS])


def _add_validations(ws: Worksheet, rows: pd.DataFrame, data: Dataset) -> None:
    value_col = get_column_letter([c[0] for c in COLUMNS].index("value") + 1)
    by_rule: dict[CellRule, list[str]] = {}  # each measure says what its value cell accepts (a list of stages, a range)
    for offset, mid in enumerate(rows["milestone"]):
        by_rule.setdefault(data.milestones[mid].measure.cell_rule(), []).append(f"{value_col}{offset + 2}")
    for rule in sorted(by_rule, key=lambda r: r.type != "list"):  # the lists first, then the numbers
        dv = DataValidation(
            type=rule.type,
            operator=rule.operator,
            formula1=rule.formula1,
            formula2=rule.formula2,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=rule.error_title,
            error=rule.error,
            showInputMessage=rule.prompt is not None,
            promptTitle=rule.prompt_title,
            prompt=rule.prompt,
        )
        for cell in by_rule[rule]:
            dv.add(cell)
        ws.add_data_validation(dv)
    flag_col = get_column_letter([c[0] for c in COLUMNS].index("flag") + 1)
    dv = DataValidation(type="list", formula1='"estimated,provisional,revised"', allow_blank=True)
    dv.add(f"{flag_col}2:{flag_col}{len(rows) + 1}")
    ws.add_data_validation(dv)


def _readme(wb: Workbook, province: str, generated: dt.datetime) -> None:
    ws = wb.create_sheet(README_SHEET)
    lines = [
        ("职业教育改革进展填报模板 / Vocational-education reform progress template", ""),
        (f"省份 / Province: {province}", f"生成时间 / Generated: {generated:%Y-%m-%d %H:%M}"),
        ("", ""),
        (
            "在“reports”表中每行填写一个新数值：value、as_of、source 必填；flag、note 可选。",
            "In the 'reports' sheet, fill one new figure per row: value, as_of and source are required; flag and note optional.",
        ),
        ("不填写的行会被忽略。灰色列为参考信息，已锁定。", "Rows left empty are ignored. Grey columns are context and locked."),
        (
            "日期格式 YYYY-MM-DD；截至日期不得晚于今天，也不得早于任务基线日期。",
            "Dates as YYYY-MM-DD; the as-of date may not be in the future or before the milestone's baseline.",
        ),
        (
            "更正已报数值：填写相同任务和截至日期的新数值，新数值取代旧数值，旧数值保留在历史中。",
            "To correct a figure, report the same milestone and as-of date again: the new figure supersedes the old, "
            "which stays in the history.",
        ),
        ("公式不会被计算，请直接填写数值。", "Formulas are never evaluated: type the figure itself."),
        ("", ""),
        ("列 / Column", "说明 / Meaning"),
    ]
    lines += [(name, f"{zh} / {en}") for name, _, _, en, zh in COLUMNS]
    for row in lines:
        ws.append(list(row))
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 90


def _stages_sheet(wb: Workbook, data: Dataset, rows: pd.DataFrame) -> None:
    """One line per stage of every ladder the template's stage rows use, with its evidence in both languages."""
    ws = wb.create_sheet(STAGES_SHEET)
    ws.append(["ladder", "stage", "阶段", "stage name", "佐证要求", "evidence required"])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
    used = {data.milestones[m].measure.ladder for m in rows["milestone"]} - {""}  # the ladders of the stage rows
    for ladder in (data.ladders[i] for i in sorted(used) if i in data.ladders):
        for stage in ladder.stages:
            ws.append([ladder.id, stage.id, stage.label["zh"], stage.label["en"], stage.evidence["zh"], stage.evidence["en"]])
    for column, width in zip("ABCDEF", (10, 14, 10, 16, 60, 60), strict=True):
        ws.column_dimensions[column].width = width
    ws.protection.sheet = True


def build_template(data: Dataset, province: str = ALL, now: dt.datetime | None = None) -> bytes:
    """The .xlsx bytes of the template for ``province`` (an ISO code, or ``all``)."""
    if province != ALL and province not in data.provinces.index:
        raise ValueError(f"{province!r} is not a known province (expected an ISO code such as CN-GD, or {ALL})")
    generated = now or dt.datetime.now()
    rows = template_rows(data, province)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    for index, (name, width, _, en, zh) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        cell.comment = Comment(f"{zh}\n{en}", "template")
        ws.column_dimensions[get_column_letter(index)].width = width
    for r, record in enumerate(rows.itertuples(index=False), start=2):
        for c, (name, _, is_input, _, _) in enumerate(COLUMNS, start=1):
            cell = cast(Cell, ws.cell(row=r, column=c))  # a new sheet: no merged cells
            _text(cell, getattr(record, name) or None)
            if is_input:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
                if name == "as_of":
                    cell.number_format = "yyyy-mm-dd"
            else:
                cell.font = Font(color="595959")
    _add_validations(ws, rows, data)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    # Locked header and context; inputs stay editable. No password: this guards against slips, not people.
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    _readme(wb, province, generated)
    _stages_sheet(wb, data, rows)
    meta = wb.create_sheet(META_SHEET)
    for pair in (("format", FORMAT), ("province", province), ("generated", generated.isoformat(timespec="seconds"))):
        meta.append(list(pair))
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
