package renew_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDueWorkedExamples: a 90-day certificate from 2026-01-01T00:00:00Z
// (NotAfter 2026-03-31T23:59:59Z, 7,775,999 s later).
func TestDueWorkedExamples(t *testing.T) {
	nb, na := utc("2026-01-01T00:00:00Z"), utc("2026-03-31T23:59:59Z")
	cases := []struct {
		p    renew.Policy
		want string
	}{
		// cert-manager: NotAfter - (NotAfter-NotBefore)/3 = NotAfter - 2,591,999.67 s
		// = 2026-03-01T23:59:59.33Z, in the whole second 23:59:59.
		{renew.CertManager(), "2026-03-01T23:59:59Z"},
		// certbot before 4.0.0: NotAfter - 30 days.
		{renew.CertbotLegacy(), "2026-03-01T23:59:59Z"},
		// certbot >= 4.0.0: strictly after NotBefore + 2/3 x 7,775,999 s
		// = 2026-03-01T23:59:59.33Z, so from 2026-03-02T00:00:00Z.
		{renew.Certbot(), "2026-03-02T00:00:00Z"},
		// 60 days after issuance.
		{renew.Policy{Name: "60d", Trigger: renew.Trigger{Kind: renew.AfterIssuance, Offset: 60 * renew.Day}, Retry: renew.Retry{Initial: time.Hour, Max: time.Hour}}, "2026-03-02T00:00:00Z"},
		// one year after, Clamp.
		{renew.Policy{Name: "1y", Trigger: renew.Trigger{Kind: renew.Anniversary, Years: 1, Overflow: calendar.Clamp}, Retry: renew.Retry{Initial: time.Hour, Max: time.Hour}}, "2027-01-01T00:00:00Z"},
		// kubelet, earliest draw: 70% of 7,775,999 s = 5,443,199.3 s.
		{renew.Kubelet(), "2026-03-04T23:59:59Z"},
	}
	for _, c := range cases {
		got, err := c.p.Due(nb, na, nil)
		require.NoError(t, err, c.p.Name)
		assert.Equal(t, c.want, got.Format(time.RFC3339), c.p.Name)
	}
}

// TestARIWindow checks the window of Boulder's RenewalInfoSimple for a
// 90-day certificate (validity 7,776,000 s): ideal = NotAfter - 2,592,000 s
// = 2026-03-01T23:59:59Z, margin 77,760 s = 21.6 h either side; and for a
// 160-hour certificate, half the validity.
func TestARIWindow(t *testing.T) {
	p := renew.ARIClient()
	nb, na := utc("2026-01-01T00:00:00Z"), utc("2026-03-31T23:59:59Z")
	ideal := utc("2026-03-01T23:59:59Z")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 1000; i++ {
		d, err := p.Due(nb, na, rng)
		require.NoError(t, err)
		require.False(t, d.Before(ideal.Add(-77760*time.Second)), d)
		require.True(t, d.Before(ideal.Add(77760*time.Second)), d)
	}
	nb, na = utc("2026-01-01T00:00:00Z"), utc("2026-01-07T15:59:59Z")
	lo, err := p.Due(nb, na, nil)
	require.NoError(t, err)
	assert.Equal(t, nb.Add(80*time.Hour-time.Second-5760*time.Second), lo, "ideal at half of 160 h less the last second, minus 1% of 160 h")
}

func TestKubeletJitterRange(t *testing.T) {
	p := renew.Kubelet()
	nb, na := utc("2026-01-01T00:00:00Z"), utc("2026-12-31T23:59:59Z")
	total := na.Sub(nb)
	rng := rand.New(rand.NewPCG(3, 4))
	lo, hi := 1.0, 0.0
	for i := 0; i < 2000; i++ {
		d, err := p.Due(nb, na, rng)
		require.NoError(t, err)
		f := float64(d.Sub(nb)) / float64(total)
		lo, hi = min(lo, f), max(hi, f)
	}
	assert.InDelta(t, 0.7, lo, 0.01)
	assert.InDelta(t, 0.9, hi, 0.01)
	assert.Less(t, hi, 0.9)
}

