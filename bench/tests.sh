#!/usr/bin/env bash
# Times the test suite of one or more checkouts, package by package: the
# wall time of each test binary and its CPU time (user + system, its own and
# that of every process it waited for: LibreOffice, Chromium, python3…),
# then the wall time of the whole `go test ./...`. Several checkouts are run
# in turn, ROUNDS times (A B A B…), so that they share the machine's load.
#
#   bench/tests.sh [-short] [-race] DIR...       (ROUNDS=2 by default)
#
# Prints one line per package and round: checkout, round, flags, package,
# wall s, CPU s; then a TOTAL line per run with the load average before it.
# The build is done first (go test -run '^$'), so that compile time is left
# out; -count=1 keeps the test cache out.
set -euo pipefail
flags=()
while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do flags+=("$1"); shift; done
[ $# -gt 0 ] || { echo "usage: bench/tests.sh [-short] [-race] DIR..." >&2; exit 2; }
export CERTIDOC_TEST_BASE=${CERTIDOC_TEST_BASE-postgres://certidoc:certidoc@127.0.0.1:5432/certidoc_test}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for round in $(seq "${ROUNDS:-2}"); do
  for dir in "$@"; do
    (cd "$dir" && go test "${flags[@]}" -count=1 -run '^$' ./... >/dev/null)
    : >"$out"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s.%N)
    (cd "$dir" && go test "${flags[@]}" -count=1 -timeout 30m \
      -exec "/usr/bin/time -a -o $out -f %C|%e|%U|%S" ./... >/dev/null) || echo "$dir: go test failed" >&2
    end=$(date +%s.%N)
    while IFS='|' read -r cmd wall user sys; do
      bin=${cmd%% *}
      printf '%s\t%s\t%s\t%s\t%.1f\t%.1f\n' "$dir" "$round" "${flags[*]:-full}" "$(basename "$bin" .test)" "$wall" "$(echo "$user + $sys" | bc)"
    done <"$out"
    printf '%s\t%s\t%s\tTOTAL\t%.1f\tload %s\n' "$dir" "$round" "${flags[*]:-full}" "$(echo "$end - $start" | bc)" "$load"
  done
done
