package props

import (
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An age function that takes only ordered pairs (it returns 0 for to
// before from) fails CheckCompletedYears as it is, and passes it under
// OrderedPairs; a wrong ordered answer still fails under OrderedPairs.
func TestOrderedPairs(t *testing.T) {
	orderedOnly := func(from, to calendar.Date) int {
		if to.Before(from) {
			return 0
		}
		return monthDayAge(from, to)
	}
	vo := VerifyOptions{Samples: 2000}
	near := InRange(calendar.Date{Year: 1999, Month: 1, Day: 1}, calendar.Date{Year: 2005, Month: 12, Day: 31})
	err := VerifyCompletedYears(calendar.Roll, orderedOnly, vo, near)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disagrees")
	require.NoError(t, VerifyCompletedYears(calendar.Roll, orderedOnly, vo, near, OrderedPairs()))
	require.NoError(t, VerifyDaysBetween(func(from, to calendar.Date) int {
		if to.Before(from) {
			return 42
		}
		return int(to.DayNumber() - from.DayNumber())
	}, vo, near, OrderedPairs()))
	offByOne := func(from, to calendar.Date) int { return orderedOnly(from, to) + 1 }
	require.Error(t, VerifyCompletedYears(calendar.Roll, offByOne, vo, near, OrderedPairs()))
}

// The reproduction line of a failing check names a Verify function that
// exists, with the check's own arguments (there is no VerifyStartOfDay).
func TestReproductionNamesARealFunction(t *testing.T) {
	for _, c := range []struct {
		run  func(tb tb)
		want string
	}{
		{func(tb tb) {
			s, o, err := boundarySpec(StartOfDay, func(t time.Time) time.Time { return t }, nil)
			if !badArgs(tb, err) {
				runCheck(tb, s, o)
			}
		}, "call VerifyBoundary (StartOfDay) with the same options"},
		{func(tb tb) {
			s, o, err := completedYearsSpec(calendar.Clamp, func(from, to calendar.Date) int { return 0 }, nil)
			if !badArgs(tb, err) {
				runCheck(tb, s, o)
			}
		}, "call VerifyCompletedYears with the same options"},
		{func(tb tb) {
			s, o, err := dateAddSpec("AddYearsDate", "AddYears", calendar.Clamp, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
				return y + n, m, d, nil
			}, nil)
			if !badArgs(tb, err) {
				runCheck(tb, s, o)
			}
		}, "call VerifyAddYearsDate with the same options"},
	} {
		f := runFake(func(tb *fakeTB) { c.run(tb) })
		require.True(t, f.Failed())
		assert.True(t, strings.Contains(f.output(), c.want), "%s", f.output())
	}
}
