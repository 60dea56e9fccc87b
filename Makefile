# leapcheck: every target fetches what it needs through the Go module proxy.
GO        ?= go
PKGS      ?= ./...
FUZZTIME  ?= 30s
BENCHTIME ?= 1s

.PHONY: all test vet brute bench bench-cpp bench-prove cover fuzz fuzz-speed fuzz-planted fuzz-mutants fuzz-corpus fuzz-raw mutate prove fmt tidy conformance conformance-update

all: test

## test: go vet, then the whole suite twice in shuffled order (< 5 min on 2 cores): with the race
## detector and -short (the exhaustive sweeps over all 3,652,059 days are ten times slower under
## -race), then without the race detector and with every exhaustive sweep.
test: vet
	$(GO) test -race -shuffle=on -short $(PKGS)
	$(GO) test -shuffle=on $(PKGS)

vet:
	$(GO) vet $(PKGS)

## brute: the long brute-force cross-checks of the provers (every second of sampled dates):
## every renewal preset on every sampled date, 2,000 random renewal setups and the issuance proof in all 29 UTC offsets on a leap day.
BRUTESETUPS ?= 2000
brute:
	bash -o pipefail -c "$(GO) test -count=1 -timeout=60m -run '^TestBrute' -v ./models/renew -brute.all -brute.setups=$(BRUTESETUPS) -rapid.checks=$(BRUTESETUPS) | grep -E '^(---|ok|FAIL)|compared|caught'"
	bash -o pipefail -c "$(GO) test -count=1 -timeout=60m -run '^TestBrute' -v ./models/sim -brute.long | grep -E '^(---|ok|FAIL)|compared'"

## bench: every benchmark, with allocations.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) $(PKGS)

## cover: coverage profile and per-function summary in cover.out.
cover:
	$(GO) test -coverprofile=cover.out $(PKGS)
	$(GO) tool cover -func=cover.out | tail -n 1

## fuzz: every fuzz target for FUZZTIME each, in turn; fails with the reproducer's path
## (saved under fuzz/testdata/fuzz/<Target>/, where plain go test replays it).
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) ./fuzz/run.sh

## fuzz-speed: executions per second of each fuzz target against an empty target of the same shape.
SPEEDTIME ?= 30s
fuzz-speed:
	GO=$(GO) SPEEDTIME=$(SPEEDTIME) ./fuzz/speed.sh

## fuzz-planted: each fuzz target against a planted bug in its oracle, with time to find
## (PLANTBUDGET per bug; PLANTFLAGS=-planted.fresh starts without the committed seeds). A finding
## counts only if its reproducer passes with the real oracle.
PLANTBUDGET ?= 60s
PLANTFLAGS  ?=
fuzz-planted:
	$(GO) test -count=1 -timeout=30m -run '^TestPlantedBugs$$' -v ./fuzz -planted -planted.budget=$(PLANTBUDGET) $(PLANTFLAGS)

## fuzz-mutants: each model mutant (a bug put into a model's source with go test -overlay, listed in
## fuzz/plant_test.go) against its fuzz target from an empty corpus, with time to find (PLANTBUDGET each).
fuzz-mutants:
	$(GO) test -count=1 -timeout=30m -run '^TestModelMutants$$' -v ./fuzz -mutants -planted.budget=$(PLANTBUDGET)

## fuzz-corpus: regenerate the committed seed corpora from the edge table and the incident catalogue.
fuzz-corpus:
	$(GO) test -count=1 -run '^TestSeedCorpus$$' ./fuzz -update-corpus

## fuzz-raw: the seed corpora as raw libFuzzer inputs in RAWDIR/<Target>/ (OSS-Fuzz, ClusterFuzzLite).
RAWDIR ?= fuzz-raw-corpus
fuzz-raw:
	$(GO) test -count=1 -run '^TestRawCorpus$$' ./fuzz -rawcorpus=$(abspath $(RAWDIR))

## mutate: mutation testing of models/ and props/, one package at a time (hours on 2 cores; not part of
## test): gremlins changes one operator or comparison at a time and runs the package's -short tests;
## MUTATEOUT/summary.md gives each package's killed / (killed + lived) and every survivor not listed
## as equivalent in MUTATION.md (MUTATESTRICT=1 fails on one). MUTATEPKGS=./models/host for one package;
## MUTATESKIP='^TestExhaustive' leaves slow tests out of gremlins' pass and runs its survivors with all.
MUTATEPKGS ?= ./models/... ./props/...
MUTATEOUT  ?= mutate-out
mutate:
	GO=$(GO) MUTATEPKGS="$(MUTATEPKGS)" MUTATEOUT=$(MUTATEOUT) ./internal/mutation/run.sh

## prove: build leapcheck and prove, over all 3,652,059 issuance dates, that no date leads to a
## boot-failure cascade under the fixed policy and that the 2012 logic fails on exactly the leap days.
prove:
	@mkdir -p bin
	$(GO) build -o bin/leapcheck ./cmd/leapcheck
	./bin/leapcheck prove

## conformance: the props checks against real Go libraries (the nested module conformance/):
## fails if a library's verdict changed or conformance/RESULTS.md is stale.
conformance:
	cd conformance && $(GO) vet ./... && $(GO) test -count=1 -timeout=15m ./...

## conformance-update: rewrite conformance/RESULTS.md from a fresh run (review the diff).
conformance-update:
	cd conformance && $(GO) test -count=1 -timeout=15m -run '^TestResults$$' -update .

## bench-prove: the proof's benchmarks: a sweep of every date per preset, the --offsets sweep
## (s/proof-2-cores is the time of leapcheck prove --offsets on two cores), and the offsets
## proof's shared safe path against the exact one, zone by zone, in the same run.
bench-prove:
	$(GO) test -run='^$$' -bench='SweepAll|SweepOffsets|SharedVsExact' -benchtime=$(BENCHTIME) ./models/sim

fmt:
	gofmt -w .

tidy:
	$(GO) mod tidy

## bench-cpp: the day number round trip in C++ (g++ -O2) beside the Go benchmarks, same machine, same run.
bench-cpp:
	@mkdir -p bin
	g++ -O2 -o bin/roundtrip-cpp models/calendar/testdata/cpp/roundtrip.cc
	$(GO) test -run='^$$' -bench='RoundTrip' -count=3 ./models/calendar | grep Benchmark
	./bin/roundtrip-cpp && ./bin/roundtrip-cpp && ./bin/roundtrip-cpp
