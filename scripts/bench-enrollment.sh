#!/usr/bin/env bash
# Enrollment benchmark of docs/benchmarks.md: enrollments per second over HTTPS with P-256 keys,
# 16 concurrent clients on keep-alive connections, next to the raw ECDSA P-256 signing rate of
# `openssl speed` measured in the same run. Run twice: with the default password-verifier cost
# (PBKDF2, 210,000 rounds per login) and with a cheap one (1,000), to show the CA's own cost.
# Build first: make build. Takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d -t p2psip-enroll-bench.XXXXXX)
redis_port=6402; port=18443
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$work" --logfile "$work/redis.log"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/tls-key.pem" -out "$work/tls.pem" 2>/dev/null

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | sed -n 1p)"
users=$(seq -f "bench%g@example.org" 1 16 | paste -sd, -)

run() {
  local iterations=$1
  redis-cli -p "$redis_port" flushall >/dev/null
  SERVER_PORT=$port REDIS_URL="redis://127.0.0.1:$redis_port" java -Xmx512m -jar \
    "$root/enrollment-service/target/enrollment-service-0.1.0-SNAPSHOT.jar" \
    --p2psip.enrollment.ca.generate-in="$work/ca" --p2psip.enrollment.operator-token=bench \
    --p2psip.enrollment.accounts.verifier-iterations="$iterations" \
    --server.ssl.bundle=tls "--spring.ssl.bundle.pem.tls.keystore.certificate=file:$work/tls.pem" \
    "--spring.ssl.bundle.pem.tls.keystore.private-key=file:$work/tls-key.pem" \
    --logging.level.p2psip.audit=WARN --logging.level.org.p2psip=WARN > "$work/enroll.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do
    curl -s --cacert "$work/tls.pem" "https://127.0.0.1:$port/actuator/health" | grep -q '"status":"UP"' && break
    sleep 1
  done
  for user in ${users//,/ }; do
    curl -s -o /dev/null --cacert "$work/tls.pem" -H 'Authorization: Bearer bench' \
      -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"bench-password\"}" \
      "https://127.0.0.1:$port/v1/accounts"
  done
  echo "== enrollments over HTTPS, 16 clients, verifier cost $iterations PBKDF2 rounds"
  bin/p2psip load enroll --url "https://127.0.0.1:$port/enroll" --cacert "$work/tls.pem" \
    --user "$users" --password bench-password --warmup 5s --duration 20s
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

run 210000
run 1000
echo "== openssl speed -seconds 3 ecdsap256 (same machine, same run)"
openssl speed -seconds 3 ecdsap256 2>/dev/null | grep -E '^ *256 bits ecdsa'
