"""Default limits on what one input may hold, defined once.

``config.yaml``'s ``limits:`` section overrides them (metrics/load/config.py ``Limits``); the YAML reader
(metrics/files/located_yaml.py) and the report reader (metrics/load/report_context.py, reports.py) fall back on
them when they are given no settings. config.yaml's comments state the same defaults.
"""

from __future__ import annotations

MAX_YAML_BYTES = 2_000_000  # a larger milestone, source or ladder file is refused
MAX_CSV_BYTES = 500_000_000  # a larger report file is refused
MAX_CSV_ROWS = 5_000_000  # a report file with more rows is refused
MAX_PROBLEMS_PER_CHECK = 50  # problems listed per check and file; the rest are counted
MAX_UPLOAD_BYTES = 20_000_000  # uploads from the Report progress page and `python -m metrics import`
MAX_UPLOAD_ROWS = 100_000
MAX_UPLOAD_COLUMNS = 100  # checked before parsing: a small file can declare millions of cells
MAX_UPLOAD_CELLS = 200_000
MAX_XLSX_UNCOMPRESSED_BYTES = 100_000_000  # an .xlsx is a zip: checked before opening (zip bomb)
MAX_XLSX_ENTRIES = 2_000
