package renew_test

// Spec-anchored tests: each checks one documented rule of a CA or a
// client on the source's own example, or on an instant derived by hand,
// and quotes the sentence it checks. Sources: /work/notes/issue20-sources.md
// lists every URL, release and quotation.

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fill spends n tokens of l at t0 and returns the limiter.
func fill(t *testing.T, r renew.RateLimit, t0 time.Time, n int) renew.Limiter {
	t.Helper()
	l, err := renew.NewLimiter(r)
	require.NoError(t, err)
	for i := range n {
		var ok bool
		l, ok = l.Allow(t0)
		require.True(t, ok, "request %d of a full bucket", i+1)
	}
	return l
}

// Let's Encrypt, Rate Limits: "Limits are calculated, per request, using a
// token bucket algorithm. ... You can either make requests in bursts—up to
// the full limit—or space out your requests". A full exact-set bucket
// admits 5 at the same second, and the sixth is refused.
func TestLETokenBucketBurst(t *testing.T) {
	t0 := utc("2026-06-01T00:00:00Z")
	l := fill(t, renew.LetsEncryptExactSet(), t0, 5)
	_, ok := l.Allow(t0)
	assert.False(t, ok, "a sixth at once")
	assert.Equal(t, 0, l.Tokens(t0))
}

// Tokens is the whole tokens left (Boulder's GCRA: the bucket is full
// when the theoretical arrival time TAT is at or before now, and holds
// (now + Count x E - TAT) / E tokens otherwise). Two requests at t0 leave
// 3 of 5; each refill of E = 33.6 h brings one back, up to 5.
func TestLETokensLeft(t *testing.T) {
	t0 := utc("2026-06-01T00:00:00Z")
	r := renew.LetsEncryptExactSet()
	e := r.Refill()
	l := fill(t, r, t0, 0)
	assert.Equal(t, 5, l.Tokens(t0), "a fresh bucket is full")
	l = fill(t, r, t0, 2)
	for _, c := range []struct {
		at   time.Duration
		want int
	}{{0, 3}, {e - time.Nanosecond, 3}, {e, 4}, {2*e - time.Nanosecond, 4}, {2 * e, 5}, {100 * e, 5}} {
		assert.Equal(t, c.want, l.Tokens(t0.Add(c.at)), "t0 + %v", c.at)
	}
}

// Let's Encrypt, Rate Limits: "Up to 5 certificates can be issued per exact
// same set of identifiers every 7 days. ... refills at a rate of 1
// certificate every 34 hours." Boulder v0.20260804.0 limit.go:
// `l.emissionInterval = l.Period.Nanoseconds() / l.Count`: 7 days / 5 =
// 120,960 s = 33.6 h exactly (the page rounds to 34). After 5 at t0 the
// sixth is refused at t0 + 33h35m59s and allowed at t0 + 33h36m.
func TestLEExactSetRefill(t *testing.T) {
	r := renew.LetsEncryptExactSet()
	assert.Equal(t, 33*time.Hour+36*time.Minute, r.Refill())
	t0 := utc("2026-06-01T00:00:00Z")
	l := fill(t, r, t0, 5)
	_, ok := l.Allow(t0.Add(33*time.Hour + 36*time.Minute - time.Second))
	assert.False(t, ok)
	assert.Equal(t, time.Second, l.RetryIn(t0.Add(33*time.Hour+36*time.Minute-time.Second)))
	l, ok = l.Allow(t0.Add(33*time.Hour + 36*time.Minute))
	assert.True(t, ok)
	_, ok = l.Allow(t0.Add(33*time.Hour + 36*time.Minute))
	assert.False(t, ok, "one token back, one spent")
	// Seven days after a burst of 5 the bucket is full again: 5 more at once.
	l = fill(t, r, t0, 5)
	for i := range 5 {
		l, ok = l.Allow(t0.Add(7 * renew.Day))
		assert.True(t, ok, "%d", i)
	}
}

