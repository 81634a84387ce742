#!/usr/bin/env bash
# Host-peer ring benchmark of docs/benchmarks.md, everything on this machine: for rings of 1, 3
# and 5 host peers (each with its own redis-server, -Xmx512m, overlay on the peer port WITHOUT TLS:
# overlay.insecure-development=true), closed-loop routed Puts of new Resource-IDs, then Gets of
# KEYS (10,000) objects put first, through the client protocol over connections spread over the peers'
# client ports (p2psip load records). Every result is printed with its ratio to the ring of 1.
# With --repair (or REPAIR=1) also: put KEYS records into a ring of 4, SIGKILL one peer, and
# time until each of the 3 left holds all of them again (R = 3).
#
# Peer settings for the run: overlay.cache-ttl=0s (every Get is a routed GET, none answered from
# the host peer's cache), records.max-objects-per-client and max-bytes-per-client raised (each
# load connection is one client Node-ID that writes thousands of objects). Ring maintenance keeps
# its defaults (keep-alive 5 s, stabilize 10 s, repair 60 s): with `make run`'s quicker 1 s
# keep-alive, peers overloaded by the benchmark missed three in a row, declared each other dead
# and Gets of acknowledged Puts answered 407 while the ring re-formed.
# Build first: make build (or mvn -pl p2psip-load,p2psip-cli install). Takes about 10 minutes.
#
# Environment: CONNECTIONS (64), VALUE_BYTES (200), WARMUP (10s), DURATION (30s), KEYS (10000),
# SIZES ("1 3 5"; "" for none), REPAIR_WAIT (300 s: how long --repair waits for the copies), HOST_PEER_JAR,
# P2PSIP (the load generator command, default bin/p2psip).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
connections=${CONNECTIONS:-64}; value_bytes=${VALUE_BYTES:-200}; keys=${KEYS:-10000}
warmup=${WARMUP:-10s}; duration=${DURATION:-30s}; sizes=${SIZES-1 3 5}
repair=${REPAIR:-}; [ "${1:-}" = --repair ] && repair=yes
repair_wait=${REPAIR_WAIT:-300}
p2psip=${P2PSIP:-$root/bin/p2psip}
work=$(mktemp -d -t p2psip-ring.XXXXXX)
# a copy: the tree may be rebuilt while the benchmark runs
cp "${HOST_PEER_JAR:-$root/host-peer-service/target/host-peer-service-0.1.0-SNAPSHOT.jar}" "$work/host-peer.jar"

peer_pids=(); redis_ports=(); http_ports=(); client_ports=(); overlay_ports=()
stop_ring() {
  local pid port
  for pid in "${peer_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${peer_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for port in "${redis_ports[@]}"; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done
  peer_pids=(); redis_ports=(); http_ports=(); client_ports=(); overlay_ports=()
}
cleanup() { stop_ring; rm -rf "$work"; }
trap cleanup EXIT
trap "exit 1" INT TERM

next_port=17300
free_port() {   # the next port from next_port on that nothing listens on
  while (echo >"/dev/tcp/127.0.0.1/$next_port") 2>/dev/null; do next_port=$((next_port + 1)); done
  port=$next_port; next_port=$((next_port + 1))
}

