#!/usr/bin/env bash
# Installs (if needed) and starts the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# No file watcher: saving a .py file while people use the dashboard made sessions unload modules
# others were importing (KeyError / NoneType errors, seen in bench/load.py). Data edits still show
# on the next interaction (the loaders key on the data files' times). Developers who want
# reload-on-save run `.venv/bin/streamlit run dashboard.py` themselves.
exec .venv/bin/streamlit run dashboard.py --server.headless true --server.fileWatcherType none "$@"
