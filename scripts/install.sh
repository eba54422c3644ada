#!/usr/bin/env bash
# Installs what the dashboard and its tests need: a virtualenv in .venv with the Python packages,
# with --browser Debian's chromium and CJK fonts for browser tests and image export, and with --postgresql
# Debian's postgresql, whose initdb/pg_ctl the tests start a throwaway server with (the PostgreSQL store, issue
# 15; the dashboard itself needs no database: its default store is the files).
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for option in "$@"; do
  case "$option" in
    --browser)
      command -v chromium >/dev/null 2>&1 || need+=(chromium)
      fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk) ;;
    --postgresql)
      compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql) ;;
  esac
done
if ((${#need[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [[ ! -f $stamp ]]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,bench]"
  touch "$stamp"
fi
