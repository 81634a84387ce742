#!/usr/bin/env bash
# `make run`: build everything, start Redis and every service as local processes, check that
# they are healthy, and run the scenario this stage of the project supports. Everything keeps
# running afterwards; `make stop` ends it. State and logs live in .p2psip-run/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/.p2psip-run"
version=0.1.0-SNAPSHOT

if [ -f "$state/pids" ]; then
  echo "run: a previous 'make run' is still recorded in $state; stopping it first"
  scripts/stop.sh
fi
mkdir -p "$state/logs"
: > "$state/pids"

step() { printf '\n== %s\n' "$*"; }

started_at=$(date +%s)
step "Building (mvn package, tests skipped: 'make test' runs them)"
mvn -B -ntp -q -DskipTests package

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
require_port() {
  port_free "$1" || { echo "run: port $1 (for $2) is in use; free it or 'make stop'" >&2; exit 1; }
}

if [ -z "${REDIS_URL:-}" ]; then
  command -v redis-server >/dev/null || { echo "run: install redis-server (apt-get install -y redis-server)" >&2; exit 1; }
  redis_port=${P2PSIP_REDIS_PORT:-6390}
  require_port "$redis_port" redis
  step "Starting Redis on 127.0.0.1:$redis_port (append-only file in $state/redis)"
  mkdir -p "$state/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --appendonly yes --dir "$state/redis" \
    --daemonize yes --pidfile "$state/redis/redis.pid" --logfile "$state/logs/redis.log"
  for _ in $(seq 1 50); do [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
  echo "redis $(cat "$state/redis/redis.pid")" >> "$state/pids"
  export REDIS_URL="redis://127.0.0.1:$redis_port"
fi
echo "Redis: $REDIS_URL"

# The enrollment service speaks HTTPS: a development certificate for localhost, made once.
tls="$state/tls"
if [ ! -f "$tls/cert.pem" ]; then
  mkdir -p "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
    -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$tls/key.pem" -out "$tls/cert.pem" 2>/dev/null
  chmod 600 "$tls/key.pem"
fi
enroll_url=https://127.0.0.1:8081
ecurl() { curl -s --cacert "$tls/cert.pem" "$@"; }

# name  port  module  scheme
# The gateway signs the client certificates it forwards with a secret only it and the enrollment
# service know (docs/gateway.md); made once, like the TLS certificate.
if [ ! -f "$state/gateway-secret" ]; then
  (umask 077; openssl rand -hex 32 > "$state/gateway-secret")
fi
export GATEWAY_FORWARDING_SECRET=$(cat "$state/gateway-secret")

# the gateway starts after the enrollment service: it checks client certificates against the
# overlay CA, which the enrollment service creates on its first start
services="enrollment-service:8081:enrollment-service:https
gateway:8080:gateway:https
disco-registry-service:8083:disco-registry-service:http
landmark-1:8084:landmark-service:http
landmark-2:8085:landmark-service:http
landmark-3:8086:landmark-service:http"

step "Starting the services"
while IFS=: read -r name port module scheme; do
  require_port "$port" "$name"
  jar="$root/$module/target/$module-$version.jar"
  extra=()
  if [ "$name" = enrollment-service ]; then
    # development CA generated once into .p2psip-run/data/ca and reused on later runs; it asks
    # the registry before a conference URI is claimed
    extra=(--spring.profiles.active=dev --server.ssl.bundle=enrollment-tls
      "--spring.ssl.bundle.pem.enrollment-tls.keystore.certificate=file:$tls/cert.pem"
      "--spring.ssl.bundle.pem.enrollment-tls.keystore.private-key=file:$tls/key.pem"
      --p2psip.enrollment.registry.url=http://127.0.0.1:8083
      --p2psip.enrollment.document.bootstrap-peers=127.0.0.1:6084,127.0.0.1:6085,127.0.0.1:6086,127.0.0.1:6087
      --p2psip.enrollment.document.landmarks-url=http://127.0.0.1:8084 --p2psip.enrollment.document.landmarks-refresh=5s)
  fi
  if [ "$name" = gateway ]; then
    for _ in $(seq 1 120); do [ -f "$state/data/ca/ca.pem" ] && break; sleep 0.5; done
    [ -f "$state/data/ca/ca.pem" ] || { echo "run: the enrollment service made no CA; see .p2psip-run/logs/enrollment-service.log" >&2; exit 1; }
    # the HTTPS front door (the same development certificate) in front of the services; it asks
    # for (but does not require) a client certificate from the overlay CA
    extra=(--server.ssl.bundle=gateway --server.ssl.client-auth=want
      "--spring.ssl.bundle.pem.gateway.truststore.certificate=file:$state/data/ca/ca.pem"
      "--spring.ssl.bundle.pem.gateway.keystore.certificate=file:$tls/cert.pem"
      "--spring.ssl.bundle.pem.gateway.keystore.private-key=file:$tls/key.pem"
      --p2psip.gateway.enrollment-uri=$enroll_url
      "--spring.cloud.gateway.server.webflux.httpclient.ssl.trusted-x509-certificates=$tls/cert.pem")
  fi
  if [ "$name" = disco-registry-service ]; then
    # the overlay CA and CRL come from the enrollment service over HTTPS (its dev certificate)
    extra=(--p2psip.registry.trust.enrollment-url=$enroll_url
      --p2psip.registry.trust.enrollment-ssl-bundle=enrollment-trust
      "--spring.ssl.bundle.pem.enrollment-trust.truststore.certificate=file:$tls/cert.pem")
  fi
  case "$name" in
    landmark-*)
      # three landmarks on one machine; lm-2 and lm-3 answer probes 8 and 16 ms late (the
      # reply-delay test aid, allowed only in the dev profile) so that their distances differ
      n=${name#landmark-}
      require_port $((6089 + n)) "$name probe port"
      extra=(--spring.profiles.active=dev --p2psip.landmark.id=lm-$n --p2psip.landmark.port=$((6089 + n))
        --p2psip.landmark.reply-delay=$(( (n - 1) * 8 ))ms
        --p2psip.landmark.mesh.measure-interval=2s --p2psip.landmark.mesh.embed-interval=2s
        # every local client probes from 127.0.0.1: a per-source limit for one machine
        --p2psip.landmark.probes-per-second=5000 --p2psip.landmark.burst=2000)
      ;;
  esac
  P2PSIP_DATA="$state/data" SERVER_PORT=$port REDIS_URL=$REDIS_URL nohup java -Xms64m -Xmx256m \
    -jar "$jar" "${extra[@]}" > "$state/logs/$name.log" 2>&1 &
  echo "$name $!" >> "$state/pids"
  printf '  %-24s pid %-7s %s://127.0.0.1:%s  (log: .p2psip-run/logs/%s.log)\n' "$name" "$!" "$scheme" "$port" "$name"
done <<< "$services"

step "Waiting for every service to report UP on /actuator/health"
deadline=$(( $(date +%s) + 180 ))
printf '  %-24s %-8s %s\n' SERVICE STATUS "COMPONENTS"
while IFS=: read -r name port module scheme; do
  body=""
  while [ "$(date +%s)" -lt "$deadline" ]; do
    body=$(curl -s --cacert "$tls/cert.pem" "$scheme://127.0.0.1:$port/actuator/health" || true)
    # the overall status is the last one (components come first)
    status=$(printf '%s' "$body" | grep -o '"status":"[A-Z_]*"' | tail -1 | cut -d'"' -f4 || true)
    [ "$status" = UP ] && break
    sleep 1
  done
  components=$(printf '%s' "$body" | grep -o '"[a-zA-Z]*":{"status":"[A-Z]*"' | sed 's/":{"status":"/=/; s/"//g' | tr '\n' ' ')
  printf '  %-24s %-8s %s\n' "$name" "${status:-DOWN}" "$components"
  if [ "${status:-}" != "UP" ]; then
    echo "run: $name did not become healthy; see .p2psip-run/logs/$name.log" >&2
    exit 1
  fi
done <<< "$services"

# The host peers form the overlay's ring (docs/peer-protocol.md): each has its own Redis, its own
# Node-ID and a host-peer certificate for it from the enrollment service's peer CA (operator API),
# and talks to the others over TLS on its peer port. Clients authenticate by CHAP against the
# accounts the enrollment service keeps in its Redis (auth.accounts-redis-url).
peers_dir="$state/peers"
mkdir -p "$peers_dir"
hp_jar="$root/host-peer-service/target/host-peer-service-$version.jar"
accounts_redis=$REDIS_URL
peer_ca_ready=""
start_host_peer() {   # name http-port client-port peer-port redis-port seed bootstrap
  local name=$1 http=$2 client=$3 peer=$4 redis=$5 seed=$6 bootstrap=$7 dir="$peers_dir/$1"
  mkdir -p "$dir"
  for port in "$http" "$client" "$peer" "$redis"; do require_port "$port" "$name"; done
  redis-server --port "$redis" --bind 127.0.0.1 --appendonly yes --dir "$dir" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$state/logs/$name-redis.log"
  for _ in $(seq 1 50); do [ "$(redis-cli -p "$redis" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
  echo "$name-redis $(cat "$dir/redis.pid")" >> "$state/pids"
  if [ -z "$peer_ca_ready" ]; then
    ecurl "$enroll_url/v1/peer-ca" > "$peers_dir/peer-ca.pem"
    peer_ca_ready=yes
  fi
  # made once and kept: the Node-ID is the operator's choice, the key never leaves this directory
  if [ ! -s "$dir/chain.pem" ] || ! openssl x509 -in "$dir/chain.pem" -noout -checkend 86400 >/dev/null 2>&1; then
    openssl rand -hex 16 > "$dir/node-id"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj / \
      -keyout "$dir/key.pem" -out "$dir/csr.pem" 2>/dev/null
    chmod 600 "$dir/key.pem"
    local code
    code=$(ecurl -o "$dir/chain.pem" -w '%{http_code}' -H 'Authorization: Bearer dev-operator-token' \
      -H 'Content-Type: application/x-pem-file' --data-binary @"$dir/csr.pem" \
      "$enroll_url/v1/operator/peer-certificates?node-id=$(cat "$dir/node-id")")
    [ "$code" = 200 ] || { echo "run: the peer CA refused $name: HTTP $code $(cat "$dir/chain.pem")" >&2; rm -f "$dir/chain.pem"; exit 1; }
  fi
  SERVER_PORT=$http REDIS_URL="redis://127.0.0.1:$redis" nohup java -Xms64m -Xmx256m -jar "$hp_jar" \
    --p2psip.host-peer.port="$client" --p2psip.host-peer.peer-id="$(cat "$dir/node-id")" \
    --p2psip.host-peer.auth.mode=CHAP --p2psip.host-peer.auth.accounts-redis-url="$accounts_redis" \
    --p2psip.host-peer.overlay.enabled=true --p2psip.host-peer.overlay.port="$peer" \
    --p2psip.host-peer.overlay.seed="$seed" --p2psip.host-peer.overlay.bootstrap="$bootstrap" \
    --p2psip.host-peer.overlay.keepalive-interval=1s --p2psip.host-peer.overlay.stabilize-interval=2s \
    --p2psip.host-peer.overlay.repair-interval=10s \
    "--spring.ssl.bundle.pem.host-peer-overlay.keystore.certificate=file:$dir/chain.pem" \
    "--spring.ssl.bundle.pem.host-peer-overlay.keystore.private-key=file:$dir/key.pem" \
    "--spring.ssl.bundle.pem.host-peer-overlay.truststore.certificate=file:$peers_dir/peer-ca.pem" \
    > "$state/logs/$name.log" 2>&1 &
  disown   # the ring demo kills one with SIGKILL: no job notice from bash
  echo "$name $!" >> "$state/pids"
  printf '  %-12s pid %-7s Node-ID %s  client 127.0.0.1:%s  peer port %s (TLS)  Redis :%s  http://127.0.0.1:%s\n' \
    "$name" "$!" "$(cut -c1-8 "$dir/node-id")" "$client" "$peer" "$redis" "$http"
}
overlay_json() { curl -s "http://127.0.0.1:$1/actuator/overlay" || true; }
json_field() { printf '%s' "$1" | grep -o "\"$2\":[^,]*" | head -1 | cut -d: -f2- | tr -d '"[]{}'; }
show_ring() {   # http ports of the peers to show
  local port body
  printf '  %-10s %-8s %-9s %-10s %-10s %s\n' NODE-ID PHASE STATUS PREDEC. SUCCESSOR "RESOURCE-IDS STORED"
  for port in "$@"; do
    body=$(overlay_json "$port")
    printf '  %-10s %-8s %-9s %-10s %-10s %s\n' "$(json_field "$body" nodeId | cut -c1-8)" \
      "$(json_field "$body" phase)" "$(json_field "$body" status)" \
      "$(json_field "$body" predecessors | cut -c1-8)" "$(json_field "$body" successors | cut -c1-8)" \
      "$(json_field "$body" storedResourceIds)"
  done
}
wait_ring() {   # size, then the http ports: every peer joined with size-1 successors (up to S = 4)
  local size=$1; shift
  local want=$(( size - 1 < 4 ? size - 1 : 4 )) port body n ok
  for _ in $(seq 1 240); do
    ok=yes
    for port in "$@"; do
      body=$(overlay_json "$port")
      n=$(printf '%s' "$body" | sed -n 's/.*"successors":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' | grep -c . || true)
      { [ "$(json_field "$body" phase)" = JOINED ] && [ "$n" = "$want" ]; } || ok=""
    done
    [ -n "$ok" ] && return 0
    sleep 1
  done
  echo "run: the ring did not form; see .p2psip-run/logs/host-peer-*.log" >&2
  exit 1
}

step "The host-peer ring: three host peers, each with its own Redis and a peer certificate from the peer CA"
start_host_peer host-peer-1 8082 6084 6094 6391 true ""
start_host_peer host-peer-2 8087 6085 6095 6392 false 127.0.0.1:6094,127.0.0.1:6096
start_host_peer host-peer-3 8088 6086 6096 6393 false 127.0.0.1:6094,127.0.0.1:6095
ring_started=$(date +%s)
wait_ring 3 8082 8087 8088
echo "  the ring formed in $(( $(date +%s) - ring_started )) s (curl http://127.0.0.1:8082/actuator/overlay):"
show_ring 8082 8087 8088

step "A user enrols at the overlay CA over HTTPS (RFC 6940 11.3: multipart POST of user, password, CSR)"
enroll_dir="$state/alice"
mkdir -p "$enroll_dir"
# the wrong-password demo below counts as a failed login; forget earlier runs' failures so that
# running the scenario again and again never locks alice out
redis-cli -u "$REDIS_URL" DEL 'enroll:fail:user:{alice@example.org}' >/dev/null
ecurl -o /dev/null -w '  operator creates alice@example.org: HTTP %{http_code} (409: kept from an earlier run)\n' \
  -H 'Authorization: Bearer dev-operator-token' -H 'Content-Type: application/json' \
  -d '{"username":"alice@example.org","password":"alice-secret-1"}' "$enroll_url/v1/accounts"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj / \
  -keyout "$enroll_dir/key.pem" -outform DER -out "$enroll_dir/csr.der" 2>/dev/null
chmod 600 "$enroll_dir/key.pem"
status=$(ecurl -o "$enroll_dir/cert.der" -w '%{http_code}' -H 'Accept: application/pkix-cert' \
  -F username=alice@example.org -F password=alice-secret-1 -F nodeids=2 \
  -F "csr=@$enroll_dir/csr.der;type=application/pkcs10" "$enroll_url/enroll")
echo "  enrollment: HTTP $status, certificate in $enroll_dir/cert.der"
openssl x509 -inform DER -in "$enroll_dir/cert.der" -noout -subject -serial -enddate -ext subjectAltName \
  | sed 's/^/    /'
ecurl "$enroll_url/v1/ca" > "$enroll_dir/ca.pem"
openssl x509 -inform DER -in "$enroll_dir/cert.der" -out "$enroll_dir/cert.pem"
printf '  openssl verify: '; openssl verify -CAfile "$enroll_dir/ca.pem" "$enroll_dir/cert.pem"
ecurl "$enroll_url/.well-known/reload-config" > "$state/reload-config.xml"
echo "  overlay configuration: $(grep -o 'sequence="[0-9]*"' "$state/reload-config.xml"), $(grep -c '<bootstrap-node' "$state/reload-config.xml") bootstrap peer(s), signed: $(grep -c '<signature' "$state/reload-config.xml")  ($state/reload-config.xml)"
wrong=$(ecurl -H 'Accept: application/pkix-cert' -F username=alice@example.org -F password=wrong \
  -F "csr=@$enroll_dir/csr.der;type=application/pkcs10" "$enroll_url/enroll")
echo "  with a wrong password: HTTP 403 \"$wrong\""

step "Landmarks measure each other and publish coordinates; a client computes its own"
landmarks_ready=""
for _ in $(seq 1 60); do
  doc=$(curl -s http://127.0.0.1:8084/v1/landmarks || true)
  # three landmarks, every pair measured (no null in the RTT matrix)
  if [ "$(printf '%s' "$doc" | grep -o '"id":"lm-[0-9]"' | wc -l)" = 3 ] && ! printf '%s' "$doc" | grep -q null; then
    landmarks_ready=yes; break
  fi
  sleep 1
done
[ -n "$landmarks_ready" ] || { echo "run: the landmarks did not publish coordinates; see .p2psip-run/logs/landmark-*.log" >&2; exit 1; }
echo "  published: $(printf '%s' "$doc" | grep -o '"version":[0-9]*,"dimensions":[0-9]*' | tr -d '"'), computed by $(printf '%s' "$doc" | grep -o '"computedBy":"[^"]*"' | cut -d'"' -f4)  (curl http://127.0.0.1:8084/v1/landmarks)"
echo "  (lm-2 and lm-3 answer 8 and 16 ms late: simulated distance on one machine)"
bin/p2psip coords --landmarks http://127.0.0.1:8084

step "A conference: alice creates it (registry Stat, conference certificate, signed focus registration)"
conference="sip:team-$(date +%s)@example.org"
bin/p2psip conference create --uri "$conference" --user alice@example.org --password alice-secret-1 \
  --focus sip:alice@127.0.0.1:5071 --landmarks http://127.0.0.1:8084 \
  --cacert "$tls/cert.pem" --dir "$state/conferences"
echo "  anyone fetches it and checks every entry (signature, user name, overlay CA):"
bin/p2psip conference show --uri "$conference" --overlay-ca "$enroll_dir/ca.pem" | sed 's/^/  /'
echo "  Stat: $(curl -s "http://127.0.0.1:8083/v1/resources/$conference/stat" | grep -o '"available":[a-z]*')"
printf '  creating it again: '
bin/p2psip conference create --uri "$conference" --user alice@example.org --password alice-secret-1 \
  --focus sip:alice@192.0.2.10 --coordinate 0,0 --cacert "$tls/cert.pem" --dir "$state/conferences" 2>&1 || true

step "More users enrol; three foci serve the conference over SIP; participants call the closest"
export P2PSIP_HOME="$state/home"
for user in bob carol dave grace; do
  ecurl -o /dev/null -H 'Authorization: Bearer dev-operator-token' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user@example.org\",\"password\":\"$user-secret-1\"}" "$enroll_url/v1/accounts"
  bin/p2psip enroll --server https://127.0.0.1:8080 --cacert "$tls/cert.pem" \
    --user "$user@example.org" --password "$user-secret-1" | sed 's/^/  /'
done
node_id() {
  bin/p2psip enroll --server https://127.0.0.1:8080 --cacert "$tls/cert.pem" --json \
    --user "$1@example.org" --password "$1-secret-1" | sed -n 's/.*"nodeIds":\["\([0-9a-f]*\)".*/\1/p'
}
bob_id=$(node_id bob)
carol_id=$(node_id carol)
conference_dir="$state/conferences/${conference#sip:}"
landmarks_doc=$(curl -s http://127.0.0.1:8084/v1/landmarks)
landmark_xy() { printf '%s' "$landmarks_doc" | sed -n "s/.*\"id\":\"$1\"[^]]*\"coordinate\":\\[\\([^]]*\\)\\].*/\\1/p"; }
near2=$(landmark_xy lm-2)
far=$(landmark_xy lm-3)
alice_xy=$(bin/p2psip conference show --uri "$conference" --json | sed -n 's/.*"coordinate":\[\([^]]*\)\].*/\1/p')
# Three foci, each its own process: a SIP agent (UDP and TCP, and TLS with the conference's overlay
# certificate) answering calls, a DISCO-REGISTRATION with its SIP URI, an RTT probe responder, and
# subscriptions to the other foci (DisCo 5.1, 5.3), which run over mutual TLS.
# alice's focus serves the conference key's own entry; bob was given the key by alice (DisCo's
# way); carol serves without it, through a delegation alice signs for carol's own certificate
# (at most 24 h; carol writes only her own entry, with her own key: docs/protocol-notes.md).
# bob's and carol's foci sit "near lm-3" and "near lm-2": the same simulated access delays.
serve_focus() { # name sip-port probe-port coordinate reply-delay, then how it holds its rights
  local name=$1 sip=$2 probe=$3 xy=$4 delay=$5; shift 5
  nohup bin/p2psip focus serve --uri "$conference" "$@" --name "$name" \
    --sip-port "$sip" --probe-port "$probe" --coordinate "$xy" --probe-reply-delay "$delay" \
    --discovery 1s --overlay-ca "$enroll_dir/ca.pem" > "$state/logs/focus-$name.log" 2>&1 &
  echo "focus-$name $!" >> "$state/pids"
  disown  # one is killed below on purpose: no job-control notice for it
}
bin/p2psip conference delegate --conference-dir "$conference_dir" --to-user carol@example.org \
  --valid 2h --out "$state/carol-delegation.pem" | tee "$state/delegation.txt" | sed 's/^/  /'
serve_focus alice 5071 6101 "$alice_xy" 0ms --conference-dir "$conference_dir"
serve_focus bob 5072 6102 "$far" 16ms --conference-dir "$conference_dir" --key-id "$bob_id"
serve_focus carol 5073 6103 "$near2" 8ms --delegation "$state/carol-delegation.pem" \
  --as-user carol@example.org
for name in alice bob carol; do
  for _ in $(seq 1 60); do grep -q 'serving at' "$state/logs/focus-$name.log" && break; sleep 1; done
  grep -q 'serving at' "$state/logs/focus-$name.log" || { echo "run: focus $name did not start; see $state/logs/focus-$name.log" >&2; exit 1; }
  echo "  $(grep 'serving at' "$state/logs/focus-$name.log")"
done
bin/p2psip conference watch --uri "$conference" --count 1 > "$state/watch.log" 2>&1 &
watcher=$!
echo "  five participants join, each calling the focus closest to it (INVITE with its coordinate);"
echo "  dave and grace are enrolled: they call over mutual TLS with their overlay certificates;"
echo "  each sends a tone of its own on its call (dave 440 Hz, erin 550, frank 660, grace 770, heidi 880)"
call() { # name, tone, then the coordinate options
  local name=$1 tone=$2; shift 2
  nohup bin/p2psip conference join --uri "$conference" --as "sip:$name@example.org" "$@" \
    --tone "$tone" --duration 120s --overlay-ca "$enroll_dir/ca.pem" > "$state/call-$name.txt" 2>&1 &
  echo "participant-$name $!" >> "$state/pids"
}
call dave 440 --coordinate "$far" --shortlist 1 --profile dave@example.org
call erin 550 --coordinate "$near2" --shortlist 1
call frank 660 --landmarks http://127.0.0.1:8084
call grace 770 --coordinate "$alice_xy" --shortlist 1 --profile grace@example.org
call heidi 880 --coordinate "$far" --shortlist 1
for name in dave erin frank grace heidi; do
  for _ in $(seq 1 90); do grep -q 'in a call with' "$state/call-$name.txt" && break; sleep 1; done
  grep -q 'in a call with' "$state/call-$name.txt" || { echo "run: $name is not in a call; see $state/call-$name.txt" >&2; exit 1; }
  echo "  $name: $(grep -o 'in a call with [^ ]* ' "$state/call-$name.txt")(chosen $(awk '/<- chosen/ {print "by coordinate " $3 " ms" ($4 == "-" ? "" : ", probed " $4 " ms")}' "$state/call-$name.txt"))"
done
echo "  the conference state as every focus holds it (read over SIP by a watcher of each focus):"
agreed_after=""
for attempt in $(seq 1 15); do
  if bin/p2psip conference status --uri "$conference" > "$state/status.txt" 2>&1; then
    agreed_after=$attempt; break
  fi
  sleep 1
done
grep -v -e ' WARN ' -e ' INFO ' "$state/status.txt" | sed 's/^/  /'
[ -n "$agreed_after" ] && [ "$agreed_after" -gt 1 ] && echo "  (the foci agreed at the ${agreed_after}th reading)"
pid_of() { awk -v n="$1" '$1 == n {print $2}' "$state/pids"; }
echo "  carol's focus is killed (SIGKILL); erin, in a call with it, finds it gone and joins again (DisCo 4.6):"
killed_at=$(date +%s%N)
kill -KILL "$(pid_of focus-carol)" 2>/dev/null || true
for _ in $(seq 1 60); do grep -q 'back in the conference' "$state/call-erin.txt" && break; sleep 0.5; done
echo "    erin: $(grep -o 'back in the conference.*' "$state/call-erin.txt" | head -1) ($(( ($(date +%s%N) - killed_at) / 1000000 )) ms after the kill, at most)"
echo "  bob's focus leaves (SIGTERM): it deletes its registration and hands its participants to the closest remaining focus (REFER):"
kill -TERM "$(pid_of focus-bob)" 2>/dev/null || true
for _ in $(seq 1 60); do grep -q '^left ' "$state/logs/focus-bob.log" && break; sleep 0.5; done
echo "    bob's focus: $(grep '^left ' "$state/logs/focus-bob.log" || echo 'did not report leaving')"
for attempt in $(seq 1 15); do
  bin/p2psip conference status --uri "$conference" > "$state/status-after.txt" 2>&1 && break
  sleep 1
done
grep -v -e ' WARN ' -e ' INFO ' "$state/status-after.txt" | sed 's/^/  /'
echo "  the foci mix their participants' audio and relay it to each other; before hanging up, each"
echo "  participant reports the tones it heard in its last second (everyone's but its own):"
sleep 2
echo "  the participants hang up (BYE):"
for name in dave erin frank grace heidi; do
  pid=$(awk -v n="participant-$name" '$1 == n {print $2}' "$state/pids")
  kill -TERM "$pid" 2>/dev/null || true
done
for name in dave erin frank grace heidi; do
  for _ in $(seq 1 30); do grep -q 'hung up' "$state/call-$name.txt" && break; sleep 0.5; done
done
sleep 1
for name in dave erin frank grace heidi; do
  echo "    $name: $(grep -o 'heard [0-9]* RTP packets.*' "$state/call-$name.txt" | tail -1)"
done
echo "  $(grep -c 'hung up' "$state/call-"*.txt | awk -F: '$2 > 0' | wc -l) of 5 hung up; alice's focus now holds: $(grep 'roster:' "$state/logs/focus-alice.log" | tail -1 | sed 's/^[0-9:]* //')"
carol_xy=$(bin/p2psip coords --json | sed -n 's/.*"coordinate":\[\([^]]*\)\].*/\1/p')
echo "  alice's focus leaves; a participant of hers (here: frank's coordinate) would go to the closest remaining focus:"
kill -TERM "$(awk '$1 == "focus-alice" {print $2}' "$state/pids")" 2>/dev/null || true
bin/p2psip conference leave --uri "$conference" --conference-dir "$conference_dir" \
  --participant "frank=$carol_xy" --overlay-ca "$enroll_dir/ca.pem" | tee "$state/leave.txt" | sed 's/^/  /'
wait "$watcher" || true
echo "  a watcher of the conference saw: $(grep -v -e present -e ready "$state/watch.log" | tr -s ' ')"
bin/p2psip conference show --uri "$conference" --overlay-ca "$enroll_dir/ca.pem" | sed 's/^/  /'

step "The HTTPS gateway (127.0.0.1:8080) in front of enrollment, registry and landmarks"
gw=https://127.0.0.1:8080
gcurl() { curl -s --cacert "$tls/cert.pem" "$@"; }
config=$(gcurl "$gw/.well-known/reload-config")
echo "  $gw/.well-known/reload-config -> $(printf '%s' "$config" | grep -o 'sequence="[0-9]*"'), landmarks $(printf '%s' "$config" | grep -o '<disco:landmarks version="[0-9]*"' | grep -o '[0-9]*') (as published): $(printf '%s' "$config" | grep -o 'landmark-host address="[^"]*" port="[0-9]*"' | sed 's/landmark-host address="\([^"]*\)" port="\([0-9]*\)"/\1:\2/' | tr '\n' ' ')"
echo "  $gw/v1/landmarks -> $(gcurl "$gw/v1/landmarks" | grep -o '"version":[0-9]*,"dimensions":[0-9]*')"
echo "  $gw/v1/resources/$conference/stat -> $(gcurl "$gw/v1/resources/$conference/stat" | grep -o '"available":[a-z]*')"
head -c 700000 /dev/zero | tr '\0' x > "$state/big.json"
echo "  a 700 KB body -> HTTP $(gcurl -o "$state/problem.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$state/big.json" "$gw/v1/resources/$conference/store") $(cat "$state/problem.json")"
codes=$(seq 1 80 | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' --cacert "$tls/cert.pem" "$gw/v1/landmarks" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')
echo "  80 requests at once from one address (limit 20/s, burst 40): $codes"
echo "  bob renews his certificate through the gateway; his TLS client certificate is the proof:"
sleep 2   # let the rate limit's bucket refill after the burst above
bin/p2psip renew --server "$gw" --cacert "$tls/cert.pem" --client-certificate --profile bob@example.org \
  | sed 's/^/    /'
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj / -keyout /dev/null \
  -outform DER -out "$state/mallory.csr" 2>/dev/null
bob_cert=$(openssl x509 -in "$P2PSIP_HOME/profiles/bob@example.org/cert.pem" -outform DER | base64 -w0)
echo "  mallory sends bob's certificate in the gateway's header straight to the enrollment service:"
echo "    HTTP $(ecurl -o "$state/refused.txt" -w '%{http_code}' -H "X-P2PSIP-Client-Certificate: $bob_cert" \
  -F "csr=@$state/mallory.csr;type=application/pkcs10" "$enroll_url/renew") \"$(cat "$state/refused.txt")\""

step "Records through overlay sessions (best bootstrap peer, CHAP, Notify and reconnects followed)"
peers=127.0.0.1:6084,127.0.0.1:6085,127.0.0.1:6086
bin/p2psip peers --peers $peers | sed 's/^/  /'
echo "  bob (CHAP as bob@example.org: his account's Node-ID owns what he stores) puts his contact:"
P2PSIP_PASSWORD=bob-secret-1 bin/p2psip put --peers $peers --chap --profile bob@example.org \
  sip:bob@example.org sip:bob@198.51.100.7 | sed 's/^/    /'
echo "  carol, in her own session (on whichever peer ranks best now), finds it with bob as owner:"
P2PSIP_PASSWORD=carol-secret-1 bin/p2psip get --peers $peers --chap --profile carol@example.org \
  sip:bob@example.org | sed 's/^/    /'
printf '  carol may not remove it: '
P2PSIP_PASSWORD=carol-secret-1 bin/p2psip remove --peers $peers --chap --profile carol@example.org \
  sip:bob@example.org sip:bob@198.51.100.7 || true
printf '  bob, in a new session, may: '
P2PSIP_PASSWORD=bob-secret-1 bin/p2psip remove --peers $peers --chap --profile bob@example.org \
  sip:bob@example.org sip:bob@198.51.100.7
printf '  someone without credentials: '
bin/p2psip put --peers $peers sip:mallory@example.org sip:mallory@203.0.113.9 2>&1 || true
echo "  the first peer drained: it says BUSY and ranks last"
curl -s -o /dev/null -XPOST -H 'Content-Type: application/json' -d '{"drain":true}' http://127.0.0.1:8082/actuator/hostpeer
sleep 2
bin/p2psip peers --peers $peers | sed 's/^/  /'
curl -s -o /dev/null -XPOST -H 'Content-Type: application/json' -d '{"drain":false}' http://127.0.0.1:8082/actuator/hostpeer

step "The ring keeps every record: put through one host peer, read through the others, one SIGKILLed, a new one joins"
chap=(--chap --user alice@example.org --password alice-secret-1)
check_all() {   # client ports: every record readable through each (a moment allowed after a failure)
  local port
  for port in "$@"; do
    for attempt in 1 2 3 4 5; do
      bin/p2psip peer check --peer "127.0.0.1:$port" --count 100 --prefix ring-demo "${chap[@]}" \
        | sed 's/^/  /' && break
      [ "$attempt" = 5 ] && { echo "run: records lost through 127.0.0.1:$port" >&2; exit 1; }
      sleep 2
    done
  done
}
bin/p2psip peer fill --peer 127.0.0.1:6084 --count 100 --prefix ring-demo "${chap[@]}" | sed 's/^/  /'
check_all 6085 6086
echo "  every peer stores every Resource-ID (R = 3 copies on a ring of three):"
show_ring 8082 8087 8088
victim=$(awk '$1 == "host-peer-2" {print $2}' "$state/pids")
kill -9 "$victim"
killed_at=$(date +%s)
echo "  kill -9 host-peer-2 (pid $victim): its clients' peer is gone; nothing it held is"
check_all 6084 6086
echo "  read back $(( $(date +%s) - killed_at )) s after the kill; host-peer-4 joins the ring:"
start_host_peer host-peer-4 8089 6087 6097 6394 false 127.0.0.1:6094,127.0.0.1:6096
joined_at=$(date +%s)
wait_ring 3 8082 8088 8089
echo "  joined and took over its range in $(( $(date +%s) - joined_at )) s; after repair every peer holds every record again:"
for _ in $(seq 1 60); do
  [ "$(json_field "$(overlay_json 8089)" storedResourceIds)" -ge 100 ] 2>/dev/null && break
  sleep 1
done
show_ring 8082 8088 8089
check_all 6087

step "A client on the host peer (TCP 127.0.0.1:6084): Inquire, Join (CHAP), Put, Get, Remove, Leave"
bin/p2psip peer session --peer 127.0.0.1:6084 --chap --user alice@example.org --password alice-secret-1 \
  --name sip:alice@example.org --value sip:alice@192.0.2.10

step "The wire protocol: a client's Put, encoded and decoded by the protocol library"
bin/p2psip wire put --name sip:alice@example.org --value sip:alice@192.0.2.10 --lifetime 3600

step "A hostile message: unknown type 11, answered 434 as docs/protocol.md says"
bin/p2psip wire decode "10 40 0b 00 000c 0000 0000abcd" || true

step "Summary ($(( $(date +%s) - started_at )) s from the first build step)"
echo "  conference $conference: foci alice, bob, carol over SIP; alice's focus left at the end"
for name in dave erin frank grace heidi; do
  printf '  %-6s was in a call with %s\n' "$name" "$(grep -o 'in a call with [^ ]*' "$state/call-$name.txt" | cut -d' ' -f5 | paste -sd' ' | sed 's/ / then /g')"
done
echo "  $(tail -1 "$state/status.txt" | sed 's/^ *//') ($(grep -c '^  as ' "$state/status.txt") foci asked)"
echo "  when alice left, frank  $(awk '/frank/ {print "moved to " $3 " " $4 " " $5 " " $6}' "$state/leave.txt")"
echo "  carol's focus served with her own key: $(sed 's/: .*//' "$state/delegation.txt")"
echo "  audio: each participant heard the others' tones and not its own (dave: $(grep -o 'tones of [^(]*' "$state/call-dave.txt" | tail -1))"
echo "  host-peer ring (host-peer-2 killed, host-peer-4 joined; 100 records readable through every peer):"
show_ring 8082 8088 8089

cat <<EOM

== Running. Try:
  curl -s --cacert .p2psip-run/tls/cert.pem https://127.0.0.1:8080/v1/landmarks   # via the gateway
  curl -s http://127.0.0.1:8083/actuator/health      # any service: 8081-8086 (gateway: https)
  curl -s http://127.0.0.1:8084/v1/landmarks         # published landmark coordinates
  bin/p2psip coords                                  # this host's coordinate
  bin/p2psip conference show --uri $conference
  curl -s http://127.0.0.1:8083/openapi.yaml         # the registry's API
  curl -s --cacert .p2psip-run/tls/cert.pem https://127.0.0.1:8081/v1/ca   # enrollment is HTTPS
  bin/p2psip peer inquire --peer 127.0.0.1:6084      # a host peer's client port (6084, 6086, 6087)
  curl -s http://127.0.0.1:8082/actuator/overlay     # the ring as host-peer-1 sees it (8088, 8089)
  export P2PSIP_HOME=.p2psip-run/home P2PSIP_PASSWORD=bob-secret-1   # bob's profile, for CHAP
  bin/p2psip put --chap --profile bob@example.org sip:bob@example.org sip:bob@192.0.2.7
  curl -s http://127.0.0.1:8082/actuator/hostpeer    # its state; POST {"drain":true} to drain
  bin/p2psip wire --help
Stop everything with: make stop
EOM
