package props

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"pgregory.net/rapid"
)

// The civil-calendar checks: an instant's date in its zone, days between
// dates, ISO weeks, and the first and last instants of a day or month.

// CheckDateOf fails t unless dateOf returns the civil date of t in t's own
// location, as calendar.DateOf does, on every judged instant: edge
// instants, times around daylight-saving transitions, far offsets, before
// and after 1970. Division of Unix seconds that truncates toward zero puts
// 1969-12-31T12:00:00Z on 1970-01-01; this check finds it.
func CheckDateOf(t testing.TB, dateOf func(t time.Time) (y int, m time.Month, d int), opts ...Option) {
	t.Helper()
	s, o, err := dateOfSpec(dateOf, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyDateOf gives CheckDateOf's verdict without a testing.TB.
func VerifyDateOf(dateOf func(t time.Time) (y int, m time.Month, d int), vo VerifyOptions, opts ...Option) error {
	s, o, err := dateOfSpec(dateOf, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func dateOfSpec(dateOf func(time.Time) (int, time.Month, int), opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	if err := implArgs(o, dateOf == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	s := instantSpec("DateOf", o, func(t time.Time) (verdict, *Counterexample) {
		if t.IsZero() || !o.judged(o.domainOf(t)) {
			return skipped, nil
		}
		want := calendar.DateOf(t)
		var got calendar.Date
		err := guard(func() error { got.Year, got.Month, got.Day = dateOf(t); return nil })
		if err == nil && got == want {
			return pass, nil
		}
		return fail, &Counterexample{Input: describeTime(t, nil), Got: describeDate(got, err), Want: want.String()}
	})
	return s, o, nil
}

// instantSpec is the spec of a check whose input is one instant: the edge
// times, Time draws, samples, and an hour before, at and after noon and
// midnight of every day, in UTC or the first of the option's zones.
func instantSpec(check string, o options, judge func(time.Time) (verdict, *Counterexample)) spec[time.Time] {
	loc := time.UTC
	if o.zones != nil {
		loc = o.zones[0]
	}
	clocks := []int{0, 1, 11, 12, 13, 23}
	return spec[time.Time]{
		check:  check,
		edges:  func(yield func(time.Time) bool) { iterSlice(edgeTimes(o), yield) },
		draw:   rapid.Custom(func(rt *rapid.T) time.Time { return drawTime(rt, o) }),
		sample: func(rng *rand.Rand) time.Time { return randTime(rng, o) },
		days:   o.rng,
		perDay: func(d calendar.Date, yield func(time.Time) bool) bool {
			for _, h := range clocks {
				if !yield(time.Date(d.Year, d.Month, d.Day, h, 0, 0, 0, loc)) {
					return false
				}
			}
			return true
		},
		perDayInputs: len(clocks),
		dateOf:       calendar.DateOf,
		judge:        judge,
		simpler:      func(t time.Time) []time.Time { return simplerTimes(o, t) },
	}
}

func iterSlice[T any](s []T, yield func(T) bool) {
	for _, v := range s {
		if !yield(v) {
			return
		}
	}
}

// implArgs validates the options and the implementation of a check.
func implArgs(o options, nilImpl bool) error {
	if o.err != nil {
		return o.err
	}
	if nilImpl {
		return errNilImpl
	}
	return nil
}

// CheckDaysBetween fails t unless daysBetween returns the number of days
// from one date to another (negative if to is earlier), as the difference
// of their day numbers. b.Sub(a)/(24*time.Hour) on local midnights is one
// short across a spring-forward change; this check finds it. Its sweep
// (and CheckCompletedYears's) pairs every day with the next day, the day
// 365 days later and the day 366 days earlier (the day itself where that
// leaves the range).
func CheckDaysBetween(t testing.TB, daysBetween func(from, to calendar.Date) int, opts ...Option) {
	t.Helper()
	s, o, err := daysBetweenSpec(daysBetween, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyDaysBetween gives CheckDaysBetween's verdict without a testing.TB.
func VerifyDaysBetween(daysBetween func(from, to calendar.Date) int, vo VerifyOptions, opts ...Option) error {
	s, o, err := daysBetweenSpec(daysBetween, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

// datePair is an input of the checks over two dates.
type datePair struct{ from, to calendar.Date }

// pairOffsets are the distances at which the second date of a pair is
// taken: a day, a week, a month, a year and a leap cycle either way, and a
// far one.
var pairOffsets = []int{0, 1, -1, 7, 28, 31, -31, 365, 366, -365, 1461, 36524, 146097}

// pairSpec is the spec of a check over two dates. Under OrderedPairs every
// phase hands over the pair in order (from on or before to) and the judge
// skips any other.
func pairSpec(check string, o options, judge func(datePair) (verdict, *Counterexample)) spec[datePair] {
	order := func(p datePair) datePair {
		if o.ordered && p.from.After(p.to) {
			p.from, p.to = p.to, p.from
		}
		return p
	}
	pair := func(d calendar.Date, off int) datePair {
		e, err := d.AddDays(off)
		if err != nil || !o.rng.Contains(e) {
			e = d
		}
		return order(datePair{d, e})
	}
	inner := judge
	judge = func(p datePair) (verdict, *Counterexample) {
		if o.ordered && p.from.After(p.to) {
			return skipped, nil
		}
		return inner(p)
	}
	sweepOffsets := []int{1, 365, -366}
	edgeDates := edgeDatesFamiliarFirst(o.rng)
	return spec[datePair]{
		check:     check,
		edgeCount: len(edgeDates) * len(pairOffsets),
		edgeAt: func(i int) datePair {
			return pair(edgeDates[i/len(pairOffsets)], pairOffsets[i%len(pairOffsets)])
		},
		edges: func(yield func(datePair) bool) {
			for _, d := range edgeDates {
				for _, off := range pairOffsets {
					if !yield(pair(d, off)) {
						return
					}
				}
			}
		},
		draw: rapid.Custom(func(rt *rapid.T) datePair {
			return order(datePair{drawDate(rt, o, "from "), drawDate(rt, o, "to ")})
		}),
		sample: func(rng *rand.Rand) datePair {
			d := randDate(rng, o)
			if rng.Intn(2) == 0 {
				return pair(d, pairOffsets[rng.Intn(len(pairOffsets))])
			}
			return order(datePair{d, randDate(rng, o)})
		},
		days: o.rng,
		perDay: func(d calendar.Date, yield func(datePair) bool) bool {
			for _, off := range sweepOffsets {
				if !yield(pair(d, off)) {
					return false
				}
			}
			return true
		},
		perDayInputs: len(sweepOffsets),
		dateOf:       func(p datePair) calendar.Date { return p.from },
		judge:        judge,
		simpler: func(p datePair) []datePair {
			var out []datePair
			for _, y := range simplerYears(p.from.Year, p.from.Month, p.from.Day) {
				dy := y - p.from.Year
				to := calendar.Date{Year: p.to.Year + dy, Month: p.to.Month, Day: p.to.Day}
				from := calendar.Date{Year: y, Month: p.from.Month, Day: p.from.Day}
				if to.Valid() && o.rng.Contains(to) && o.rng.Contains(from) {
					out = append(out, datePair{from, to})
				}
			}
			return out
		},
	}
}

func daysBetweenSpec(daysBetween func(from, to calendar.Date) int, opts []Option) (spec[datePair], options, error) {
	o := buildOptions(opts)
	if err := implArgs(o, daysBetween == nil); err != nil {
		return spec[datePair]{}, o, err
	}
	return pairSpec("DaysBetween", o, func(p datePair) (verdict, *Counterexample) {
		want := int(p.to.DayNumber() - p.from.DayNumber())
		var got int
		err := guard(func() error { got = daysBetween(p.from, p.to); return nil })
		if err == nil && got == want {
			return pass, nil
		}
		return fail, &Counterexample{Input: fmt.Sprintf("from %s to %s", p.from, p.to), Got: describeAny(got, err), Want: fmt.Sprint(want)}
	}), o, nil
}

// CheckISOWeek fails t unless isoWeek returns the ISO 8601 week-based year
// and week of every date, as calendar.Date.ISOWeek does: 2014-12-29 is in
// week 1 of 2015 (a formatter that printed the week-based year for the
// calendar year put "2015" on tweets of 29 December 2014).
func CheckISOWeek(t testing.TB, isoWeek func(y int, m time.Month, d int) (year, week int), opts ...Option) {
	t.Helper()
	s, o, err := isoWeekSpec(isoWeek, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyISOWeek gives CheckISOWeek's verdict without a testing.TB.
func VerifyISOWeek(isoWeek func(y int, m time.Month, d int) (year, week int), vo VerifyOptions, opts ...Option) error {
	s, o, err := isoWeekSpec(isoWeek, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func isoWeekSpec(isoWeek func(y int, m time.Month, d int) (year, week int), opts []Option) (spec[calendar.Date], options, error) {
	o := buildOptions(opts)
	if err := implArgs(o, isoWeek == nil); err != nil {
		return spec[calendar.Date]{}, o, err
	}
	return dateSpec("ISOWeek", o, func(d calendar.Date) *Counterexample {
		wy, ww := d.ISOWeek()
		var gy, gw int
		err := guard(func() error { gy, gw = isoWeek(d.Year, d.Month, d.Day); return nil })
		if err == nil && gy == wy && gw == ww {
			return nil
		}
		got := fmt.Sprintf("%d-W%02d", gy, gw)
		if err != nil {
			got = err.Error()
		}
		return &Counterexample{Input: d.String(), Got: got, Want: fmt.Sprintf("%d-W%02d", wy, ww)}
	}), o, nil
}

// Boundary names the first or last instant of a day or month, for
// CheckBoundary.
type Boundary uint8

const (
	// StartOfDay is the first instant of t's date in t's location: midnight,
	// or where a daylight-saving change skips midnight (America/Sao_Paulo on
	// 2012-10-21), the instant of the change (calendar.Date.In).
	StartOfDay Boundary = iota + 1
	// EndOfDay is the last nanosecond of t's date: one nanosecond before
	// the start of the next day (23 or 25 hours after the start on the days
	// clocks change).
	EndOfDay
	// StartOfMonth is the start of the first day of t's month.
	StartOfMonth
	// EndOfMonth is one nanosecond before the start of the next month.
	EndOfMonth
)

// String returns "StartOfDay", "EndOfDay", "StartOfMonth" or "EndOfMonth".
func (b Boundary) String() string {
	switch b {
	case StartOfDay:
		return "StartOfDay"
	case EndOfDay:
		return "EndOfDay"
	case StartOfMonth:
		return "StartOfMonth"
	case EndOfMonth:
		return "EndOfMonth"
	}
	return fmt.Sprintf("Boundary(%d)", uint8(b))
}

// of returns the model's boundary of t, in t's location; ok is false where
// it is outside the model (the end of 9999-12-31).
func (b Boundary) of(t time.Time) (time.Time, bool) {
	d, loc := calendar.DateOf(t), t.Location()
	var next calendar.Date
	var err error
	switch b {
	case StartOfDay:
		return d.In(loc), true
	case StartOfMonth:
		return calendar.Date{Year: d.Year, Month: d.Month, Day: 1}.In(loc), true
	case EndOfDay:
		next, err = d.AddDays(1)
	default:
		next, err = calendar.Date{Year: d.Year, Month: d.Month, Day: 1}.AddMonths(1, calendar.Clamp)
	}
	if err != nil {
		return time.Time{}, false
	}
	return next.In(loc).Add(-time.Nanosecond), true
}

// CheckBoundary fails t unless boundary returns the boundary b of every
// judged instant, in the instant's own location, as the calendar model
// does (see Boundary). time.Date(y, m, d, 0, 0, 0, 0, loc) is the day
// before in a zone whose clocks skip midnight, and start + 24h - 1ns is
// wrong on every day clocks change; this check finds both.
func CheckBoundary(t testing.TB, b Boundary, boundary func(t time.Time) time.Time, opts ...Option) {
	t.Helper()
	s, o, err := boundarySpec(b, boundary, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyBoundary gives CheckBoundary's verdict without a testing.TB.
func VerifyBoundary(b Boundary, boundary func(t time.Time) time.Time, vo VerifyOptions, opts ...Option) error {
	s, o, err := boundarySpec(b, boundary, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func boundarySpec(b Boundary, boundary func(time.Time) time.Time, opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	if err := implArgs(o, boundary == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	if b < StartOfDay || b > EndOfMonth {
		return spec[time.Time]{}, o, fmt.Errorf("props: %v is not StartOfDay, EndOfDay, StartOfMonth or EndOfMonth", b)
	}
	s := instantSpec(b.String(), o, func(t time.Time) (verdict, *Counterexample) {
		if t.IsZero() || !o.judged(o.domainOf(t)) {
			return skipped, nil
		}
		want, ok := b.of(t)
		if !ok || !o.judged(o.domainOf(want)) {
			return skipped, nil
		}
		var got time.Time
		err := guard(func() error { got = boundary(t); return nil })
		if err == nil && sameTime(got, nil, want, nil) {
			return pass, nil
		}
		return fail, &Counterexample{Input: describeTime(t, nil), Got: describeTime(got, err), Want: describeTime(want, nil)}
	})
	s.verify = "VerifyBoundary (" + b.String() + ")"
	return s, o, nil
}

// CheckCompletedYears fails t unless completedYears returns the number of
// whole years from one date to another: an age, or the anniversaries a
// contract or certificate has reached. For from on or before to it is the
// largest n ≥ 0 whose anniversary from + n years (calendar.Date.AddYears
// under policy) is on or before to; for to before from it is minus the
// count from to to from. The policy is the one question of the definition:
// someone born on February 29 turns one on 2025-02-28 under Clamp
// (java.time's Period.between) and on 2025-03-01 under Roll (Go's AddDate).
// Reject has no anniversary in common years, so it is refused. The classic
// bug, subtracting years and then comparing days of the year, is a day off
// after February in leap years; this check finds it.
func CheckCompletedYears(t testing.TB, policy calendar.Overflow, completedYears func(from, to calendar.Date) int, opts ...Option) {
	t.Helper()
	s, o, err := completedYearsSpec(policy, completedYears, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyCompletedYears gives CheckCompletedYears's verdict without a
// testing.TB.
func VerifyCompletedYears(policy calendar.Overflow, completedYears func(from, to calendar.Date) int, vo VerifyOptions, opts ...Option) error {
	s, o, err := completedYearsSpec(policy, completedYears, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

// completedYears is the model of CheckCompletedYears: whole years from
// from to to (from ≤ to) under policy, Clamp or Roll. An anniversary after
// 9999-12-31 is after to.
func completedYears(from, to calendar.Date, policy calendar.Overflow) int {
	n := to.Year - from.Year
	if a, err := from.AddYears(n, policy); err != nil || a.After(to) {
		n--
	}
	return n
}

func completedYearsSpec(policy calendar.Overflow, impl func(from, to calendar.Date) int, opts []Option) (spec[datePair], options, error) {
	o := buildOptions(opts)
	if err := checkArgs("CompletedYears", impl == nil, policy, o); err != nil {
		return spec[datePair]{}, o, err
	}
	if policy == calendar.Reject {
		return spec[datePair]{}, o, fmt.Errorf("props: CompletedYears: policy reject has no anniversary of February 29 in common years; use clamp or roll")
	}
	s := pairSpec("CompletedYears", o, func(p datePair) (verdict, *Counterexample) {
		want := 0
		if p.from.After(p.to) {
			want = -completedYears(p.to, p.from, policy)
		} else {
			want = completedYears(p.from, p.to, policy)
		}
		var got int
		err := guard(func() error { got = impl(p.from, p.to); return nil })
		if err == nil && got == want {
			return pass, nil
		}
		return fail, &Counterexample{Input: fmt.Sprintf("from %s to %s", p.from, p.to), Got: describeAny(got, err), Want: fmt.Sprint(want)}
	})
	s.policy = policy.String()
	return s, o, nil
}
