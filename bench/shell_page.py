"""A second floor for the browser benchmark: the dashboard's frame with no data, around one plotly chart.

The same kinds of Streamlit elements as dashboard.py puts around every page (a menu of ten pages in
three sections, the sidebar's language radio, date input, two select boxes, caption and sign-in
expander with its form, the demo-data banner and a title), then the bare page's chart. It shows what
the frame itself costs the browser, apart from what a page draws inside it.
"""

import datetime as dt

import plotly.graph_objects as go
import streamlit as st


def content() -> None:
    st.info("Demo data: a banner like the dashboard's.", icon=":material/science:")
    st.title("Frame")
    st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])), width="stretch")


st.set_page_config(page_title="frame", layout="wide")
with st.sidebar:
    st.radio("Language", ["zh", "en"], horizontal=True)
    st.date_input("As-of date", dt.date(2026, 11, 23))
    st.selectbox("Region", ["All", "East", "Central", "West", "Northeast"])
    st.selectbox("Task family", ["All", "teachers", "consortia"])
    st.caption("Copy the address bar to share exactly this view.")
    with st.expander("Sign in", icon=":material/login:"), st.form("sign_in", border=False):
        st.text_input("Name")
        st.text_input("Password", type="password")
        st.form_submit_button("Sign in")
sections = {
    "View": ["overview", "matrix", "province", "milestone", "compare"],
    "Data": ["quality", "sources"],
    "Report and edit": ["report_progress", "report_history", "edit_milestones"],
}
pages = {
    name: [
        st.Page(
            content if key == "overview" else lambda: st.title("other"),
            title=key,
            url_path=key,
            default=key == "overview",
            icon=":material/map:",
        )
        for key in keys
    ]
    for name, keys in sections.items()
}
st.navigation(pages).run()
