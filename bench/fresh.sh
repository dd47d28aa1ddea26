#!/usr/bin/env bash
# Times `go test ./...` as a newcomer runs it, on a fresh clone: each run
# clones the repository into a new directory, so the module's packages
# compile again (the dependencies' build cache stays warm), and times the
# whole command, build included. Several commits are run in turn, ROUNDS
# times (A B A B…), each after REST seconds of rest and a fixed python3 loop
# whose time says how fast the machine is at that moment: on a shared
# machine that speed moves the suite's time more than most changes do.
#
#   bench/fresh.sh [GO-TEST-FLAG...] COMMIT...   (ROUNDS=2, REST=10 by default)
#
# Flags (each one word: -short, -count=1, -run=REGEX) go to every run.
#
# Prints one line per run: commit, round, flags, the loop's seconds, wall s,
# and the user + system s of go test and of the processes it waited for.
# Processes that outlive their parent, such as Chromium's helpers, are not
# in that CPU; process accounting (`accton`) counts them too.
set -euo pipefail
flags=()
while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do flags+=("$1"); shift; done
[ $# -gt 0 ] || { echo "usage: bench/fresh.sh [GO-TEST-FLAG...] COMMIT..." >&2; exit 2; }
repo=$(git rev-parse --show-toplevel)
export CERTIDOC_TEST_BASE=${CERTIDOC_TEST_BASE-postgres://certidoc:certidoc@127.0.0.1:5432/certidoc_test}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq "${ROUNDS:-2}"); do
  for commit in "$@"; do
    dir="$work/certidoc-$round-$commit"
    git clone -q "$repo" "$dir"
    git -C "$dir" checkout -q "$commit"
    name=$(git -C "$dir" rev-parse --short HEAD)
    sleep "${REST:-10}"
    loop=$( { /usr/bin/time -f %e python3 -c 'sum(i * i for i in range(20_000_000))'; } 2>&1 )
    (cd "$dir" && /usr/bin/time -q -o "$work/time" -f '%e|%U|%S' go test "${flags[@]}" ./... >"$work/log" 2>&1) ||
      { echo "$name: go test failed" >&2; tail -20 "$work/log" >&2; }
    IFS='|' read -r wall user sys <"$work/time"
    printf '%s\t%s\t%s\tloop %s\t%.1f\t%.1f\n' "$name" "$round" "${flags[*]:-full}" "$loop" "$wall" "$(echo "$user + $sys" | bc)"
    rm -rf "$dir"
  done
done
