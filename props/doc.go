// Package props finds date and certificate bugs in your code with property
// tests, and checks your implementations against leapcheck's models.
//
// It has two halves.
//
// Generators (rapid and gopter) that draw dates, times, deltas and
// certificate validities biased towards the days that break software:
// February 29 and the days around it, century years, month ends, the turn of
// the year and ISO week 53, 0001-01-01 and 9999-12-31, the UTCTime pivot of
// 1950/2050, 2038-01-19T03:14:07Z, daylight-saving transitions in real zones,
// and the dangerous instants of real incidents. A bug that only shows on
// February 29 needs about 1,507 uniformly drawn dates to be seen; these
// generators show it in a handful. The bias comes from one table, shared by
// the rapid and the gopter generators, so both draw from the same dangers.
// No generator draws the zero time.Time (Go's "unset", which many APIs read
// as "now"); other instants of 0001-01-01 are drawn.
//
// Conformance checks (CheckAddYears, CheckAddMonths, CheckAddYearsDate,
// CheckDayNumber, CheckCertTimeEncoding, CheckIssuer, CheckNextRun,
// CheckRenewalDue, CheckRenewalRate, CheckDateTimeParse, ...) that test
// another project's implementation against the models, and Verify
// functions that give the same verdicts without a testing.TB.
//
// # What a check judges
//
// A check judges an input only where the model has an answer for it: the
// input's wall-clock date and its UTC instant lie in 0001-01-01..9999-12-31,
// and so does the model's result. Outside that domain the implementation's
// answer is not judged: any result or error passes, so that code which
// handles more than the model (Go's time.Time reaches year 292277026596)
// passes as it is. Inside it:
//
//	model answer                        the implementation passes with
//	a result                            the same result (instant, wall clock and location for times)
//	no such day (Reject, Feb 29 + 1y)   any error
//	a range error (result past 9999)    anything; an error only under StrictRange()
//	cert time with a fractional second  an error, or the encoding truncated to the second
//	                                    (what DER encoders write); not rounding up, not a fraction
//	input is the zero time.Time         anything: never drawn, never judged
//
// Options, given after the implementation, narrow what is judged and bound
// the time; the same Option values tune the generators:
//
//	InRange(first, last)  judge only inputs and results within first..last
//	Zones(locs...)        draw inputs only in these locations (e.g. UTC only)
//	WholeSeconds()        draw no sub-second inputs
//	Deltas(n...)          try only these year or month deltas ("one year later": Deltas(1))
//	StrictRange()         also demand an error wherever the model reports a range
//	                      error, for code that promises to refuse 0001..9999's outside
//	Budget(d)             stop after d, log the coverage, pass unless a failure was found
//	OrderedPairs()        checks of two dates: judge only from ≤ to
//	Parallel()            sweep on every core (for functions safe for concurrent use)
//
// Every option holds in every phase: no input outside them reaches the
// implementation (TestEveryOptionHoldsInEveryPhase). The renewal checks
// issue whole seconds in UTC inside their window: InRange narrows the
// window, and Zones without time.UTC or Deltas is refused with an error.
//
// A check never fails for slowness: it stops at its Budget, or well before
// the test's deadline (go test -timeout), and says how much it judged, on
// standard output even without -v. The exhaustive sweep judges the years
// 1970..2100 first, then every day of the range in a golden-ratio order
// (see sweepPlan), so that wherever it is cut it has covered the whole
// range evenly: the report gives the share of days judged and the longest
// run of days not judged.
//
// # Phases, determinism and reports
//
// Each check runs, in order: the edge table (familiar years first), a
// property phase of -rapid.checks draws (default 100) from the rapid
// generators, 1,000 seeded samples, and, unless testing.Short(), an
// exhaustive sweep over every day of the range. Every phase is
// deterministic: the property phase draws from -rapid.seed (DefaultSeed
// when unset) and the same number of draws with and without -short, so a
// short and a full run report the same first counterexample (unless -short
// cut the edge table, below, and the full run's lies past the first 10,000
// edge inputs) and a rerun reproduces it; -rapid.seed=N draws other
// inputs. Under -short an edge
// table of more than 20,000 inputs (the checks of two dates, and of a
// date and a delta, enumerate millions) is cut to its first 10,000 inputs
// (the familiar years first) and an even stride over the rest, so that
// -short takes about a second for a function costing a microsecond. The checks call rapid's
// generators directly, not rapid.Check, so they write no fail files under
// testdata/rapid/ (your own rapid.Check properties do, as rapid documents).
// Random inputs that fail are shrunk: towards UTC, whole seconds, midnight,
// deltas of one and years near 2000.
//
// Under go test -v a check logs, per phase, how many inputs it judged and
// how many it skipped as outside the domain. A failure is reported once,
// with the input, the policy, both answers, the phase and how to reproduce
// it; in a full run the sweep then goes on and characterises the whole
// failure set: how many inputs disagree, the first and the last, and a
// pattern where one fits ("every one of the 2,424 February 29ths swept").
package props
