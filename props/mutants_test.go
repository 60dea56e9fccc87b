package props

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Implementations under test. The correct ones must pass every check; each
// mutant carries one bug that has shipped in real date code, and the
// matching check must catch it.

// inModelRange wraps a time function to fail where the model's range ends,
// as code that promises 0001..9999 does (and StrictRange demands).
func inModelRange(f func(time.Time, int) time.Time) func(time.Time, int) (time.Time, error) {
	return func(t time.Time, n int) (time.Time, error) {
		r := f(t, n)
		if t.Year() < 1 || t.Year() > 9999 || r.Year() < 1 || r.Year() > 9999 {
			return time.Time{}, errors.New("out of range")
		}
		return r, nil
	}
}

// goAddYears and goAddMonths are Go's AddDate, bare: correct for Roll.
var (
	goAddYears  = func(t time.Time, n int) (time.Time, error) { return t.AddDate(n, 0, 0), nil }
	goAddMonths = func(t time.Time, n int) (time.Time, error) { return t.AddDate(0, n, 0), nil }
)

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// clampMonths is an independent Clamp (the java.time way): move the month,
// then cap the day at the target month's length.
func clampMonths(leap func(int) bool, capDay func(int, time.Month) int) func(time.Time, int) (time.Time, error) {
	return func(t time.Time, n int) (time.Time, error) {
		total := t.Year()*12 + int(t.Month()) - 1 + n
		y, m := total/12, time.Month(total%12+1)
		if total < 0 || y < 1 || y > 9999 || t.Year() < 1 || t.Year() > 9999 {
			return time.Time{}, errors.New("out of range")
		}
		last := capDay(y, m)
		if m == time.February {
			last = 28
			if leap(y) {
				last = 29
			}
		}
		d := min(t.Day(), last)
		return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location()), nil
	}
}