// Let's Encrypt, Rate Limits: "Up to 50 certificates can be issued per
// registered domain ... every 7 days. ... refills at a rate of 1
// certificate every 202 minutes" (7 days / 50 = 12,096 s = 201.6 min).
func TestLERegisteredDomainRefill(t *testing.T) {
	r := renew.LetsEncryptRegisteredDomain()
	assert.Equal(t, 12096*time.Second, r.Refill())
	t0 := utc("2026-06-01T00:00:00Z")
	l := fill(t, r, t0, 50)
	_, ok := l.Allow(t0.Add(12095 * time.Second))
	assert.False(t, ok)
	_, ok = l.Allow(t0.Add(12096 * time.Second))
	assert.True(t, ok)
}

// Let's Encrypt, Rate Limits: "Up to 300 new orders can be created by a
// single account every 3 hours. ... refills at a rate of 1 order every 36
// seconds."
func TestLENewOrdersRefill(t *testing.T) {
	r := renew.LetsEncryptNewOrders()
	assert.Equal(t, 36*time.Second, r.Refill())
	t0 := utc("2026-06-01T00:00:00Z")
	l := fill(t, r, t0, 300)
	_, ok := l.Allow(t0.Add(35 * time.Second))
	assert.False(t, ok)
	_, ok = l.Allow(t0.Add(36 * time.Second))
	assert.True(t, ok)
}

// Boulder v0.20260804.0 gcra.go maybeSpend: a denial returns `newTAT:
// time.Unix(0, tatUnix)`, the TAT unchanged, so a refused request
// consumes nothing: a client refused every minute gets its token at the
// same instant as one that waited.
func TestLERefusalConsumesNothing(t *testing.T) {
	t0 := utc("2026-06-01T00:00:00Z")
	l := fill(t, renew.LetsEncryptExactSet(), t0, 5)
	for at := t0; at.Before(t0.Add(33*time.Hour + 36*time.Minute)); at = at.Add(time.Minute) {
		next, ok := l.Allow(at)
		require.False(t, ok, at)
		require.Equal(t, l, next, "a refusal changes nothing")
	}
	_, ok := l.Allow(t0.Add(33*time.Hour + 36*time.Minute))
	assert.True(t, ok)
}

// Let's Encrypt, Rate Limits, "Limit Exemptions for Renewals": orders with
// the exact same set of identifiers "would be exempt from the New Orders
// per Account and New Certificates per Registered Domain rate limits.
// However, unlike ARI renewals, these orders would still be subject to
// ... New Certificates per Exact Set of Identifiers", and "Renewals
// coordinated by ARI offer the unique benefit of being exempt from all
// rate limits."
func TestLERenewalExemptions(t *testing.T) {
	ex, dom, ord := renew.LetsEncryptExactSet(), renew.LetsEncryptRegisteredDomain(), renew.LetsEncryptNewOrders()
	for _, c := range []struct {
		l    renew.RateLimit
		kind renew.RequestKind
		want bool
	}{
		{ex, renew.NewOrder, true}, {dom, renew.NewOrder, true}, {ord, renew.NewOrder, true},
		{ex, renew.Renewal, true}, {dom, renew.Renewal, false}, {ord, renew.Renewal, false},
		{ex, renew.ARIRenewal, false}, {dom, renew.ARIRenewal, false}, {ord, renew.ARIRenewal, false},
	} {
		assert.Equal(t, c.want, c.l.Applies(c.kind), "%s for a %s", c.l.Name, c.kind)
	}
	// A preset's renewals: an ARI client meets no limit, any other the
	// exact-set bucket.
	p := mustPreset(t, renew.ARILEClassic)
	assert.True(t, p.RenewalLimit().None())
	p = mustPreset(t, renew.CertManagerLEClassic)
	assert.Equal(t, "letsencrypt-exact-set", p.RenewalLimit().Name)
}

