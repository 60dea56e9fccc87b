package props

import (
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"pgregory.net/rapid"
)

// The arithmetic checks: years and months added to a time.Time, and to a
// civil date given as (year, month, day).

// CheckAddYears fails t unless impl adds years to a time.Time as
// calendar.AddYears does under policy, on every input it judges (see the
// package documentation, "What a check judges"): the same instant, wall
// clock and location wherever the model succeeds, and an error where the
// model has no such day (Reject on February 29). Inputs and results outside
// 0001-01-01..9999-12-31 are not judged unless StrictRange is given, so
// time.Time.AddDate(n, 0, 0) passes as it is for calendar.Roll.
func CheckAddYears(t testing.TB, policy calendar.Overflow, impl func(t time.Time, years int) (time.Time, error), opts ...Option) {
	t.Helper()
	checkTimeAdd(t, "AddYears", policy, impl, opts)
}

// CheckAddMonths is CheckAddYears for months, against calendar.AddMonths.
func CheckAddMonths(t testing.TB, policy calendar.Overflow, impl func(t time.Time, months int) (time.Time, error), opts ...Option) {
	t.Helper()
	checkTimeAdd(t, "AddMonths", policy, impl, opts)
}

// VerifyAddYears gives CheckAddYears's verdict without a testing.TB: nil, a
// *Counterexample for the first disagreement, or an error for bad
// arguments. It tries the edge table, vo.Samples edge-biased random inputs
// and, if vo.Exhaustive, every day at noon with n = +1 and -1 (or the
// Deltas given).
func VerifyAddYears(policy calendar.Overflow, impl func(t time.Time, years int) (time.Time, error), vo VerifyOptions, opts ...Option) error {
	s, o, err := timeAddSpec("AddYears", policy, impl, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

// VerifyAddMonths is VerifyAddYears for months: it compares impl with
// calendar.AddMonths under policy, and its sweep uses n = +1, -1 and +12.
func VerifyAddMonths(policy calendar.Overflow, impl func(t time.Time, months int) (time.Time, error), vo VerifyOptions, opts ...Option) error {
	s, o, err := timeAddSpec("AddMonths", policy, impl, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func checkTimeAdd(t tb, check string, policy calendar.Overflow, impl func(time.Time, int) (time.Time, error), opts []Option) {
	t.Helper()
	s, o, err := timeAddSpec(check, policy, impl, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// arith describes years or months, for the arithmetic specs.
type arith struct {
	unit        string
	edgeDeltas  []int
	span        int
	sweepDeltas []int
	timeModel   func(time.Time, int, calendar.Overflow) (time.Time, error)
	dateModel   func(calendar.Date, int, calendar.Overflow) (calendar.Date, error)
}

var arithOf = map[string]arith{
	"AddYears": {"years", yearDeltas, 30, []int{1, -1}, calendar.AddYears,
		func(d calendar.Date, n int, o calendar.Overflow) (calendar.Date, error) { return d.AddYears(n, o) }},
	"AddMonths": {"months", monthDeltas, 400, []int{1, -1, 12}, calendar.AddMonths,
		func(d calendar.Date, n int, o calendar.Overflow) (calendar.Date, error) { return d.AddMonths(n, o) }},
}

func (a arith) deltas(o options) []int {
	if o.deltas != nil {
		return o.deltas
	}
	return a.sweepDeltas
}

func (a arith) edges(o options) []int {
	if o.deltas != nil {
		return o.deltas
	}
	return a.edgeDeltas
}

// checkArgs validates what every arithmetic check is given.
func checkArgs(check string, nilImpl bool, policy calendar.Overflow, o options) error {
	switch {
	case o.err != nil:
		return o.err
	case nilImpl:
		return errNilImpl
	case !policy.Valid():
		return fmt.Errorf("props: %s: policy %v is not clamp, roll or reject", check, policy)
	}
	return nil
}

// timeDelta is an input of the time arithmetic checks.
type timeDelta struct {
	t time.Time
	n int
}

// callTimeAdd calls impl as guard does, without a closure: the sweep's
// fast path calls it millions of times.
func callTimeAdd(impl func(time.Time, int) (time.Time, error), t time.Time, n int) (got time.Time, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = errPanic{v}
		}
	}()
	return impl(t, n)
}

// noonUTC returns the date of t if t is exactly noon UTC of a day of r
// (the sweep's inputs), for the fast judgement.
func noonUTC(t time.Time, lo, hi int64) (calendar.Date, bool) {
	if t.Location() != time.UTC || t.Nanosecond() != 0 {
		return calendar.Date{}, false
	}
	u := t.Unix() - 43200
	if u%86400 != 0 || u/86400 < lo || u/86400 > hi {
		return calendar.Date{}, false
	}
	d, err := calendar.FromDayNumber(u / 86400)
	return d, err == nil
}

func timeAddSpec(check string, policy calendar.Overflow, impl func(time.Time, int) (time.Time, error), opts []Option) (spec[timeDelta], options, error) {
	o := buildOptions(opts)
	if err := checkArgs(check, impl == nil, policy, o); err != nil {
		return spec[timeDelta]{}, o, err
	}
	a := arithOf[check]
	sweepLoc := time.UTC
	if o.zones != nil {
		sweepLoc = o.zones[0]
	}
	deltas := a.deltas(o)
	lo, hi := o.rng.First().DayNumber(), o.rng.Last().DayNumber()
	return spec[timeDelta]{
		check: check, policy: policy.String(),
		edges: func(yield func(timeDelta) bool) {
			for _, t := range edgeTimes(o) {
				for _, n := range a.edges(o) {
					if !yield(timeDelta{t, n}) {
						return
					}
				}
			}
		},
		draw: rapid.Custom(func(rt *rapid.T) timeDelta {
			return timeDelta{drawTime(rt, o), drawDelta(rt, o, a.edgeDeltas, a.span, a.unit)}
		}),
		sample: func(rng *rand.Rand) timeDelta {
			return timeDelta{randTime(rng, o), randDelta(rng, o, a.edgeDeltas, a.span)}
		},
		days: o.rng,
		perDay: func(d calendar.Date, yield func(timeDelta) bool) bool {
			t := time.Unix(d.DayNumber()*86400+43200, 0).UTC()
			if sweepLoc != time.UTC {
				t = time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, sweepLoc)
			}
			for _, n := range deltas {
				if !yield(timeDelta{t, n}) {
					return false
				}
			}
			return true
		},
		perDayInputs: len(deltas),
		dateOf:       func(in timeDelta) calendar.Date { return calendar.DateOf(in.t) },
		judge: func(in timeDelta) (verdict, *Counterexample) {
			if fastTimeAdd(a, policy, impl, lo, hi, in) {
				return pass, nil
			}
			return judgeTimeAdd(o, a, policy, impl, in)
		},
		simpler: func(in timeDelta) []timeDelta {
			var out []timeDelta
			for _, t := range simplerTimes(o, in.t) {
				out = append(out, timeDelta{t, in.n})
			}
			for _, n := range simplerDeltas(o, in.n) {
				out = append(out, timeDelta{in.t, n})
			}
			return out
		},
	}, o, nil
}

// fastTimeAdd is the sweep's fast judgement of the time arithmetic checks:
// an input at noon UTC of a day d of lo..hi (day numbers), whose model
// answer for d is a day of lo..hi, passes if impl returns noon UTC of that
// day, compared as Unix seconds. It answers false for anything else (a
// model error, a result outside the range, a disagreement), and
// judgeTimeAdd gives the verdict. It must never pass an input that
// judgeTimeAdd does not pass; TestFastPathChangesNoVerdict holds it to that,
// and TestFastPathServesTheSweep to serving every input of the sweep.
func fastTimeAdd(a arith, policy calendar.Overflow, impl func(time.Time, int) (time.Time, error), lo, hi int64, in timeDelta) bool {
	d, ok := noonUTC(in.t, lo, hi)
	if !ok {
		return false
	}
	r, err := a.dateModel(d, in.n, policy)
	if err != nil {
		return false
	}
	rn := r.DayNumber()
	if rn < lo || rn > hi {
		return false
	}
	got, gotErr := callTimeAdd(impl, in.t, in.n)
	return gotErr == nil && got.Location() == time.UTC && got.Nanosecond() == 0 && got.Unix() == rn*86400+43200
}

// judgeTimeAdd is the general judgement of the time arithmetic checks:
// impl's answer against the model's, on inputs and results the options
// judge.
func judgeTimeAdd(o options, a arith, policy calendar.Overflow, impl func(time.Time, int) (time.Time, error), in timeDelta) (verdict, *Counterexample) {
	if in.t.IsZero() || !o.judged(o.domainOf(in.t)) {
		return skipped, nil
	}
	want, wantErr := a.timeModel(in.t, in.n, policy)
	if !judgedResult(o, wantErr, want) {
		return skipped, nil
	}
	var got time.Time
	gotErr := guard(func() (err error) { got, err = impl(in.t, in.n); return err })
	if !panicked(gotErr) && sameTime(got, gotErr, want, wantErr) {
		return pass, nil
	}
	return fail, &Counterexample{
		Input: fmt.Sprintf("%s (%s) %+d %s", in.t.Format(time.RFC3339Nano), in.t.Location(), in.n, a.unit),
		Got:   describeTime(got, gotErr), Want: describeTime(want, wantErr)}
}

// judgedResult reports whether a model answer is judged: an error other
// than a range error, or a result inside the domain; range errors and
// results outside it only under StrictRange.
func judgedResult(o options, wantErr error, want ...time.Time) bool {
	if wantErr != nil {
		return o.strict || !isRangeErr(wantErr)
	}
	return o.judged(o.domainOf(want...))
}

// simplerTimes proposes simpler times than t that the options allow: the
// same wall clock in UTC, then without the sub-second part, at midnight,
// and in a year nearer 2000 (the same month and day; a February 29 moves to
// a leap year).
func simplerTimes(o options, t time.Time) []time.Time {
	var out []time.Time
	add := func(c time.Time) {
		if !c.Equal(t) || c.Location() != t.Location() {
			if allowedTime(o, c) {
				out = append(out, c)
			}
		}
	}
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	if t.Location() != time.UTC {
		add(time.Date(y, m, d, hh, mm, ss, t.Nanosecond(), time.UTC))
	}
	if t.Nanosecond() != 0 {
		add(time.Date(y, m, d, hh, mm, ss, 0, t.Location()))
	}
	if hh != 0 || mm != 0 || ss != 0 {
		add(time.Date(y, m, d, 0, 0, 0, 0, t.Location()))
	}
	for _, yy := range simplerYears(y, m, d) {
		add(time.Date(yy, m, d, hh, mm, ss, t.Nanosecond(), t.Location()))
	}
	return out
}

// simplerYears proposes years from y towards 2000 in which month m has day
// d: 2000 itself, then halfway, a quarter of the way, ... down to one year
// from y (for February 29, the leap year at or before each).
func simplerYears(y int, m time.Month, d int) []int {
	var out []int
	for step := y - 2000; step != 0; step /= 2 {
		yy := y - step
		if m == time.February && d == 29 {
			yy -= yy % 4
			for yy > 0 && !calendar.IsLeap(yy) {
				yy -= 4
			}
		}
		if yy != y && yy >= 1 && yy <= 9999 && d <= calendar.DaysIn(yy, m) && !slices.Contains(out, yy) {
			out = append(out, yy)
		}
	}
	return out
}

// allowedTime reports whether t is a time the options could have drawn.
func allowedTime(o options, t time.Time) bool {
	if t.IsZero() || o.whole && t.Nanosecond() != 0 || o.domainOf(t) != in {
		return false
	}
	return o.zones == nil || slices.ContainsFunc(o.zones, func(l *time.Location) bool { return l == t.Location() })
}

// simplerDeltas proposes +1 or -1 and half of n, if the options allow them;
// nothing is simpler than 0.
func simplerDeltas(o options, n int) []int {
	if n == 0 {
		return nil
	}
	var out []int
	for _, c := range []int{1, -1, n / 2} {
		if c != n && c != 0 && (c > 0) == (n > 0) && !slices.Contains(out, c) && (o.deltas == nil || slices.Contains(o.deltas, c)) {
			out = append(out, c)
		}
	}
	return out
}

// edgeTimes are the inputs of the edge phase of the time-based checks: the
// dangerous days of the years where leap rules and format boundaries bite,
// at the first and last instant of the day, in UTC, the extreme fixed offsets
// and real zones with daylight saving (or in the zones of a Zones option),
// and the edge instants. Times outside an InRange are left out.
func edgeTimes(o options) []time.Time {
	var years []int
	// Most familiar years first, so that the first counterexample found
	// reads easily.
	for _, span := range familiarSpans {
		for y := span[0]; y <= span[1]; y++ {
			years = append(years, y)
		}
	}
	locs := o.zones
	if locs == nil {
		zs := realZones()
		locs = []*time.Location{time.UTC, fixedZone(-14 * 4), fixedZone(14 * 4), zs[0], zs[min(4, len(zs)-1)]} // New York, Sao Paulo
	}
	var out []time.Time
	// Outside the model (judged under StrictRange) only when no InRange
	// narrowed the range: its doc keeps the edges inside.
	add := func(t time.Time) {
		if t = o.finish(t); o.domainOf(t) == in || o.rng == calendar.All() {
			out = append(out, t)
		}
	}
	for _, y := range years {
		days := []calendar.Date{{Year: y, Month: time.February, Day: calendar.DaysIn(y, time.February)},
			{Year: y, Month: time.February, Day: 28}, {Year: y, Month: time.March, Day: 1},
			{Year: y, Month: time.January, Day: 1}, {Year: y, Month: time.December, Day: 30}}
		for m := time.January; m <= time.December; m++ {
			days = append(days, calendar.Date{Year: y, Month: m, Day: calendar.DaysIn(y, m)})
		}
		for _, d := range days {
			for _, loc := range locs {
				add(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc))
				add(time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 999999999, loc))
			}
		}
	}
	if o.rng != calendar.All() {
		for _, d := range []calendar.Date{o.rng.First(), o.rng.Last()} {
			for _, loc := range locs {
				add(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc))
				add(time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 999999999, loc))
			}
		}
	}
	// Daylight-saving transitions of the zones, in familiar years: the
	// instant of the change, the nanosecond before and half an hour after
	// (inside a skipped midnight's day: Sao Paulo 2012-10-21 began at 01:00).
	dst := o.zones
	if dst == nil {
		dst = realZones()
	}
	for _, loc := range dst {
		at := time.Date(1996, 1, 1, 0, 0, 0, 0, loc)
		for at.Year() < 2031 {
			_, end := at.ZoneBounds()
			if end.IsZero() {
				break
			}
			add(end)
			add(end.Add(-time.Nanosecond))
			add(end.Add(30 * time.Minute))
			at = end
		}
	}
	for _, t := range edgeInstants() {
		if o.zones == nil {
			add(t)
			add(t.In(locs[3]))
			continue
		}
		for _, loc := range o.zones {
			add(t.In(loc))
		}
	}
	return out
}

