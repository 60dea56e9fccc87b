package props

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"pgregory.net/rapid"
)

// The Check functions test another project's implementation against the
// models. Each runs an edge-biased rapid property (reproduce a failure with
// the -rapid.seed it prints), then the edge table and seeded samples, then,
// unless testing.Short(), an exhaustive sweep over every day 0001..9999. A
// failure is reported once, with the input, the policy, the
// implementation's answer and the model's.

// CheckAddYears fails t unless impl adds years to a time.Time exactly as
// calendar.AddYears does under policy: the same instant, wall clock and
// location wherever the model succeeds, and an error wherever the model
// errors (under Reject on February 29, and for results outside years
// 1..9999). time.Time.AddDate(n, 0, 0) passes for calendar.Roll once
// wrapped to return an error for years outside 1..9999.
func CheckAddYears(t *testing.T, policy calendar.Overflow, impl func(t time.Time, years int) (time.Time, error)) {
	t.Helper()
	checkTimeAdd(t, "AddYears", "years", policy, YearDelta(), calendar.AddYears, impl, VerifyAddYears)
}

// CheckAddMonths is CheckAddYears for months, against calendar.AddMonths.
func CheckAddMonths(t *testing.T, policy calendar.Overflow, impl func(t time.Time, months int) (time.Time, error)) {
	t.Helper()
	checkTimeAdd(t, "AddMonths", "months", policy, MonthDelta(), calendar.AddMonths, impl, VerifyAddMonths)
}

// tb is what the checks need of a test; *testing.T has it, and the tests of
// this package give a fake that records failures.
type tb interface {
	rapid.TB
}

func checkTimeAdd(t tb, check, unit string, policy calendar.Overflow, deltas *rapid.Generator[int],
	model func(time.Time, int, calendar.Overflow) (time.Time, error),
	impl func(time.Time, int) (time.Time, error),
	verify func(calendar.Overflow, func(time.Time, int) (time.Time, error), VerifyOptions) error) {
	t.Helper()
	if impl == nil || !policy.Valid() {
		t.Fatalf("%v", verify(policy, impl, VerifyOptions{}))
		return
	}
	rapid.Check(t, func(rt *rapid.T) {
		tm := Time().Draw(rt, "t")
		n := deltas.Draw(rt, unit)
		got, gotErr := impl(tm, n)
		want, wantErr := model(tm, n, policy)
		if !sameTime(got, gotErr, want, wantErr) {
			rt.Fatalf("%v", &Counterexample{Check: check, Policy: policy.String(),
				Input: fmt.Sprintf("%s (%s) %+d %s", tm.Format(time.RFC3339Nano), tm.Location(), n, unit),
				Got:   describeTime(got, gotErr), Want: describeTime(want, wantErr), Phase: "rapid property"})
		}
	})
	if t.Failed() {
		return
	}
	report(t, verify(policy, impl, VerifyOptions{Exhaustive: !testing.Short()}))
}

// CheckDayNumber fails t unless toDays and fromDays convert between civil
// dates and days since 1970-01-01 (1970-01-01 is day 0, 0001-01-01 is day
// -719,162) exactly as the calendar model does, in both directions, on
// every day 0001-01-01..9999-12-31 (on the edge table and samples only
// under testing.Short()).
func CheckDayNumber(t *testing.T, toDays func(y int, m time.Month, d int) int64, fromDays func(n int64) (y int, m time.Month, d int)) {
	t.Helper()
	checkDayNumber(t, toDays, fromDays)
}

func checkDayNumber(t tb, toDays func(y int, m time.Month, d int) int64, fromDays func(n int64) (y int, m time.Month, d int)) {
	t.Helper()
	if toDays == nil || fromDays == nil {
		t.Fatalf("%v", errNilImpl)
		return
	}
	rapid.Check(t, func(rt *rapid.T) {
		d := Date().Draw(rt, "date")
		if got := toDays(d.Year, d.Month, d.Day); got != d.DayNumber() {
			rt.Fatalf("%v", &Counterexample{Check: "DayNumber", Input: "toDays(" + d.String() + ")",
				Got: fmt.Sprint(got), Want: fmt.Sprint(d.DayNumber()), Phase: "rapid property"})
		}
		if y, m, dd := fromDays(d.DayNumber()); (calendar.Date{Year: y, Month: m, Day: dd}) != d {
			rt.Fatalf("%v", &Counterexample{Check: "DayNumber", Input: fmt.Sprintf("fromDays(%d)", d.DayNumber()),
				Got: fmt.Sprintf("%04d-%02d-%02d", y, int(m), dd), Want: d.String(), Phase: "rapid property"})
		}
	})
	if t.Failed() {
		return
	}
	report(t, VerifyDayNumber(toDays, fromDays, VerifyOptions{Exhaustive: !testing.Short()}))
}

// report fails t with err, explaining how to reproduce a counterexample.
func report(t tb, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var c *Counterexample
	if errors.As(err, &c) {
		t.Fatalf("%v\n  reproduce: rerun the test; the edge table, the samples (seed %d) and the sweep are the same on every run,\n  or call the matching Verify function with VerifyOptions{Seed: %d}", c, DefaultSeed, DefaultSeed)
		return
	}
	t.Fatalf("%v", err)
}
