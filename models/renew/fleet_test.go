package renew_test

import (
	"encoding/json"
	"fmt"
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

// TestStormRenewedEveryRefill retells the storm from Let's Encrypt's
// documented buckets. 30 services boot at 2026-06-01T00:00Z: 30 new
// orders, within the registered domain's 50. Each 160-hour certificate is
// inside certbot's 30-day threshold from its first second, so every
// service asks at every timer run; its renewals are exempt from the
// registered-domain and new-orders limits ("Limit Exemptions for
// Renewals") and spend its own exact-set bucket: 5 at once, then one every
// 33.6 hours. So a service is refused often, yet renewed at the first run
// after each refill, at most 33h36m + 24h after its last issuance (two
// runs a day, each delayed under 12 hours), long before its 160 hours are
// up; and in any 7 days it is issued at most 5 + 7d/33.6h = 10
// certificates. No certificate expires, for synchronised and jittered
// timers alike.
func TestStormRenewedEveryRefill(t *testing.T) {
	for _, sync := range []bool{true, false} {
		for seed := uint64(1); seed <= 5; seed++ {
			f := fleet(t, renew.CertbotShortLivedStorm)
			f.Synchronized, f.Seed = sync, seed
			run, err := renew.Simulate(f)
			require.NoError(t, err)
			v := run.Verdict
			require.True(t, v.Safe(), "sync=%v seed=%d: first expiry %s", sync, seed, v.FirstExpiry)
			assert.Positive(t, v.RateLimited)
			issued := map[int][]time.Time{}
			for _, e := range run.Events {
				switch e.Kind {
				case renew.KindIssued:
					issued[e.Service] = append(issued[e.Service], e.At)
				case renew.KindRateLimited:
					require.Contains(t, e.Detail, "letsencrypt-exact-set: no token for a renewal")
				}
			}
			for svc, ts := range issued {
				for k := 1; k < len(ts); k++ {
					require.LessOrEqual(t, ts[k].Sub(ts[k-1]), 33*time.Hour+36*time.Minute+24*time.Hour, "service %d", svc)
				}
				for k := range ts {
					n := 0
					for _, u := range ts[k:] {
						if u.Before(ts[k].Add(7 * renew.Day)) {
							n++
						}
					}
					require.LessOrEqual(t, n, 10, "service %d: issuances in 7 days from %s", svc, ts[k])
				}
			}
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

// TestStormWithoutLimits: the same fleet without a rate limit renews on
// every run, about twice a day per service.
func TestStormWithoutLimits(t *testing.T) {
	f := fleet(t, renew.CertbotShortLivedStorm)
	f.Limits = nil
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
	assert.Contains(t, string(js), `"expiries":0`)
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

// TestHostDowntimePersistent derives by hand what a missed run costs: one
// service renews 36-hour certificates on every run of a daily 00:00 timer
// and is issued at 00:00 on day 0 and day 1 (valid to day 2, 12:00). The
// host is down from 23:00 on day 1 to 01:00 on day 2, over the 00:00 run.
// With Persistent= (systemd.timer(5): "triggered immediately if it would
// have been triggered at least once during the time when the timer was
// inactive") the timer runs at boot, 01:00, and renews; without it the
// next run is 00:00 on day 3, 12 hours after the certificate ended.
func TestHostDowntimePersistent(t *testing.T) {
	day0 := utc("2026-06-01T00:00:00Z")
	for _, persistent := range []bool{true, false} {
		f := renew.Fleet{Name: "down", Services: 1, CA: renew.Fixed("36h", 36*time.Hour), Start: day0, Horizon: 5 * renew.Day,
			Client: renew.Policy{Name: "cron", Trigger: renew.Trigger{Kind: renew.EveryRun},
				Wake: renew.Schedule{Kind: renew.Daily, Times: []time.Duration{0}, Persistent: persistent}, Retry: renew.Retry{AtNextWake: true}},
			Downtime: []renew.Outage{{From: day0.Add(47 * time.Hour), To: day0.Add(49 * time.Hour)}}}
		run, err := renew.Simulate(f)
		require.NoError(t, err)
		if persistent {
			assert.True(t, run.Verdict.Safe(), "persistent")
			assert.True(t, run.ValidAt(0, day0.Add(49*time.Hour)))
			continue
		}
		require.Len(t, run.Gaps, 1)
		assert.Equal(t, day0.Add(60*time.Hour), run.Gaps[0].From)
		assert.Equal(t, day0.Add(72*time.Hour), run.Gaps[0].To)
	}
	// With a randomised delay, a persistent timer's catch-up run waits
	// for its delay after the host is back (as the fleet models it: at
	// once plus the schedule's random delay): the first attempt after the
	// downtime falls in [To, To + 1h).
	f := renew.Fleet{Name: "down-delay", Services: 1, CA: renew.Fixed("36h", 36*time.Hour), Start: day0, Horizon: 5 * renew.Day, Seed: 3,
		Client: renew.Policy{Name: "cron", Trigger: renew.Trigger{Kind: renew.EveryRun},
			Wake: renew.Schedule{Kind: renew.Daily, Times: []time.Duration{0}, Persistent: true, Delay: time.Hour}, Retry: renew.Retry{AtNextWake: true}},
		Downtime: []renew.Outage{{From: day0.Add(47 * time.Hour), To: day0.Add(49 * time.Hour)}}}
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	var after []time.Time
	for _, e := range run.Events {
		if e.Kind == renew.KindAttempt && !e.At.Before(day0.Add(47*time.Hour)) {
			after = append(after, e.At)
		}
	}
	require.NotEmpty(t, after)
	assert.False(t, after[0].Before(day0.Add(49*time.Hour)), "first attempt %s, before the host is back", after[0])
	assert.True(t, after[0].Before(day0.Add(50*time.Hour)), "first attempt %s, after the delay", after[0])

	// A daemon (Continuous) checks when it starts: like Persistent=.
	f = renew.Fleet{Name: "daemon", Services: 1, CA: renew.Fixed("36h", 36*time.Hour), Start: day0, Horizon: 5 * renew.Day,
		Client:   renew.Policy{Name: "d", Trigger: renew.Trigger{Kind: renew.BeforeExpiry, Offset: 13 * time.Hour}, Retry: renew.Retry{Initial: time.Hour, Max: time.Hour}},
		Downtime: []renew.Outage{{From: day0.Add(22 * time.Hour), To: day0.Add(35 * time.Hour)}}}
	run, err = renew.Simulate(f)
	require.NoError(t, err)
	assert.True(t, run.Verdict.Safe(), "due at 23:00, host back at 11:00 the next day, renewed then, an hour before the end")
}

// smallFleet is one service renewing 36-hour certificates on every run of
// a daily 00:00 timer: the base the boundary tests below change one field
// of.
func smallFleet() renew.Fleet {
	return renew.Fleet{Name: "small", Services: 1, CA: renew.Fixed("36h", 36*time.Hour),
		Start: utc("2026-06-01T00:00:00Z"), Horizon: 5 * renew.Day,
		Client: renew.Policy{Name: "cron", Trigger: renew.Trigger{Kind: renew.EveryRun},
			Wake: renew.Schedule{Kind: renew.Daily, Times: []time.Duration{0}}, Retry: renew.Retry{AtNextWake: true}}}
}

// TestFleetValidateBounds puts every bound of Fleet.Validate just inside
// and just outside: Services in 1..100,000, Horizon whole seconds in
// (0, 3660 days], Stagger in [0, Horizon], Start at or after
// 0001-01-01T00:00:00Z with Start+Horizon at most 400 days before
// 9999-12-31T23:59:59Z, and outages and downtime that end after they
// begin.
func TestFleetValidateBounds(t *testing.T) {
	last := utc("9999-12-31T23:59:59Z")
	window := renew.Outage{From: utc("2026-06-02T00:00:00Z"), To: utc("2026-06-02T00:00:01Z")}
	empty := renew.Outage{From: window.From, To: window.From}
	for _, c := range []struct {
		name  string
		edit  func(*renew.Fleet)
		field string // "" if valid
	}{
		{"1 service", func(f *renew.Fleet) { f.Services = 1 }, ""},
		{"0 services", func(f *renew.Fleet) { f.Services = 0 }, "Services"},
		{"100000 services", func(f *renew.Fleet) { f.Services = 100000 }, ""},
		{"100001 services", func(f *renew.Fleet) { f.Services = 100001 }, "Services"},
		{"horizon 1s", func(f *renew.Fleet) { f.Horizon = time.Second }, ""},
		{"horizon 0", func(f *renew.Fleet) { f.Horizon = 0 }, "Horizon"},
		{"horizon 1.5s", func(f *renew.Fleet) { f.Horizon = 1500 * time.Millisecond }, "Horizon"},
		{"horizon 3660d", func(f *renew.Fleet) { f.Horizon = 3660 * renew.Day }, ""},
		{"horizon 3660d+1s", func(f *renew.Fleet) { f.Horizon = 3660*renew.Day + time.Second }, "Horizon"},
		{"stagger 0", func(f *renew.Fleet) { f.Stagger = 0 }, ""},
		{"stagger -1s", func(f *renew.Fleet) { f.Stagger = -time.Second }, "Stagger"},
		{"stagger = horizon", func(f *renew.Fleet) { f.Stagger = f.Horizon }, ""},
		{"stagger > horizon", func(f *renew.Fleet) { f.Stagger = f.Horizon + time.Second }, "Stagger"},
		{"start 0001-01-01", func(f *renew.Fleet) { f.Start = time.Unix(renew.MinUnix, 0).UTC() }, ""},
		{"start 0000-12-31T23:59:59", func(f *renew.Fleet) { f.Start = time.Unix(renew.MinUnix-1, 0).UTC() }, "Start"},
		{"end 400 days before 9999's last second", func(f *renew.Fleet) { f.Start = last.Add(-400 * renew.Day).Add(-f.Horizon) }, ""},
		{"end a second later", func(f *renew.Fleet) { f.Start = last.Add(-400 * renew.Day).Add(-f.Horizon).Add(time.Second) }, "Start"},
		{"outage of 1s", func(f *renew.Fleet) { f.Outages = []renew.Outage{window} }, ""},
		{"outage of 0s", func(f *renew.Fleet) { f.Outages = []renew.Outage{window, empty} }, "Outages[1]"},
		{"downtime of 1s", func(f *renew.Fleet) { f.Downtime = []renew.Outage{window} }, ""},
		{"downtime of 0s", func(f *renew.Fleet) { f.Downtime = []renew.Outage{window, empty} }, "Downtime[1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := smallFleet()
			c.edit(&f)
			err := f.Validate()
			if c.field == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, renew.ErrConfig)
			assert.Contains(t, err.Error(), c.field+":")
		})
	}
}

// TestSameInstantInScheduledOrder checks Simulate's ordering rule: events
// at the same instant are handled in the order they were scheduled,
// services in increasing order at boot. Three services boot together
// against a new-orders bucket of one token: service 0 asks first and is
// issued, services 1 and 2 are refused, in that order.
func TestSameInstantInScheduledOrder(t *testing.T) {
	f := smallFleet()
	f.Services = 3
	f.Horizon = time.Hour
	f.Limits = []renew.RateLimit{{Name: "one", Scope: renew.PerAccountNewOrders, Count: 1, Period: renew.Day}}
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	var order []string
	for _, e := range run.Events {
		if e.At.Equal(f.Start) {
			order = append(order, fmt.Sprintf("%d %s", e.Service, e.Kind))
		}
	}
	assert.Equal(t, []string{"0 attempt", "0 issued", "1 attempt", "1 rate-limited", "2 attempt", "2 rate-limited"}, order)
}

// TestStaggerSpreadsBoots checks that Stagger spreads the boots evenly
// over [Start, Start+Stagger): four services over 4 hours boot on the
// hour.
func TestStaggerSpreadsBoots(t *testing.T) {
	f := smallFleet()
	f.Services = 4
	f.Stagger = 4 * time.Hour
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	boots := map[int]time.Time{}
	for _, e := range run.Events {
		if _, seen := boots[e.Service]; !seen && e.Kind == renew.KindAttempt {
			boots[e.Service] = e.At
		}
	}
	for i := range 4 {
		assert.Equal(t, f.Start.Add(time.Duration(i)*time.Hour), boots[i], "service %d", i)
	}
}

// TestFleetPresetsBootAsTheirDocsSay reads each preset's first attempts
// against FleetPresets' doc: the storm's 30 services all at
// 2026-06-01T00:00Z (synchronised), cert-manager's 30 one every 48 minutes
// over the first day, certbot's 10 one every 72 minutes over the first 12
// hours (the outage is set against those boots: the first renewals fall
// due inside it).
func TestFleetPresetsBootAsTheirDocsSay(t *testing.T) {
	start := utc("2026-06-01T00:00:00Z")
	for _, c := range []struct {
		name     string
		services int
		every    time.Duration
	}{
		{renew.CertbotShortLivedStorm, 30, 0},
		{renew.CertManagerFleet, 30, 48 * time.Minute},
		{renew.CertbotOutageFleet, 10, 72 * time.Minute},
	} {
		f := fleet(t, c.name)
		f.Horizon = 2 * renew.Day // the boots only
		run, err := renew.Simulate(f)
		require.NoError(t, err, c.name)
		boots := map[int]time.Time{}
		for _, e := range run.Events {
			if _, seen := boots[e.Service]; !seen && e.Kind == renew.KindAttempt {
				boots[e.Service] = e.At
			}
		}
		require.Len(t, boots, c.services, c.name)
		for i := range c.services {
			assert.Equal(t, start.Add(time.Duration(i)*c.every), boots[i], "%s: service %d", c.name, i)
		}
	}
}

// TestValidAtBeforeFirstIssuance: a service whose first request falls in
// an outage holds no certificate until it is issued, although its attempt
// is on the timeline; outage events belong to no service (Service -1).
func TestValidAtBeforeFirstIssuance(t *testing.T) {
	f := smallFleet()
	f.Client.Retry = renew.Retry{Initial: time.Hour, Max: time.Hour}
	f.Outages = []renew.Outage{{From: f.Start, To: f.Start.Add(90 * time.Minute)}}
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	assert.False(t, run.ValidAt(0, f.Start.Add(time.Hour)), "refused at boot and at 01:00")
	assert.False(t, run.ValidAt(0, f.Start.Add(2*time.Hour-time.Second)))
	assert.True(t, run.ValidAt(0, f.Start.Add(2*time.Hour)), "issued at the 02:00 retry")
	for _, e := range run.Events {
		if e.Kind == renew.KindOutageStart || e.Kind == renew.KindOutageEnd {
			assert.Equal(t, -1, e.Service, "%v", e)
		}
	}
}

// TestVerdictCountsTheTimeline checks the Verdict's counters against the
// timeline they summarise, and the length a recovery reports, on the
// missed-run case of TestHostDowntimePersistent (one gap, 12 hours). It
// also puts the host downtime's bounds just inside and outside the 00:00
// run of day 2: a downtime [From, To) starting at the run suppresses it,
// one ending at the run does not.
func TestVerdictCountsTheTimeline(t *testing.T) {
	day0 := utc("2026-06-01T00:00:00Z")
	downtime := func(from, to time.Duration) renew.Fleet {
		f := smallFleet()
		f.Downtime = []renew.Outage{{From: day0.Add(from), To: day0.Add(to)}}
		return f
	}
	count := func(run renew.Run, k renew.EventKind) int {
		n := 0
		for _, e := range run.Events {
			if e.Kind == k {
				n++
			}
		}
		return n
	}
	run, err := renew.Simulate(downtime(47*time.Hour, 49*time.Hour))
	require.NoError(t, err)
	require.Len(t, run.Gaps, 1)
	assert.Equal(t, 1, run.Verdict.Expiries)
	assert.Equal(t, count(run, renew.KindExpired), run.Verdict.Expiries)
	assert.Equal(t, count(run, renew.KindAttempt), run.Verdict.Attempts)
	assert.Equal(t, 5, run.Verdict.Attempts, "days 0, 1, 3, 4 and 5 (the run ends at Start+Horizon, inclusive): day 2's run is missed")
	for _, e := range run.Events {
		if e.Kind == renew.KindRecovered {
			assert.Equal(t, "12h0m0s without a valid certificate", e.Detail)
		}
	}
	assert.Equal(t, 1, count(run, renew.KindRecovered))

	run, err = renew.Simulate(downtime(48*time.Hour, 49*time.Hour))
	require.NoError(t, err)
	assert.Len(t, run.Gaps, 1, "a downtime from the run's instant suppresses it")
	run, err = renew.Simulate(downtime(47*time.Hour, 48*time.Hour))
	require.NoError(t, err)
	assert.Empty(t, run.Gaps, "a downtime that ends at the run's instant does not")
}
