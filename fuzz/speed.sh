#!/usr/bin/env bash
# speed.sh: executions per second of every fuzz target against the empty
# target with the same argument shape, in the same run (make fuzz-speed).
# Each target and each baseline fuzzes for SPEEDTIME (default 10s) from an
# empty cache (a target with its committed seeds); execs/s is total execs
# over elapsed seconds as go test prints them. The goal (DESIGN.md) is a ratio of at least 0.5.
set -euo pipefail
cd "$(dirname "$0")"
GO=${GO:-go}
SPEEDTIME=${SPEEDTIME:-10s}
cache=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$cache" "$log"' EXIT
bin="$cache/fuzz.test"
$GO test -c -fuzz=. -o "$bin" .
work="$cache/work"
mkdir -p "$work"
# measure NAME: prints execs/s of one fuzz session run from a scratch
# directory with a fresh cache and the target's committed seeds (the
# baselines have none), as a nightly run starts.
measure() {
	rm -rf "$work/testdata" "$cache/gocache"
	if [[ -d "testdata/fuzz/$1" ]]; then
		mkdir -p "$work/testdata/fuzz"
		cp -r "testdata/fuzz/$1" "$work/testdata/fuzz/"
	fi
	(cd "$work" && "$bin" -test.run='^$' -test.fuzz="^$1\$" -test.fuzztime="$SPEEDTIME" \
		-test.fuzzcachedir="$cache/gocache" >"$log" 2>&1) || { cat "$log" >&2; return 1; }
	grep -E '^fuzz: elapsed: [0-9]+s, execs: [0-9]+' "$log" | tail -n 1 |
		sed -E 's/^fuzz: elapsed: ([0-9]+)s, execs: ([0-9]+).*/\2 \1/' |
		awk '{ if ($2 > 0) printf "%d\n", $1 / $2; else print 0 }'
}
declare -A base
printf '%-16s %12s %-20s %12s %6s\n' target execs/s baseline execs/s ratio
$GO test -count=1 -v -run '^TestTargets$' . -args -targets | grep '^target ' | while read -r _ t b; do
	if [[ -z "${base[$b]:-}" ]]; then base[$b]=$(measure "$b"); fi
	v=$(measure "$t")
	awk -v t="$t" -v v="$v" -v b="$b" -v bv="${base[$b]}" \
		'BEGIN { printf "%-16s %12d %-20s %12d %6.2f\n", t, v, b, bv, (bv > 0 ? v / bv : 0) }'
done
