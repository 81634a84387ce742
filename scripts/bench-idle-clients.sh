#!/usr/bin/env bash
# Idle-clients benchmark of docs/benchmarks.md: one host peer (-Xmx2g, its own redis-server)
# holding CLIENTS joined idle clients, each sending a Keep-alive every 30 s, for DURATION; the
# load generator spreads its connections over SOURCE_ADDRESSES (loopback addresses, each with its
# own ~28,000 ephemeral ports). Prints the Keep-alive latency and the peer's heap after a full GC
# with every client connected, and per client.
#
# Each connection is a file descriptor in the peer and one in the generator: CLIENTS is capped at
# the open-file limit (ulimit -n) less 1,000. 100,000 clients need `ulimit -n` above 101,000 (as
# root: ulimit -n 110000, or LimitNOFILE for a service, nofile in Kubernetes' runtime).
# Build first: make build. Takes about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
limit=$(ulimit -n)
wanted=${CLIENTS:-100000}
clients=$(( wanted < limit - 1000 ? wanted : limit - 1000 ))
sources=${SOURCE_ADDRESSES:-127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5}
duration=${DURATION:-150s}
work=$(mktemp -d -t p2psip-idle.XXXXXX)
redis_port=6402; peer_port=16184; http_port=18182
peer_pid=""; load_pid=""
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1), open-file limit $limit"
[ "$clients" -lt "$wanted" ] && echo "== $wanted clients asked for, $clients possible under the open-file limit"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$work" --logfile "$work/redis.log"
sleep 0.5
HOST_PEER_PORT=$peer_port SERVER_PORT=$http_port REDIS_URL="redis://127.0.0.1:$redis_port" \
  java -Xms2g -Xmx2g -jar "$root/host-peer-service/target/host-peer-service-0.1.0-SNAPSHOT.jar" \
  --p2psip.host-peer.limits.max-connections=$(( clients + 100 )) > "$work/peer.log" 2>&1 &
peer_pid=$!
for _ in $(seq 1 60); do
  curl -s "http://127.0.0.1:$http_port/actuator/health" | grep -q '"status":"UP"' && break
  sleep 1
done

heap_used_mb() {   # used heap after a full GC, in MB
  jcmd "$peer_pid" GC.run >/dev/null
  jcmd "$peer_pid" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' \
    | awk '{ printf "%.1f", $1 / 1024 }'
}
empty=$(heap_used_mb)
echo "== heap after a full GC with no client: $empty MB"

echo "== $clients joined idle clients from $sources, Keep-alive every 30 s, $duration"
"$root/bin/p2psip" load keepalive --peer "127.0.0.1:$peer_port" --clients "$clients" \
  --interval 30s --duration "$duration" --source-addresses "$sources" > "$work/load.out" 2>&1 &
load_pid=$!
joined=0
for _ in $(seq 1 120); do
  joined=$(curl -s "http://127.0.0.1:$http_port/actuator/hostpeer" | grep -oE '"joined":[0-9]+' | cut -d: -f2 || true)
  [ "${joined:-0}" -ge "$clients" ] && break
  sleep 1
done
echo "   joined clients seen by the peer: $joined"
full=$(heap_used_mb)
echo "== heap after a full GC with every client connected: $full MB" \
  "($(awk -v f="$full" -v e="$empty" -v n="$clients" 'BEGIN { printf "%.1f", (f - e) * 1024 / n }') KB per client;" \
  "100,000 clients: about $(awk -v f="$full" -v e="$empty" -v n="$clients" 'BEGIN { printf "%.0f", e + (f - e) * 100000 / n }') MB)"
echo "   peer RSS: $(( $(awk '/VmRSS/ { print $2 }' "/proc/$peer_pid/status") / 1024 )) MB"
wait "$load_pid" || true; load_pid=""
cat "$work/load.out"
