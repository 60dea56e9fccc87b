// Package fuzz holds leapcheck's native Go fuzz targets, one per model
// boundary, and the property bodies they run.
//
// The targets live in fuzz_test.go (Go requires fuzz targets in test files)
// and are one-liners: each decodes its arguments and calls a Check function
// of this package, which returns an error describing the violated property,
// or nil. Every Check compares the model with an independent oracle (a
// differential check against package time, encoding/asn1 or crypto/x509) or
// checks the model's documented invariants after every step; none is a mere
// "does not panic".
//
// The oracles are fields of small structs (CalendarOracles, CertOracles,
// HostOracles, ClusterOracles) whose zero value means the real oracle. A test
// can pass a broken copy to show that a target finds the bug it plants: see
// Plant and Plants.
//
// Seeds come from the corpus and props edge tables (see Seeds), are written
// as go test corpus files under testdata/fuzz/<Target>/ so that plain go test
// replays them, and can be exported as raw libFuzzer inputs for OSS-Fuzz and
// ClusterFuzzLite builds (see RawInput, which documents the byte layout
// go-118-fuzz-build's harness reads).
package fuzz