func TestAnniversaryRejectOnFebruary29(t *testing.T) {
	p := renew.Policy{Name: "reject", Trigger: renew.Trigger{Kind: renew.Anniversary, Years: 1, Overflow: calendar.Reject}, Retry: renew.Retry{Initial: time.Hour, Max: time.Hour}}
	_, err := p.Due(utc("2028-02-29T10:00:00Z"), utc("2029-04-01T09:59:59Z"), nil)
	require.ErrorIs(t, err, renew.ErrSchedule)
	require.ErrorIs(t, err, calendar.ErrNoSuchDay)
	d, err := p.Due(utc("2028-02-28T10:00:00Z"), utc("2029-04-01T09:59:59Z"), nil)
	require.NoError(t, err)
	assert.Equal(t, utc("2029-02-28T10:00:00Z"), d)
}

func TestPolicyValidate(t *testing.T) {
	retry := renew.Retry{Initial: time.Hour, Max: time.Hour}
	bad := map[string]renew.Policy{
		"Trigger.Fraction":   {Name: "f", Trigger: renew.Trigger{Kind: renew.FractionOfLifetime, Fraction: 1}, Retry: retry},
		"Trigger.Offset":     {Name: "o", Trigger: renew.Trigger{Kind: renew.BeforeExpiry}, Retry: retry},
		"Trigger.Years":      {Name: "y", Trigger: renew.Trigger{Kind: renew.Anniversary, Overflow: calendar.Clamp}, Retry: retry},
		"Trigger.Overflow":   {Name: "v", Trigger: renew.Trigger{Kind: renew.Anniversary, Years: 1}, Retry: retry},
		"Trigger.Kind":       {Name: "k", Retry: retry},
		"Retry":              {Name: "r", Trigger: renew.Trigger{Kind: renew.EveryRun}},
		"needs a schedule":   {Name: "w", Trigger: renew.Trigger{Kind: renew.EveryRun}, Retry: renew.Retry{AtNextWake: true}},
		"FractionHigh":       {Name: "j", Trigger: renew.Trigger{Kind: renew.JitteredFraction, Fraction: 0.9, FractionHigh: 0.7}, Retry: retry},
		"Wake: renew: sched": {Name: "s", Trigger: renew.Trigger{Kind: renew.EveryRun}, Wake: renew.MonthlyOn(0, renew.Skip), Retry: retry},
	}
	for want, p := range bad {
		err := p.Validate()
		require.ErrorIs(t, err, renew.ErrConfig, want)
		assert.Contains(t, err.Error(), want)
		assert.Contains(t, err.Error(), "policy "+p.Name)
	}
}

func TestLifetimes(t *testing.T) {
	le := renew.LetsEncryptClassic()
	for s, want := range map[string]time.Duration{
		"2027-02-09T23:59:59Z": 90 * renew.Day, "2027-02-10T00:00:00Z": 64 * renew.Day,
		"2028-02-15T23:59:59Z": 64 * renew.Day, "2028-02-16T00:00:00Z": 45 * renew.Day,
	} {
		assert.Equal(t, want, le.At(utc(s)), s)
	}
	v := le.Issue(utc("2028-02-16T00:00:00Z"))
	assert.Equal(t, utc("2028-03-31T23:59:59Z"), v.NotAfter)
	br := renew.BaselineMaximum()
	assert.Equal(t, 47*renew.Day, br.At(utc("2029-03-15T00:00:00Z")))
	assert.Equal(t, 398*renew.Day, br.At(utc("2026-03-14T23:59:59Z")))
	bad := renew.Lifetimes{Name: "x", Base: renew.Day, Steps: []renew.LifetimeStep{{utc("2027-01-01T00:00:00Z"), renew.Day}, {utc("2026-01-01T00:00:00Z"), renew.Day}}}
	require.ErrorIs(t, bad.Validate(), renew.ErrConfig)
}

