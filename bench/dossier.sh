#!/usr/bin/env bash
# Streams the dossier of generated sessions through the API and prints, for
# each size, the time to first byte, the total time, the ZIP's size and the
# server's peak memory (RSS) and CPU time (user + system: what the dossier
# cost, whatever else the machine runs). Loopback only. The service runs with its
# default settings (a session of 1,000 candidates is 8.6 MB of JSON, 5,000 —
# the most a session may hold — 43 MB: under the default body limit, 64 MiB).
#   bench/dossier.sh [N ...]        default: 300 1000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-300}")
[ $# -eq 0 ] && sizes=(300 1000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/certidoc" ./cmd/certidoc
go build -o "$tmp/stream" ./bench/stream
for n in "${sizes[@]}"; do
  go run ./bench/gensession -n "$n" > "$tmp/s.json"
  port=$((18000 + RANDOM % 1000))
  /usr/bin/time -f "%M %U %S" -o "$tmp/rss" "$tmp/certidoc" serve --addr "127.0.0.1:$port" >/dev/null 2>"$tmp/log" &
  pid=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  out=$("$tmp/stream" "http://127.0.0.1:$port/api/v1/dossier" "$tmp/s.json")
  kill -TERM "$(pgrep -P $pid || echo $pid)" 2>/dev/null || true
  wait $pid || true
  read -r code ttfb total size <<<"$out"
  read -r rss user sys <"$tmp/rss"
  printf '%5d candidats  HTTP %s  premier octet %6.3f s  total %6.2f s  %4d Mo  pic mémoire du service %4d Mo  CPU du service %6.1f s\n' \
    "$n" "$code" "$ttfb" "$total" $((size >> 20)) $((rss / 1024)) "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
done
