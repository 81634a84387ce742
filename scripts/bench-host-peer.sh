#!/usr/bin/env bash
# Host-peer benchmarks of docs/benchmarks.md, everything on this machine:
#  1. Get of a cached 200-byte object, 64 connections, p2psip load generator,
#     next to redis-benchmark GET (-c 64 -d 200) against the same Redis, in the same run;
#  2. the same Get load with the in-process near cache off (every Get reaches Redis);
#  3. 10,000 joined idle clients sending a Keep-alive every 30 s: latency, and the peer's heap
#     after a full GC while they are all connected.
# Build first: make build. Takes about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d -t p2psip-bench.XXXXXX)
redis_port=6401; peer_port=16084; http_port=18082
peer_pid=""
cleanup() {
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$work" --logfile "$work/redis.log"
sleep 0.5

start_peer() {
  HOST_PEER_PORT=$peer_port SERVER_PORT=$http_port REDIS_URL="redis://127.0.0.1:$redis_port" \
    java -Xms512m -Xmx512m -jar "$root/host-peer-service/target/host-peer-service-0.1.0-SNAPSHOT.jar" "$@" \
    > "$work/peer.log" 2>&1 &
  peer_pid=$!
  for _ in $(seq 1 60); do
    curl -s "http://127.0.0.1:$http_port/actuator/health" | grep -q '"status":"UP"' && return
    sleep 1
  done
  echo "host peer did not start"; cat "$work/peer.log"; exit 1
}
stop_peer() { kill "$peer_pid"; wait "$peer_pid" 2>/dev/null || true; peer_pid=""; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

echo "== 1. Get, 64 connections, 200-byte object, near cache on (default 1 s)"
start_peer
bin/p2psip load get --peer 127.0.0.1:$peer_port --connections 64 --value-bytes 200 --warmup 10s --duration 30s
echo "== 1b. redis-benchmark GET -c 64 -d 200 against the same Redis"
redis-benchmark -p "$redis_port" -t get -c 64 -d 200 -n 2000000 -q | tr '\r' '\n' | grep -E '^GET: [0-9.]+ requests per second'
stop_peer

echo "== 2. Get, 64 connections, near cache off (every Get is an HGETALL in Redis)"
start_peer --p2psip.host-peer.records.near-cache-ttl=0s
bin/p2psip load get --peer 127.0.0.1:$peer_port --connections 64 --value-bytes 200 --warmup 10s --duration 30s
stop_peer

echo "== 3. 10,000 joined idle clients, Keep-alive every 30 s, 90 s"
start_peer
bin/p2psip load keepalive --peer 127.0.0.1:$peer_port --clients 10000 --interval 30s --duration 90s &
load=$!
sleep 60
curl -s "http://127.0.0.1:$http_port/actuator/hostpeer"; echo
jcmd "$peer_pid" GC.run >/dev/null
echo "heap after a full GC with every client connected:"
jcmd "$peer_pid" GC.heap_info | grep -E 'heap|used' | head -2
wait $load
stop_peer
