#!/usr/bin/env bash
# Writes certidoc.diff: this copy against the release it was taken from
# (codeberg.org/go-pdf/fpdf v0.12.0, from the Go module cache or proxy).
# With --check, writes nothing and fails when certidoc.diff is not what the
# copy gives (CI runs it: a change to the copy must come with its diff).
set -euo pipefail
cd "$(dirname "$0")"
check=
case ${1:-} in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json codeberg.org/go-pdf/fpdf@v0.12.0 | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[ -d "$src" ] || { echo "diff.sh: codeberg.org/go-pdf/fpdf@v0.12.0 could not be downloaded" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a" "$tmp/b"
(cd "$src" && cp -r $(ls *.go | grep -v _test.go) font_embed LICENSE "$tmp/a/")
cp -r $(ls *.go) font_embed LICENSE "$tmp/b/"
(cd "$tmp" && diff -ruN a b | sed -E "s/^(\+\+\+|---) ([^\t]+)\t.*/\1 \2/") > "$tmp/certidoc.diff" || true
if [ -z "$check" ]; then
  cp "$tmp/certidoc.diff" certidoc.diff
  exit 0
fi
if ! cmp -s "$tmp/certidoc.diff" certidoc.diff; then
  echo "third_party/fpdf: the copy is not fpdf v0.12.0 + certidoc.diff (docs/fpdf.md)." >&2
  echo "Changed on purpose? Remake the diff with 'bash third_party/fpdf/diff.sh', read it, and commit it with the change." >&2
  echo "What differs between the diff on record (---) and the copy's (+++):" >&2
  diff -u --label certidoc.diff --label 'the copy' certidoc.diff "$tmp/certidoc.diff" | head -40 >&2 || true
  exit 1
fi
echo "third_party/fpdf: the copy is fpdf v0.12.0 + certidoc.diff ($(grep -c '^+++ ' certidoc.diff) files changed)"
