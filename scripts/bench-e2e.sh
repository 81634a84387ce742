#!/usr/bin/env bash
# End-to-end benchmark of docs/benchmarks.md: new clients at once, each from the start of its
# enrolment to a joined conference (enrol with a verified configuration, fetch the landmark set,
# probe the three landmarks, compute the coordinate, fetch and check the conference's foci, rank,
# probe the shortlist). Runs against the system `make run` started, on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
state=.p2psip-run
tls=$state/tls/cert.pem
[ -f "$state/pids" ] || { echo "bench-e2e: start the system first: make run" >&2; exit 1; }
work=$(mktemp -d -t p2psip-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
stamp=$(date +%s)
creator="bench-$stamp@example.org"
curl -s -o /dev/null --cacert "$tls" -H 'Authorization: Bearer dev-operator-token' \
  -H 'Content-Type: application/json' -d "{\"username\":\"$creator\",\"password\":\"bench-secret-1\"}" \
  https://127.0.0.1:8081/v1/accounts
conference="sip:bench-room-$stamp@example.org"
P2PSIP_HOME="$work" bin/p2psip conference create --uri "$conference" --user "$creator" \
  --password bench-secret-1 --focus "sip:bench@127.0.0.1;probe=6101" --coordinate 0,0 \
  --cacert "$tls" --dir "$work" > /dev/null
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
for clients in 1 10 100; do
  echo "== $clients client(s) at once"
  bin/p2psip load e2e --conference "$conference" --clients "$clients" --cacert "$tls"
done
