#!/usr/bin/env bash
# Installs (if needed) and starts the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# Server settings (no file watcher, no gc after each run) are in .streamlit/config.toml.
# serve.py runs dashboard.py with the upload guard in front of Streamlit's upload route (issue 12, item 8).
exec .venv/bin/streamlit run serve.py --server.headless true "$@"
