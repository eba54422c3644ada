"""Milestones, progress reports and the computations behind the vocational-education reform dashboard.

Nothing in this package imports Streamlit: the app in ``dashboard.py`` only lays out what these
modules compute, so every figure and table is testable on its own.
"""
