package props

import (
	"errors"
	"fmt"
	"iter"
	"math/rand"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Counterexample is the first input on which an implementation disagrees
// with a model. The Verify functions return it as their error, and the
// Check functions report it.
type Counterexample struct {
	// Check names the check, e.g. "AddYears".
	Check string
	// Policy is the overflow or issuance policy the check ran under, if any.
	Policy string
	// Input is the input, e.g. "2012-02-29T00:00:00Z + 1 year".
	Input string
	// Got is the implementation's answer, Want the model's ("error: ..."
	// when one of them failed).
	Got, Want string
	// Phase is where it was found: "edge table", "sample (seed N)" or
	// "exhaustive sweep". A sample is reproduced by its seed.
	Phase string
}

// Error describes the disagreement in one paragraph.
func (c *Counterexample) Error() string {
	policy := ""
	if c.Policy != "" {
		policy = " (policy " + c.Policy + ")"
	}
	return fmt.Sprintf("leapcheck: %s%s disagrees with the model on %s\n  got:   %s\n  model: %s\n  found by: %s",
		c.Check, policy, c.Input, c.Got, c.Want, c.Phase)
}

// VerifyOptions tunes a Verify function. The zero value runs the edge table
// and 1,000 samples from DefaultSeed, without the exhaustive sweep.
type VerifyOptions struct {
	// Exhaustive adds a sweep over every day 0001-01-01..9999-12-31.
	Exhaustive bool
	// Samples is the number of random edge-biased inputs (default 1,000).
	Samples int
	// Seed seeds the samples (default 1). The same seed draws the same
	// inputs, so a counterexample found by a sample is reproducible.
	Seed int64
}

func (vo VerifyOptions) samples() int {
	if vo.Samples <= 0 {
		return 1000
	}
	return vo.Samples
}

func (vo VerifyOptions) rng() (*rand.Rand, int64) {
	seed := vo.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	return rand.New(rand.NewSource(seed)), seed
}

// DefaultSeed seeds the samples of a Verify function when VerifyOptions.Seed
// is 0, and always those of the Check functions, so that their verdicts are
// the same on every run.
const DefaultSeed = 1

// errNilImpl is returned when a check is given a nil function.
var errNilImpl = errors.New("props: the implementation under test is nil")

// describeTime renders an answer for a counterexample.
func describeTime(t time.Time, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return t.Format(time.RFC3339Nano) + " (" + t.Location().String() + ")"
}

// sameTime reports whether two answers agree: both errors, or the same
// instant with the same wall clock and the same location.
func sameTime(got time.Time, gotErr error, want time.Time, wantErr error) bool {
	if (gotErr != nil) != (wantErr != nil) {
		return false
	}
	if wantErr != nil {
		return true
	}
	// The same instant seen from the same location has the same wall clock.
	return got.Equal(want) && (got.Location() == want.Location() || got.Location().String() == want.Location().String())
}

// edgeTimes are the inputs of the edge phase of the time-based checks: the
// dangerous days of the years where leap rules and format boundaries bite,
// at the first and last instant of the day, in UTC, the extreme fixed offsets
// and real zones with daylight saving.
func edgeTimes() []time.Time {
	var years []int
	// Most familiar years first, so that the first counterexample found
	// reads easily.
	for _, span := range [][2]int{{1996, 2040}, {2096, 2104}, {1896, 1904}, {1948, 1952}, {2048, 2052}, {2396, 2404}, {396, 404}, {96, 104}, {1, 9}, {9990, 9999}} {
		for y := span[0]; y <= span[1]; y++ {
			years = append(years, y)
		}
	}
	locs := []*time.Location{time.UTC, fixedZone(-14 * 4), fixedZone(14 * 4)}
	zs := realZones()
	locs = append(locs, zs[0], zs[min(4, len(zs)-1)]) // New York, Sao Paulo
	var out []time.Time
	for _, y := range years {
		days := []calendar.Date{{Year: y, Month: time.February, Day: calendar.DaysIn(y, time.February)},
			{Year: y, Month: time.February, Day: 28}, {Year: y, Month: time.March, Day: 1},
			{Year: y, Month: time.January, Day: 1}, {Year: y, Month: time.December, Day: 30}}
		for m := time.January; m <= time.December; m++ {
			days = append(days, calendar.Date{Year: y, Month: m, Day: calendar.DaysIn(y, m)})
		}
		for _, d := range days {
			for _, loc := range locs {
				out = append(out,
					time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc),
					time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 999999999, loc))
			}
		}
	}
	for _, t := range edgeInstants() {
		out = append(out, t, t.In(zs[0]))
	}
	return out
}

