#!/usr/bin/env bash
# Writes certidoc.diff: this copy against the release it was taken from
# (codeberg.org/go-pdf/fpdf v0.12.0, from the Go module cache or proxy).
set -euo pipefail
cd "$(dirname "$0")"
src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json codeberg.org/go-pdf/fpdf@v0.12.0 | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a" "$tmp/b"
(cd "$src" && cp -r $(ls *.go | grep -v _test.go) font_embed LICENSE "$tmp/a/")
cp -r $(ls *.go) font_embed LICENSE "$tmp/b/"
(cd "$tmp" && diff -ruN a b | sed -E "s/^(\+\+\+|---) ([^\t]+)\t.*/\1 \2/") > certidoc.diff || true
