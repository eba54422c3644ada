"""Shared by the Edit milestones, Report progress and Report history pages (not a page itself).

Inside the dashboard the run's context holds the data and language; a page opened on its own (for
example ``AppTest.from_file("app_pages/report_progress.py")``) loads the configured data itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_pages.common import CONTEXT_KEY, config_path, context, data_signature, load_data
from metrics.domain.i18n import LANGUAGES, t
from metrics.domain.problems import Problem
from metrics.load.config import Config, load_config
from metrics.load.dataset import Dataset


@dataclass
class PageData:
    config: Config
    data: Dataset
    lang: str


def page_data() -> PageData:
    """The dataset and language of this run; the data is re-read when a file under data/ changes."""
    if CONTEXT_KEY in st.session_state:
        ctx = context()
        return PageData(ctx.data.config, ctx.data, ctx.lang)
    path = config_path()
    config, _ = load_config(path)
    lang = st.query_params.get("lang", config.language)
    return PageData(config, load_data(str(path), data_signature(config, path)), lang if lang in LANGUAGES else "zh")


def problem_table(problems: list[Problem], lang: str, sheet: str = "", letters: bool = False) -> pd.DataFrame:
    """Problems as a table (st.dataframe shows cell text as text, never as markup)."""
    from openpyxl.utils import get_column_letter

    rows = []
    for p in problems:
        column = (get_column_letter(p.column) if letters else str(p.column)) if p.column else ""
        row = {
            t("col.row", lang) if sheet else t("col.line", lang): p.line or "",
            t("col.column", lang): column,
            t("col.field", lang): p.field,
            t("col.message", lang): p.message,
            t("col.severity", lang): p.severity,
        }
        if sheet:
            row = {t("col.sheet", lang): sheet, **row}
        rows.append(row)
    return pd.DataFrame(rows)
