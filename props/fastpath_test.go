package props

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The time arithmetic checks judge the sweep's inputs (noon UTC of each day)
// on a fast path, fastTimeAdd, that skips the model's time.Time arithmetic.
// A shortcut of a check is only allowed to save work: these tests hold it to
// changing no verdict, on inputs chosen where its guards decide (noon UTC
// to the second and nanosecond, a zone of offset 0 that is not UTC, the
// range's first and last days and the days just outside, model errors,
// results leaving the range) and on implementations wrong in the ways it
// compares (location, nanosecond, second, day, error, panic); and to serving
// every input of the sweep, which is what it is for.

// fastImpls are implementations of "add n units" built on the model, each
// but the first wrong in one way the fast path must notice or leave to the
// general judgement.
func fastImpls(model func(time.Time, int, calendar.Overflow) (time.Time, error), policy calendar.Overflow) map[string]func(time.Time, int) (time.Time, error) {
	shift := func(d time.Duration) func(time.Time, int) (time.Time, error) {
		return func(t time.Time, n int) (time.Time, error) {
			r, err := model(t, n, policy)
			return r.Add(d), err
		}
	}
	return map[string]func(time.Time, int) (time.Time, error){
		"model":       shift(0),
		"+1ns":        shift(time.Nanosecond),
		"+1s":         shift(time.Second),
		"-1s":         shift(-time.Second),
		"+1 day":      shift(24 * time.Hour),
		"-1 day":      shift(-24 * time.Hour),
		"wrong rule":  func(t time.Time, n int) (time.Time, error) { return model(t, n, otherPolicy(policy)) },
		"always fail": func(time.Time, int) (time.Time, error) { return time.Time{}, errors.New("no") },
		"panics":      func(time.Time, int) (time.Time, error) { panic("boom") },
		"in UTC": func(t time.Time, n int) (time.Time, error) {
			return model(t.UTC(), n, policy)
		},
		"zone named Z": func(t time.Time, n int) (time.Time, error) {
			r, err := model(t, n, policy)
			return r.In(time.FixedZone("Z", 0)), err
		},
		"error where it succeeds": func(t time.Time, n int) (time.Time, error) {
			r, err := model(t, n, policy)
			if err == nil {
				return r, errors.New("refused")
			}
			return r, nil
		},
	}
}

// otherPolicy is a policy that differs from p on February 29.
func otherPolicy(p calendar.Overflow) calendar.Overflow {
	if p == calendar.Clamp {
		return calendar.Roll
	}
	return calendar.Clamp
}

// fastInputs are the inputs around day number dn where the fast path's
// guards decide.
func fastInputs(dn int64, deltas []int) []timeDelta {
	noon := time.Unix(dn*86400+43200, 0).UTC()
	times := []time.Time{
		noon, noon.Add(time.Nanosecond), noon.Add(-time.Nanosecond), noon.Add(time.Second), noon.Add(-time.Second),
		noon.Add(12 * time.Hour), noon.Add(-12 * time.Hour),
		noon.In(time.FixedZone("Z", 0)), noon.In(time.FixedZone("UTC+14:00", 14*3600)), noon.Local(),
	}
	if london, err := time.LoadLocation("Europe/London"); err == nil {
		times = append(times, noon.In(london))
	}
	var out []timeDelta
	for _, t := range times {
		for _, n := range deltas {
			out = append(out, timeDelta{t, n})
		}
	}
	return out
}

