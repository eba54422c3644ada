#!/usr/bin/env bash
# Installs (if needed) and starts the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# Server settings (no file watcher, no gc after each run) are in .streamlit/config.toml.
exec .venv/bin/streamlit run dashboard.py --server.headless true "$@"