// The exemptions in a fleet: 60 services under one registered domain boot
// at once. Only 50 new orders fit the domain's bucket ("Up to 50
// certificates ... per registered domain"); the other 10 get a token every
// 201.6 minutes, the tenth from +10 x 12,096 s = 33h36m, found at the next
// retry of cert-manager's backoff (at most 32 hours later). Renewals are
// exempt from the domain limit, so a domain full of new orders never
// refuses a renewal.
func TestLEFleetNewOrdersVersusRenewals(t *testing.T) {
	f := renew.Fleet{Name: "sixty", Services: 60, Client: renew.CertManager(), Seed: 1, CA: renew.LetsEncryptShortLived(),
		Limits: renew.LetsEncryptLimits(), Start: utc("2026-06-01T00:00:00Z"), Horizon: 20 * renew.Day}
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	var first []time.Time
	seen := map[int]bool{}
	for _, e := range run.Events {
		if e.Kind == renew.KindIssued && !seen[e.Service] {
			seen[e.Service] = true
			first = append(first, e.At)
		}
		if e.Kind == renew.KindRateLimited {
			require.Contains(t, e.Detail, "letsencrypt-registered-domain: no token for a new order", "only new orders are refused")
		}
	}
	require.Len(t, first, 60)
	assert.Equal(t, utc("2026-06-01T00:00:00Z"), first[49])
	assert.True(t, first[50].After(first[49]), "the 51st waits")
	assert.False(t, first[59].After(utc("2026-06-02T09:36:00Z").Add(32*time.Hour)), "the last by +33h36m plus cert-manager's longest backoff: %s", first[59])
	assert.True(t, run.Verdict.Safe())
}

// Boulder's renewal window: an order for a set issued within the last 120
// days is a renewal (exempt from the registered-domain limit), and one a
// second later is a new order. One service renewing exactly 120 days after
// each issuance under a domain bucket of one token that never refills in
// the run is never refused; renewing 120 days and 1 s after, its first
// renewal is a new order and is refused.
func TestRenewalWindowBounds(t *testing.T) {
	domain := []renew.RateLimit{{Name: "one-domain-order", Scope: renew.PerRegisteredDomain, Count: 1, Period: 10000 * renew.Day}}
	for _, c := range []struct {
		after   time.Duration
		refused bool
	}{{120 * renew.Day, false}, {120*renew.Day + time.Second, true}} {
		f := renew.Fleet{Name: "window", Services: 1, Seed: 1, CA: renew.Fixed("200d", 200*renew.Day), Limits: domain,
			Client: renew.Policy{Name: "after", Trigger: renew.Trigger{Kind: renew.AfterIssuance, Offset: c.after},
				Retry: renew.Retry{Initial: renew.Day, Max: renew.Day}},
			Start: utc("2026-06-01T00:00:00Z"), Horizon: 130 * renew.Day}
		run, err := renew.Simulate(f)
		require.NoError(t, err)
		assert.Equal(t, c.refused, run.Verdict.RateLimited > 0, "renewing %v after issuance", c.after)
	}
}

// An ARI client's renewals inside the window spend no token of any limit
// they are checked against: a fleet of ARI clients on 160-hour
// certificates renews 5 times a week per service, beyond what the
// exact-set bucket would allow a non-ARI client, without a refusal.
func TestLEARIRenewalsExempt(t *testing.T) {
	f := renew.Fleet{Name: "ari", Services: 3, Client: renew.ARIClient(), Seed: 1, CA: renew.LetsEncryptShortLived(),
		Limits: []renew.RateLimit{{Name: "strict", Scope: renew.PerExactSet, Count: 1, Period: 30 * renew.Day}},
		Start:  utc("2026-06-01T00:00:00Z"), Horizon: 30 * renew.Day}
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	assert.Zero(t, run.Verdict.RateLimited, "ARI renewals are exempt from all limits")
	assert.Greater(t, run.Verdict.Issued, 3*8)
	// The same fleet without ARI (renewing at 2/3) is refused: one token a month.
	f.Client = renew.CertManager()
	run, err = renew.Simulate(f)
	require.NoError(t, err)
	assert.Positive(t, run.Verdict.RateLimited)
	assert.False(t, run.Verdict.Safe())
}

// leCert is a Let's Encrypt certificate issued at b for validity v:
// NotAfter = b + v - 1s (Boulder issuance/cert.go GenerateValidity: "Subtract
// one second, because certificate validity periods are *inclusive*").
func leCert(b time.Time, v time.Duration) (time.Time, time.Time) { return b, b.Add(v - time.Second) }