func TestFastPathChangesNoVerdict(t *testing.T) {
	ranges := []calendar.Range{calendar.All(), mustRangeP(t, "2000-01-01", "2004-02-29"), mustRangeP(t, "1969-12-31", "1970-01-01")}
	fastPasses := 0
	for _, check := range []string{"AddYears", "AddMonths"} {
		a := arithOf[check]
		deltas := append([]int{9998, -9998, 119987}, a.edgeDeltas...)
		for _, policy := range []calendar.Overflow{calendar.Clamp, calendar.Roll, calendar.Reject} {
			for name, impl := range fastImpls(a.timeModel, policy) {
				for _, rng := range ranges {
					opts := []Option{InRange(rng.First(), rng.Last())}
					if rng == calendar.All() {
						opts = nil
					}
					s, o, err := timeAddSpec(check, policy, impl, opts)
					require.NoError(t, err)
					lo, hi := rng.First().DayNumber(), rng.Last().DayNumber()
					days := []int64{lo - 1, lo, lo + 1, hi - 1, hi, hi + 1,
						calendar.Date{Year: 2000, Month: time.February, Day: 29}.DayNumber(),
						calendar.Date{Year: 2004, Month: time.February, Day: 29}.DayNumber()}
					for _, dn := range days {
						for _, in := range fastInputs(dn, deltas) {
							gotV, gotC := s.judge(in)
							wantV, wantC := judgeTimeAdd(o, a, policy, impl, in)
							if !assert.Equal(t, wantV, gotV, "%s %v, impl %q, range %s, input %s %+d: the fast path changed the verdict", check, policy, name, rng, in.t.Format(time.RFC3339Nano)+" ("+in.t.Location().String()+")", in.n) ||
								!assert.Equal(t, wantC, gotC, "%s %v, impl %q, range %s, input %v %+d: the counterexample", check, policy, name, rng, in.t, in.n) {
								return
							}
							if fastTimeAdd(a, policy, impl, lo, hi, in) {
								fastPasses++
							}
						}
					}
				}
			}
		}
	}
	// The comparison means something only if the fast path answered on some
	// of these inputs.
	assert.Greater(t, fastPasses, 100, "inputs the fast path passed")
}

// Every input of the sweep belongs to the day it is swept for, at noon in
// the sweep's zone (UTC, or the first of a Zones option), with the deltas
// the Verify functions' docs name, and with an
// implementation that agrees with the model the fast path passes it in UTC
// wherever the model's answer is in the range.
func TestFastPathServesTheSweep(t *testing.T) {
	kiritimati := time.FixedZone("UTC+14:00", 14*3600)
	for _, check := range []string{"AddYears", "AddMonths"} {
		a := arithOf[check]
		for _, policy := range []calendar.Overflow{calendar.Clamp, calendar.Roll, calendar.Reject} {
			impl := func(t time.Time, n int) (time.Time, error) { return a.timeModel(t, n, policy) }
			for _, zone := range []*time.Location{time.UTC, kiritimati} {
				for _, rng := range []calendar.Range{calendar.All(), mustRangeP(t, "2000-02-27", "2001-03-01")} {
					opts := []Option{InRange(rng.First(), rng.Last())}
					if zone != time.UTC {
						opts = append(opts, Zones(zone))
					}
					s, _, err := timeAddSpec(check, policy, impl, opts)
					require.NoError(t, err)
					lo, hi := rng.First().DayNumber(), rng.Last().DayNumber()
					var days []int64
					if rng == calendar.All() {
						// The first and last days, and those whose answer is the first
						// or the last day.
						days = []int64{lo, lo + 1, lo + 31, lo + 365, hi - 365, hi - 31, hi - 1, hi}
					} else {
						for dn := lo; dn <= hi; dn++ {
							days = append(days, dn)
						}
					}
					for _, dn := range days {
						d, err := calendar.FromDayNumber(dn)
						require.NoError(t, err)
						n := 0
						var deltas []int
						s.perDay(d, func(in timeDelta) bool {
							n++
							deltas = append(deltas, in.n)
							where := fmt.Sprintf("%s %v, range %s, day %s, input %v %+d", check, policy, rng, d, in.t, in.n)
							assert.Equal(t, d, s.dateOf(in), "%s: the input's day", where)
							assert.Equal(t, zone, in.t.Location(), "%s: the input's zone", where)
							assert.Equal(t, 12, in.t.Hour(), "%s: the input's hour", where)
							r, err := a.dateModel(d, in.n, policy)
							if zone == time.UTC && err == nil && rng.Contains(r) {
								assert.True(t, fastTimeAdd(a, policy, impl, lo, hi, in), "%s: the fast path left a correct answer to the general judgement", where)
							}
							v, _ := s.judge(in)
							assert.NotEqual(t, fail, v, "%s: the model's own answer failed", where)
							return !t.Failed()
						})
						require.Equal(t, s.perDayInputs, n, "%s %v on %s: inputs per day", check, policy, d)
						// VerifyAddYears's and VerifyAddMonths's docs: n = +1 and -1, and
						// +12 for months.
						require.Equal(t, map[string][]int{"AddYears": {1, -1}, "AddMonths": {1, -1, 12}}[check], deltas, "%s: the sweep's deltas", check)
					}
				}
			}
		}
	}
}