// TestLifetimeAndLimitBounds puts the bounds of the lifetime and rate
// limit checks just inside and just outside: lifetimes are positive whole
// seconds, a rate limit is either the zero value (no limit) or a known
// scope with a positive Count, and an out-of-order step names both steps.
func TestLifetimeAndLimitBounds(t *testing.T) {
	assert.NoError(t, renew.Fixed("1s", time.Second).Validate())
	assert.ErrorIs(t, renew.Fixed("0", 0).Validate(), renew.ErrConfig)
	assert.ErrorIs(t, renew.Fixed("-1s", -time.Second).Validate(), renew.ErrConfig)
	step := func(d time.Duration) renew.Lifetimes {
		return renew.Lifetimes{Name: "s", Base: renew.Day, Steps: []renew.LifetimeStep{{From: utc("2027-01-01T00:00:00Z"), Lifetime: d}}}
	}
	assert.NoError(t, step(time.Second).Validate())
	assert.ErrorContains(t, step(0).Validate(), "Steps[0].Lifetime")
	order := renew.Lifetimes{Name: "o", Base: renew.Day, Steps: []renew.LifetimeStep{
		{From: utc("2027-01-01T00:00:00Z"), Lifetime: renew.Day}, {From: utc("2027-01-01T00:00:00Z"), Lifetime: renew.Day}}}
	assert.ErrorContains(t, order.Validate(), "Steps[1].From 2027-01-01T00:00:00Z is not after Steps[0].From 2027-01-01T00:00:00Z")

	limit := func(scope renew.LimitScope, count int, period time.Duration) error {
		return renew.RateLimit{Name: "l", Scope: scope, Count: count, Period: period}.Validate()
	}
	assert.NoError(t, limit(0, 0, 0), "the zero value is no limit")
	assert.NoError(t, limit(renew.PerExactSet, 1, time.Second))
	assert.NoError(t, limit(renew.PerAccountNewOrders, 1, time.Second))
	assert.ErrorContains(t, limit(renew.PerExactSet, 0, time.Hour), "Count = 0")
	assert.ErrorContains(t, limit(0, 0, time.Hour), "Count = 0")
	assert.ErrorContains(t, limit(renew.PerExactSet, -1, 0), "Count = -1")
	assert.ErrorContains(t, limit(0, 1, time.Hour), "Scope")
	assert.ErrorContains(t, limit(0, 1, 0), "Scope", "one field set is not the zero value")
	assert.ErrorContains(t, limit(renew.PerExactSet, 0, 0), "Count = 0")
	assert.ErrorContains(t, limit(renew.PerAccountNewOrders+1, 1, time.Hour), "Scope")
	assert.ErrorContains(t, limit(renew.PerExactSet, 1, 0), "Period")
}

