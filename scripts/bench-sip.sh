#!/usr/bin/env bash
# DisCo over SIP benchmarks of docs/benchmarks.md, everything on this machine, in one run:
#  1. call setup (INVITE to its 200) at one focus (p2psip focus serve-local) and at SIPp's own
#     UAS (sipp -sn uas), both called by the same SIPp client scenario (scripts/sipp/bench-call.xml:
#     INVITE, 200, ACK, BYE) at the same offered rates over UDP; achieved rate, failed calls and
#     setup time quantiles from SIPp's own measurements (-trace_rtt);
#  2. the conference state of 5 fully meshed foci under 100 joins spread over 10 s
#     (p2psip load conference): per join, the time until every focus lists it; and from the last
#     join until all foci hold one roster.
# Build first: make build. Needs sipp (apt-get install -y sip-tester). Takes about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d -t p2psip-bench-sip.XXXXXX)
rates=${RATES:-"100 200 400 800"}
seconds=${SECONDS_PER_RATE:-10}
focus_port=15070; uas_port=15080; client_port=15090
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
command -v sipp >/dev/null || { echo "bench-sip: sipp is missing (apt-get install -y sip-tester)" >&2; exit 1; }

P2PSIP_JAVA_OPTS="-Xms256m -Xmx256m" bin/p2psip focus serve-local --sip-port "$focus_port" \
  --max-participants 100000 > "$work/focus.log" 2>&1 &
pids+=($!)
sipp -sn uas -i 127.0.0.1 -p "$uas_port" -nostdin -bg > "$work/uas.log" 2>&1 || true
uas_pid=$(pgrep -f "sipp -sn uas -i 127.0.0.1 -p $uas_port" | head -1 || true)
[ -n "$uas_pid" ] && pids+=("$uas_pid")
for _ in $(seq 1 60); do grep -q 'serving at' "$work/focus.log" && break; sleep 0.5; done
grep -q 'serving at' "$work/focus.log" || { cat "$work/focus.log"; exit 1; }

# one SIPp client run: target port, rate, calls; prints "achieved_cps failed p50_ms p99_ms max_ms"
run_sipp() {
  local port=$1 rate=$2 calls=$3 dir
  dir=$(mktemp -d -p "$work")
  (cd "$dir" && sipp "127.0.0.1:$port" -sf "$root/scripts/sipp/bench-call.xml" -s conf \
     -i 127.0.0.1 -p "$client_port" -t u1 -r "$rate" -m "$calls" -l 2000 -nostdin \
     -trace_rtt -rtt_freq 1 -trace_stat -fd 1 -timeout 120s > sipp.out 2>&1 || true)
  local stat rtt
  stat=$(ls "$dir"/*_.csv 2>/dev/null | head -1 || true)
  rtt=$(ls "$dir"/*_rtt.csv 2>/dev/null | head -1 || true)
  # the last statistics row: successful and failed calls, elapsed time (HH:MM:SS:micros)
  read -r ok failed secs < <(awk -F';' '
    FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { ok = $col["SuccessfulCall(C)"]; failed = $col["FailedCall(C)"]; elapsed = $col["ElapsedTime(C)"] }
    END { n = split(elapsed, t, ":"); printf "%d %d %.3f\n", ok, failed, t[1] * 3600 + t[2] * 60 + t[3] + (n > 3 ? t[4] / 1e6 : 0) }' "$stat")
  # response time 1 of every call (INVITE to 200), in ms, sorted
  awk -F';' '$2 ~ /^[0-9.]+$/ { print $2 + 0 }' "$rtt" | sort -n > "$dir/rtt.sorted"
  local n
  n=$(wc -l < "$dir/rtt.sorted")
  quantile() { [ "$n" -gt 0 ] && sed -n "$(( (n * $1 + 99) / 100 ))p" "$dir/rtt.sorted" || echo -1; }
  awk -v ok="$ok" -v secs="$secs" -v failed="$failed" -v p50="$(quantile 50)" -v p99="$(quantile 99)" \
    -v max="$(tail -1 "$dir/rtt.sorted")" \
    'BEGIN { printf "%.0f %d %.2f %.2f %.2f\n", (secs > 0 ? ok / secs : 0), failed, p50, p99, max }'
}

echo "== Call setup over UDP, SIPp client scenario scripts/sipp/bench-call.xml, ${seconds} s per rate"
run_sipp "$focus_port" 200 2000 > /dev/null   # warm-up of the focus's JVM
printf '  %-14s %9s %11s %7s %8s %8s %8s\n' TARGET "OFFERED/s" "ACHIEVED/s" FAILED "P50 ms" "P99 ms" "MAX ms"
for rate in $rates; do
  calls=$(( rate * seconds ))
  for target in focus uas; do
    port=$focus_port; [ "$target" = uas ] && port=$uas_port
    read -r achieved failed p50 p99 max < <(run_sipp "$port" "$rate" "$calls")
    printf '  %-14s %9s %11s %7s %8s %8s %8s\n' \
      "$([ "$target" = focus ] && echo "p2psip focus" || echo "sipp -sn uas")" "$rate" "$achieved" "$failed" "$p50" "$p99" "$max"
  done
done

echo
echo "== Conference state: 5 foci fully meshed over SIP, 100 joins over 10 s (p2psip load conference)"
P2PSIP_JAVA_OPTS="-Xmx1g" bin/p2psip load conference --foci 5 --joins 100 --over 10s | sed 's/^/  /'
