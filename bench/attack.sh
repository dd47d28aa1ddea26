#!/usr/bin/env bash
# The attack of issue 13, repeatable: starts certidoc on loopback (key,
# token, CDC settings, two generation slots), replays every fault found and
# a bounded mutation fuzzer over the POST routes (bench/attack), the silent
# databases of issue 27 on services of their own (SQLite locked by another
# writer; PostgreSQL made silent by a relay, when CERTIDOC_TEST_BASE names
# a server: a schema of its own there), then checks
# the log (no ERROR line, no personal data, no client address) and that
# SIGTERM ends the service with status 0. Also checks that a service with a
# key and no token refuses an address other machines reach.
#
#   bench/attack.sh            # full run: 1,500 fuzzed requests, 8 clients
#   N=100 bench/attack.sh      # short run (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1500}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/certidoc" ./cmd/certidoc
go build -o "$tmp/attack" ./bench/attack
key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
status=0

# Signing is a privilege: a key without a token refuses 0.0.0.0.
if out=$(CERTIDOC_SANS_REGISTRE=1 timeout 10 "$tmp/certidoc" serve --addr 0.0.0.0:0 --cle-verification "$key" 2>&1); then
  echo "DÉFAUT – serve avec une clé, sans jeton, sur 0.0.0.0 a démarré"; status=1
elif ! grep -q -- "--token" <<<"$out" || ! grep -q -- "--cle-verification" <<<"$out"; then
  echo "DÉFAUT – le refus ne nomme pas --token et --cle-verification : $out"; status=1
else
  echo "serve avec une clé, sans jeton, sur 0.0.0.0 : refusé (--cle-verification, --token)"
fi

port=$((20000 + RANDOM % 10000))
SOURCE_DATE_EPOCH=1764061200 "$tmp/certidoc" serve --addr "127.0.0.1:$port" --donnees "$tmp/donnees" \
  --cle-verification "$key" --token "$token" --url-publique https://certidoc.exemple.fr \
  --accrochage-id-client AB12CD34 --accrochage-id-contrat CTR-0001 \
  --read-timeout 5s --max-generations 2 --queue-timeout 3s --proxy-de-confiance 127.0.0.2 >/dev/null 2>"$tmp/log" &
pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
"$tmp/attack" -url "http://127.0.0.1:$port" -token "$token" -session testdata/session-exemple.json \
  -xsd testdata/cdc-cpf-accrochage-1.1.2.xsd -n "$N" -c 8 -max-time 10m \
  -certidoc "$tmp/certidoc" -base "${CERTIDOC_TEST_BASE:-}" || status=1
rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "?")
echo "mémoire du service au plus haut : ${rss} kB"
# SIGTERM while a dossier streams: the dossier ends whole, the status is 0.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /api/v1/dossier HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' \
  "$token" "$(wc -c <testdata/session-exemple.json)" >&3
cat testdata/session-exemple.json >&3
sleep 0.3
kill -TERM $pid
timeout 30 cat <&3 >"$tmp/sigterm.http" || true
exec 3<&-
if [ "$(tail -c 5 "$tmp/sigterm.http" | od -An -c | tr -d ' ')" = '0\r\n\r\n' ]; then
  echo "dossier en cours pendant SIGTERM : terminé ($(wc -c <"$tmp/sigterm.http") octets)"
else
  echo "DÉFAUT – dossier en cours pendant SIGTERM : coupé ($(wc -c <"$tmp/sigterm.http") octets)"; status=1
fi
if wait $pid; then echo "arrêt sur SIGTERM : statut 0"; else echo "DÉFAUT – arrêt sur SIGTERM : statut $?"; status=1; fi

# 27.12: the registre's copy and a person's file are private (0600).
"$tmp/certidoc" registre sauvegarder --donnees "$tmp/donnees" --out "$tmp/copie.db" >/dev/null
"$tmp/certidoc" registre personne --donnees "$tmp/donnees" --nom lefevre --out "$tmp/personne.json" >/dev/null
for f in copie.db personne.json; do
  mode=$(stat -c %a "$tmp/$f")
  if [ "$mode" = 600 ]; then echo "registre : $f en $mode"; else echo "DÉFAUT – registre : $f en $mode, attendu 600"; status=1; fi
done

errors=$(grep -c '"level":"ERROR"' "$tmp/log" || true)
echo "lignes ERROR dans le journal : $errors"
if [ "$errors" != 0 ]; then grep '"level":"ERROR"' "$tmp/log" | head -5; status=1; fi
# Personal data of the example and the clients' addresses stay out.
pii='hermitte|lefevre|oeuvray|candidats/|2022-00[0-9]|127\.0\.0\.1:[0-9]{4,}'
leaks=$(grep -v '"msg":"listening"' "$tmp/log" | grep -c -i -E "$pii" || true)
echo "lignes du journal avec une donnée personnelle ou une adresse : $leaks"
if [ "$leaks" != 0 ]; then grep -v '"msg":"listening"' "$tmp/log" | grep -i -E "$pii" | head -5; status=1; fi
echo "lignes du journal : $(wc -l <"$tmp/log")"
exit $status
