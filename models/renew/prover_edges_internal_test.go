package renew

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// The prover's edges, each worked out by hand or against the brute force
// on small numbers, where the random setups of TestBruteRandomSetups
// (hours and days) almost never land on the one second that matters.

// TestZeroGapIsSafe: a replacement issued exactly at NotAfter + 1 s leaves
// no second without a valid certificate. The issue-19 setup retrying every
// second, with a 2-second outage: a certificate issued at 00:00:02 is due
// at 00:00:01 the day before it ends and first tried at the next 00:00,
// exactly its NotAfter + 1 s - 2 s; the CA is back 2 s later, at NotAfter
// + 1 s, when the second retry succeeds: safe, and every other second
// renews earlier relative to its end. With a 3-second outage that one
// second lapses by 1 s and no other does.
func TestZeroGapIsSafe(t *testing.T) {
	for _, s := range []string{"2030-01-01", "2028-02-29"} {
		p := bruteIssue19()
		p.Client.Retry = Retry{Initial: time.Second, Max: time.Second}
		p.Outage = 2 * time.Second
		pr, err := NewProver(p)
		require.NoError(t, err)
		_, bad, err := pr.Check(bd(t, s))
		require.NoError(t, err)
		assert.False(t, bad, "%s: a renewal at NotAfter+1s leaves no gap", s)
		assert.Zero(t, bruteDate(p, bd(t, s)).Failing, s)

		p.Outage = 3 * time.Second
		pr, err = NewProver(p)
		require.NoError(t, err)
		f, bad, err := pr.Check(bd(t, s))
		require.NoError(t, err)
		require.True(t, bad, s)
		assert.Equal(t, "00:00:02", f.Issued.Format(time.TimeOnly), s)
		assert.Equal(t, time.Second, f.Gap, s)
		assert.Contains(t, f.Detail, "CA down 3s", s)
		assert.Equal(t, f.NotAfter.Add(time.Second+f.Gap), f.Renewed, s)
		b := bruteDate(p, bd(t, s))
		assert.Equal(t, 1, b.Failing, "%s: only 00:00:02 lapses", s)

		// The issue-19 setup (hourly retries) with a 1-day outage: the
		// first second of the date is replaced exactly at NotAfter + 1 s
		// (first attempt 44 days later at 00:00, the CA back a day later)
		// and is safe; 00:00:01 too (1 s early); from 00:00:02 the first
		// attempt is a day later and every second lapses. The first
		// failing second is 00:00:02, not the zero-gap second before it.
		p = bruteIssue19()
		p.Outage = 24 * time.Hour
		pr, err = NewProver(p)
		require.NoError(t, err)
		f, bad, err = pr.Check(bd(t, s))
		require.NoError(t, err)
		require.True(t, bad, s)
		assert.Equal(t, "00:00:02", f.Issued.Format(time.TimeOnly), s)
		b = bruteDate(p, bd(t, s))
		assert.Equal(t, 86398, b.Failing, s)
	}
}

