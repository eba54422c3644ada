"""A second floor for the browser benchmarks: the dashboard's frame with no data, around one plotly chart.

The same kinds of Streamlit elements as dashboard.py puts around every page: a menu of twelve pages in
four sections, the sidebar's language radio, as-of date (with the small script that makes Enter apply a
typed date), two select boxes, the documented-only toggle, caption and sign-in panel, the demo-data
banner, the basis caption and a title; then the bare page's chart. It shows what the frame itself costs
the browser, apart from what a page draws inside it (issue 16, items 1 and 3).

``?frame=`` picks a variant (bench/frame.py measures them side by side); without it, the frame as the
dashboard draws it now:

- ``now``: as dashboard.py draws it (the sign-in form sent only once its panel is opened,
  ``st.expander(on_change="rerun")``, adopted for issue 16, item 3);
- ``form-sent``: as it was before: the sign-in form sent with every page, inside a closed expander;
- ``top``: the menu in the top bar (``st.navigation(position="top")``), sections as drop-down menus;
- ``lean``: only the language and the as-of date in the sidebar, the other filters behind a "Filters"
  expander that draws them only when opened;
- ``settings-closed``: every view setting (language, as-of date, filters) behind one "View settings" expander
  that draws them only when opened; the sign-in panel as now;
- ``bare-menu``: only the menu, no sidebar widgets, no banner (what the menu alone costs).
"""

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

VARIANTS = ("now", "form-sent", "top", "lean", "language-only", "settings-closed", "bare-menu")
variant = st.query_params.get("frame", "now")
if variant not in VARIANTS:
    variant = "now"

_enter_applies_dates = st.components.v2.component(
    "bench_enter_applies_dates",
    js="""
export default function () {
  if (window.__benchEnter) return;
  window.__benchEnter = true;
  document.addEventListener("keydown", () => {}, true);
}
""",
)


# ``?content=charts,grids,metrics`` adds that many more plotly charts, data grids and metrics, on trivial data, under the
# frame's chart: a page's heaviest kinds of element at their cheapest, the floor under a page that draws them
# (bench/browser.py's "elements alone" rows; issue 16, item 1).
try:
    extra_charts, extra_grids, extra_metrics = (int(n) for n in st.query_params.get("content", "0,0,0").split(","))
except ValueError:
    extra_charts = extra_grids = extra_metrics = 0


def content() -> None:
    if variant != "bare-menu":
        st.info("Demo data: a banner like the dashboard's.", icon=":material/science:")
        st.caption("1313 verdicts (of 1313) rest on an assumed target or path, marked as such.")
    st.title("Frame")
    if extra_metrics:
        for i, column in enumerate(st.columns(extra_metrics)):
            column.metric(f"Figure {i + 1}", 40 + i)
    st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])), width="stretch")
    for i in range(extra_charts):
        st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[i + 1, 3, 2])), width="stretch", key=f"chart_{i}")
    table = pd.DataFrame({"Province": [f"Province {i}" for i in range(31)], "Value": [i * 1.5 for i in range(31)]})
    for i in range(extra_grids):
        st.dataframe(table, hide_index=True, width="stretch", key=f"grid_{i}")


def sign_in_form() -> None:
    with st.form("sign_in", border=False):
        st.text_input("User name")
        st.text_input("Password", type="password")
        st.form_submit_button("Sign in", type="primary")


def filters() -> None:
    st.selectbox("Region", ["All", "East", "Central", "West", "Northeast"])
    st.selectbox("Task family", ["All", "teachers", "consortia"])
    st.toggle("Only verdicts against documented targets", help="Hides verdicts against an assumed target.")


st.set_page_config(page_title="frame", layout="wide")
if variant != "bare-menu":
    with st.sidebar:
        if variant == "language-only":
            st.radio("语言 · Language", ["zh", "en"], horizontal=True)
            panel = st.expander(
                "As of 23 Nov 2026 · all regions · all tasks", icon=":material/tune:", key="bench_view", on_change="rerun"
            )
            if panel.open:
                with panel:
                    st.date_input("As-of date", dt.date(2026, 11, 23), help="Status as it stood on this date.")
                    _enter_applies_dates(key="bench_enter", height=0)
                    filters()
        elif variant == "settings-closed":
            panel = st.expander("View settings", icon=":material/tune:", key="bench_settings", on_change="rerun")
            if panel.open:
                with panel:
                    st.radio("语言 · Language", ["zh", "en"], horizontal=True)
                    st.date_input("As-of date", dt.date(2026, 11, 23), help="Status as it stood on this date.")
                    _enter_applies_dates(key="bench_enter", height=0)
                    filters()
        else:
            st.radio("语言 · Language", ["zh", "en"], horizontal=True)
            st.date_input("As-of date", dt.date(2026, 11, 23), help="Status as it stood on this date.")
            _enter_applies_dates(key="bench_enter", height=0)
        if variant == "lean":
            panel = st.expander("Filters", icon=":material/filter_list:", key="bench_filters", on_change="rerun")
            if panel.open:
                with panel:
                    filters()
        elif variant not in ("settings-closed", "language-only"):
            filters()
        st.caption("Copy the address bar to share exactly this view.")
        if variant == "form-sent":
            with st.expander("Sign in", icon=":material/login:"):
                sign_in_form()
        else:
            panel = st.expander("Sign in", icon=":material/login:", key="bench_sign_in", on_change="rerun")
            if panel.open:
                with panel:
                    sign_in_form()
sections = {
    "View": ["overview", "matrix", "province", "milestone", "compare"],
    "Data": ["quality", "sources", "coverage"],
    "Report and edit": ["report_progress", "report_history", "edit_milestones"],
    "Administration": ["audit"],
}
pages = {
    name: [
        st.Page(
            content if key == "overview" else lambda: st.title("other"),
            title=key,
            url_path=key,
            default=key == "overview",
            icon=":material/map:",
            visibility="hidden" if key in ("audit", "edit_milestones", "report_progress") else "visible",
        )
        for key in keys
    ]
    for name, keys in sections.items()
}
st.navigation(pages, position="top" if variant == "top" else "sidebar").run()
