package corpus

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regression tests of the certificate-expiry incidents against
// models/renew. The catalogue records when each outage began, not the
// certificate's lifetime or how it was renewed, so each is replayed with
// stated assumptions: a one-year certificate (365 days) that stopped being
// valid at the entry's first instant (one second after it, for an instant
// labelled notAfter), issued to one service.
//
//   - With no working renewal (a client that would renew only after 400
//     days, a reminder nobody acted on), the fleet model must show the
//     outage: the service's expiry gap starts exactly at that instant, and
//     a start of the service fails there and not one second before.
//   - With each renewal client the renewal proof declares safe
//     (cert-manager's 2/3, certbot's 30 days, the kubelet's 70-90%), the
//     same certificate must be replaced before that instant even with the
//     CA down for two days at the renewal: the incident would not have
//     happened.
func TestRenewalRegressions(t *testing.T) {
	n := 0
	for _, e := range Entries() {
		if !e.HasClass(CertExpiry) {
			continue
		}
		n++
		t.Run(e.ID, func(t *testing.T) {
			require.NotEmpty(t, e.Instants)
			in := e.Instants[0]
			expiry := in.At.UTC().Truncate(time.Second)
			if in.Label == "notAfter" {
				expiry = expiry.Add(time.Second)
			}
			issued := expiry.Add(-365 * renew.Day)
			lifetime := renew.Fixed(e.ID+"-1year", 365*renew.Day)

			forgotten := renew.Policy{Name: "forgotten", Trigger: renew.Trigger{Kind: renew.AfterIssuance, Offset: 400 * renew.Day},
				Retry: renew.Retry{Initial: time.Hour, Max: time.Hour}}
			run, err := renew.Simulate(renew.Fleet{Name: e.ID, Services: 1, Client: forgotten, CA: lifetime,
				Start: issued, Horizon: 380 * renew.Day})
			require.NoError(t, err)
			require.Equal(t, expiry, run.Verdict.FirstExpiry, "%s: the gap starts when the certificate stops being valid", e.ID)
			assert.True(t, run.ValidAt(0, expiry.Add(-time.Second)), "%s: a start one second before succeeds", e.ID)
			assert.False(t, run.ValidAt(0, expiry), "%s: a start at the outage fails", e.ID)

			for _, client := range []renew.Policy{renew.CertManager(), renew.Certbot(), renew.Kubelet()} {
				for seed := uint64(0); seed < 5; seed++ {
					f := renew.Fleet{Name: e.ID, Services: 1, Client: client, Seed: seed, CA: lifetime, Start: issued, Horizon: 380 * renew.Day}
					first, err := renew.Simulate(f)
					require.NoError(t, err)
					attempt := firstRenewalAttempt(first, issued)
					require.False(t, attempt.IsZero(), "%s: %s never tried to renew", e.ID, client.Name)
					f.Outages = []renew.Outage{{From: attempt, To: attempt.Add(48 * time.Hour)}}
					run, err := renew.Simulate(f)
					require.NoError(t, err)
					require.True(t, run.Verdict.Safe(), "%s: %s (seed %d) let the certificate lapse at %s", e.ID, client.Name, seed, run.Verdict.FirstExpiry)
					assert.True(t, run.ValidAt(0, expiry), "%s: %s holds a valid certificate at the outage instant", e.ID, client.Name)
				}
			}
		})
	}
	require.GreaterOrEqual(t, n, 4, "the corpus's certificate-expiry incidents")
}

// firstRenewalAttempt is the first request after the initial issuance.
func firstRenewalAttempt(run renew.Run, issued time.Time) time.Time {
	for _, e := range run.Events {
		if e.Kind == renew.KindAttempt && e.At.After(issued) {
			return e.At
		}
	}
	return time.Time{}
}