// TestClientTriggersWorkedExamples checks each client's default trigger on
// the worked examples of the sources (§3h: B = NotBefore, a Let's Encrypt
// certificate of validity V), as the first whole second at which the
// client renews:
//
//	V      cert-manager (>=, truncated)  certmagic (>)   autocert, lego (>=)      certbot 4 (>)
//	90d    B+1439h59m59s                 after B+1440h   B+1439h59m59.333333334s  after B+1439h59m59.33s
//	160h   B+106h39m59s                  after B+106h40m B+106h39m59.33 / lego B+79h59m59.5s  after B+79h59m59.5s
func TestClientTriggersWorkedExamples(t *testing.T) {
	b := utc("2026-06-01T00:00:00Z")
	h := time.Hour
	cases := []struct {
		p    renew.Policy
		v    time.Duration
		want time.Duration // after B
	}{
		// cert-manager v1.21.1: "default to renewing 2/3 through
		// certificate's lifetime", truncated to the second, now >= it.
		{renew.CertManager(), 90 * renew.Day, 1439*h + 59*time.Minute + 59*time.Second},
		{renew.CertManager(), 64 * renew.Day, 1023*h + 59*time.Minute + 59*time.Second},
		{renew.CertManager(), 45 * renew.Day, 719*h + 59*time.Minute + 59*time.Second},
		{renew.CertManager(), 160 * h, 106*h + 39*time.Minute + 59*time.Second},
		// certmagic v0.25.3: `time.Now().After(renewalWindowStart)` with the
		// window start at B + 2/3 x (NotAfter + 1s - B) = B + 1440h.
		{renew.Certmagic(), 90 * renew.Day, 1440*h + time.Second},
		{renew.Certmagic(), 160 * h, 106*h + 40*time.Minute + time.Second},
		// autocert >= v0.45.0, earliest jitter: `min(notAfter.Sub(notBefore)/3,
		// 30*24*time.Hour)` before NotAfter, at or after.
		{renew.Autocert(), 90 * renew.Day, 1440 * h},
		{renew.Autocert(), 160 * h, 106*h + 40*time.Minute},
		// autocert's cap: 398-day certificates renew 30 days before expiry.
		{renew.Autocert(), 398 * renew.Day, 368*24*h - time.Second},
		// lego v5: "use 1/3rd of the lifetime left, or 1/2 of the lifetime
		// for short-lived certificates", at or after.
		{renew.Lego(), 90 * renew.Day, 1440 * h},
		{renew.Lego(), 160 * h, 80 * h},
		// certbot 4.0.0: "renew with 1/3rd of lifetime left (or 1/2 of
		// lifetime left, if the lifetime is shorter than 10 days)", strictly
		// after.
		{renew.Certbot(), 90 * renew.Day, 1440 * h},
		{renew.Certbot(), 160 * h, 80 * h},
		// certbot before 4.0.0: "a hardcoded renewal at 30 days before
		// expiration".
		{renew.CertbotLegacy(), 90 * renew.Day, 60*24*h - time.Second},
		// acme.sh 3.1.3: Le_CertCreateTime + 30 x 86400 - 86400, whatever
		// the lifetime.
		{renew.AcmeSh(), 90 * renew.Day, 29 * 24 * h},
		{renew.AcmeSh(), 160 * h, 29 * 24 * h},
		// kubelet: NotBefore + L x [0.7, 0.9), earliest draw: 0.7 x (90d - 1s).
		{renew.Kubelet(), 90 * renew.Day, 1511*h + 59*time.Minute + 59*time.Second},
	}
	for _, c := range cases {
		nb, na := leCert(b, c.v)
		got, err := c.p.Due(nb, na, nil)
		require.NoError(t, err, c.p.Name)
		assert.Equal(t, b.Add(c.want), got, "%s, V = %s", c.p.Name, c.v)
	}
}

