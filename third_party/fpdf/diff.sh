#!/usr/bin/env bash
# Writes certidoc.diff: this copy against the release it was taken from.
set -euo pipefail
cd "$(dirname "$0")"
go mod download codeberg.org/go-pdf/fpdf@v0.12.0
src=$(go env GOMODCACHE)/codeberg.org/go-pdf/fpdf@v0.12.0
diff -ru -x '*_test.go' -x go.mod -x go.sum -x '*.md' -x 'diff.sh' -x certidoc.diff \
  -x contrib -x doc -x font -x image -x internal -x list -x makefont -x pdf -x text -x ci -x Makefile \
  "$src" . | sed "s|$src|a|; s| \./| b/|" > certidoc.diff || true
