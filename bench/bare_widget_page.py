"""The floor for in-page changes (bench/interactions.py): a bare Streamlit page whose one select box redraws its one chart."""

import plotly.graph_objects as go
import streamlit as st

SERIES = {"A": [1, 3, 2], "B": [2, 1, 3], "C": [3, 2, 1]}

choice = st.selectbox("Series", list(SERIES), key="series")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=SERIES[choice])), key="chart", width="stretch")