// certbot's short rule is "shorter than 10 days" of NotAfter - NotBefore;
// lego's is the lifetime rounded to days at most 10
// (`lifetime.Round(24*time.Hour).Hours()/24.0 <= 10`). A 10-day Let's
// Encrypt-style certificate (NotAfter - NotBefore = 10d - 1s) is short for
// both; one of 10d 11h is short for lego only; 10d 12h for neither.
func TestShortLifetimeEdges(t *testing.T) {
	b := utc("2026-06-01T00:00:00Z")
	for _, c := range []struct {
		v                  time.Duration
		certbotHalf, lego1 bool
	}{
		{10 * renew.Day, true, true},
		{10*renew.Day + 11*time.Hour + time.Second, false, true},
		{10*renew.Day + 12*time.Hour + time.Second, false, false},
	} {
		nb, na := leCert(b, c.v)
		life := na.Sub(nb)
		got, _ := renew.Certbot().Due(nb, na, nil)
		assert.Equal(t, c.certbotHalf, got.Sub(nb) <= life/2+time.Second, "certbot, %s", c.v)
		got, _ = renew.Lego().Due(nb, na, nil)
		assert.Equal(t, c.lego1, got.Sub(nb) <= life/2+time.Second, "lego, %s", c.v)
	}
}

// autocert's jitter: "It builds in a jitter of 10% of the renew threshold,
// capped at 1 hour", and it moves the renewal later: the due window of a
// 90-day certificate is one hour wide, starting at the threshold; of a
// 6-day one, a tenth of 53h20m = 5h20m, capped at 1 hour.
func TestAutocertJitterWindow(t *testing.T) {
	b := utc("2026-06-01T00:00:00Z")
	nb, na := leCert(b, 90*renew.Day)
	lo, hi, err := renew.Autocert().DueWindow(nb, na)
	require.NoError(t, err)
	assert.Equal(t, b.Add(1440*time.Hour), lo)
	assert.Equal(t, b.Add(1441*time.Hour), hi, "point + 59m59.999999999s, at or after: the next whole second")
	nb, na = leCert(b, 10*renew.Day)
	lo, hi, _ = renew.Autocert().DueWindow(nb, na)
	assert.Equal(t, time.Hour, hi.Sub(lo))
}

// The two spans in renew's triggers: cert-manager and certmagic, on the
// same 90-day certificate, first renew 2 s apart (B+60d-1s and B+60d+1s):
// one second of span and the strict comparison.
func TestSpansInTriggers(t *testing.T) {
	b := utc("2026-06-01T00:00:00Z")
	nb, na := leCert(b, 90*renew.Day)
	cm, _ := renew.CertManager().Due(nb, na, nil)
	mg, _ := renew.Certmagic().Due(nb, na, nil)
	assert.Equal(t, 2*time.Second, mg.Sub(cm))
	v := cert.Validity{NotBefore: nb, NotAfter: na}
	at, _ := v.RenewAt(cert.CertManagerSpan, 2.0/3)
	assert.Equal(t, cm, at.Truncate(time.Second), "cert-manager truncates cert.RenewAt's point")
	at, _ = v.RenewAt(cert.CertmagicSpan, 2.0/3)
	assert.Equal(t, mg, at.Add(time.Second), "certmagic renews the second after cert.RenewAt's point")
}

