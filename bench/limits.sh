#!/usr/bin/env bash
# The amplifications of issue 27, measured: starts certidoc on loopback
# (--body-memory 64 MiB, a registre, a token) and replays
# `bench/attack -only limits` against it, then prints the service's peak
# resident memory and the CPU seconds it spent; then times the CLI
# (import, valider, registre cloturer) on the hostile workbooks the replay
# wrote: CPU seconds, peak memory, bytes written. With REF, the same run
# on that revision first, so that both are measured on the same machine
# at the same time.
#
#   bench/limits.sh              # this tree
#   REF=main bench/limits.sh     # main, then this tree
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/attack" ./bench/attack
go build -o "$tmp/certidoc-tree" ./cmd/certidoc
builds=()
if [ -n "${REF:-}" ]; then
  mkdir "$tmp/ref"
  git archive "$REF" | tar -x -C "$tmp/ref"
  (cd "$tmp/ref" && go build -o "$tmp/certidoc-ref" ./cmd/certidoc)
  builds+=("ref")
fi
builds+=("tree")
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
# A registre of a few thousand late holders (27-8: /metrics counted them
# on every scrape): CANDIDATS candidates closed before the service starts.
go run ./bench/gensession -n "${CANDIDATS:-2000}" >"$tmp/session.json"
for b in "${builds[@]}"; do
  port=$((20000 + RANDOM % 10000))
  rm -rf "$tmp/donnees"
  "$tmp/certidoc-$b" registre cloturer --session "$tmp/session.json" --donnees "$tmp/donnees" >/dev/null 2>&1
  proxy=()  # a revision before the setting existed starts without it
  help=$("$tmp/certidoc-$b" serve --help 2>&1 || true)
  if grep -q -- --proxy-de-confiance <<<"$help"; then proxy=(--proxy-de-confiance 127.0.0.2); fi
  "$tmp/certidoc-$b" serve --addr "127.0.0.1:$port" --donnees "$tmp/donnees" --token "$token" \
    --body-memory $((64 << 20)) --max-generations 4 "${proxy[@]}" >/dev/null 2>"$tmp/log-$b" &
  pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  label="cet arbre"
  [ "$b" = ref ] && label="$REF"
  echo "== $label"
  mkdir -p "$tmp/classeurs"
  "$tmp/attack" -url "http://127.0.0.1:$port" -token "$token" -session testdata/session-exemple.json -only limits -garder "$tmp/classeurs" || true
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  hz=$(getconf CLK_TCK)
  echo "service : mémoire au plus haut $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status") Mo, CPU $(echo "scale=2; ($cpu1 - $cpu0) / $hz" | bc) s"
  kill -TERM $pid
  wait $pid || true
  for x in "$tmp"/classeurs/*.xlsx; do
    for cmd in "import $x" "valider --session $x" "registre cloturer --donnees $tmp/cli-$b --session $x"; do
      # shellcheck disable=SC2086
      /usr/bin/time -f "%U %S %M" -o "$tmp/time" "$tmp/certidoc-$b" $cmd >"$tmp/out" 2>&1 || true
      read -r user sys kb < <(tail -1 "$tmp/time")
      echo "CLI $(basename "$x") ${cmd%% *}: CPU $(echo "$user + $sys" | bc) s, mémoire au plus haut $((kb / 1024)) Mo, sortie $(wc -c <"$tmp/out") octets"
    done
  done
done
