#!/bin/bash -eu
# Builds every native Go fuzz target of ./fuzz as a libFuzzer binary with
# go-118-fuzz-build (compile_native_go_fuzzer) and packs its seeds, exported as
# raw libFuzzer inputs, as $OUT/<Target>_seed_corpus.zip. The FuzzEmpty*
# baselines are not built.
#
# compile_native_go_fuzzer rewrites the file that declares a target (it greps
# the package directory for the name), so every target lives in
# fuzz/fuzz_test.go and no other file under fuzz/ names one; TestOSSFuzzNames
# keeps it so. Raw inputs are not go test corpus files: the harness decodes
# the argument with go-fuzz-headers (a 4-byte big-endian length, then the
# bytes; see rawInput in fuzz/targets.go), so the seeds are exported with the
# same encoding. Every target takes one string or []byte and decodes it
# itself (fuzz/decode.go), so libFuzzer's mutations reach the whole domain
# as go test -fuzz's do.

# The rewritten harness imports go-118-fuzz-build's testing shim.
go get github.com/AdamKorcz/go-118-fuzz-build/testing

# Raw seed corpora, one directory per target (before the harness rewrite,
# which moves fuzz_test.go aside while it builds).
raw="$WORK/leapcheck-raw-corpus"
rm -rf "$raw"
go test -count=1 -run '^TestRawCorpus$' ./fuzz -rawcorpus="$raw"

targets=$(go test -list '^Fuzz' ./fuzz | grep '^Fuzz' | grep -v '^FuzzEmpty')
for t in $targets; do
	compile_native_go_fuzzer github.com/leapcheck/leapcheck/fuzz "$t" "$t"
	if [ -d "$raw/$t" ]; then
		(cd "$raw/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
	fi
done
