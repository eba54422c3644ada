#!/usr/bin/env bash
# Installs (if needed) everything the tests use, then runs lint and the whole test suite:
# unit tests, Streamlit AppTest page tests, and browser tests in Debian's headless chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --browser
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache
.venv/bin/python -m metrics validate
exec .venv/bin/python -m pytest "$@"