func gregorian(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var clampMonthsOK = clampMonths(gregorian, daysIn)

func yearsVia(months func(time.Time, int) (time.Time, error)) func(time.Time, int) (time.Time, error) {
	return func(t time.Time, n int) (time.Time, error) {
		if n > 10000 || n < -10000 {
			return time.Time{}, errors.New("out of range")
		}
		return months(t, 12*n)
	}
}

// rejectVia rejects where the target month is too short for the day (as
// Python's date.replace does), else delegates. It checks the calendar date,
// not the result's wall clock: a daylight-saving gap at midnight moves the
// result to 23:00 of the day before, and that is not a missing day.
func rejectVia(months func(time.Time, int) (time.Time, error)) func(time.Time, int) (time.Time, error) {
	return func(t time.Time, n int) (time.Time, error) {
		total := t.Year()*12 + int(t.Month()) - 1 + n
		if total >= 12 && t.Day() > daysIn(total/12, time.Month(total%12+1)) {
			return time.Time{}, fmt.Errorf("%s + %d months: no such day", t, n)
		}
		return months(t, n)
	}
}

// Day number implementations.
func timeToDays(y int, m time.Month, d int) int64 {
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	if u < 0 && u%86400 != 0 {
		return u/86400 - 1
	}
	return u / 86400
}

func timeFromDays(n int64) (int, time.Month, int) { return time.Unix(n*86400, 0).UTC().Date() }

// julianToDays counts leap days every fourth year: wrong for 1700, 1800,
// 1900, 2100, ...
func julianToDays(y int, m time.Month, d int) int64 {
	n := timeToDays(y, m, d)
	// Add back the century days the Gregorian calendar drops since 1970.
	adj := func(y int) int64 { return int64(y/100 - y/400) }
	yy := y
	if m <= time.February {
		yy--
	}
	return n - adj(yy) + adj(1969)
}

type mutant struct {
	name   string
	verify func(VerifyOptions) error
}

func mutants() []mutant {
	years := func(p calendar.Overflow, f func(time.Time, int) (time.Time, error), opts ...Option) func(VerifyOptions) error {
		return func(vo VerifyOptions) error { return VerifyAddYears(p, f, vo, opts...) }
	}
	months := func(p calendar.Overflow, f func(time.Time, int) (time.Time, error)) func(VerifyOptions) error {
		return func(vo VerifyOptions) error { return VerifyAddMonths(p, f, vo) }
	}
	days := func(to func(int, time.Month, int) int64, from func(int64) (int, time.Month, int)) func(VerifyOptions) error {
		return func(vo VerifyOptions) error { return VerifyDayNumber(to, from, vo) }
	}
	julian := func(y int) bool { return y%4 == 0 }
	return []mutant{
		{"wrong leap rule for centuries (Clamp years)", years(calendar.Clamp, yearsVia(clampMonths(julian, daysIn)))},
		{"Feb 29 + 1 year rolls under Clamp (AddDate used for Clamp)", years(calendar.Clamp, goAddYears)},
		{"Feb 29 + 1 year clamps under Roll", years(calendar.Roll, yearsVia(clampMonthsOK))},
		{"Reject never rejects", years(calendar.Reject, goAddYears)},
		{"clock dropped", years(calendar.Roll, inModelRange(func(t time.Time, n int) time.Time {
			y, m, d := t.AddDate(n, 0, 0).Date()
			return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
		}))},
		{"location dropped (result in UTC)", years(calendar.Roll, inModelRange(func(t time.Time, n int) time.Time { return t.AddDate(n, 0, 0).UTC() }))},
		{"date arithmetic done in UTC, not in the time's zone", years(calendar.Clamp, func(t time.Time, n int) (time.Time, error) {
			r, err := yearsVia(clampMonthsOK)(t.UTC(), n)
			return r.In(t.Location()), err
		})},
		{"no error past 9999 (AddDate unwrapped, under StrictRange)", years(calendar.Roll, goAddYears, StrictRange())},
		{"one year as 365 days", years(calendar.Roll, inModelRange(func(t time.Time, n int) time.Time { return t.AddDate(0, 0, 365*n) }))},
		{"off by one at month ends: every month has 30 days (Clamp)", months(calendar.Clamp, clampMonths(gregorian, func(int, time.Month) int { return 30 }))},
		{"one month as 30 days", months(calendar.Roll, inModelRange(func(t time.Time, n int) time.Time { return t.AddDate(0, 0, 30*n) }))},
		{"negative months truncate instead of flooring", months(calendar.Clamp, func(t time.Time, n int) (time.Time, error) {
			m0 := int(t.Month()) - 1 + n
			y, m := t.Year()+m0/12, time.Month(m0%12+1) // wrong for m0 < 0
			if m < 1 {
				m += 12
			}
			if y < 1 || y > 9999 {
				return time.Time{}, errors.New("out of range")
			}
			return time.Date(y, m, min(t.Day(), daysIn(y, m)), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location()), nil
		})},
		{"Reject only checks February", months(calendar.Reject, func(t time.Time, n int) (time.Time, error) {
			r, err := clampMonthsOK(t, n)
			if err == nil && r.Month() == time.February && r.Day() != t.Day() {
				return time.Time{}, errors.New("no such day")
			}
			return r, err
		})},
		{"wrong leap rule for centuries (day numbers)", days(julianToDays, timeFromDays)},
		{"epoch off by one day", days(func(y int, m time.Month, d int) int64 { return timeToDays(y, m, d) + 1 }, timeFromDays)},
		{"day 366 of leap years mapped to January 1 (Zune)", days(timeToDays, func(n int64) (int, time.Month, int) {
			y, m, d := timeFromDays(n)
			if m == time.December && d == 31 && gregorian(y) {
				return y + 1, time.January, 1
			}
			return y, m, d
		})},
		{"truncating division before 1970", days(func(y int, m time.Month, d int) int64 {
			yd := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).YearDay()
			return int64((y-1970)*365 + (y-1969)/4 - (y-1901)/100 + (y-1601)/400 + yd - 1)
		}, timeFromDays)},
	}
}

// TestMutantsAreCaught checks that every mutant is caught by the matching
// Verify function, from the edge table and samples alone (no sweep), and
// reports which phase caught it.
func TestMutantsAreCaught(t *testing.T) {
	ms := mutants()
	require.GreaterOrEqual(t, len(ms), 15)
	for _, m := range ms {
		err := m.verify(VerifyOptions{})
		var c *Counterexample
		if assert.True(t, errors.As(err, &c), "mutant %q was not caught (err %v)", m.name, err) {
			assert.NotEqual(t, c.Got, c.Want)
			assert.Contains(t, err.Error(), "disagrees with the model on")
			t.Logf("%-60s caught by %s: %s", m.name, c.Phase, strings.ReplaceAll(c.Input, "\n", " "))
		}
	}
}

