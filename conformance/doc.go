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
package conformance
