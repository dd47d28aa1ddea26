#!/usr/bin/env bash
# Fills a registre with 100,000 entries or more (copies of a generated
# 300-candidate session whose jury validates everything), prints the
# closing times, then looks up random
# short codes on /verifier/{code} with wrk, 32 connections, loopback.
#   bench/registre.sh [COPIES] [postgres://…]     default: 56 copies, SQLite
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-56}
base=${2:-}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/certidoc" ./cmd/certidoc
go run ./bench/gensession -n 300 > "$tmp/g.json"
# The jury validates every bloc (a reason where it differs from the grids):
# 5 attestations and a parchemin per candidate, 1,800 entries per session.
# Dates move to 2022, while RNCP36128 was registered.
python3 - "$tmp/g.json" "$tmp/s.json" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().replace('"2027-', '"2022-'))
for c in s["candidats"]:
    for d in c["decisions"]:
        d["decision"], d["motif"] = "valide", "Décision du jury (session de mesure)."
json.dump(s, open(sys.argv[2], "w"), ensure_ascii=False)
PY
where=(--donnees "$tmp/donnees")
[ -n "$base" ] && where=(--base "$base")
time "$tmp/certidoc" registre cloturer "${where[@]}" --session "$tmp/s.json" >/dev/null 2>&1
go run ./bench/registre -session "$tmp/s.json" -copies "$copies" -donnees "$tmp/donnees" -base "$base" -codes "$tmp/codes.txt"
cat > "$tmp/verifier.lua" <<'LUA'
local codes = {}
for line in io.lines(os.getenv("CODES")) do codes[#codes + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/verifier/" .. codes[math.random(#codes)])
end
LUA
port=$((18000 + RANDOM % 1000))
"$tmp/certidoc" serve --addr "127.0.0.1:$port" "${where[@]}" --verifier-debit 1000000 >/dev/null 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -s -o /dev/null -w "one lookup: HTTP %{http_code}\n" "http://127.0.0.1:$port/verifier/$(head -1 "$tmp/codes.txt")"
CODES="$tmp/codes.txt" wrk -t2 -c32 -d20s --latency -s "$tmp/verifier.lua" "http://127.0.0.1:$port"
kill -TERM $pid; wait $pid || true
pid=
