#!/usr/bin/env bash
# In one run on this machine: N completed grids B-1 made by certidoc (PDF,
# DOCX) and N of the peers' grid B-1 (../shared/bench/peers), with the ratio
# of documents per second for each pair. One process at a time.
#   bench/compare.sh [N]      (default 200; chromium gets N/10)
#   PROFIL=certificateur/testdata/profil.yaml bench/compare.sh   also makes the
#   grids with the certifier's profile (logo, colour), alternated with
#   certidoc's own, and prints the ratio
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
peers=${PEERS:-../shared/bench/peers}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go build -o "$out.grid" ./bench/grid
for f in pdf docx; do
  "$out.grid" -format "$f" -n "$n" | tee -a "$out"
  if [ -n "${PROFIL:-}" ]; then "$out.grid" -format "$f" -n "$n" -certificateur "$PROFIL" | tee -a "$out"; fi
done
for e in pdfmake docxtemplater; do bash "$peers/run.sh" "$e" "$n" | tee -a "$out"; done
if [ -x /usr/bin/chromium ]; then bash "$peers/run.sh" chromium $((n / 10)) | tee -a "$out"; fi
rm -f "$out.grid"
rate() { awk -v e="$1" '$1 == e { print $6 }' "$out"; }
ratio() {
  local a b
  a=$(rate "$1"); b=$(rate "$2")
  [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" -v x="$1" -v y="$2" 'BEGIN { printf "%-14s / %-14s %6.1f×\n", x, y, a / b }'
}
echo
ratio certidoc-pdf pdfmake
ratio certidoc-pdf chromium
ratio certidoc-docx docxtemplater
if [ -n "${PROFIL:-}" ]; then
  ratio certidoc-pdf-profil certidoc-pdf
  ratio certidoc-docx-profil certidoc-docx
fi
