// Package fuzz holds leapcheck's native Go fuzz targets, one per model
// boundary, and the properties they check.
//
// The targets live in fuzz_test.go (Go requires fuzz targets in test files):
// go test -fuzz=Fuzz<Target> ./fuzz, or make fuzz for all of them. Each
// checks a model against an independent oracle (a differential check against
// package time, encoding/asn1 or crypto/x509) or against the model's
// documented invariants after every step; none is a mere "does not panic".
// Outside go test, Check replays one input of a target and Targets lists
// them.
//
// # Inputs
//
// Go's mutator moves an integer argument by at most 100 (internal/fuzz,
// mutateInt), so a target over Unix seconds or day numbers would never leave
// its seeds. Every target therefore takes one string (or []byte) and reads it
// in one of two ways (decode.go): in the target's readable form, such as
// "2012-02-29T00:00:00Z" or "UTCTime 500101000000Z", which is how the
// committed seeds are written and how a person writes a go test corpus file
// for a new incident; or, for any other bytes, as a sequence of choices onto
// the props edge table (February 29ths, century years, month ends, the
// incident instants, the UTCTime pivot) and the full range. Fuzzing from an
// empty corpus so reaches the whole domain, a failure names its case in the
// readable form with the corpus file that replays it, and a shrunk crasher
// decodes to the first entries of the edge tables, such as 2000-02-29.
//
// # Evidence
//
// Each target has a bug planted in a copy of its oracle (plant.go; make
// fuzz-planted) and the models have mutants put into their source at build
// time (plant_test.go; make fuzz-mutants): each must be found by fuzzing,
// from an empty corpus, within a minute. make fuzz-speed compares each
// target's executions per second with an empty target's.
//
// Seeds come from the props edge table, are committed under
// testdata/fuzz/<Target>/ so that plain go test replays them, and can be
// exported as raw libFuzzer inputs for the OSS-Fuzz and ClusterFuzzLite build
// in .clusterfuzzlite/ (make fuzz-raw).
package fuzz
