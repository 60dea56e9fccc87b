package renew

import (
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fleetHolding is a one-service simulation whose service holds a 90-day
// certificate issued at nb, before its first event.
func fleetHolding(t *testing.T, p Policy, nb time.Time, limits ...RateLimit) *fleetSim {
	t.Helper()
	f := Fleet{Name: "t", Services: 1, Client: p, Seed: 1, CA: LetsEncryptClassic(), Limits: limits, Start: nb, Horizon: 200 * Day}
	require.NoError(t, f.Validate())
	s := newFleetSim(f)
	s.lastIssued[0] = nb.Unix()
	s.clients[0].cert, s.clients[0].has = cert.Validity{NotBefore: nb, NotAfter: nb.Add(90*Day - time.Second)}, true
	return s
}

// The CA's classification of a request (RequestKind's doc, Boulder's
// renewal detection and ARI window) at each of its bounds, to the second.
// The window of a 90-day certificate, by hand from RenewalInfoSimple:
// validity 90 d, ideal = NotAfter - 90 d / 3, margin 90 d / 100 = 21 h
// 36 min, the window [ideal - margin, ideal + margin).
func TestRequestKindAtItsBounds(t *testing.T) {
	nb := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	ideal := nb.Add(90*Day - time.Second - 30*Day)
	margin := 21*time.Hour + 36*time.Minute
	lo, hi := ideal.Add(-margin), ideal.Add(margin)
	for _, c := range []struct {
		name   string
		policy Policy
		at     time.Time
		want   RequestKind
	}{
		{"the second before the ARI window", ARIClient(), lo.Add(-time.Second), Renewal},
		{"the ARI window's first second", ARIClient(), lo, ARIRenewal},
		{"the ARI window's last second", ARIClient(), hi.Add(-time.Second), ARIRenewal},
		{"the ARI window's end", ARIClient(), hi, Renewal},
		{"a client without ARI in the window", Certbot(), lo, Renewal},
		{"120 days after the last issuance", Certbot(), nb.Add(renewalWindow), Renewal},
		{"120 days and a second after", Certbot(), nb.Add(renewalWindow + time.Second), NewOrder},
	} {
		s := fleetHolding(t, c.policy, nb)
		assert.Equal(t, c.want, s.kindOf(0, c.at.Unix()), "%s (%s)", c.name, c.at.Format(time.RFC3339))
	}
	s := newFleetSim(Fleet{Name: "t", Services: 1, Client: ARIClient(), Seed: 1, CA: LetsEncryptClassic(), Start: nb, Horizon: Day})
	assert.Equal(t, NewOrder, s.kindOf(0, lo.Unix()), "before the first certificate")
}

// A refused request names the limit whose token comes back last, the first
// of them on a tie (admit's doc), and spends no token of any limit.
func TestRefusalNamesTheLimitBackLast(t *testing.T) {
	nb := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	hour := RateLimit{Name: "hourly", Scope: PerExactSet, Count: 1, Period: time.Hour}
	hour2 := RateLimit{Name: "hourly-too", Scope: PerExactSet, Count: 1, Period: time.Hour}
	twoHours := RateLimit{Name: "two-hourly", Scope: PerExactSet, Count: 1, Period: 2 * time.Hour}
	pair := RateLimit{Name: "pair", Scope: PerExactSet, Count: 2, Period: time.Hour}
	at := nb.Add(Day) // a renewal: the service holds a certificate issued a day before
	for _, c := range []struct {
		limits []RateLimit
		want   string
	}{
		{[]RateLimit{hour, twoHours}, "two-hourly"},
		{[]RateLimit{twoHours, hour}, "two-hourly"},
		{[]RateLimit{hour, hour2}, "hourly"},
		{[]RateLimit{hour2, hour}, "hourly-too"},
		{[]RateLimit{pair, hour}, "hourly"},
	} {
		s := fleetHolding(t, Certbot(), nb, c.limits...)
		require.Equal(t, "", s.admit(0, at), "%v: the first request", c.limits)
		before := make([]int, len(c.limits))
		for j := range c.limits {
			before[j] = s.bucket(0, j).Tokens(at)
		}
		d := s.admit(0, at.Add(time.Second))
		assert.True(t, strings.HasPrefix(d, c.want+": no token for a renewal"), "%v: %q", c.limits, d)
		for j := range c.limits {
			assert.Equal(t, before[j], s.bucket(0, j).Tokens(at), "%v: a refused request spent a token of %s", c.limits, c.limits[j].Name)
		}
	}
}

// An ARI renewal in its window is exempt from every limit, and spends a
// token of the exact-set bucket when there is one (best effort), none of
// the others: it is checked against nothing and refused by nothing.
func TestARIRenewalSpendsOnlyTheExactSetToken(t *testing.T) {
	nb := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	ideal := nb.Add(90*Day - time.Second - 30*Day)
	exact := RateLimit{Name: "exact", Scope: PerExactSet, Count: 2, Period: 7 * Day}
	domain := RateLimit{Name: "domain", Scope: PerRegisteredDomain, Count: 50, Period: 7 * Day}
	s := fleetHolding(t, ARIClient(), nb, domain, exact)
	require.Equal(t, ARIRenewal, s.kindOf(0, ideal.Unix()))
	for k, want := range []int{1, 0, 0} {
		at := ideal.Add(time.Duration(k) * time.Second)
		require.Equal(t, "", s.admit(0, at), "ARI renewal %d", k+1)
		assert.Equal(t, want, s.bucket(0, 1).Tokens(at), "exact-set tokens after ARI renewal %d", k+1)
		assert.Equal(t, 50, s.bucket(0, 0).Tokens(at), "registered-domain tokens after ARI renewal %d", k+1)
	}
}
