"""Download buttons under every chart (PNG, SVG, CSV, XLSX) and the report buttons (deck, HTML). Not a page.

Every button gets a callable instead of bytes: Streamlit runs it only when the button is clicked
(``st.download_button`` deferred data), so a page run costs no image rendering (~0.3 s per PNG)
and no spreadsheet writing. ``on_click="ignore"``: a download does not rerun the page.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.common import context
from app_pages.view_cache import no_browser as cached_no_browser
from metrics.domain.i18n import t
from metrics.domain.model import Milestone
from metrics.export.briefing import Report, build_report, plain_title, sources_text
from metrics.export.data import chart_data, frame_csv, frame_xlsx
from metrics.export.image import ChartMeta, chart_png, chart_svg
from metrics.present.charts import axis_unit
from metrics.present.file_names import download_name, province_slug


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "chart"


def chart_meta(fig: go.Figure, rows: pd.DataFrame, table: str, unit: str, milestone: Milestone | None = None) -> ChartMeta:
    """Title, unit, sources, as-of date, language and the demo mark of a chart drawn from ``rows`` (a ``table``)."""
    ctx = context()
    demo = bool(rows["demo"].any()) if table != "summary" and len(rows) else ctx.data.has_demo
    reports = rows if table == "reports" else pd.DataFrame()  # the reports' own sources are named
    return ChartMeta(plain_title(fig), unit, sources_text(reports, ctx.lang, milestone, ctx.data), ctx.as_of, ctx.lang, demo)


def chart_downloads(
    key: str,
    fig: go.Figure,
    rows: pd.DataFrame,
    table: str,
    milestone: Milestone | None = None,
    unit: str = "",
    province: str = "",
) -> None:
    """PNG, SVG, CSV and XLSX of one chart, in a compact popover under it.

    ``rows``: what the chart shows, and ``table`` which table they are (metrics.export.data.CHART_TABLES: status
    rows, current reports, or the province summary);
    ``unit``: defaults to the milestone's axis unit, else province × milestone pairs;
    ``province``: the one province the chart is about, named in the file names with the milestone.
    """
    ctx = context()
    lang = ctx.lang
    unit = unit or (axis_unit(milestone, lang) if milestone is not None else t("export.unit_pairs", lang))
    meta = chart_meta(fig, rows, table, unit, milestone)
    parts = [province_slug(ctx.data.provinces, province)] if province else []
    parts += [milestone.id] if milestone is not None else []
    name = download_name(parts if province and milestone is not None else [*parts, key], ctx.as_of)

    def data() -> pd.DataFrame:  # built on a click
        return chart_data(table, rows, ctx.data.provinces, ctx.data.milestones, lang)

    about = [
        ("title", meta.title),
        ("unit", meta.unit),
        ("as_of", meta.as_of.isoformat()),
        ("source", meta.source),
        ("demo", t("deck.demo_note", lang) if meta.demo else ""),
    ]
    no_browser = cached_no_browser(lang)  # say so before the click: without a browser the image would never come
    with st.popover(t("export.download", lang), icon=":material/download:"):
        _button(
            t("export.png", lang),
            lambda: chart_png(fig, meta),
            f"{name}.png",
            "image/png",
            f"dl_png_{key}",
            disabled=bool(no_browser),
        )
        _button(
            t("export.svg", lang),
            lambda: chart_svg(fig, meta),
            f"{name}.svg",
            "image/svg+xml",
            f"dl_svg_{key}",
            disabled=bool(no_browser),
        )
        if no_browser:
            st.caption(no_browser)
        _button(t("export.csv", lang), lambda: frame_csv(data()), f"{name}.csv", "text/csv", f"dl_csv_{key}")
        _button(
            t("export.xlsx", lang),
            lambda: frame_xlsx(data(), _slug(key), about),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"dl_xlsx_{key}",
        )


def _button(
    label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str, disabled: bool = False, help: str | None = None
) -> None:
    st.download_button(
        label,
        data=make,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        width="stretch",
        disabled=disabled,
        help=help,
    )


def presentation_link(scope: str, subject: str) -> str:
    """The address of presentation mode for this view (relative: the same server). Scope "matrix": the
    nation's slides, opened at the status matrix (presentation mode picks the slide)."""
    ctx = context()
    params = {"present": "1", "page": {"nation": "overview"}.get(scope, scope), "lang": ctx.lang, "as_of": ctx.as_of.isoformat()}
    if scope != "matrix":
        params["slide"] = "1"
    if scope in ("province", "milestone"):
        params[scope] = subject
    if ctx.view.basis == "documented":  # the slides show the verdicts the page shows
        params["basis"] = "documented"
    return "?" + urllib.parse.urlencode(params)


def report_buttons(scope: str, subject: str = "") -> None:
    """'Report deck', 'HTML report' and 'Presentation mode' for the nation, a province or a milestone."""
    from metrics.export.deck import report_deck
    from metrics.export.html import report_html

    ctx = context()
    lang = ctx.lang

    def report() -> Report:
        return build_report(ctx.snapshot, scope, subject, lang, ctx.as_of)

    about = province_slug(ctx.data.provinces, subject) if scope == "province" else subject or "nation"
    name = download_name([about], ctx.as_of, f"-{lang}")
    no_browser = cached_no_browser(lang)  # the deck's slides are PNGs
    deck, page, present = st.columns(3)
    with deck:
        _button(
            t("export.deck", lang),
            lambda: report_deck(report()),
            f"{name}.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            f"dl_deck_{scope}",
            disabled=bool(no_browser),
            help=t("export.report_help", lang),
        )
    with page:
        _button(
            t("export.html", lang),
            lambda: report_html(report()),
            f"{name}.html",
            "text/html",
            f"dl_html_{scope}",
            help=t("export.report_help", lang),
        )
    with present:
        st.link_button(t("export.present", lang), presentation_link(scope, subject), icon=":material/slideshow:", width="stretch")
    # How long a file takes is in the buttons' help, not a line of its own: at 1366 x 768 every line above a page's
    # table or map pushed what the page is for below the fold.
    if no_browser:
        st.warning(no_browser, icon=":material/image_not_supported:")
