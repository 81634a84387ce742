#!/usr/bin/env bash
# The focus's audio benchmarks of docs/benchmarks.md: one focus (p2psip focus serve-local, its
# own JVM) called over SIP by N participants at once (p2psip load audio, another JVM), every call
# sending G.711 every 20 ms; the focus's CPU (read from /proc) and the mixer's added delay, for
# each N in $PARTICIPANTS. Build first: make build. Takes about 30 s per N.
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${PARTICIPANTS:-"10 50 100"}
seconds=${SECONDS_MEASURED:-20}
port=15170
work=$(mktemp -d -t p2psip-bench-audio.XXXXXX)
focus_pid=""
cleanup() {
  [ -n "$focus_pid" ] && kill "$focus_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

P2PSIP_JAVA_OPTS="-Xms256m -Xmx256m" bin/p2psip focus serve-local --sip-port "$port" \
  --uri sip:conf@example.org --max-participants 100000 > "$work/focus.log" 2>&1 &
for _ in $(seq 1 60); do grep -q 'serving at' "$work/focus.log" && break; sleep 0.5; done
grep -q 'serving at' "$work/focus.log" || { cat "$work/focus.log"; exit 1; }
focus_pid=$(pgrep -f "focus serve-local --sip-port $port" | head -1)

echo "focus pid $focus_pid, ${seconds}s measured per run"
for n in $participants; do
  bin/p2psip load audio --focus "sip:conf@127.0.0.1:$port" --participants "$n" \
    --seconds "${seconds}s" --focus-pid "$focus_pid"
done
