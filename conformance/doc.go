// Package conformance runs leapcheck's checks (package props) against real
// Go libraries and keeps the verdicts in RESULTS.md: the test262 of date
// code. It is a nested module, so that the main module never depends on the
// libraries under test.
//
// Every entry runs with default options unless the library documents a
// narrower range. Every failure in the table has its own reproduction test
// (repro_test.go) that asserts the library's own answer on the
// counterexample and explains it: a real bug, or a documented policy
// difference. Regenerate the table with
//
//	go test -run TestResults -update
//
// Renewal code that is not in the table, and why: certmagic's
// Certificate.NeedsRenewal (v0.25.6) reads time.Now() and takes a *Config
// with a live certificate cache, and its window arithmetic
// (currentlyInRenewalWindow) is unexported, so no injected clock reaches
// it; Go's acme/autocert keeps its renewal timer (domainRenewal.next) and
// RenewBefore arithmetic unexported. adhocore/gronx is not served by the
// module proxy this project uses.
package conformance
