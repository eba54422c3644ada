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

from app_pages.common import Context, context
from app_pages.view_cache import no_browser as cached_no_browser
from metrics.domain.i18n import province_name, t
from metrics.domain.model import Milestone
from metrics.export.briefing import Inputs, build_report, plain_title, sources_text
from metrics.export.data import frame_csv, frame_xlsx, reports_data, status_data
from metrics.export.image import ChartMeta, chart_png, chart_svg
from metrics.present.charts import axis_unit
from metrics.present.file_names import download_name, province_slug


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "chart"


def _table(rows: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The data behind a chart as a plain table: reports, status rows, or a province summary."""
    if {"as_of", "number"} <= set(rows.columns):
        return reports_data(rows, ctx.data.provinces, ctx.lang)
    if "status" in rows.columns and "milestone" in rows.columns:
        return status_data(rows, ctx.data.provinces, ctx.data.milestones, ctx.lang)
    out = rows.copy()
    out.insert(0, "province_name", [province_name(ctx.data.provinces, p, ctx.lang) for p in out.index])
    return out.reset_index(names="province")


def chart_meta(fig: go.Figure, rows: pd.DataFrame, unit: str, milestone: Milestone | None = None) -> ChartMeta:
    ctx = context()
    demo = bool(rows["demo"].any()) if "demo" in rows.columns and len(rows) else ctx.data.has_demo
    reports = rows if "source" in rows.columns and "as_of" in rows.columns else pd.DataFrame()
    return ChartMeta(plain_title(fig), unit, sources_text(reports, ctx.lang, milestone, ctx.data), ctx.as_of, ctx.lang, demo)


def chart_downloads(
    key: str, fig: go.Figure, rows: pd.DataFrame, milestone: Milestone | None = None, unit: str = "", province: str = ""
) -> None:
    """PNG, SVG, CSV and XLSX of one chart, in a compact popover under it.

    ``rows``: what the chart shows (status rows, current reports, or the province summary);
    ``unit``: defaults to the milestone's axis unit, else province × milestone pairs;
    ``province``: the one province the chart is about, named in the file names with the milestone.
    """
    ctx = context()
    lang = ctx.lang
    unit = unit or (axis_unit(milestone, lang) if milestone is not None else t("export.unit_pairs", lang))
    meta = chart_meta(fig, rows, unit, milestone)
    parts = [province_slug(ctx.data.provinces, province)] if province else []
    parts += [milestone.id] if milestone is not None else []
    name = download_name(parts if province and milestone is not None else [*parts, key], ctx.as_of)
    table = lambda: _table(rows, ctx)  # noqa: E731 — built only when a data button is clicked
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
        _button(t("export.csv", lang), lambda: frame_csv(table()), f"{name}.csv", "text/csv", f"dl_csv_{key}")
        _button(
            t("export.xlsx", lang),
            lambda: frame_xlsx(table(), _slug(key), about),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"dl_xlsx_{key}",
        )


def _button(label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str, disabled: bool = False) -> None:
    st.download_button(
        label, data=make, file_name=file_name, mime=mime, key=key, on_click="ignore", width="stretch", disabled=disabled
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

    def report():  # type: ignore[no-untyped-def]
        return build_report(Inputs(ctx.data, ctx.status, ctx.summary, ctx.current), scope, subject, lang, ctx.as_of)

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
        )
    with page:
        _button(t("export.html", lang), lambda: report_html(report()), f"{name}.html", "text/html", f"dl_html_{scope}")
    with present:
        st.link_button(t("export.present", lang), presentation_link(scope, subject), icon=":material/slideshow:", width="stretch")
    st.caption(t("export.report_help", lang))
    if no_browser:
        st.warning(no_browser, icon=":material/image_not_supported:")