// TestLifetimeStepInsideTheDate: the CA moves from 10-day to 45-day
// certificates at noon. A client renewing one day before expiry on a
// continuous timer renews every certificate 1 day before its end, so the
// date is safe; a prover that judged a second after the step with the
// lifetime before it (10 days, against a renewal 44 days out) would call
// it a lapse.
func TestLifetimeStepInsideTheDate(t *testing.T) {
	step := bu(t, "2030-03-10T12:00:00Z")
	p := Preset{
		Name:   "step-at-noon",
		Client: Policy{Name: "before-1d", Trigger: Trigger{Kind: BeforeExpiry, Offset: Day}, Retry: Retry{Initial: time.Hour, Max: time.Hour}},
		CA:     Lifetimes{Name: "10d-then-45d", Base: 10 * Day, Steps: []LifetimeStep{{time.Unix(step, 0).UTC(), 45 * Day}}},
	}
	pr, err := NewProver(p)
	require.NoError(t, err)
	for _, s := range []string{"2030-03-09", "2030-03-10", "2030-03-11"} {
		_, bad, err := pr.Check(bd(t, s))
		require.NoError(t, err)
		assert.False(t, bad, s)
	}
	// The other way round, 45 days then 10, with a client that renews 20
	// days after issuance: safe before noon, a lapse from noon on.
	p.CA = Lifetimes{Name: "45d-then-10d", Base: 45 * Day, Steps: []LifetimeStep{{time.Unix(step, 0).UTC(), 10 * Day}}}
	p.Client.Trigger = Trigger{Kind: AfterIssuance, Offset: 20 * Day}
	pr, err = NewProver(p)
	require.NoError(t, err)
	f, bad, err := pr.Check(bd(t, "2030-03-10"))
	require.NoError(t, err)
	require.True(t, bad)
	assert.Equal(t, "2030-03-10T12:00:00Z", f.Issued.Format(time.RFC3339))
	b := bruteDate(p, bd(t, "2030-03-10"))
	assert.Equal(t, 43200, b.Failing)

	// 45 days then 10, renewing 1 day before expiry with a 2-day outage:
	// every second lapses, the first at 00:00:00. The worst replacement
	// drops at the step (t + 44 d + 2 d before, t + 9 d + 2 d after), so
	// a bisection that let the seconds after the step into the first
	// piece would clear that piece on its last second and report noon.
	p.CA = Lifetimes{Name: "45d-then-10d", Base: 45 * Day, Steps: []LifetimeStep{{time.Unix(step, 0).UTC(), 10 * Day}}}
	p.Client.Trigger = Trigger{Kind: BeforeExpiry, Offset: Day}
	p.Outage = 2 * Day
	pr, err = NewProver(p)
	require.NoError(t, err)
	f, bad, err = pr.Check(bd(t, "2030-03-10"))
	require.NoError(t, err)
	require.True(t, bad)
	assert.Equal(t, "2030-03-10T00:00:00Z", f.Issued.Format(time.RFC3339))
	_, _, dis := bruteCompare(p, proverJudge(pr), bd(t, "2030-03-10"))
	assert.Empty(t, dis)
}

// TestWorstAttemptAgreesWithReachableSets compares the prover's closed
// form for retries (worstAttempt: the latest first attempt at or after x
// when the first attempt falls in [aLo, aHi] and every earlier one is
// refused) with the brute force's walk over sets of reachable instants,
// on waits of a few seconds, where every boundary is within reach.
func TestWorstAttemptAgreesWithReachableSets(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		secs := func(label string, lo, hi int) time.Duration {
			return time.Duration(rapid.IntRange(lo, hi).Draw(rt, label)) * time.Second
		}
		var r Retry
		if rapid.Bool().Draw(rt, "steps?") {
			n := rapid.IntRange(1, 4).Draw(rt, "steps")
			for i := 0; i < n; i++ {
				r.Steps = append(r.Steps, secs(fmt.Sprintf("step %d", i), 1, 9))
			}
		} else {
			r.Initial = secs("initial", 1, 5)
			r.Max = r.Initial + secs("max over initial", 0, 20)
		}
		r.Random = secs("random", 0, 4)
		p := Preset{Name: "retry", Client: Policy{Name: "retry", Trigger: Trigger{Kind: EveryRun}, Retry: r},
			CA: Fixed("1d", Day)}
		pr, err := NewProver(p)
		require.NoError(rt, err)
		o := newBruteOracle(p, 0)
		aLo := int64(rapid.IntRange(1000, 1010).Draw(rt, "aLo"))
		aHi := aLo + int64(rapid.IntRange(0, 6).Draw(rt, "aHi-aLo"))
		x := aLo + int64(rapid.IntRange(-3, 80).Draw(rt, "x-aLo"))
		got, err := pr.worstAttempt(aLo, aHi, x)
		require.NoError(rt, err)
		want, ok := o.worst(aLo, aHi, x)
		require.True(rt, ok)
		require.Equal(rt, want, got, "retry %+v, first attempt in [%d, %d], refused before %d", r, aLo, aHi, x)
	})
}

