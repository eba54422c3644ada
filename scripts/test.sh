#!/usr/bin/env bash
# Installs (if needed) everything the tests use, then runs lint, format, import-contract and type checks and the whole
# test suite: unit tests, Streamlit AppTest page tests, browser tests in Debian's headless chromium, and the store tests
# and two-server tests on a throwaway PostgreSQL (Debian's postgresql, started by the tests in a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --browser --postgresql
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache
.venv/bin/mypy
.venv/bin/python -m metrics validate
exec .venv/bin/python -m pytest "$@"
