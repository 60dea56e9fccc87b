package props

import (
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
	"pgregory.net/rapid"
)

// The schedule check: the next run of a cron-like schedule, against
// renew.Schedule.NextRun.

// NextRunFunc is a schedule under test: the next run after (or at) now.
// Wrap a library's call in one: robfig/cron's Schedule.Next(now) is the
// first run strictly after now; gronx's NextTickAfter(expr, now, true) is the
// first run at or after it.
type NextRunFunc func(now time.Time) (time.Time, error)

// RunBound says whether a run at now itself counts as the next run.
type RunBound uint8

const (
	// After: the next run is the first one strictly after now (cron's
	// Schedule.Next: a job due at 00:00 asked at 00:00 answers the next day).
	After RunBound = iota + 1
	// AtOrAfter: the first run at or after now (a run due now is next).
	AtOrAfter
)

// String returns "After" or "AtOrAfter".
func (b RunBound) String() string {
	switch b {
	case After:
		return "After"
	case AtOrAfter:
		return "AtOrAfter"
	}
	return fmt.Sprintf("RunBound(%d)", uint8(b))
}

// CheckNextRun fails t unless next returns the next run of schedule s
// after each judged instant now, as s.NextRun does: daily runs at each of
// s.Times, monthly and yearly runs on s.Day (of s.Month) with months that
// lack the day resolved by s.Overflow (Skip: none, as cron does for
// "0 0 31 * *"; Clamp: the month's last day; Roll: the day the surplus
// spills into, "April 31" being May 1), all in UTC. The instants are the
// runs themselves and a second either side, the ends of every day (every
// day of the range in the sweep), month ends, February 28 and 29 and
// March 1, the turn of the year, draws and samples; they are in UTC
// unless Zones says otherwise (the runs are UTC instants whatever the
// location of now). A run after 9999-12-31T23:59:59Z is not judged unless
// StrictRange is given. Schedules with a random Delay are refused: every
// draw of a jittered run would be a different answer.
//
// A function that reads the clock itself cannot be checked: pass now in.
func CheckNextRun(t testing.TB, s renew.Schedule, bound RunBound, next NextRunFunc, opts ...Option) {
	t.Helper()
	sp, o, err := nextRunSpec(s, bound, next, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, sp, o)
}

// VerifyNextRun gives CheckNextRun's verdict without a testing.TB.
func VerifyNextRun(s renew.Schedule, bound RunBound, next NextRunFunc, vo VerifyOptions, opts ...Option) error {
	sp, o, err := nextRunSpec(s, bound, next, opts)
	if err != nil {
		return err
	}
	return run(sp, verifyConfig(vo, o)).err()
}

// nextRunModel is the model's next run after now under bound, on whole
// seconds: a run r (a whole second) is after now iff r ≥ ⌊now⌋ + 1s, and
// at or after now iff r ≥ ⌈now⌉.
func nextRunModel(s renew.Schedule, bound RunBound, now time.Time) (time.Time, error) {
	from := now.Truncate(time.Second)
	if bound == After || !from.Equal(now) {
		from = from.Add(time.Second)
	}
	return s.NextRun(from, 0)
}

// scheduleClocks are the instants of a day the edge table and the sweep
// try: each run's time of day and a second either side, and the day's
// first and last second.
func scheduleClocks(s renew.Schedule) []time.Duration {
	cs := []time.Duration{0, renew.Day - time.Second}
	for _, t := range s.Times {
		cs = append(cs, t-time.Second, t, t+time.Second)
	}
	slices.Sort(cs)
	cs = slices.Compact(cs)
	return slices.DeleteFunc(cs, func(c time.Duration) bool { return c < 0 || c >= renew.Day })
}

func nextRunSpec(s renew.Schedule, bound RunBound, next NextRunFunc, opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	if err := implArgs(o, next == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := s.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: NextRun: %w", err)
	}
	switch {
	case s.Kind == renew.Continuous:
		return spec[time.Time]{}, o, fmt.Errorf("props: NextRun: a continuous schedule has no runs; give a daily, monthly or yearly one")
	case s.Delay != 0:
		return spec[time.Time]{}, o, fmt.Errorf("props: NextRun: schedule %s has a random delay: each draw is a different run (check the undelayed schedule)", s)
	case bound != After && bound != AtOrAfter:
		return spec[time.Time]{}, o, fmt.Errorf("props: NextRun: %v is not After or AtOrAfter", bound)
	}
	loc := time.UTC
	if o.zones != nil {
		loc = o.zones[0]
	}
	clocks := scheduleClocks(s)
	// Days of the edge table: the month ends and their neighbours, the
	// turn of the year and February 28, 29 and March 1 of the edge years.
	edgeDays := edgeDatesFamiliarFirst(o.rng)
	at := func(d calendar.Date, c time.Duration) time.Time {
		return d.In(time.UTC).Add(c).In(loc)
	}
	sp := spec[time.Time]{
		check: "NextRun", policy: s.String() + ", " + bound.String(),
		edgeCount: len(edgeDays) * len(clocks),
		edgeAt: func(i int) time.Time {
			return o.finish(at(edgeDays[i/len(clocks)], clocks[i%len(clocks)]))
		},
		draw: rapid.Custom(func(rt *rapid.T) time.Time {
			if rapid.Bool().Draw(rt, "at a run") {
				d := drawDate(rt, o, "")
				return o.finish(at(d, clocks[rapid.IntRange(0, len(clocks)-1).Draw(rt, "clock")]))
			}
			t := drawTime(rt, o)
			if o.zones == nil {
				t = t.UTC()
			}
			return t
		}),
		sample: func(rng *rand.Rand) time.Time {
			if rng.Intn(2) == 0 {
				return o.finish(at(randDate(rng, o), clocks[rng.Intn(len(clocks))]))
			}
			t := randTime(rng, o)
			if o.zones == nil {
				t = t.UTC()
			}
			return t
		},
		days: o.rng,
		perDay: func(d calendar.Date, yield func(time.Time) bool) bool {
			for _, c := range clocks {
				if !yield(at(d, c)) {
					return false
				}
			}
			return true
		},
		perDayInputs: len(clocks),
		dateOf:       calendar.DateOf,
		judge: func(now time.Time) (verdict, *Counterexample) {
			if now.IsZero() || !o.judged(o.domainOf(now)) {
				return skipped, nil
			}
			want, wantErr := nextRunModel(s, bound, now)
			if wantErr != nil && !errors.Is(wantErr, renew.ErrRange) {
				return skipped, nil
			}
			if wantErr != nil && !o.strict || wantErr == nil && !o.judged(o.domainOf(want)) {
				return skipped, nil
			}
			var got time.Time
			gotErr := guard(func() (err error) { got, err = next(now); return err })
			if !panicked(gotErr) && (gotErr == nil && wantErr == nil && got.Equal(want) || gotErr != nil && wantErr != nil) {
				return pass, nil
			}
			return fail, &Counterexample{Input: "next run " + bound.String() + " " + describeTime(now, nil),
				Got: describeTime(got, gotErr), Want: describeTime(want, wantErr)}
		},
		simpler: func(t time.Time) []time.Time { return simplerTimes(o, t) },
	}
	sp.edges = func(yield func(time.Time) bool) {
		for i := range sp.edgeCount {
			if !yield(sp.edgeAt(i)) {
				return
			}
		}
	}
	return sp, o, nil
}
