#!/usr/bin/env bash
# DisCo registry benchmarks of docs/benchmarks.md, everything on this machine, in one run:
#  1. Fetch of a 50-entry dictionary over HTTP, 32 concurrent clients (p2psip load registry),
#     next to redis-benchmark HGETALL of the same dictionary's hash (-c 32) on the same Redis;
#  2. signed Stores (certificate chain, validity, CRL, ECDSA signature, USER-MATCH, Lua store),
#     16 concurrent clients.
# The overlay CA and the conference certificate are made with openssl for the run.
# Build first: make build. Takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d -t p2psip-bench.XXXXXX)
redis_port=6403; http_port=18083
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

conference=bench@example.org
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -subj "/CN=Bench Overlay CA" -days 2 -out "$work/ca.pem" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$work/conf.key"
openssl req -new -key "$work/conf.key" -subj "/CN=unused" -out "$work/conf.csr"
printf 'subjectAltName=critical,email:%s,URI:reload://0123456789abcdef0123456789abcdef@overlay.example.org/\n' \
  "$conference" > "$work/ext.cnf"
openssl x509 -req -in "$work/conf.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 1 -out "$work/conf.pem" -extfile "$work/ext.cnf" 2>/dev/null

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$work" --logfile "$work/redis.log"
sleep 0.5
SERVER_PORT=$http_port REDIS_URL="redis://127.0.0.1:$redis_port" \
  java -Xms256m -Xmx256m -jar "$root/disco-registry-service/target/disco-registry-service-0.1.0-SNAPSHOT.jar" \
  --p2psip.registry.trust.ca-certificate="file:$work/ca.pem" --p2psip.registry.max-entries-per-kind=128 \
  ${REGISTRY_OPTS:-} \
  > "$work/registry.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  curl -s "http://127.0.0.1:$http_port/actuator/health" | grep -q '"status":"UP"}$' && break
  sleep 1
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
load=(bin/p2psip load registry --url "http://127.0.0.1:$http_port" --conference "$conference"
  --key "$work/conf.key" --cert "$work/conf.pem")
echo "== 1. Fetch of a 50-entry dictionary, 32 connections"
"${load[@]}" --mode fetch --populate 50 --connections 32 --warmup 10s --duration 30s
rid=$(curl -s "http://127.0.0.1:$http_port/v1/resources/$conference/stat" | grep -o '"resourceId":"[0-9a-f]*"' | cut -d'"' -f4)
key="reg:{$rid}:4027389376:data"
echo "   dictionary hash $key: $(redis-cli -p $redis_port hlen "$key") entries, $(redis-cli -p $redis_port memory usage "$key") bytes"
echo "== 1b. redis-benchmark HGETALL of the same hash, 32 connections"
redis-benchmark -p "$redis_port" -c 32 -n 1000000 -q HGETALL "$key" | tr '\r' '\n' | grep -E 'requests per second' | tail -1
# CPU the registry process spends per Store (user + system, from /proc): unlike the rate, not
# inflated by the load generator sharing the cores
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
echo "== 2. signed Stores, 16 connections"
before=$(cpu_ticks)
out=$("${load[@]}" --mode store --connections 16 --warmup 10s --duration 30s)
after=$(cpu_ticks)
echo "$out"
requests=$(printf '%s' "$out" | grep -o 'requests=[0-9]*' | cut -d= -f2)
# ticks cover warm-up and measurement; requests only the measurement: scale by 40/30
awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
  'BEGIN { printf "   registry CPU per Store: %.2f ms\n", t / hz * 1000 / (n * 40 / 30) }'
