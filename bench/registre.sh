#!/usr/bin/env bash
# Fills a registre with 100,000 entries or more (copies of a generated
# 300-candidate session whose jury validates everything), prints the
# closing times, then looks up short codes drawn at random among every
# entry's on /verifier/{code} with wrk, 2 threads, 32 connections,
# loopback, 20 s.
#   bench/registre.sh [COPIES] [postgres://…]     default: 56 copies, SQLite
# Settings (environment):
#   DONNEES=DIR  keep the SQLite registre and the lists of its codes in DIR
#                and, when DIR already holds them, look up there without
#                filling again (on PostgreSQL, DIR keeps the sample: the
#                registre stays in the base)
#   PIN=1        wrk on CPU 0 only, the service on CPU 1 only (taskset);
#                by default both share the machine's cores
#   DUREE=20s    wrk's duration
#   CHAUFFE=20s  first look codes up that long, unmeasured: the measured
#                run then finds the answers the service keeps on SQLite
#                (by default it starts with none, as after a restart)
#   PLANCHER=1   then measure the floor the same way, with the same cores:
#                bench/plancher, a bare net/http server answering a page
#                of the same size and headers with nothing else (what the
#                machine, the loopback and Go's HTTP server cost at best)
#   ECHANTILLON=1  draw the codes from a sample of 1 in 97 entries instead
#                of every entry (the figures before 2026-11-28 did: the
#                service's answers kept on SQLite then all hit)
# wrk comes from one address (127.0.0.1), and the route allows 5 lookups a
# second per client and 100 in all: the service runs with --verifier-debit
# 1000000 --verifier-plafond 1000000, so the limiter still runs on every
# request (its cost is measured) but never refuses one. Any answer other than 200 fails the run: the figures are
# those of real lookups, not of 429s.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-56}
base=${2:-}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
data=${DONNEES:-$tmp/keep}
mkdir -p "$data"
go build -o "$tmp/certidoc" ./cmd/certidoc
where=(--donnees "$data/donnees")
[ -n "$base" ] && where=(--base "$base")
if [ ! -s "$data/codes.txt" ]; then
  go run ./bench/gensession -n 300 > "$tmp/g.json"
  # The jury validates every bloc (a reason where it differs from the grids):
  # 5 attestations and a parchemin per candidate, 1,800 entries per session
  # (gensession's session is deliberated in 2022, while RNCP36128 was
  # registered).
  python3 - "$tmp/g.json" "$tmp/s.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for c in s["candidats"]:
    for d in c["decisions"]:
        d["decision"], d["motif"] = "valide", "Décision du jury (session de mesure)."
json.dump(s, open(sys.argv[2], "w"), ensure_ascii=False)
PY
  echo "one closing, whole command:"
  if ! ( time "$tmp/certidoc" registre cloturer "${where[@]}" --session "$tmp/s.json" >/dev/null 2>"$tmp/err" ) 2>&1 | grep real; then
    cat "$tmp/err" >&2
    exit 1
  fi
  go run ./bench/registre -session "$tmp/s.json" -copies "$copies" -donnees "$data/donnees" -base "$base" -codes "$data/codes.txt"
fi
codes="$data/codes.txt"
if [ "${ECHANTILLON:-}" != 1 ]; then
  codes="$data/tous.txt"
  [ -s "$codes" ] || go run ./bench/registre -donnees "$data/donnees" -base "$base" -tous "$codes"
fi
cat > "$tmp/verifier.lua" <<'LUA'
local codes = {}
for line in io.lines(os.getenv("CODES")) do codes[#codes + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/verifier/" .. codes[math.random(#codes)])
end
LUA
svc=() load=()
if [ "${PIN:-}" = 1 ]; then
  svc=(taskset -c 1) load=(taskset -c 0)
  echo "pinned: wrk on CPU 0, the service on CPU 1"
fi
port=$((18000 + RANDOM % 1000))
"${svc[@]}" "$tmp/certidoc" serve --addr "127.0.0.1:$port" "${where[@]}" --verifier-debit 1000000 --verifier-plafond 1000000 >/dev/null 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
size=$(curl -s -o /dev/null -w "%{size_download}" "http://127.0.0.1:$port/verifier/$(head -1 "$codes")")
echo "one lookup: a page of $size bytes"
echo "codes drawn from $(wc -l < "$codes") of the registre's"
# The service's CPU time per lookup does not depend on what else the
# machine runs, unlike the latencies: both are printed, with the load.
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
if [ -n "${CHAUFFE:-}" ]; then
  echo "warming up for $CHAUFFE (not measured)"
  CODES="$codes" "${load[@]}" wrk -t2 -c32 -d"$CHAUFFE" -s "$tmp/verifier.lua" "http://127.0.0.1:$port" >/dev/null
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
before=$(cpu)
CODES="$codes" "${load[@]}" wrk -t2 -c32 -d"${DUREE:-20s}" --latency -s "$tmp/verifier.lua" "http://127.0.0.1:$port" | tee "$tmp/wrk.txt"
after=$(cpu)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
n=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
awk -v t=$((after - before)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "service CPU: %.1f s, %.0f µs per lookup\n", t / hz, t / hz / n * 1e6}'
kill -TERM $pid; wait $pid || true
pid=
if grep -q "Non-2xx" "$tmp/wrk.txt"; then
  echo "registre.sh: some lookups did not answer 200" >&2
  exit 1
fi
if [ "${PLANCHER:-}" = 1 ]; then
  go build -o "$tmp/plancher" ./bench/plancher
  "${svc[@]}" "$tmp/plancher" -addr "127.0.0.1:$((port + 1))" -taille "$size" &
  pid=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$((port + 1))/" >/dev/null && break; sleep 0.1; done
  echo "the floor (bench/plancher, same load, same cores):"
  before=$(cpu)
  CODES="$codes" "${load[@]}" wrk -t2 -c32 -d"${DUREE:-20s}" --latency -s "$tmp/verifier.lua" "http://127.0.0.1:$((port + 1))" | tee "$tmp/wrk.txt" | grep -E "Latency|50%|90%|99%|Requests/sec"
  after=$(cpu)
  n=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
  awk -v t=$((after - before)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "floor CPU: %.1f s, %.0f µs per request\n", t / hz, t / hz / n * 1e6}'
  kill -TERM $pid; wait $pid || true
  pid=
fi