// Retries as the sources state them: cert-manager "the default minimum
// duration is 1h and the default maximum duration is 32h" (1h x
// 2^(n-1)); autocert `next = time.Hour / 2; next += ...int63n(int64(next))`;
// certmagic retryIntervals; the kubelet's backoff then 32 s.
func TestClientRetries(t *testing.T) {
	waits := func(p renew.Policy, n int, seed uint64) []time.Duration {
		c, err := renew.NewClient(p, seed)
		require.NoError(t, err)
		now := utc("2026-06-01T00:00:00Z")
		var out []time.Duration
		for range n {
			var acts []renew.Action
			c, acts, err = c.Step(renew.ClientEvent{Kind: renew.Refused}, now)
			require.NoError(t, err)
			out = append(out, acts[0].At.Sub(now))
			now = acts[0].At
		}
		return out
	}
	h := time.Hour
	assert.Equal(t, []time.Duration{h, 2 * h, 4 * h, 8 * h, 16 * h, 32 * h, 32 * h}, waits(renew.CertManager(), 7, 1))
	for seed := range uint64(20) {
		for _, w := range waits(renew.Autocert(), 10, seed) {
			require.True(t, w >= 30*time.Minute && w < h, "autocert waits 30-60 minutes: %s", w)
		}
	}
	m := time.Minute
	assert.Equal(t, []time.Duration{m, 2 * m, 2 * m, 5 * m, 10 * m}, waits(renew.Certmagic(), 5, 1))
	assert.Equal(t, 6*h, waits(renew.Certmagic(), 30, 1)[29], "then every 6 hours")
	k := waits(renew.Kubelet(), 7, 3)
	assert.InDelta(t, float64(2*time.Second), float64(k[0]), float64(time.Second))
	assert.InDelta(t, float64(32*time.Second), float64(k[6]), float64(time.Second))
	// The random parts are drawn: autocert's first waits spread over its
	// 30 minutes, the kubelet's over its whole second (2 s or 3 s).
	auto, kube := map[time.Duration]bool{}, map[time.Duration]bool{}
	lo, hi := time.Hour, time.Duration(0)
	for seed := range uint64(200) {
		w := waits(renew.Autocert(), 1, seed)[0]
		lo, hi = min(lo, w), max(hi, w)
		auto[w] = true
		kube[waits(renew.Kubelet(), 1, seed)[0]] = true
	}
	assert.Greater(t, hi-lo, 25*time.Minute, "autocert's waits over 200 seeds")
	assert.Greater(t, len(auto), 100)
	assert.Equal(t, map[time.Duration]bool{2 * time.Second: true, 3 * time.Second: true}, kube)
}

// TestClientTimersFromSources checks the timers of the clients against
// their sources: certbot's snap runs twice a day (modelled as Debian's
// certbot.timer, 00:00 and 12:00 with RandomizedDelaySec=43200) and
// certbot sleeps up to 8 minutes more before a non-interactive renewal
// (renewal.py, sleep_time = random.uniform(1, 60 * 8)); Debian's timer
// alone has the 12 hours; certmagic's maintenance ticker fires every 10
// minutes with the phase of the process start, one fixed draw per client.
func TestClientTimersFromSources(t *testing.T) {
	assert.Equal(t, "daily at 00:00,12:00 +rand(12h8m0s)", renew.Certbot().Wake.String())
	assert.Equal(t, "daily at 00:00,12:00 +rand(12h0m0s)", renew.CertbotTimer().String())
	assert.Equal(t, "every 10m +rand(10m0s) fixed", renew.Certmagic().Wake.String())
}

// Let's Encrypt's profiles as their sources give them (see each
// function's doc): classic 90 days, 64 from 2027-02-10, 45 from
// 2028-02-16; tlsserver 45 days from 2026-05-13 and 90 before; shortlived
// 160 hours. Each step at its first second and the second before.
func TestLetsEncryptLifetimes(t *testing.T) {
	cases := []struct {
		l    renew.Lifetimes
		at   string
		want time.Duration
	}{
		{renew.LetsEncryptClassic(), "2027-02-09T23:59:59Z", 90 * renew.Day},
		{renew.LetsEncryptClassic(), "2027-02-10T00:00:00Z", 64 * renew.Day},
		{renew.LetsEncryptClassic(), "2028-02-15T23:59:59Z", 64 * renew.Day},
		{renew.LetsEncryptClassic(), "2028-02-16T00:00:00Z", 45 * renew.Day},
		{renew.LetsEncryptTLSServer(), "2026-05-12T23:59:59Z", 90 * renew.Day},
		{renew.LetsEncryptTLSServer(), "2026-05-13T00:00:00Z", 45 * renew.Day},
		{renew.LetsEncryptShortLived(), "2026-05-13T00:00:00Z", 160 * time.Hour},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.l.At(utc(c.at)), "%s at %s", c.l.Name, c.at)
	}
}
