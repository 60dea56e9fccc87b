package props

import (
	"errors"
	"math/rand"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
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

// scheduleClocks by hand: each run's time of day and a second either
// side, the day's first and last second, sorted, once each, inside the day.
func TestScheduleClocksByHand(t *testing.T) {
	s := func(d ...time.Duration) []time.Duration { return d }
	h, m, sec := time.Hour, time.Minute, time.Second
	for _, c := range []struct {
		times []time.Duration
		want  []time.Duration
	}{
		{s(0, 12*h), s(0, sec, 12*h-sec, 12*h, 12*h+sec, 24*h-sec)},
		{s(24*h - sec), s(0, 24*h-2*sec, 24*h-sec)},
		{s(2*h+30*m, 2*h+30*m+sec), s(0, 2*h+30*m-sec, 2*h+30*m, 2*h+30*m+sec, 2*h+30*m+2*sec, 24*h-sec)},
	} {
		assert.Equal(t, c.want, scheduleClocks(renew.DailyAt(c.times...)), "%v", c.times)
	}
}

// nextRunModel by hand on runs at 00:00 and 12:00 UTC: After a run is the
// next one, AtOrAfter it is itself, and a fraction of a second past a
// whole second counts as after it under both.
func TestNextRunModelByHand(t *testing.T) {
	s := renew.DailyAt(0, 12*time.Hour)
	noon := time.Date(2012, 2, 29, 12, 0, 0, 0, time.UTC)
	midnight := time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		now   time.Time
		bound RunBound
		want  time.Time
	}{
		{noon, After, midnight},
		{noon, AtOrAfter, noon},
		{noon.Add(-time.Nanosecond), After, noon},
		{noon.Add(-time.Nanosecond), AtOrAfter, noon},
		{noon.Add(-time.Second), After, noon},
		{noon.Add(time.Nanosecond), After, midnight},
		{noon.Add(time.Nanosecond), AtOrAfter, midnight},
		{noon.In(time.FixedZone("", -5*3600)), AtOrAfter, noon},
	} {
		got, err := nextRunModel(s, c.bound, c.now)
		require.NoError(t, err)
		assert.True(t, c.want.Equal(got), "%s %s: %s, want %s", c.bound, c.now.Format(time.RFC3339Nano), got, c.want)
	}
}

// The next-run check's inputs, as its doc lists them: the edge table holds
// each run, a second either side and each day's ends on the edge dates;
// draws (in a property, where a panic is not retried) and samples reach
// every one of those clocks, and are in UTC unless Zones says otherwise.
func TestNextRunInputs(t *testing.T) {
	s := renew.DailyAt(0, 12*time.Hour)
	next := bruteNextRun(s, After, "")
	sp, _, err := nextRunSpec(s, After, next, nil)
	require.NoError(t, err)
	edges := map[time.Time]bool{}
	for i := range sp.edgeCount {
		edges[sp.edgeAt(i)] = true
	}
	for _, want := range []time.Time{
		time.Date(2012, 2, 29, 12, 0, 0, 0, time.UTC), time.Date(2012, 2, 29, 11, 59, 59, 0, time.UTC),
		time.Date(2012, 2, 29, 12, 0, 1, 0, time.UTC), time.Date(2012, 2, 29, 23, 59, 59, 0, time.UTC),
		time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2012, 3, 1, 0, 0, 1, 0, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
	} {
		assert.True(t, edges[want], "edge %s", want.Format(time.RFC3339))
	}
	days := edgeDatesFamiliarFirst(calendar.All()) // checked against their docs in edgedates_test.go
	for i := 0; i < len(days); i += 97 {
		for _, c := range scheduleClocks(s) {
			tm := days[i].In(time.UTC).Add(c)
			require.True(t, edges[tm], "edge date %s at %s", days[i], tm.Format(time.RFC3339))
		}
	}
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	for _, c := range []struct {
		opts []Option
		loc  *time.Location
	}{{nil, time.UTC}, {[]Option{Zones(ny)}, ny}} {
		t.Run(c.loc.String(), func(t *testing.T) {
			sp, _, err := nextRunSpec(s, After, next, c.opts)
			require.NoError(t, err)
			clocks := map[string]map[string]bool{"draw": {}, "sample": {}}
			rapid.Check(t, func(rt *rapid.T) {
				for range 40 { // rapid's checks are few under -short; 40 draws each
					tm := sp.draw.Draw(rt, "now")
					if tm.Location() != c.loc {
						rt.Fatalf("draw %s: not in %s", tm, c.loc)
					}
					clocks["draw"][tm.UTC().Format("15:04:05")] = true
				}
			})
			rng := rand.New(rand.NewSource(1))
			for range 2000 {
				tm := sp.sample(rng)
				require.Equal(t, c.loc, tm.Location(), "sample %s", tm)
				clocks["sample"][tm.UTC().Format("15:04:05")] = true
			}
			for src, seen := range clocks {
				for _, want := range []string{"00:00:00", "00:00:01", "11:59:59", "12:00:00", "12:00:01", "23:59:59"} {
					assert.True(t, seen[want], "%s: clock %s", src, want)
				}
			}
		})
	}
}

// The next-run judgement by hand: the model's run passes, another instant,
// an error or a panic fails; a run after 9999-12-31T23:59:59Z is not judged,
// unless StrictRange, where an error passes and an instant fails.
func TestNextRunJudgeByHand(t *testing.T) {
	s := renew.DailyAt(12 * time.Hour)
	at := time.Date(2012, 2, 29, 13, 0, 0, 0, time.UTC)
	run := time.Date(2012, 3, 1, 12, 0, 0, 0, time.UTC)
	end := time.Date(9999, 12, 31, 13, 0, 0, 0, time.UTC) // the next run would be 10000-01-01
	boom := errors.New("boom")
	for _, c := range []struct {
		name   string
		now    time.Time
		got    time.Time
		err    error
		strict bool
		want   verdict
	}{
		{"the model's run", at, run, nil, false, pass},
		{"a second later", at, run.Add(time.Second), nil, false, fail},
		{"an error", at, time.Time{}, boom, false, fail},
		{"after the model's last day", end, time.Time{}, boom, false, skipped},
		{"after the last day, StrictRange: an error", end, time.Time{}, boom, true, pass},
		{"after the last day, StrictRange: an instant", end, end.Add(23 * time.Hour), nil, true, fail},
	} {
		opts := []Option{}
		if c.strict {
			opts = append(opts, StrictRange())
		}
		sp, _, err := nextRunSpec(s, After, func(time.Time) (time.Time, error) { return c.got, c.err }, opts)
		require.NoError(t, err)
		v, cex := sp.judge(c.now)
		assert.Equal(t, c.want, v, "%s: %v", c.name, cex)
	}
	sp, _, err := nextRunSpec(s, After, func(time.Time) (time.Time, error) { panic("boom") }, nil)
	require.NoError(t, err)
	v, _ := sp.judge(at)
	assert.Equal(t, fail, v, "a panic")
}