// TestPolicyValidateBounds puts every bound of Policy.Validate just
// inside and just outside: each fraction strictly inside (0, 1) (the
// jittered pair with low <= high), Anniversary years in 1..100, a short
// lifetime's fraction only checked when ShortBelow is set, retry steps of
// positive whole seconds and 0 < Initial <= Max.
func TestPolicyValidateBounds(t *testing.T) {
	retry := renew.Retry{Initial: time.Hour, Max: time.Hour}
	frac := renew.Trigger{Kind: renew.FractionOfLifetime, Fraction: 2.0 / 3}
	short := func(below time.Duration, f float64) renew.Trigger {
		tr := frac
		tr.ShortBelow, tr.ShortFraction = below, f
		return tr
	}
	jit := func(lo, hi float64) renew.Trigger {
		return renew.Trigger{Kind: renew.JitteredFraction, Fraction: lo, FractionHigh: hi}
	}
	fraction := func(f float64) renew.Trigger {
		return renew.Trigger{Kind: renew.FractionOfLifetime, Fraction: f}
	}
	years := func(n int) renew.Trigger {
		return renew.Trigger{Kind: renew.Anniversary, Years: n, Overflow: calendar.Clamp}
	}
	for _, c := range []struct {
		name    string
		trigger renew.Trigger
		retry   renew.Retry
		field   string // "" if valid
	}{
		{"fraction near 0", fraction(0.001), retry, ""},
		{"fraction near 1", fraction(0.999), retry, ""},
		{"fraction 0", fraction(0), retry, "Trigger.Fraction"},
		{"fraction 1", fraction(1), retry, "Trigger.Fraction"},
		{"short fraction 0.5 below 10 days", short(10*renew.Day, 0.5), retry, ""},
		{"short fraction near 0", short(10*renew.Day, 0.001), retry, ""},
		{"short fraction near 1", short(10*renew.Day, 0.999), retry, ""},
		{"short fraction 0", short(10*renew.Day, 0), retry, "Trigger.ShortFraction"},
		{"short fraction 1", short(10*renew.Day, 1), retry, "Trigger.ShortFraction"},
		{"no ShortBelow, no short fraction", short(0, 0), retry, ""},
		{"negative ShortBelow", short(-time.Second, 0.5), retry, "Trigger.ShortFraction"},
		{"jitter 0.7..0.9", jit(0.7, 0.9), retry, ""},
		{"jitter low = high", jit(0.8, 0.8), retry, ""},
		{"jitter from near 0 to near 1", jit(0.001, 0.999), retry, ""},
		{"jitter low 0", jit(0, 0.5), retry, "Trigger.Fraction..FractionHigh"},
		{"jitter high 1", jit(0.5, 1), retry, "Trigger.Fraction..FractionHigh"},
		{"jitter low > high", jit(0.8, 0.7), retry, "Trigger.Fraction..FractionHigh"},
		{"1 year", years(1), retry, ""},
		{"100 years", years(100), retry, ""},
		{"0 years", years(0), retry, "Trigger.Years"},
		{"101 years", years(101), retry, "Trigger.Years"},
		{"retry steps of 1s", frac, renew.Retry{Steps: []time.Duration{time.Second, time.Hour}}, ""},
		{"retry step of 0", frac, renew.Retry{Steps: []time.Duration{time.Second, 0}}, "Retry.Steps[1]"},
		{"retry step of 1.5s", frac, renew.Retry{Steps: []time.Duration{1500 * time.Millisecond}}, "Retry.Steps[0]"},
		{"Initial = Max = 1s", frac, renew.Retry{Initial: time.Second, Max: time.Second}, ""},
		{"Initial 0", frac, renew.Retry{Initial: 0, Max: time.Second}, "Retry"},
		{"Max < Initial", frac, renew.Retry{Initial: 2 * time.Second, Max: time.Second}, "Retry"},
		{"Random 1s", frac, renew.Retry{Initial: time.Second, Max: time.Second, Random: time.Second}, ""},
		{"Random -1s", frac, renew.Retry{Initial: time.Second, Max: time.Second, Random: -time.Second}, "Retry.Random"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := renew.Policy{Name: "p", Trigger: c.trigger, Retry: c.retry}.Validate()
			if c.field == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, renew.ErrConfig)
			assert.Contains(t, err.Error(), c.field+":")
		})
	}
}

