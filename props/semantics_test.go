package props

import (
	"errors"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// The inputs that issue 12 found correct code failing on, each judged
// again: outside the domain any answer passes, inside it only the model's.
func TestDomainOfTheIssueInputs(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	plus14 := time.FixedZone("UTC+14:00", 14*3600)
	years, _, err := timeAddSpec("AddYears", calendar.Roll, goAddYears, nil)
	require.NoError(t, err)
	strictYears, _, err := timeAddSpec("AddYears", calendar.Roll, goAddYears, []Option{StrictRange()})
	require.NoError(t, err)
	for _, tc := range []struct {
		name         string
		in           timeDelta
		want, strict verdict
	}{
		{"result in year 10000", timeDelta{time.Date(9996, 2, 29, 0, 0, 0, 0, time.UTC), 4}, skipped, fail},
		{"wall-clock year 0 (the instant 0001-01-01T00:00:00Z)", timeDelta{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).In(ny), 1}, skipped, skipped},
		{"wall-clock year 0 at another instant", timeDelta{time.Date(1, 1, 1, 3, 0, 0, 0, time.UTC).In(ny), 1}, skipped, fail},
		{"UTC year 0, wall clock in range", timeDelta{time.Date(1, 1, 1, 0, 0, 0, 0, plus14), 1}, skipped, pass},
		{"inside: 2012-02-29 + 1 year", timeDelta{time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), 1}, pass, pass},
	} {
		v, _ := years.judge(tc.in)
		assert.Equal(t, tc.want, v, "%s: default", tc.name)
		v, _ = strictYears.judge(tc.in)
		assert.Equal(t, tc.strict, v, "%s: StrictRange", tc.name)
	}

	enc, _, err := encodingSpec(asn1Encode(2050, toUTC), nil)
	require.NoError(t, err)
	for _, tc := range []struct {
		in   time.Time
		want verdict
	}{
		{time.Date(2000, 2, 29, 23, 59, 59, 999999999, time.UTC), pass}, // truncated: 000229235959Z
		{time.Date(1, 1, 1, 0, 0, 0, 0, plus14), skipped},               // UTC year 0
		{time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC), pass},
	} {
		v, c := enc.judge(tc.in)
		assert.Equal(t, tc.want, v, "%s: %v", tc.in, c)
	}

	iss, _, err := issuerSpec(preset(t, cert.GuestAgentFixed), fixedIssuer, nil)
	require.NoError(t, err)
	v, _ := iss.judge(time.Date(1, 1, 1, 0, 0, 0, 0, plus14))
	assert.Equal(t, skipped, v, "an issuance instant in UTC year 0 is outside the domain")
	v, _ = iss.judge(time.Time{})
	assert.Equal(t, skipped, v, "the zero time.Time is never judged")
}

// TestZeroTimeNeverDrawn: Go's "unset" time is not drawn by any generator,
// while other instants of 0001-01-01 are.
func TestZeroTimeNeverDrawn(t *testing.T) {
	first := calendar.Date{Year: 1, Month: 1, Day: 1}
	sawFirstDay := false
	for i := 0; i < 3000; i++ {
		tm := Time(InRange(first, calendar.Date{Year: 1, Month: 1, Day: 3})).Example(i)
		require.False(t, tm.IsZero(), "draw %d is the zero time", i)
		sawFirstDay = sawFirstDay || calendar.DateOf(tm.UTC()) == first
	}
	assert.True(t, sawFirstDay, "0001-01-01 at other instants is still drawn")
	for _, tm := range edgeTimes(buildOptions(nil)) {
		require.False(t, tm.IsZero())
	}
}

func TestOptionsNarrowWhatIsDrawnAndJudged(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	var seen []time.Time
	var deltas []int
	impl := func(tm time.Time, n int) (time.Time, error) {
		seen, deltas = append(seen, tm), append(deltas, n)
		return tm.AddDate(n, 0, 0), nil
	}
	first, last := calendar.Date{Year: 2020, Month: 1, Day: 1}, calendar.Date{Year: 2024, Month: 12, Day: 31}
	require.NoError(t, VerifyAddYears(calendar.Roll, impl, VerifyOptions{Exhaustive: true},
		Zones(time.UTC, berlin), WholeSeconds(), Deltas(1), InRange(first, last)))
	require.NotEmpty(t, seen)
	r, err := calendar.NewRange(first, last)
	require.NoError(t, err)
	for i, tm := range seen {
		require.True(t, tm.Location() == time.UTC || tm.Location() == berlin, "location %s", tm.Location())
		require.Zero(t, tm.Nanosecond(), "%s", tm)
		require.Equal(t, 1, deltas[i])
		require.True(t, r.Contains(calendar.DateOf(tm)), "%s outside %s", tm, r)
	}
	// The generators obey the same options.
	for i := 0; i < 200; i++ {
		tm := Time(Zones(berlin), WholeSeconds()).Example(i)
		require.Equal(t, berlin, tm.Location())
		require.Zero(t, tm.Nanosecond())
		require.Equal(t, 4, YearDelta(Deltas(4)).Example(i))
	}
}

