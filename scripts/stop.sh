#!/usr/bin/env bash
# `make stop`: ends what `make run` started, gracefully (SIGTERM, then SIGKILL after 30 s).
set -uo pipefail
cd "$(dirname "$0")/.."
state=".p2psip-run"
[ -f "$state/pids" ] || { echo "stop: nothing is running"; exit 0; }
tac "$state/pids" | while read -r name pid; do
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "stopped $name ($pid)"
  fi
done
rm -f "$state/pids"
