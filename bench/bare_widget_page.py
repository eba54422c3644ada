"""The floor for in-page changes (bench/interactions.py): a bare Streamlit page whose one select box redraws its one chart.

With BENCH_FIGURES naming a JSON file of {option: plotly figure}, the chart is one of those figures (the
dashboard's own trajectory charts, fetched by the benchmark): the same bare page redrawing the same chart as
the province page, which tells what the chart itself costs from what the page around it does.
"""

import json
import os

import plotly.graph_objects as go
import streamlit as st

SERIES = {"A": [1, 3, 2], "B": [2, 1, 3], "C": [3, 2, 1]}
FIGURES = os.environ.get("BENCH_FIGURES")


@st.cache_resource
def figures(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as file:
        return json.load(file)


options = list(figures(FIGURES)) if FIGURES else list(SERIES)
choice = st.selectbox("Series", options, key="series")
figure = go.Figure(figures(FIGURES)[choice]) if FIGURES else go.Figure(go.Scatter(x=[1, 2, 3], y=SERIES[choice]))
st.plotly_chart(figure, key="chart", width="stretch")
