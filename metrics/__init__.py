"""Milestones, progress reports and the computations behind the vocational-education reform dashboard.

Nothing in this package imports Streamlit: the app in ``dashboard.py`` only lays out what these
modules compute, so every figure and table is testable on its own. The subpackages are layers, each
importing only those below it (checked by ``lint-imports``; see docs/architecture.md):

    cli → export → present | intake → compute | access → load → files → domain
"""
