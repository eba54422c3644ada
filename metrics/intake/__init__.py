"""Data coming in: report uploads and their receipts, templates, milestone editing, demo data."""
