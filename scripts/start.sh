#!/usr/bin/env bash
# Installs (if needed) and starts the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
# --browser: Debian's chromium and the CJK fonts. Every PNG/SVG button, report deck and
# `python -m metrics export --format png` draws with that browser, and without the fonts every Chinese
# character is an empty box; a presenter's first command must give them what the dashboard offers.
bash scripts/install.sh --browser
# Server settings (no file watcher, no gc after each run) are in .streamlit/config.toml.
# serve.py runs dashboard.py with the upload guard in front of Streamlit's upload route (issue 12, item 8).
exec .venv/bin/streamlit run serve.py --server.headless true "$@"
