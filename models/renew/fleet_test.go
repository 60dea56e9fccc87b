package renew_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fleet(t *testing.T, name string) renew.Fleet {
	t.Helper()
	f, err := renew.FleetPresetByName(name)
	require.NoError(t, err)
	return f
}

// TestStormFirstExpiry derives the storm's first expiry by hand: 30
// services boot at 2026-06-01T00:00Z and take 30 of the 50 certificates
// the registered domain may have per 7 days. Each 160-hour certificate is
// inside certbot's 30-day threshold from its first second, so every
// service asks again at each timer run; only 20 more fit before the boot
// issuances leave the window at 2026-06-08T00:00Z. At least 10 services
// therefore still hold their boot certificate at its end,
// 2026-06-01T00:00Z + 160 h = 2026-06-07T16:00:00Z, the first instant
// without a valid certificate. The argument does not depend on the timer
// delays, so it holds for synchronised and jittered timers alike.
func TestStormFirstExpiry(t *testing.T) {
	for _, sync := range []bool{true, false} {
		for seed := uint64(1); seed <= 5; seed++ {
			f := fleet(t, renew.CertbotShortLivedStorm)
			f.Synchronized, f.Seed = sync, seed
			run, err := renew.Simulate(f)
			require.NoError(t, err)
			v := run.Verdict
			require.Equal(t, utc("2026-06-07T16:00:00Z"), v.FirstExpiry, "sync=%v seed=%d", sync, seed)
			assert.GreaterOrEqual(t, v.ServicesExpired, 10)
			assert.Positive(t, v.RateLimited)
			assert.True(t, v.FirstRateLimit.Before(v.FirstExpiry))
			assert.Equal(t, 50, issuedBefore(run, utc("2026-06-08T00:00:00Z")), "the window allows exactly 50")
			assert.False(t, v.Safe())
		}
	}
}

func issuedBefore(run renew.Run, t time.Time) int {
	n := 0
	for _, e := range run.Events {
		if e.Kind == renew.KindIssued && e.At.Before(t) {
			n++
		}
	}
	return n
}

// TestStormNeedsTheLimit: the same fleet without a rate limit renews on
// every run and never expires; with 6-day certificates renewed twice a
// day the storm is only a load problem until the CA pushes back.
func TestStormNeedsTheLimit(t *testing.T) {
	f := fleet(t, renew.CertbotShortLivedStorm)
	f.Limit = renew.RateLimit{}
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	assert.True(t, run.Verdict.Safe())
	assert.Greater(t, run.Verdict.Issued, 30*2*13, "about two issuances per service per day")
}

func TestSafeFleets(t *testing.T) {
	for _, name := range []string{renew.CertManagerFleet, renew.CertbotOutageFleet} {
		run, err := renew.Simulate(fleet(t, name))
		require.NoError(t, err)
		assert.True(t, run.Verdict.Safe(), name)
		assert.Zero(t, run.Verdict.RateLimited, name)
	}
	run, _ := renew.Simulate(fleet(t, renew.CertbotOutageFleet))
	assert.Positive(t, run.Verdict.OutageRefused, "the outage must meet renewals")
	kinds := map[renew.EventKind]int{}
	for _, e := range run.Events {
		kinds[e.Kind]++
	}
	assert.Equal(t, 1, kinds[renew.KindOutageStart])
	assert.Equal(t, 1, kinds[renew.KindOutageEnd])
}

// TestOutageCausesExpiry: a 35-day outage exceeds certbot's 30 days of
// margin; every service's certificate expires and comes back after the
// outage, and ValidAt reports the gap the host model needs.
func TestOutageCausesExpiry(t *testing.T) {
	f := fleet(t, renew.CertbotOutageFleet)
	f.Outages[0].To = f.Outages[0].From.Add(35 * renew.Day)
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	v := run.Verdict
	require.Equal(t, 10, v.ServicesExpired)
	// Service 0 was issued at 2026-06-01T00:00Z for 90 days: it expires at
	// 2026-08-30T00:00Z, inside the outage (2026-07-31..2026-09-04).
	assert.Equal(t, utc("2026-08-30T00:00:00Z"), v.FirstExpiry)
	assert.True(t, run.ValidAt(0, utc("2026-08-29T23:59:59Z")))
	assert.False(t, run.ValidAt(0, utc("2026-08-30T00:00:00Z")))
	assert.True(t, run.ValidAt(0, utc("2026-09-06T00:00:00Z")))
	assert.False(t, run.ValidAt(0, utc("2026-05-31T23:59:59Z")), "before the first issuance")
}

func TestScheduleErrorInFleet(t *testing.T) {
	p := mustPreset(t, renew.YearlyAddYearsReject)
	f := renew.Fleet{Name: "feb29", Services: 2, Client: p.Client, CA: p.CA, Start: utc("2028-02-29T08:00:00Z"), Horizon: 500 * renew.Day}
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	assert.Equal(t, 2, run.Verdict.ScheduleErrors)
	// 398 days after 2028-02-29T08:00Z: 366 days to 2029-03-01, 32 more.
	assert.Equal(t, utc("2029-04-02T08:00:00Z"), run.Verdict.FirstExpiry, "never renewed")
}

func TestSimulateDeterministicAndJSON(t *testing.T) {
	f := fleet(t, renew.CertbotShortLivedStorm)
	f.Synchronized = false
	a, err := renew.Simulate(f)
	require.NoError(t, err)
	b, _ := renew.Simulate(f)
	assert.Equal(t, a, b)
	js, err := json.Marshal(a.Verdict)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"firstExpiry":"2026-06-07T16:00:00Z"`)
	js, err = json.Marshal(a.Events[:3])
	require.NoError(t, err)
	assert.Contains(t, string(js), `"kind":"attempt"`)
}

func TestFleetValidate(t *testing.T) {
	f := fleet(t, renew.CertbotShortLivedStorm)
	f.Services = 0
	_, err := renew.Simulate(f)
	require.ErrorIs(t, err, renew.ErrConfig)
	assert.Contains(t, err.Error(), "Services")
	f = fleet(t, renew.CertbotShortLivedStorm)
	f.Horizon = 0
	_, err = renew.Simulate(f)
	assert.ErrorContains(t, err, "Horizon")
	_, err = renew.FleetPresetByName("storm")
	assert.ErrorIs(t, err, renew.ErrConfig)
}
