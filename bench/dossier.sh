#!/usr/bin/env bash
# Streams the dossier of generated sessions through the API and prints, for
# each size, the time to first byte, the total time, the ZIP's size and the
# server's peak memory (RSS) and CPU time (user + system: what the dossier
# cost, whatever else the machine runs). Loopback only. The service runs with its
# default settings (a session of 1,000 candidates is 8.6 MB of JSON, 5,000 —
# the most a session may hold — 43 MB: under the default body limit, 64 MiB).
#   bench/dossier.sh [N ...]        default: 300 1000
#   PROFIL=certificateur/testdata/profil.yaml bench/dossier.sh 300
#       each size twice over, without and with the certifier's profile
#       (--certificateur: logo on every page, signature and stamp images),
#       alternated in the same run
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-300}")
[ $# -eq 0 ] && sizes=(300 1000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/certidoc" ./cmd/certidoc
go build -o "$tmp/stream" ./bench/stream
runs=("")
[ -n "${PROFIL:-}" ] && runs=("" "$PROFIL" "" "$PROFIL")
for n in "${sizes[@]}"; do
  go run ./bench/gensession -n "$n" > "$tmp/s.json"
  # with the profile, signed by its signatory: the images print
  [ -n "${PROFIL:-}" ] && go run ./bench/gensession -n "$n" -signataire "Danièle Marchand-Royer" > "$tmp/s-profil.json"
  for profil in "${runs[@]}"; do
  port=$((18000 + RANDOM % 1000))
  /usr/bin/time -f "%M %U %S" -o "$tmp/rss" "$tmp/certidoc" serve --addr "127.0.0.1:$port" ${profil:+--certificateur "$profil"} >/dev/null 2>"$tmp/log" &
  pid=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  out=$("$tmp/stream" "http://127.0.0.1:$port/api/v1/dossier" "$tmp/s${profil:+-profil}.json")
  kill -TERM "$(pgrep -P $pid || echo $pid)" 2>/dev/null || true
  wait $pid || true
  read -r code ttfb total size <<<"$out"
  read -r rss user sys <"$tmp/rss"
  printf '%5d candidats%s  HTTP %s  premier octet %6.3f s  total %6.2f s  %4d Mo  pic mémoire du service %4d Mo  CPU du service %6.1f s\n' \
    "$n" "${profil:+ (profil)}" "$code" "$ttfb" "$total" $((size >> 20)) $((rss / 1024)) "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
  done
done
