"""Shared by the Edit milestones, Report progress and Report history pages (not a page itself).

These pages take the run's context like every page (app_pages/common.py ``context``), which also serves a page
opened on its own (for example ``AppTest.from_file("app_pages/report_progress.py")``).
"""

from __future__ import annotations

import pandas as pd

from metrics.domain.i18n import t
from metrics.domain.problems import Problem


def problem_table(problems: list[Problem], lang: str, sheet: str = "", letters: bool = False) -> pd.DataFrame:
    """Problems as a table (st.dataframe shows cell text as text, never as markup)."""
    from openpyxl.utils import get_column_letter

    rows = []
    for p in problems:
        column = (get_column_letter(p.column) if letters else str(p.column)) if p.column else ""
        row = {
            t("col.row", lang) if sheet else t("col.line", lang): p.line or "",
            t("col.column", lang): column,
            # a spreadsheet cell is named "cell D2" in the English message's place; here in the reader's language
            t("col.field", lang): t("col.cell", lang, ref=p.field[5:]) if p.field.startswith("cell ") else p.field,
            t("col.message", lang): p.render(lang),
            t("col.severity", lang): t(f"severity.{p.severity}", lang),
        }
        if sheet:
            row = {t("col.sheet", lang): sheet, **row}
        rows.append(row)
    return pd.DataFrame(rows)
