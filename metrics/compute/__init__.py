"""Compute: current values, expected paths, forecasts, statuses, summaries, findings and data quality."""