// TestDueAtTheEdges derives by hand the due instants where a rule
// changes: an anniversary keeps the time of day of its issuance; Boulder's
// ARI window uses a third of the validity from exactly 10 days on and half
// of it below; certbot >= 4.0.0 renews at 2/3 of a lifetime of exactly
// 10 days and at 1/2 below (NotAfter - NotBefore < 10 days).
func TestDueAtTheEdges(t *testing.T) {
	retry := renew.Retry{Initial: time.Hour, Max: time.Hour}
	anniv := renew.Policy{Name: "1y", Trigger: renew.Trigger{Kind: renew.Anniversary, Years: 1, Overflow: calendar.Clamp}, Retry: retry}
	d, err := anniv.Due(utc("2026-05-04T13:45:10Z"), utc("2027-06-01T00:00:00Z"), nil)
	require.NoError(t, err)
	assert.Equal(t, utc("2027-05-04T13:45:10Z"), d)

	nb := utc("2026-01-01T00:00:00Z")
	ari := renew.ARIClient()
	// validity 864,000 s: offset 288,000 s, margin 8,640 s, window
	// [NotAfter - 296,640 s, NotAfter - 279,360 s).
	na := nb.Add(10*renew.Day - time.Second)
	lo, hi, err := ari.DueWindow(nb, na)
	require.NoError(t, err)
	assert.Equal(t, na.Add(-296640*time.Second), lo)
	assert.Equal(t, na.Add(-279361*time.Second), hi, "the window is half-open: its last second is one before its end")
	// validity 863,999 s: offset 431,999 s, margin 8,639 s.
	na = nb.Add(10*renew.Day - 2*time.Second)
	lo, hi, err = ari.DueWindow(nb, na)
	require.NoError(t, err)
	assert.Equal(t, na.Add(-(431999+8639)*time.Second), lo)
	assert.Equal(t, na.Add(-(431999-8639+1)*time.Second), hi)

	cb := renew.Certbot()
	d, err = cb.Due(nb, nb.Add(10*renew.Day), nil)
	require.NoError(t, err)
	assert.InDelta(t, 576000, d.Sub(nb).Seconds(), 1, "2/3 of 864,000 s")
	d, err = cb.Due(nb, nb.Add(10*renew.Day-time.Second), nil)
	require.NoError(t, err)
	assert.InDelta(t, 431999.5, d.Sub(nb).Seconds(), 1, "1/2 of 863,999 s")
}

// TestDueWindowHoldsEveryDraw: for the jittered clients, every draw of Due
// lies in DueWindow, and the draws spread over it: autocert's jitter of up
// to an hour (x/crypto acme/autocert, min(window/10, 1h)), ARI's window of
// 2% of the validity, the kubelet's 70-90%.
func TestDueWindowHoldsEveryDraw(t *testing.T) {
	nb, na := utc("2026-01-01T00:00:00Z"), utc("2026-03-31T23:59:59Z")
	for _, c := range []struct {
		p      renew.Policy
		spread time.Duration // the width of the window
	}{
		{renew.Autocert(), time.Hour},
		{renew.ARIClient(), 2 * 77760 * time.Second},
		{renew.Kubelet(), time.Duration(0.2 * float64(na.Sub(nb)))},
	} {
		lo, hi, err := c.p.DueWindow(nb, na)
		require.NoError(t, err)
		assert.InDelta(t, c.spread.Seconds(), hi.Sub(lo).Seconds(), 2, c.p.Name)
		rng := rand.New(rand.NewPCG(7, 8))
		first, last := hi, lo
		for range 2000 {
			d, err := c.p.Due(nb, na, rng)
			require.NoError(t, err)
			require.False(t, d.Before(lo) || d.After(hi), "%s: %s outside [%s, %s]", c.p.Name, d, lo, hi)
			if d.Before(first) {
				first = d
			}
			if d.After(last) {
				last = d
			}
		}
		assert.Greater(t, last.Sub(first), 9*hi.Sub(lo)/10, "%s: the draws spread over the window", c.p.Name)
	}
	// A 24-hour certificate: autocert's window is a third of 86,399 s, and
	// its jitter a tenth of that (48 minutes), under the 1-hour cap.
	lo, hi, err := renew.Autocert().DueWindow(nb, nb.Add(renew.Day-time.Second))
	require.NoError(t, err)
	assert.InDelta(t, 2880, hi.Sub(lo).Seconds(), 2)
}