// CheckAddYearsDate fails t unless impl, "add n years to the date y-m-d",
// agrees with calendar.Date.AddYears under policy: the same date wherever
// the model succeeds, and an error where the model has no such day. It is
// CheckAddYears for libraries whose date type is not a time.Time
// (cloud.google.com/go/civil, github.com/rickb777/date, pgtype.Date, ...):
// wrap the library's call in a function of plain integers. Results outside
// 0001-01-01..9999-12-31 are not judged unless StrictRange is given.
func CheckAddYearsDate(t testing.TB, policy calendar.Overflow, impl func(y int, m time.Month, d, n int) (int, time.Month, int, error), opts ...Option) {
	t.Helper()
	checkDateAdd(t, "AddYearsDate", "AddYears", policy, impl, opts)
}

// CheckAddMonthsDate is CheckAddYearsDate for months.
func CheckAddMonthsDate(t testing.TB, policy calendar.Overflow, impl func(y int, m time.Month, d, n int) (int, time.Month, int, error), opts ...Option) {
	t.Helper()
	checkDateAdd(t, "AddMonthsDate", "AddMonths", policy, impl, opts)
}

// VerifyAddYearsDate gives CheckAddYearsDate's verdict without a
// testing.TB, as VerifyAddYears does.
func VerifyAddYearsDate(policy calendar.Overflow, impl func(y int, m time.Month, d, n int) (int, time.Month, int, error), vo VerifyOptions, opts ...Option) error {
	s, o, err := dateAddSpec("AddYearsDate", "AddYears", policy, impl, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

// VerifyAddMonthsDate gives CheckAddMonthsDate's verdict without a
// testing.TB, as VerifyAddYears does.
func VerifyAddMonthsDate(policy calendar.Overflow, impl func(y int, m time.Month, d, n int) (int, time.Month, int, error), vo VerifyOptions, opts ...Option) error {
	s, o, err := dateAddSpec("AddMonthsDate", "AddMonths", policy, impl, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func checkDateAdd(t tb, check, kind string, policy calendar.Overflow, impl func(int, time.Month, int, int) (int, time.Month, int, error), opts []Option) {
	t.Helper()
	s, o, err := dateAddSpec(check, kind, policy, impl, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// dateDelta is an input of the date arithmetic checks.
type dateDelta struct {
	d calendar.Date
	n int
}

func dateAddSpec(check, kind string, policy calendar.Overflow, impl func(int, time.Month, int, int) (int, time.Month, int, error), opts []Option) (spec[dateDelta], options, error) {
	o := buildOptions(opts)
	if err := checkArgs(check, impl == nil, policy, o); err != nil {
		return spec[dateDelta]{}, o, err
	}
	a := arithOf[kind]
	deltas := a.deltas(o)
	edgeDates := edgeDatesFamiliarFirst(o.rng)
	return spec[dateDelta]{
		check: check, policy: policy.String(),
		edgeCount: len(edgeDates) * len(a.edges(o)),
		edgeAt: func(i int) dateDelta {
			ns := a.edges(o)
			return dateDelta{edgeDates[i/len(ns)], ns[i%len(ns)]}
		},
		edges: func(yield func(dateDelta) bool) {
			for _, d := range edgeDates {
				for _, n := range a.edges(o) {
					if !yield(dateDelta{d, n}) {
						return
					}
				}
			}
		},
		draw: rapid.Custom(func(rt *rapid.T) dateDelta {
			return dateDelta{drawDate(rt, o, ""), drawDelta(rt, o, a.edgeDeltas, a.span, a.unit)}
		}),
		sample: func(rng *rand.Rand) dateDelta {
			return dateDelta{randDate(rng, o), randDelta(rng, o, a.edgeDeltas, a.span)}
		},
		days: o.rng,
		perDay: func(d calendar.Date, yield func(dateDelta) bool) bool {
			for _, n := range deltas {
				if !yield(dateDelta{d, n}) {
					return false
				}
			}
			return true
		},
		perDayInputs: len(deltas),
		dateOf:       func(in dateDelta) calendar.Date { return in.d },
		judge: func(in dateDelta) (verdict, *Counterexample) {
			want, wantErr := a.dateModel(in.d, in.n, policy)
			if wantErr != nil && !o.strict && errors.Is(wantErr, calendar.ErrRange) || wantErr == nil && !o.rng.Contains(want) {
				return skipped, nil
			}
			var got calendar.Date
			gotErr := guard(func() (err error) {
				got.Year, got.Month, got.Day, err = impl(in.d.Year, in.d.Month, in.d.Day, in.n)
				return err
			})
			if !panicked(gotErr) && (gotErr != nil) == (wantErr != nil) && (wantErr != nil || got == want) {
				return pass, nil
			}
			return fail, &Counterexample{Input: fmt.Sprintf("%s %+d %s", in.d, in.n, a.unit),
				Got: describeDate(got, gotErr), Want: describeDate(want, wantErr)}
		},
		simpler: func(in dateDelta) []dateDelta {
			var out []dateDelta
			for _, y := range simplerYears(in.d.Year, in.d.Month, in.d.Day) {
				if d := (calendar.Date{Year: y, Month: in.d.Month, Day: in.d.Day}); o.rng.Contains(d) {
					out = append(out, dateDelta{d, in.n})
				}
			}
			for _, n := range simplerDeltas(o, in.n) {
				out = append(out, dateDelta{in.d, n})
			}
			return out
		},
	}, o, nil
}

// describeDate renders a date answer for a counterexample; an invalid date
// is shown as the numbers it was given as.
func describeDate(d calendar.Date, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	if !d.Valid() {
		return fmt.Sprintf("%04d-%02d-%02d (no such date)", d.Year, int(d.Month), d.Day)
	}
	return d.String()
}
