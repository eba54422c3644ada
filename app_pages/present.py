"""Presentation mode (``?present=1``): one chart per screen in large type, previous/next, and the
deep link of each slide. Not a page of the menu: dashboard.py hands over to :func:`run_presentation`
before it draws the sidebar, so there are no filters, no navigation and no sidebar.

The slides are the charts of metrics.export.briefing (the same as the report deck): ``page=overview`` the
nation, ``page=province&province=CN-GD`` a province, ``page=milestone&milestone=ID`` a milestone.
``slide=N`` (1-based) is in the address, so a copied link reopens the same slide.
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.parse

import plotly.graph_objects as go
import streamlit as st

from app_pages.access import current_user
from app_pages.common import load_data, load_snapshot, md, stored
from app_pages.parts import rerun_app_if_data_changed, running_alone
from app_pages.timing import timed_run
from metrics.domain.i18n import choose_language, t
from metrics.export.briefing import Report, build_report
from metrics.load.config import Config
from metrics.present.links import View
from metrics.present.slides import wrap_title

# Static CSS only (no data text): hide the sidebar, its toggle and the header; larger type.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
.block-container { padding-top: 0.8rem !important; padding-bottom: 1rem !important; max-width: 100% !important; }
.st-key-present_finding p { font-size: 1.65rem !important; font-weight: 600; line-height: 1.3; margin-bottom: 0; }
.st-key-present_title p { font-size: 1.1rem !important; color: #555; text-align: center; margin-bottom: 0; }
.st-key-present_nav button p { font-size: 1.3rem !important; }
.st-key-present_link code { font-size: 1rem !important; }
</style>
"""
# Navigation and the finding come first, the chart after them: at 1366 × 768 (a common projector) the
# finding and Next were below the fold under a 600 px chart (issue 13, item 7). The chart gets the rest.
SLIDE_HEIGHT = 500
TALL_HEIGHT = 820
PRESENT_FONT = 17
TITLE_CHARS = 70  # a chart title line longer than this at the slide's type size ran past the right edge

# Arrow keys and presentation clickers (which send PageDown/PageUp) move between slides: Streamlit has no
# key events, so this listens on the app's document (components v2 run there, without an iframe) and
# clicks the Next/Previous buttons, so the address and the slide change exactly as with a click.
_slide_keys = st.components.v2.component(
    "vet_present_keys",
    js="""
export default function () {
  if (window.__vetPresentKeys) return;
  window.__vetPresentKeys = true;
  const forward = new Set(["PageDown", "ArrowRight", " ", "Spacebar"]);
  const backward = new Set(["PageUp", "ArrowLeft"]);
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) return;
    const back = backward.has(event.key) || (event.key === " " && event.shiftKey);
    if (!back && !forward.has(event.key)) return;
    const button = document.querySelector(back ? ".st-key-present_previous button" : ".st-key-present_next button");
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  });
}
""",
)


@st.cache_resource(max_entries=8, ttl=3600, show_spinner=False)
def _report(
    path: str,
    signature: tuple[tuple[str, int, int], ...],
    scope: str,
    subject: str,
    lang: str,
    as_of: dt.date,
    documented: bool = False,
) -> Report:
    """The report of this view (kept per server, keyed by the data files' signature: a next click redraws, never recomputes)."""
    return build_report(load_snapshot(path, signature, as_of, documented), scope, subject, lang, as_of)


def scope_of(view: View, default_province: str, default_milestone: str) -> tuple[str, str]:
    """(scope, subject) of the slides a link asks for."""
    if view.page == "province":
        return "province", view.province or default_province
    if view.page == "milestone":
        return "milestone", view.milestone or default_milestone
    return "nation", ""


def slide_number(raw: object, total: int) -> int:
    """The slide from ``?slide=`` (1-based), clamped to the deck; 1 when missing or not a number."""
    try:
        number = int(str(raw))
    except ValueError:
        return 1
    return min(max(number, 1), max(total, 1))


def slide_params(view: View, scope: str, subject: str, lang: str, as_of: dt.date, number: int) -> dict[str, str]:
    params = {"present": "1", "page": "overview" if scope == "nation" else scope, "lang": lang, "as_of": as_of.isoformat()}
    if scope != "nation":
        params[scope] = subject
    params["slide"] = str(number)
    return params


def _go(number: int) -> None:
    st.query_params["slide"] = str(number)


