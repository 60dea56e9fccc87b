package props

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bruteNextRun is an independent implementation of a UTC schedule's next
// run, day by day with the time package: a day is a run day if it is the
// schedule's day of its month, or the last day of a month without it
// (Clamp), or the day an earlier month's missing day spills into (Roll).
// breakOn, if set, makes it wrong on purpose (the mutants).
func bruteNextRun(s renew.Schedule, bound RunBound, mutant string) NextRunFunc {
	runDay := func(d time.Time) bool {
		y, m, day := d.Date()
		if s.Kind == renew.Daily {
			return true
		}
		ok := func(m time.Month) bool { return s.Kind == renew.Monthly || m == s.Month }
		last := calendar.DaysIn(y, m)
		if ok(m) && day == s.Day && (mutant != "skip-31" || s.Day < 31) {
			return true
		}
		switch {
		case s.Overflow == renew.Clamp && ok(m) && s.Day > last && day == last && mutant != "clamp-as-skip":
			return true
		case s.Overflow == renew.Roll && mutant != "roll-as-skip":
			// The month before d's month spills s.Day - its length days
			// into d's month.
			p := time.Date(y, m, 0, 0, 0, 0, 0, time.UTC) // last day of the previous month
			if mutant == "roll-into-day-2" {
				return ok(p.Month()) && s.Day > p.Day() && day == s.Day-p.Day()+1
			}
			return ok(p.Month()) && s.Day > p.Day() && day == s.Day-p.Day()
		}
		return false
	}
	return func(now time.Time) (time.Time, error) {
		now = now.UTC()
		strict := bound == After
		if mutant == "inclusive" {
			strict = !strict
		}
		d := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		for i := 0; i < 366*9; i++ {
			if runDay(d) {
				for _, t := range s.Times {
					r := d.Add(t)
					if r.After(now) || !strict && r.Equal(now) {
						return r, nil
					}
				}
			}
			d = d.AddDate(0, 0, 1)
		}
		return time.Time{}, renew.ErrRange
	}
}

func TestCheckNextRunPassesCorrectCode(t *testing.T) {
	short := InRange(calendar.Date{Year: 1896, Month: 1, Day: 1}, calendar.Date{Year: 2104, Month: 12, Day: 31})
	budget := time.Second
	if testing.Short() {
		budget = 300 * time.Millisecond
	}
	for _, s := range nextRunSchedules() {
		for _, b := range []RunBound{After, AtOrAfter} {
			t.Run(s.String()+"/"+b.String(), func(t *testing.T) {
				CheckNextRun(t, s, b, bruteNextRun(s, b, ""), short, Budget(budget))
			})
		}
	}
}

func nextRunSchedules() []renew.Schedule {
	return []renew.Schedule{
		renew.DailyAt(0, 12*time.Hour),
		renew.MonthlyOn(31, renew.Skip), renew.MonthlyOn(31, renew.Clamp), renew.MonthlyOn(30, renew.Roll), renew.MonthlyOn(31, renew.Roll),
		renew.MonthlyOn(29, renew.Clamp),
		renew.YearlyOn(time.February, 29, renew.Skip), renew.YearlyOn(time.February, 29, renew.Clamp),
		renew.YearlyOn(time.February, 29, renew.Roll),
		{Kind: renew.Monthly, Day: 31, Overflow: renew.Skip, Times: []time.Duration{3*time.Hour + 30*time.Minute, 23*time.Hour + 59*time.Minute + 59*time.Second}},
	}
}

// Each mutant fails the check, under -short too.
func TestCheckNextRunKillsMutants(t *testing.T) {
	for _, c := range []struct {
		mutant string
		s      renew.Schedule
		bound  RunBound
	}{
		{"inclusive", renew.DailyAt(0), After},
		{"inclusive", renew.MonthlyOn(1, renew.Skip), AtOrAfter},
		{"skip-31", renew.MonthlyOn(31, renew.Skip), After},
		{"clamp-as-skip", renew.MonthlyOn(31, renew.Clamp), After},
		{"clamp-as-skip", renew.YearlyOn(time.February, 29, renew.Clamp), After},
		{"roll-as-skip", renew.YearlyOn(time.February, 29, renew.Roll), AtOrAfter},
		{"roll-into-day-2", renew.MonthlyOn(31, renew.Roll), After},
	} {
		err := VerifyNextRun(c.s, c.bound, bruteNextRun(c.s, c.bound, c.mutant), VerifyOptions{},
			InRange(calendar.Date{Year: 1896, Month: 1, Day: 1}, calendar.Date{Year: 2104, Month: 12, Day: 31}))
		require.Error(t, err, "%s %s", c.mutant, c.s)
		var cex *Counterexample
		require.ErrorAs(t, err, &cex, "%s", c.mutant)
	}
}

func TestCheckNextRunBadArguments(t *testing.T) {
	ok := bruteNextRun(renew.DailyAt(0), After, "")
	assert.ErrorIs(t, VerifyNextRun(renew.DailyAt(0), After, nil, VerifyOptions{}), errNilImpl)
	assert.ErrorContains(t, VerifyNextRun(renew.CertbotTimer(), After, ok, VerifyOptions{}), "random delay")
	assert.ErrorContains(t, VerifyNextRun(renew.Schedule{}, After, ok, VerifyOptions{}), "continuous")
	assert.ErrorContains(t, VerifyNextRun(renew.DailyAt(0), RunBound(7), ok, VerifyOptions{}), "RunBound(7)")
	assert.ErrorContains(t, VerifyNextRun(renew.MonthlyOn(32, renew.Skip), After, ok, VerifyOptions{}), "Day = 32")
}