// TestDeltasKeepsOneYearLaterCode: code that only adds one year passes
// when the check is told so, and fails when it is not.
func TestDeltasKeepsOneYearLaterCode(t *testing.T) {
	oneYearLater := func(tm time.Time, n int) (time.Time, error) {
		return tm.AddDate(1, 0, 0), nil // ignores n: it is only ever called with 1
	}
	assert.NoError(t, VerifyAddYears(calendar.Roll, oneYearLater, VerifyOptions{}, Deltas(1)))
	assert.Error(t, VerifyAddYears(calendar.Roll, oneYearLater, VerifyOptions{}))
}

func TestBadCheckOptions(t *testing.T) {
	for _, opt := range []Option{Zones(), Zones(nil), Deltas(), Budget(0), EdgeShare(2),
		InRange(calendar.MaxDate, calendar.MinDate)} {
		err := VerifyAddYears(calendar.Roll, goAddYears, VerifyOptions{}, opt)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "props: ")
		f := runFake(func(tb *fakeTB) { checkTimeAdd(tb, "AddYears", calendar.Roll, goAddYears, []Option{opt}) })
		assert.True(t, f.Failed())
		assert.Contains(t, f.output(), "props: ")
	}
}

// TestBudgetStopsWithoutFailing: a slow implementation stops at its budget,
// passes, and says how much of the sweep it judged.
func TestBudgetStopsWithoutFailing(t *testing.T) {
	setFlag(t, "test.short", "false")
	slow := func(tm time.Time, n int) (time.Time, error) {
		time.Sleep(20 * time.Microsecond)
		return tm.AddDate(n, 0, 0), nil
	}
	start := time.Now()
	f := runFake(func(tb *fakeTB) {
		checkTimeAdd(tb, "AddYears", calendar.Roll, slow, []Option{Budget(300 * time.Millisecond)})
	})
	assert.False(t, f.Failed(), f.output())
	assert.Contains(t, f.output(), "stopped early by the budget")
	// Compared with the sweep's 7.3 million calls of 20µs (over two
	// minutes), the budget ended it: a ratio, not a timing assertion.
	assert.Less(t, time.Since(start), time.Minute)
}

// TestFailureSetIsCharacterised: a full run names the whole failure set.
func TestFailureSetIsCharacterised(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps every day")
	}
	err := VerifyAddYears(calendar.Clamp, goAddYears, VerifyOptions{Exhaustive: true})
	var c *Counterexample
	require.True(t, errors.As(err, &c), "%v", err)
	require.NotNil(t, c.Set)
	assert.Equal(t, int64(2424), c.Set.Days)
	assert.Equal(t, "every one of the 2,424 February 29ths swept", c.Set.Pattern)
	assert.True(t, c.Set.Complete)
	assert.Equal(t, "0004-02-29T12:00:00Z (UTC) +1 years", c.Set.First)
	assert.Equal(t, "9996-02-29T12:00:00Z (UTC) -1 years", c.Set.Last)
	assert.Contains(t, err.Error(), "failure set: 4,848 inputs disagree, on 2,424 of 3,652,059 days swept")

	err = VerifyAddMonthsDate(calendar.Clamp, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
		return t.Year(), t.Month(), t.Day(), nil
	}, VerifyOptions{Exhaustive: true}, Deltas(1))
	require.True(t, errors.As(err, &c), "%v", err)
	assert.Equal(t, "every one of the 67,569 29ths to 31sts past the end of the following month swept", c.Set.Pattern)

	err = VerifyDayNumber(func(y int, m time.Month, d int) int64 {
		yd := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).YearDay()
		return int64((y-1970)*365 + (y-1969)/4 - (y-1901)/100 + (y-1601)/400 + yd - 1) // truncates before 1969
	}, timeFromDays, VerifyOptions{Exhaustive: true})
	require.True(t, errors.As(err, &c), "%v", err)
	assert.Equal(t, "only days before 1970: 487,680 of the 719,162 swept", c.Set.Pattern, "%v", c.Set)
}

