#!/usr/bin/env bash
# Several replicas behind nginx on one PostgreSQL, on this machine (issue 15; docs/deploy.md explains each piece):
#   bash scripts/load-replicas.sh            # the load test: 100 websocket viewers over 2 replicas + 2 reporters
#   bash scripts/load-replicas.sh --serve    # only start the stack: http://127.0.0.1:8600 (test users), Ctrl-C stops
# Extra arguments go to bench/load.py (or bench/replicas.py with --serve), e.g. --sessions 20 --browse 30.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --browser --postgresql
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
fi
if [[ "${1:-}" == "--serve" ]]; then
  shift
  exec .venv/bin/python -m bench.replicas --replicas 2 "$@"
fi
exec .venv/bin/python -m bench.load --replicas 2 --reporters 2 --sessions 100 "$@"