start_ring() {   # size: one seed, the others bootstrapping from it
  local size=$1 i port redis http client overlay seed bootstrap
  for i in $(seq 1 "$size"); do
    free_port; redis=$port; free_port; http=$port; free_port; client=$port; free_port; overlay=$port
    redis-server --port "$redis" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
      --dir "$work" --logfile "$work/redis-$redis.log"
    redis_ports+=("$redis"); http_ports+=("$http"); client_ports+=("$client"); overlay_ports+=("$overlay")
    for _ in $(seq 1 50); do [ "$(redis-cli -p "$redis" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
    if [ "$i" = 1 ]; then seed=true; bootstrap=""; else seed=false; bootstrap="127.0.0.1:${overlay_ports[0]}"; fi
    SERVER_PORT=$http REDIS_URL="redis://127.0.0.1:$redis" \
      java -Xms512m -Xmx512m -jar "$work/host-peer.jar" \
      --p2psip.host-peer.port="$client" \
      --p2psip.host-peer.overlay.enabled=true --p2psip.host-peer.overlay.port="$overlay" \
      --p2psip.host-peer.overlay.seed="$seed" --p2psip.host-peer.overlay.bootstrap="$bootstrap" \
      --p2psip.host-peer.overlay.insecure-development=true \
      --p2psip.host-peer.overlay.cache-ttl=0s \
      --p2psip.host-peer.records.max-objects-per-client=100000000 \
      --p2psip.host-peer.records.max-bytes-per-client=100000000000 \
      > "$work/peer-$http.log" 2>&1 &
    peer_pids+=($!)
    # the seed first, so that the others find it
    [ "$i" = 1 ] && wait_ring 1
  done
  wait_ring "$size"
}

json_field() { printf '%s' "$1" | grep -o "\"$2\":[^,]*" | head -1 | cut -d: -f2- | tr -d '"[]{}'; }
wait_ring() {   # every started peer JOINED with min(size-1, 4) successors
  local size=$1 want=$(( $1 - 1 < 4 ? $1 - 1 : 4 )) port body n ok
  for _ in $(seq 1 180); do
    ok=yes
    for port in "${http_ports[@]}"; do
      body=$(curl -s "http://127.0.0.1:$port/actuator/overlay" || true)
      n=$(printf '%s' "$body" | sed -n 's/.*"successors":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' | grep -c . || true)
      { [ "$(json_field "$body" phase)" = JOINED ] && [ "$n" = "$want" ]; } || ok=""
    done
    [ -n "$ok" ] && return 0
    sleep 1
  done
  echo "the ring of $size did not form; logs:"; tail -n 30 "$work"/peer-*.log; exit 1
}

peers_arg() { printf '127.0.0.1:%s' "${client_ports[0]}"; local p; for p in "${client_ports[@]:1}"; do printf ',127.0.0.1:%s' "$p"; done; }
rate() { printf '%s' "$1" | grep -o 'rate=[0-9]*' | cut -d= -f2; }
ring_state() {   # successors and stored Resource-IDs of each peer
  local port body
  for port in "${http_ports[@]}"; do
    body=$(curl -s -m 5 "http://127.0.0.1:$port/actuator/overlay" || true)
    printf '%s/%s ' "$(printf '%s' "$body" | sed -n 's/.*"successors":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' | grep -c . || true)" \
      "$(json_field "$body" storedResourceIds)"
  done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== settings: $connections connections, $value_bytes-byte values, warm-up $warmup, measured $duration, Gets over $keys keys"
declare -A base
for size in $sizes; do
  started=$(date +%s)
  start_ring "$size"
  echo "== ring of $size host peers formed in $(( $(date +%s) - started )) s (client ports ${client_ports[*]})"
  for mode in put get; do
    line=$("$p2psip" load records --mode "$mode" --peers "$(peers_arg)" --connections "$connections" \
      --keys "$keys" --value-bytes "$value_bytes" --warmup "$warmup" --duration "$duration" || true)
    r=$(rate "$line")
    [ -z "${base[$mode]:-}" ] && base[$mode]=$r
    echo "$size peers $line  ratio to the first ring: $(ratio "$r" "${base[$mode]}")"
    echo "   then, per peer, successors/stored Resource-IDs: $(ring_state)"
  done
  echo "   peers' CPU seconds (user+system) over the run: $(for pid in "${peer_pids[@]}"; do
    awk '{ printf "%.0f ", ($14 + $15) / 100 }' "/proc/$pid/stat"; done)"
  stop_ring
done

if [ -n "$repair" ]; then
  echo "== repair: $keys records into a ring of 4, one peer killed (SIGKILL), until each of the 3 left holds all"
  start_ring 4
  line=$("$p2psip" load records --mode fill --peers "$(peers_arg)" --connections "$connections" \
    --keys "$keys" --value-bytes "$value_bytes" || true)
  echo "   $line"
  # a Put answered other than 200 may have left no copy: wait for the others only
  want=$(( keys - $(printf '%s' "$line" | grep -o 'errors=[0-9]*' | cut -d= -f2) ))
  stored() { json_field "$(curl -s "http://127.0.0.1:$1/actuator/overlay")" storedResourceIds; }
  echo "   stored Resource-IDs per peer: $(for p in "${http_ports[@]}"; do printf '%s ' "$(stored "$p")"; done)"
  kill -KILL "${peer_pids[3]}"; wait "${peer_pids[3]}" 2>/dev/null || true
  killed=$(date +%s.%N)
  since() { awk -v a="$killed" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
  for poll in $(seq 1 $(( repair_wait * 2 ))); do
    counts=$(for p in "${http_ports[@]:0:3}"; do printf '%s ' "$(stored "$p")"; done)
    full=yes; for c in $counts; do [ "$c" -ge "$want" ] 2>/dev/null || full=""; done
    [ -n "$full" ] && break
    [ $(( poll % 20 )) = 0 ] && echo "   $(since) s: $counts"
    sleep 0.5
  done
  echo "   after $(since) s: stored Resource-IDs on the 3 left: $counts$([ -n "$full" ] || echo " (not complete after $repair_wait s)")"
  peer_pids=("${peer_pids[@]:0:3}")
  stop_ring
fi
