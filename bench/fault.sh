#!/usr/bin/env bash
# Starts certidoc on loopback with a short read timeout, sends it hostile
# requests while normal ones run (bench/fault), and checks that it held and
# stops cleanly on SIGTERM with exit status 0.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/certidoc" ./cmd/certidoc
port=$((19000 + RANDOM % 1000))
"$tmp/certidoc" serve --addr "127.0.0.1:$port" --read-timeout 5s --max-generations 2 --queue-timeout 5s >/dev/null 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
status=0
go run ./bench/fault -url "http://127.0.0.1:$port" -session testdata/session-exemple.json || status=$?
kill -TERM $pid
if wait $pid; then echo "arrêt propre : statut 0"; else echo "arrêt : statut $?"; status=1; fi
grep -c '"level":"ERROR"' "$tmp/log" | xargs echo "lignes d’erreur dans le journal :" || true
grep '"level":"ERROR"' "$tmp/log" | head -5
exit $status