// TestCorrectImplementationsPass runs the real Check functions (property,
// edge table, samples and, without -short, the exhaustive sweep) on
// independent correct implementations.
func TestCorrectImplementationsPass(t *testing.T) {
	t.Run("bare AddDate is Roll (years)", func(t *testing.T) { CheckAddYears(t, calendar.Roll, goAddYears) })
	t.Run("bare AddDate is Roll (months)", func(t *testing.T) { CheckAddMonths(t, calendar.Roll, goAddMonths) })
	t.Run("AddDate refusing 0001..9999's outside is Roll under StrictRange", func(t *testing.T) {
		CheckAddYears(t, calendar.Roll, inModelRange(func(t time.Time, n int) time.Time { return t.AddDate(n, 0, 0) }), StrictRange())
	})
	t.Run("java.time style Clamp (years)", func(t *testing.T) { CheckAddYears(t, calendar.Clamp, yearsVia(clampMonthsOK)) })
	t.Run("java.time style Clamp (months)", func(t *testing.T) { CheckAddMonths(t, calendar.Clamp, clampMonthsOK) })
	t.Run("Python style Reject (months)", func(t *testing.T) { CheckAddMonths(t, calendar.Reject, rejectVia(clampMonthsOK)) })
	t.Run("Python style Reject (years)", func(t *testing.T) { CheckAddYears(t, calendar.Reject, yearsVia(rejectVia(clampMonthsOK))) })
	t.Run("time package day numbers", func(t *testing.T) { CheckDayNumber(t, timeToDays, timeFromDays) })
	t.Run("the model itself", func(t *testing.T) {
		CheckAddYears(t, calendar.Clamp, func(t time.Time, n int) (time.Time, error) { return calendar.AddYears(t, n, calendar.Clamp) })
	})
}

// TestCheckReportsMutant runs a Check function's property phase on a mutant
// through a fake test, and checks what a user would read.
func TestCheckReportsMutant(t *testing.T) {
	// Enough property runs that the leap-day bug is found by the property
	// phase (and so reported with rapid's seed) even under -short.
	setFlag(t, "rapid.checks", "2000")
	f := runFake(func(tb *fakeTB) { checkTimeAdd(tb, "AddYears", calendar.Clamp, goAddYears, nil) })
	require.True(t, f.Failed())
	out := f.output()
	assert.Contains(t, out, "AddYears (policy clamp) disagrees with the model")
	assert.Equal(t, 1, strings.Count(out, "disagrees with the model"), "one report per failure: %s", out)
	assert.Contains(t, out, "-02-29", "the minimal counterexample is a February 29")
	assert.Contains(t, out, "-rapid.seed=", "the failure says how to reproduce it")

	f = runFake(func(tb *fakeTB) { checkDayNumber(tb, julianToDays, timeFromDays) })
	require.True(t, f.Failed())
	assert.Contains(t, f.output(), "DayNumber disagrees with the model")
}

// setFlag sets a command-line flag for the duration of t.
func setFlag(t *testing.T, name, value string) {
	old := flag.Lookup(name).Value.String()
	require.NoError(t, flag.Set(name, value))
	t.Cleanup(func() { _ = flag.Set(name, old) })
}

func TestVerifyBadArguments(t *testing.T) {
	assert.ErrorIs(t, VerifyAddYears(calendar.Clamp, nil, VerifyOptions{}), errNilImpl)
	assert.ErrorIs(t, VerifyDayNumber(nil, timeFromDays, VerifyOptions{}), errNilImpl)
	err := VerifyAddMonths(calendar.Overflow(0), goAddMonths, VerifyOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not clamp, roll or reject")
	f := runFake(func(tb *fakeTB) {
		checkTimeAdd(tb, "AddYears", calendar.Roll, nil, nil)
	})
	assert.True(t, f.Failed())
	assert.Contains(t, f.output(), "nil")
}