// TestTheLastDatesOfTheModel: the proof judges a date as long as the
// model reaches NotAfter + 1 s of every certificate issued on it, the
// second its replacement is due by, and reports ErrRange otherwise; the
// brute force leaves the same dates out. A client renewing half-way
// through 1-day certificates: one issued at 9999-12-30T23:59:59 ends at
// 9999-12-31T23:59:58 and must be replaced by 23:59:59, the model's last
// second: judged. One second more of lifetime and that second is past the
// model.
func TestTheLastDatesOfTheModel(t *testing.T) {
	cases := []struct {
		lifetime time.Duration
		date     string
		judged   bool
	}{
		{Day, "9999-12-30", true},
		{Day, "9999-12-31", false},
		{Day + time.Second, "9999-12-29", true},
		{Day + time.Second, "9999-12-30", false},
		{Day - time.Second, "9999-12-31", false},
		{Day - time.Second, "9999-12-30", true},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%v from %s", c.lifetime, c.date)
		p := Preset{Name: "half", Client: Policy{Name: "half", Trigger: Trigger{Kind: FractionOfLifetime, Fraction: 0.5},
			Retry: Retry{Initial: time.Hour, Max: time.Hour}}, CA: Fixed("drawn", c.lifetime)}
		pr, err := NewProver(p)
		require.NoError(t, err)
		_, bad, err := pr.Check(bd(t, c.date))
		if c.judged {
			require.NoError(t, err, name)
			assert.False(t, bad, name)
		} else {
			require.Error(t, err, name)
			assert.True(t, errors.Is(err, ErrRange), "%s: %v", name, err)
		}
		assert.Equal(t, !c.judged, bruteDate(p, bd(t, c.date)).Beyond > 0, "%s: the brute force leaves out the same dates", name)
	}
}

// TestRateLimitedFindingByHand: 1-hour certificates renewed on every run
// of a continuous client, retrying every hour, under a limit of one
// certificate per 7,201 s. With the bucket empty after the issuance at t,
// the attempts at t+1 s and t+3,601 s are refused, and the one at t+7,201
// s, exactly at the refill, is the first the CA accepts: the certificate,
// valid until t+3,599 s, is replaced 3,601 s late. (The first attempt is
// never at t itself: counting one from t would fit a third refused attempt
// before the refill and renew at t+10,800 s.) Every second of the date
// fails so, the first at 00:00:00.
func TestRateLimitedFindingByHand(t *testing.T) {
	p := Preset{Name: "every-run-1h",
		Client: Policy{Name: "every-run", Trigger: Trigger{Kind: EveryRun}, Retry: Retry{Initial: time.Hour, Max: time.Hour}},
		CA:     Fixed("1h", time.Hour),
		Limits: []RateLimit{{Name: "one-per-7201s", Scope: PerExactSet, Count: 1, Period: 2*time.Hour + time.Second}}}
	pr, err := NewProver(p)
	require.NoError(t, err)
	f, bad, err := pr.Check(bd(t, "2030-01-01"))
	require.NoError(t, err)
	require.True(t, bad)
	t0 := bu(t, "2030-01-01T00:00:00Z")
	assert.Equal(t, RateLimited, f.Kind)
	assert.Equal(t, t0, f.Issued.Unix())
	assert.Equal(t, t0+3599, f.NotAfter.Unix())
	assert.Equal(t, t0, f.Due.Unix())
	assert.Equal(t, t0+7201, f.Renewed.Unix())
	assert.Equal(t, 3601*time.Second, f.Gap)
	assert.Equal(t, "certificate issued 2030-01-01T00:00:00Z expires after 2030-01-01T00:59:59Z; due 2030-01-01T00:00:00Z, "+
		"first attempt by 2030-01-01T00:00:01Z, refused by one-per-7201s until 2030-01-01T02:00:01Z (bucket empty), "+
		"renewed 2030-01-01T02:00:01Z: 1h0m1s without a valid certificate", f.Detail)
	v := newBruteOracle(p, t0).At(t0)
	assert.Equal(t, RateLimited, v.Kind)
	assert.Equal(t, v.Renewed, f.Renewed.Unix(), "the brute force's worst replacement")
	assert.Equal(t, 86400, bruteDate(p, bd(t, "2030-01-01")).ByKind[RateLimited])
}