// TestDeterministic: the same check reports the same counterexample on
// every run, and under -short as without it when the edge table is small
// enough for -short to keep whole (10,813 inputs here; the doc's cap is
// 20,000).
func TestDeterministic(t *testing.T) {
	// A bug at 07:00 UTC: the edge table's daylight-saving instants in UTC
	// (New York's 2007-03-11T07:00:00Z) find it.
	bug := func(tm time.Time, n int) (time.Time, error) {
		r := tm.AddDate(n, 0, 0)
		if tm.Hour() == 7 && tm.Location() == time.UTC {
			r = r.Add(time.Hour)
		}
		return r, nil
	}
	var outs []string
	for _, short := range []string{"true", "false", "true"} {
		setFlag(t, "test.short", short)
		f := runFake(func(tb *fakeTB) {
			// A small range keeps the sweep short under -race; no Budget,
			// which could stop a slow run before the property phase.
			checkTimeAdd(tb, "AddYears", calendar.Roll, bug, []Option{InRange(calendar.Date{Year: 2005, Month: 1, Day: 1}, calendar.Date{Year: 2008, Month: 12, Day: 31})})
		})
		require.True(t, f.Failed())
		out := f.output()
		i := strings.Index(out, "leapcheck: AddYears (policy roll) disagrees")
		require.GreaterOrEqual(t, i, 0, out)
		outs = append(outs, out[i:i+strings.Index(out[i:], "found by")])
	}
	assert.Equal(t, outs[0], outs[1])
	assert.Equal(t, outs[0], outs[2])
}

// TestPolicyDrawsReachEveryKind: the Validity generators draw every preset
// and every kind of generated policy, whatever the number of presets.
func TestPolicyDrawsReachEveryKind(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, draw := range []func(i int) cert.Policy{
		func(i int) cert.Policy { return rapid.Custom(drawPolicy).Example(i) },
		func(int) cert.Policy { return randPolicy(rng) },
	} {
		names := map[string]bool{}
		lifetimes := map[string]bool{}
		for i := 0; i < 1000; i++ {
			p := draw(i)
			names[p.Name] = true
			if p.Name == "generated" {
				l := p.Lifetime
				l.Duration = l.Duration.Truncate(10000 * time.Hour) // one key for every duration
				lifetimes[l.String()] = true
			}
		}
		for _, p := range cert.Presets() {
			assert.True(t, names[p.Name], "preset %s never drawn", p.Name)
		}
		assert.Len(t, lifetimes, generatedPolicies, "generated kinds drawn: %v", lifetimes)
	}
}

// The generated duration lifetimes span what generatedPolicy's doc says,
// 1 s to 401 days and 1 s in whole seconds, and both generators reach the
// bottom and the 400-day end of it.
func TestGeneratedLifetimesSpanTheirRange(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for name, draw := range map[string]func(i int) cert.Policy{
		"rapid":   func(i int) cert.Policy { return rapid.Custom(drawPolicy).Example(i) },
		"samples": func(int) cert.Policy { return randPolicy(rng) },
	} {
		var shortest, longest time.Duration
		for i := 0; i < 20000; i++ {
			p := draw(i)
			d := p.Lifetime.Duration
			if p.Name != "generated" || d == 0 {
				continue
			}
			require.True(t, d >= time.Second && d <= 401*24*time.Hour+time.Second && d%time.Second == 0, "%s drew a lifetime of %v", name, d)
			if shortest == 0 || d < shortest {
				shortest = d
			}
			longest = max(longest, d)
		}
		if name == "rapid" {
			assert.Equal(t, time.Second, shortest, "%s: the shortest lifetime drawn", name) // rapid draws 0 days and 0 seconds
		} else {
			assert.Less(t, shortest, 24*time.Hour, "%s: the shortest lifetime drawn", name) // 0 days: one chance in 401
		}
		assert.GreaterOrEqual(t, longest, 400*24*time.Hour, "%s: the longest lifetime drawn", name)
	}
}

// Validity draws inside a property: rapid.Example retries a draw that
// panics, a property does not, so a policy kind the generator cannot map
// shows here.
func TestValidityDrawsInAProperty(t *testing.T) {
	setFlag(t, "rapid.checks", "1000")
	rapid.Check(t, func(rt *rapid.T) {
		v := Validity().Draw(rt, "validity")
		require.NoError(rt, v.Validate())
	})
}