// search tries the inputs of the three phases of a Verify function in
// order and returns the first counterexample, with its phase: every input
// of edges, vo.samples() inputs drawn by sample from the seeded source, and,
// if vo.Exhaustive, every input of sweep.
func search[T any](vo VerifyOptions, edges iter.Seq[T], sample func(*rand.Rand) T, sweep iter.Seq[T], try func(T) *Counterexample) error {
	for in := range edges {
		if c := try(in); c != nil {
			c.Phase = "edge table"
			return c
		}
	}
	rng, seed := vo.rng()
	for i := 0; i < vo.samples(); i++ {
		if c := try(sample(rng)); c != nil {
			c.Phase = fmt.Sprintf("sample %d of seed %d", i, seed)
			return c
		}
	}
	if vo.Exhaustive {
		for in := range sweep {
			if c := try(in); c != nil {
				c.Phase = "exhaustive sweep"
				return c
			}
		}
	}
	return nil
}

// timeDelta is an input of the time arithmetic checks.
type timeDelta struct {
	t time.Time
	n int
}

// verifyTimeAdd is the engine of VerifyAddYears and VerifyAddMonths.
func verifyTimeAdd(check, unit string, policy calendar.Overflow, deltas []int, exhaustiveDeltas []int,
	model func(time.Time, int, calendar.Overflow) (time.Time, error),
	impl func(time.Time, int) (time.Time, error), vo VerifyOptions) error {
	if impl == nil {
		return errNilImpl
	}
	if !policy.Valid() {
		return fmt.Errorf("props: %s: policy %v is not clamp, roll or reject", check, policy)
	}
	o := buildOptions(nil)
	return search(vo,
		func(yield func(timeDelta) bool) {
			for _, t := range edgeTimes() {
				for _, n := range deltas {
					if !yield(timeDelta{t, n}) {
						return
					}
				}
			}
		},
		func(rng *rand.Rand) timeDelta {
			t := randTime(rng, o)
			return timeDelta{t, deltaOf(deltas, rng.Intn(2) == 0, rng.Intn(len(deltas)), rng.Intn(61)-30)}
		},
		func(yield func(timeDelta) bool) {
			for d := range calendar.All().Days() {
				for _, n := range exhaustiveDeltas {
					if !yield(timeDelta{time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC), n}) {
						return
					}
				}
			}
		},
		func(in timeDelta) *Counterexample {
			got, gotErr := impl(in.t, in.n)
			want, wantErr := model(in.t, in.n, policy)
			if sameTime(got, gotErr, want, wantErr) {
				return nil
			}
			return &Counterexample{Check: check, Policy: policy.String(),
				Input: fmt.Sprintf("%s (%s) %+d %s", in.t.Format(time.RFC3339Nano), in.t.Location(), in.n, unit),
				Got:   describeTime(got, gotErr), Want: describeTime(want, wantErr)}
		})
}

// VerifyAddYears compares impl, an "add years to a time" function, with
// calendar.AddYears under policy: the same instant, wall clock and location
// where the model succeeds, and an error where the model errors (under
// Reject on February 29, and wherever the result would leave years
// 1..9999). It tries the edge table, then vo.Samples edge-biased random
// inputs, then, if vo.Exhaustive, every day with n = +1 and -1. It returns
// nil, a *Counterexample for the first disagreement, or an error for bad
// arguments.
func VerifyAddYears(policy calendar.Overflow, impl func(t time.Time, years int) (time.Time, error), vo VerifyOptions) error {
	return verifyTimeAdd("AddYears", "years", policy, yearDeltas, []int{1, -1}, calendar.AddYears, impl, vo)
}

// VerifyAddMonths is VerifyAddYears for months: it compares impl with
// calendar.AddMonths under policy, and its sweep uses n = +1, -1 and +12.
func VerifyAddMonths(policy calendar.Overflow, impl func(t time.Time, months int) (time.Time, error), vo VerifyOptions) error {
	return verifyTimeAdd("AddMonths", "months", policy, monthDeltas, []int{1, -1, 12}, calendar.AddMonths, impl, vo)
}

// VerifyDayNumber compares toDays and fromDays, conversions between civil
// dates and days since 1970-01-01, with the calendar model: on the edge
// dates of every year, on vo.Samples random days, and, if vo.Exhaustive, on
// every day 0001-01-01..9999-12-31, in both directions.
func VerifyDayNumber(toDays func(y int, m time.Month, d int) int64, fromDays func(n int64) (y int, m time.Month, d int), vo VerifyOptions) error {
	if toDays == nil || fromDays == nil {
		return errNilImpl
	}
	o := buildOptions(nil)
	return search(vo, slices.Values(EdgeDates(calendar.All())),
		func(rng *rand.Rand) calendar.Date { return randDate(rng, o) },
		calendar.All().Days(),
		func(d calendar.Date) *Counterexample {
			n := d.DayNumber()
			if got := toDays(d.Year, d.Month, d.Day); got != n {
				return &Counterexample{Check: "DayNumber", Input: "toDays(" + d.String() + ")", Got: fmt.Sprint(got), Want: fmt.Sprint(n)}
			}
			if y, m, dd := fromDays(n); (calendar.Date{Year: y, Month: m, Day: dd}) != d {
				return &Counterexample{Check: "DayNumber", Input: fmt.Sprintf("fromDays(%d)", n),
					Got: fmt.Sprintf("%04d-%02d-%02d", y, int(m), dd), Want: d.String()}
			}
			return nil
		})
}
