package props

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each pattern's predicate, on dates worked out by hand from the calendar.
func TestFailurePatternsHoldWhereTheyAreNamed(t *testing.T) {
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: day} }
	is := map[string]func(calendar.Date) bool{}
	for _, p := range patterns {
		is[p.name] = p.is
	}
	for _, c := range []struct {
		pattern string
		date    calendar.Date
		want    bool
	}{
		{"February 29ths", d(2000, 2, 29), true},
		{"February 29ths", d(2000, 3, 29), false},
		{"31sts before a shorter month", d(2001, 1, 31), true},  // February
		{"31sts before a shorter month", d(2001, 3, 31), true},  // April
		{"31sts before a shorter month", d(2001, 7, 31), false}, // August has 31
		{"31sts before a shorter month", d(2001, 12, 31), false},
		{"31sts before a shorter month", d(2001, 4, 30), false},
		{"29ths to 31sts past the end of the following month", d(2001, 1, 29), true},  // February 2001 has 28
		{"29ths to 31sts past the end of the following month", d(2000, 1, 29), false}, // February 2000 has 29
		{"29ths to 31sts past the end of the following month", d(2000, 1, 30), true},
		{"29ths to 31sts past the end of the following month", d(2001, 3, 31), true},
		{"29ths to 31sts past the end of the following month", d(2001, 12, 31), false}, // January 2002 has 31
		{"29ths to 31sts past the end of the following month", d(2099, 12, 31), false},
		{"29ths to 31sts past the end of the following month", d(1888, 1, 29), false}, // 1888 is leap (1900, twelve years on, is not)
		{"29ths to 31sts past the end of the previous month", d(2001, 3, 29), true},
		{"29ths to 31sts past the end of the previous month", d(2000, 3, 29), false},
		{"29ths to 31sts past the end of the previous month", d(2001, 1, 31), false}, // December has 31
		{"29ths to 31sts past the end of the previous month", d(1, 1, 31), false},    // no month before
		{"29ths to 31sts past the end of the previous month", d(1, 3, 29), true},     // February of year 1 has 28
		{"29ths to 31sts past the end of the previous month", d(2001, 5, 31), true},  // April has 30
		{"last days of a month", d(2100, 2, 28), true},
		{"last days of a month", d(2000, 2, 28), false},
		{"days before 1970", d(1969, 12, 31), true},
		{"days before 1970", d(1970, 1, 1), false},
		{"days before 1950", d(1949, 12, 31), true},
		{"days before 1950", d(1950, 1, 1), false},
		{"days from 2050", d(2050, 1, 1), true},
		{"days from 2050", d(2049, 12, 31), false},
		{"days of leap years", d(2000, 7, 1), true},
		{"days of leap years", d(1900, 7, 1), false},
		{"December 31sts of leap years", d(2004, 12, 31), true},
		{"December 31sts of leap years", d(2005, 12, 31), false},
		{"December 31sts of leap years", d(2004, 12, 30), false},
	} {
		p, ok := is[c.pattern]
		require.True(t, ok, "no pattern %q", c.pattern)
		assert.Equal(t, c.want, p(c.date), "%s: %s", c.pattern, c.date)
	}
}

// characterise sweeps every day once, counts failing inputs and days, keeps
// the first and last failing input, and names the pattern.
func TestCharacteriseCountsAndNames(t *testing.T) {
	r := mustRangeP(t, "2000-01-01", "2004-12-31")
	leapDayBug := func(tm time.Time, n int) (time.Time, error) {
		res, err := calendar.AddYears(tm, n, calendar.Clamp)
		if tm.Month() == time.February && tm.Day() == 29 {
			res = res.Add(time.Hour)
		}
		return res, err
	}
	s, _, err := timeAddSpec("AddYears", calendar.Clamp, leapDayBug, []Option{InRange(r.First(), r.Last())})
	require.NoError(t, err)
	f := characterise(s, time.Time{})
	// 2000-02-29 and 2004-02-29, each with +1 and -1; 2004-02-29 + 1 leaves
	// the range (2005-02-28) and is not judged, as 2000-02-29 - 1 (1999).
	assert.Equal(t, int64(2), f.Inputs, "inputs")
	assert.Equal(t, int64(2), f.Days, "days")
	assert.Equal(t, r.Len(), f.SweptDays, "days swept")
	assert.Equal(t, "2000-02-29T12:00:00Z (UTC) +1 years", f.First)
	assert.Equal(t, "2004-02-29T12:00:00Z (UTC) -1 years", f.Last)
	assert.Equal(t, "every one of the 2 February 29ths swept", f.Pattern)
	assert.True(t, f.Complete)

	// Failing on one of the two leap days: a subset.
	onlyFirst := func(tm time.Time, n int) (time.Time, error) {
		res, err := calendar.AddYears(tm, n, calendar.Clamp)
		if tm.Year() == 2000 && tm.Month() == time.February && tm.Day() == 29 {
			res = res.Add(time.Hour)
		}
		return res, err
	}
	s, _, err = timeAddSpec("AddYears", calendar.Clamp, onlyFirst, []Option{InRange(r.First(), r.Last())})
	require.NoError(t, err)
	f = characterise(s, time.Time{})
	assert.Equal(t, "only February 29ths: 1 of the 2 swept", f.Pattern)
	assert.Equal(t, f.First, f.Last)

	// A deadline already past stops the sweep (at its 256th input) and says so.
	f = characterise(s, time.Unix(1, 0))
	assert.False(t, f.Complete)
	assert.Equal(t, int64(128), f.SweptDays, "two inputs a day, 256 inputs") // 255 judged: day 128 began
	assert.Contains(t, f.String(), "the sweep stopped early")
}

// patternOf: nothing failing, no pattern; failing days no pattern covers,
// "days" (every swept day) or a subset of them.
func TestPatternOfEdges(t *testing.T) {
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: day} }
	swept := []calendar.Date{d(2000, 2, 29), d(2001, 3, 1), d(2001, 3, 2)}
	assert.Equal(t, "", patternOf(map[calendar.Date]bool{}, swept))
	assert.Equal(t, "every one of the 3 days swept", patternOf(map[calendar.Date]bool{swept[0]: true, swept[1]: true, swept[2]: true}, swept))
	assert.Equal(t, "only days: 2 of the 3 swept", patternOf(map[calendar.Date]bool{swept[1]: true, swept[2]: true}, swept))
	assert.Equal(t, "every one of the 1 February 29ths swept", patternOf(map[calendar.Date]bool{swept[0]: true}, swept))
}

// FailureSet.String, with and without failures, a pattern, a cut sweep.
func TestFailureSetString(t *testing.T) {
	assert.Equal(t, "0 inputs disagree, on 0 of 4,018 days swept", (&FailureSet{SweptDays: 4018, Complete: true}).String())
	assert.Equal(t, "2 inputs disagree, on 2 of 1,827 days swept (every one of the 2 February 29ths swept); first a, last b",
		(&FailureSet{Inputs: 2, Days: 2, SweptDays: 1827, Pattern: "every one of the 2 February 29ths swept", First: "a", Last: "b", Complete: true}).String())
	assert.Equal(t, "1 inputs disagree, on 1 of 10 days swept; first a, last a; the sweep stopped early (budget or test deadline)",
		(&FailureSet{Inputs: 1, Days: 1, SweptDays: 10, First: "a", Last: "a"}).String())
}
