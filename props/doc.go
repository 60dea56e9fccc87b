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
//
// Conformance checks (CheckAddYears, CheckAddMonths, CheckDayNumber, ...)
// that test another project's implementation against the models: an
// edge-biased property check first, then, unless testing.Short, an
// exhaustive sweep over every day 0001-01-01..9999-12-31 where that is cheap.
// A failure names the input, the policy, your answer and the model's, and how
// to reproduce it. The Verify functions give the same verdicts without a
// *testing.T, for commands and non-test code.
package props
