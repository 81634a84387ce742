#!/usr/bin/env bash
# Landmark probe benchmark of docs/benchmarks.md, everything on this machine, in one run:
#  1. latency: one flow (one probe outstanding) to a plain UDP echo, then to the landmark's
#     probe responder; the difference is what the responder adds (p50, p99);
#  2. throughput: 16 flows, closed loop, to the echo and to the responder.
# The landmark's per-source rate limit is raised for the run (every flow comes from 127.0.0.1);
# the limiter still runs on every probe, so its cost is included.
# Build first: make build. Takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d -t p2psip-bench.XXXXXX)
redis_port=6402; probe_port=16090; echo_port=16091; http_port=18084
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$work" --logfile "$work/redis.log"
sleep 0.5

SERVER_PORT=$http_port REDIS_URL="redis://127.0.0.1:$redis_port" \
  java -Xms256m -Xmx256m -jar "$root/landmark-service/target/landmark-service-0.1.0-SNAPSHOT.jar" \
  --p2psip.landmark.id=bench --p2psip.landmark.port=$probe_port \
  --p2psip.landmark.probes-per-second=10000000 --p2psip.landmark.burst=100000 \
  > "$work/landmark.log" 2>&1 &
pids+=($!)
bin/p2psip load udp-echo --port $echo_port > "$work/echo.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -s "http://127.0.0.1:$http_port/actuator/health" | grep -q '"status":"UP"' && break
  sleep 1
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "== 1. latency, 1 flow"
bin/p2psip load probe --target 127.0.0.1:$echo_port --echo --flows 1 --warmup 5s --duration 20s
bin/p2psip load probe --target 127.0.0.1:$probe_port --flows 1 --warmup 5s --duration 20s
echo "== 2. throughput, 16 flows"
bin/p2psip load probe --target 127.0.0.1:$echo_port --echo --flows 16 --warmup 5s --duration 20s
bin/p2psip load probe --target 127.0.0.1:$probe_port --flows 16 --warmup 5s --duration 20s
echo "== landmark counters"
curl -s "http://127.0.0.1:$http_port/actuator/prometheus" | grep '^p2psip_landmark_probes_total' || true