def _big(fig: go.Figure) -> go.Figure:
    """The chart at screen size in larger type (a tall one, the status matrix, keeps its own type size),
    its title broken into lines that fit the slide."""
    out = go.Figure(fig)
    tall = (out.layout.height or 0) > SLIDE_HEIGHT * 1.2
    # A tile map's squares have a fixed size in pixels: squeezed below its own height they overlap.
    tile_map = out.layout.xaxis.visible is False
    out.update_layout(height=TALL_HEIGHT if tall else max(out.layout.height or 0, SLIDE_HEIGHT) if tile_map else SLIDE_HEIGHT)
    if tile_map:
        out.update_layout(font={"size": PRESENT_FONT})
    elif not tall:
        # The legend at the foot of the figure, under the axis title: at the slide's type size, rotated
        # province names reached down into a legend placed just under the plot.
        out.update_layout(
            font={"size": PRESENT_FONT},
            legend={"yref": "container", "y": 0, "yanchor": "bottom"},
            margin={"b": max(out.layout.margin.b or 0, 150)},
        )
    title = out.layout.title.text or ""
    head, sep, rest = title.partition("<br>")
    lines = wrap_title(head, TITLE_CHARS)
    if len(lines) > 1:
        out.update_layout(
            title={"text": "<br>".join(lines) + sep + rest}, margin={"t": (out.layout.margin.t or 80) + 24 * (len(lines) - 1)}
        )
    return out


def run_presentation(config: Config, view: View, path: str, signature: tuple[tuple[str, int, int], ...]) -> None:
    """Draw one slide of presentation mode (the caller stops the script afterwards)."""
    st.markdown(CSS, unsafe_allow_html=True)
    data = load_data(path, signature)
    lang = view.lang or stored("lang") or choose_language(None, st.context.locale, config.language)[0]
    user = current_user(config)
    if not user.can("view") or (user.anonymous and not config.auth.allow_anonymous):
        if config.auth.unreadable:
            st.error(t("access.config_unreadable", lang), icon=":material/lock:")
        st.info(t("access.anonymous_off", lang), icon=":material/lock:")
        return
    as_of = view.as_of or config.as_of_date()
    first_province = data.mainland.index[0] if len(data.mainland) else ""
    scope, subject = scope_of(view, first_province, next(iter(data.milestones), ""))
    report = _report(path, signature, scope, subject, lang, as_of, view.basis == "documented")
    total = len(report.charts)
    if not total:
        st.info(t("present.empty", lang))
        return
    default = "1"
    if view.page == "matrix":  # from the status matrix page: the nation's slides, opened at the matrix
        default = str(next((i + 1 for i, c in enumerate(report.charts) if c.key == "status-matrix"), 1))
    _slide_keys(key="present_keys", height=0)
    _slide(report, view, scope, subject, lang, as_of, default, (config, path, signature))


@st.fragment
def _slide(
    report: Report,
    view: View,
    scope: str,
    subject: str,
    lang: str,
    as_of: dt.date,
    default: str,
    source: tuple[Config, str, tuple[tuple[str, int, int], ...]],
) -> None:
    """One slide with its navigation: Previous and Next (and the keys) rerun this fragment alone, not the
    whole app (issue 16, item 2); a data file changed since the deck was built reruns everything."""
    if not running_alone():
        _draw_slide(report, view, scope, subject, lang, as_of, default)
        return
    started = time.perf_counter()
    rerun_app_if_data_changed(*source)
    with timed_run("present/slide", started):
        _draw_slide(report, view, scope, subject, lang, as_of, default)


def _draw_slide(report: Report, view: View, scope: str, subject: str, lang: str, as_of: dt.date, default: str) -> None:
    total = len(report.charts)
    number = slide_number(st.query_params.get("slide", default), total)
    st.query_params.from_dict(slide_params(view, scope, subject, lang, as_of, number))
    chart = report.charts[number - 1]
    with st.container(key="present_nav"):
        previous, middle, following = st.columns([1, 4, 1], vertical_alignment="center")
        previous.button(
            f"← {t('present.previous', lang)}",
            key="present_previous",
            disabled=number <= 1,
            on_click=_go,
            args=(number - 1,),
            width="stretch",
        )
        following.button(
            f"{t('present.next', lang)} →",
            key="present_next",
            disabled=number >= total,
            on_click=_go,
            args=(number + 1,),
            width="stretch",
        )
        with middle.container(key="present_title"):
            st.markdown(md(f"{report.title} · {t('present.slide', lang, n=number, total=total)}"))
    with st.container(key="present_finding"):
        st.markdown(md(chart.finding))
    # theme=None: the figure's own template and type sizes, not Streamlit's (which would shrink the large type).
    st.plotly_chart(
        _big(chart.figure), key=f"present_chart_{number}", width="stretch", theme=None, config={"displayModeBar": False}
    )
    base = str(st.context.url or "").split("?")[0]
    if base.count("/") == 2:  # "http://host:port" without a path
        base += "/"
    link = base + "?" + urllib.parse.urlencode(slide_params(view, scope, subject, lang, as_of, number))
    with st.container(key="present_link"):
        st.caption(f"{t('present.slide', lang, n=number, total=total)} · {t('deck.link', lang)} · {t('present.keys', lang)}")
        st.code(link, language=None)
