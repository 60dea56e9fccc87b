# leapcheck: every target fetches what it needs through the Go module proxy.
GO        ?= go
PKGS      ?= ./...
FUZZTIME  ?= 30s
BENCHTIME ?= 1s

.PHONY: all test vet bench cover fuzz prove fmt tidy

all: test

## test: go vet, then the whole suite with the race detector and shuffled order (< 5 min on 2 cores).
test: vet
	$(GO) test -race -shuffle=on $(PKGS)

vet:
	$(GO) vet $(PKGS)

## bench: every benchmark, with allocations.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) $(PKGS)

## cover: coverage profile and per-function summary in cover.out.
cover:
	$(GO) test -coverprofile=cover.out $(PKGS)
	$(GO) tool cover -func=cover.out | tail -n 1

## fuzz: every fuzz target for FUZZTIME each (filled in by the fuzz issue).
fuzz:
	@echo "no fuzz targets yet"

## prove: the exhaustive proofs (until the command lands: the exhaustive calendar tests, without -short).
prove:
	$(GO) test -count=1 -run 'Exhaustive' ./models/...

fmt:
	gofmt -w .

tidy:
	$(GO) mod tidy
