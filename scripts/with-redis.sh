#!/usr/bin/env bash
# Runs a command with a throwaway Redis on a free loopback port, REDIS_URL exported.
# Redis keeps nothing on disk and is stopped when the command ends, whatever its outcome;
# the command's exit status is this script's.
#   scripts/with-redis.sh mvn -B verify
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "with-redis: redis-server is not installed (Debian/Ubuntu: apt-get install -y redis-server)" >&2
  exit 127
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if port_free "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "with-redis: no free port found" >&2; exit 1; }

workdir=$(mktemp -d -t p2psip-redis.XXXXXX)
cleanup() {
  local pid
  pid=$(cat "$workdir/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
  --daemonize yes --pidfile "$workdir/redis.pid" --dir "$workdir" \
  --logfile "$workdir/redis.log" >/dev/null

for _ in $(seq 1 100); do
  if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; then break; fi
  sleep 0.1
done
[ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] || { echo "with-redis: Redis did not start" >&2; cat "$workdir/redis.log" >&2; exit 1; }

export REDIS_URL="redis://127.0.0.1:$port"
echo "with-redis: throwaway Redis at $REDIS_URL"
set +e
"$@"
status=$?
set -e
exit $status
