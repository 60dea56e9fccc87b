#!/usr/bin/env bash
# run.sh: mutation testing of the models and the checks (make mutate). For
# each package in turn, gremlins (go tool gremlins, pinned in go.mod) puts one
# change of behaviour at a time into the package's source (a flipped or
# shifted comparison, a changed operator, a ++ turned into --), runs the
# package's tests with -short on the change, and records whether they
# failed (KILLED) or passed (LIVED). The summary (MUTATEOUT/summary.md) gives
# each package's score, killed / (killed + lived), with and without the
# equivalent mutants listed in MUTATION.md, and names every other survivor.
# Gremlins does not run a mutant that lies outside Go's coverage blocks: a
# switch case expression (case x < 0:) or a constant. internal/mutation runs
# those itself, with go test -overlay, so that they count too.
#
# One package, one worker at a time: each test run is CPU heavy, and the
# timeout of a test run is TIMEOUTCOEF times the package's own -short run
# (gremlins measures it first, uncached).
#
# Environment: GO (default go), MUTATEPKGS (go list patterns, default
# ./models/... ./props/...), MUTATEOUT (default mutate-out), TIMEOUTCOEF
# (default 20), MUTATEFLAGS (extra gremlins flags), MUTATESTRICT=1 (exit 1 on a
# survivor not listed as equivalent, or a stale entry of the list),
# RERUNTIMEOUT (default 5m: the limit of one test run of a mutant that
# internal/mutation runs itself), MUTATESKIP (a go test -skip pattern: the
# slow tests that gremlins' pass leaves out, e.g. '^TestExhaustive'; every
# mutant that survives that pass is then run again with all the -short
# tests, so the score is the same, only reached sooner: a mutant killed by
# some of the tests is killed by all of them).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
GO=${GO:-go}
MUTATEPKGS=${MUTATEPKGS:-./models/... ./props/...}
MUTATEOUT=${MUTATEOUT:-mutate-out}
TIMEOUTCOEF=${TIMEOUTCOEF:-20}
MUTATEFLAGS=${MUTATEFLAGS:-}
RERUNTIMEOUT=${RERUNTIMEOUT:-5m}
MUTATESKIP=${MUTATESKIP:-}
goflags="-short -count=1"
rerun="NOT COVERED"
if [[ -n "$MUTATESKIP" ]]; then
	goflags="$goflags -skip=$MUTATESKIP"
	rerun="NOT COVERED,LIVED" # LIVED: run again with every test
fi
mkdir -p "$MUTATEOUT"
out=$(cd "$MUTATEOUT" && pwd)
$GO build -o "$out/mutation" ./internal/mutation
reports=()
# shellcheck disable=SC2086 # MUTATEPKGS is a list of patterns
for dir in $($GO list -f '{{if .TestGoFiles}}{{.Dir}}{{end}}' $MUTATEPKGS); do
	rel=${dir#"$root"/}
	name=${rel//\//_}
	echo "mutate: $rel"
	# -count=1: gremlins times the package's tests on a real run, not a cached one.
	# shellcheck disable=SC2086 # MUTATEFLAGS is a list of flags
	if ! (cd "$dir" && GOFLAGS="$goflags" $GO tool gremlins unleash \
		--workers 1 --timeout-coefficient "$TIMEOUTCOEF" $MUTATEFLAGS \
		-o "$out/$name.json") >"$out/$name.log" 2>&1; then
		echo "mutate: gremlins failed on $rel; see $out/$name.log" >&2
		exit 1
	fi
	grep -E '^(Killed|Timed out|Test efficacy)' "$out/$name.log" | sed 's/^/  /'
	if ! "$out/mutation" rerun -go "$GO" -dir "$dir" -timeout "$RERUNTIMEOUT" -status "$rerun" -skip "$MUTATESKIP" "$out/$name.json" >>"$out/$name.log" 2>&1; then
		echo "mutate: rerun failed on $rel; see $out/$name.log" >&2
		exit 1
	fi
	reports+=("$out/$name.json")
done
strict=()
if [[ "${MUTATESTRICT:-}" == 1 ]]; then
	strict=(-strict)
fi
"$out/mutation" summary -equivalent MUTATION.md "${strict[@]}" "${reports[@]}" | tee "$out/summary.md"
