#!/usr/bin/env bash
# Compares the ZIP "avant la session" with the dossier, through the API, on
# one generated session with a planning: for each, alternated ROUNDS times,
# the documents it holds, the total time, the time to first byte and the
# service's CPU time (user + system, read from /proc: what the ZIP cost,
# whatever else the machine runs), and the CPU time per document. Loopback
# only; the service runs with its default settings.
#   bench/avant.sh [N [ROUNDS]]      default: 300 candidates, 3 rounds
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
rounds=${2:-3}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/certidoc" ./cmd/certidoc
go build -o "$tmp/stream" ./bench/stream
go run ./bench/gensession -n "$n" -planning > "$tmp/s.json"
port=$((18000 + RANDOM % 1000))
"$tmp/certidoc" serve --addr "127.0.0.1:$port" --sans-registre >/dev/null 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
summary=$(curl -fs --data-binary @"$tmp/s.json" "http://127.0.0.1:$port/api/v1/valider")
declare -A docs=([dossier]=$(jq .documents <<<"$summary") [avant-session]=$(jq .avant_session.documents <<<"$summary"))
ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{ print ($14 + $15) / t }' "/proc/$pid/stat"; }
for round in $(seq "$rounds"); do
  for route in avant-session dossier; do
    before=$(cpu)
    read -r code ttfb total size < <("$tmp/stream" "http://127.0.0.1:$port/api/v1/$route" "$tmp/s.json")
    after=$(cpu)
    awk -v r="$round" -v route="$route" -v code="$code" -v d="${docs[$route]}" -v ttfb="$ttfb" -v total="$total" -v size="$size" -v c0="$before" -v c1="$after" 'BEGIN {
      printf "tour %d  %-13s HTTP %s  %5d documents  premier octet %6.3f s  total %6.2f s  %4d Mo  CPU %6.2f s  CPU par document %5.1f ms\n",
        r, route, code, d, ttfb, total, size / 1048576, c1 - c0, (c1 - c0) * 1000 / d }'
  done
done
