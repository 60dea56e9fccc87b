package props

import (
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/require"
)

// cmDue is cert-manager's renewal decision as a predicate: renewBefore is
// a third of NotAfter − NotBefore (in nanoseconds), due from NotAfter −
// renewBefore (pkg/util/pki.RenewalTime, default renewBefore).
func cmDue(v cert.Validity, now time.Time) bool {
	d := v.NotAfter.Sub(v.NotBefore)
	return !now.Before(v.NotAfter.Add(-d / 3))
}

// jitterDue draws u in [lo, hi) on every call, as a client that rolls its
// renewal point each time it looks (the kubelet draws once per
// certificate; a predicate that draws each call must stay in the window).
func jitterDue(lo, hi float64, seed int64) DueFunc {
	var mu sync.Mutex
	rng := rand.New(rand.NewSource(seed))
	return func(v cert.Validity, now time.Time) bool {
		mu.Lock()
		u := lo + (hi-lo)*rng.Float64()
		mu.Unlock()
		total := v.NotAfter.Sub(v.NotBefore)
		return !now.Before(v.NotBefore.Add(time.Duration(u * float64(total))))
	}
}

func beforeExpiry(d time.Duration) DueFunc {
	return func(v cert.Validity, now time.Time) bool { return !now.Before(v.NotAfter.Add(-d)) }
}

func TestRenewalDuePassesCorrectCode(t *testing.T) {
	le := renew.LetsEncryptTLSServer()
	t.Run("cert-manager default", func(t *testing.T) { CheckRenewalDue(t, renew.CertManager(), le, cmDue, Budget(2*time.Second)) })
	t.Run("30 days before expiry", func(t *testing.T) {
		CheckRenewalDue(t, renew.CertbotLegacy(), le, beforeExpiry(30*renew.Day), Budget(2*time.Second))
	})
	t.Run("kubelet 70-90% drawn on every call", func(t *testing.T) {
		CheckRenewalDue(t, renew.Kubelet(), le, jitterDue(0.7, 0.9, 1), Budget(2*time.Second))
	})
}

// Each mutant fails, under -short too.
func TestRenewalDueKillsMutants(t *testing.T) {
	le := renew.LetsEncryptTLSServer()
	for _, c := range []struct {
		name   string
		policy renew.Policy
		due    DueFunc
	}{
		{"a third of the lifetime in whole days", renew.CertManager(), func(v cert.Validity, now time.Time) bool {
			days := v.NotAfter.Sub(v.NotBefore) / renew.Day
			return !now.Before(v.NotAfter.Add(-days * renew.Day / 3))
		}},
		{"30 days as one month", renew.CertbotLegacy(), func(v cert.Validity, now time.Time) bool {
			return !now.Before(v.NotAfter.AddDate(0, -1, 0))
		}},
		{"30 days counted from issuance", renew.CertbotLegacy(), func(v cert.Validity, now time.Time) bool {
			return !now.Before(v.NotBefore.Add(30 * renew.Day))
		}},
		{"jitter to 95%", renew.Kubelet(), jitterDue(0.7, 0.95, 1)},
		{"jitter from 60%", renew.Kubelet(), jitterDue(0.6, 0.9, 1)},
		{"never after the last day", renew.CertbotLegacy(), func(v cert.Validity, now time.Time) bool {
			return !now.Before(v.NotAfter.Add(-30*renew.Day)) && now.Before(v.NotAfter.Add(-renew.Day))
		}},
		{"panics", renew.CertbotLegacy(), func(v cert.Validity, now time.Time) bool { panic("boom") }},
	} {
		err := VerifyRenewalDue(c.policy, le, c.due, VerifyOptions{})
		require.Error(t, err, c.name)
		var cex *Counterexample
		require.ErrorAs(t, err, &cex, c.name)
		t.Logf("%s: %v", c.name, err)
	}
}

func TestRenewalDueBadArguments(t *testing.T) {
	le := renew.LetsEncryptTLSServer()
	require.ErrorIs(t, VerifyRenewalDue(renew.CertbotLegacy(), le, nil, VerifyOptions{}), errNilImpl)
	require.ErrorContains(t, VerifyRenewalDue(renew.Policy{}, le, cmDue, VerifyOptions{}), "RenewalDue")
	require.ErrorContains(t, VerifyRenewalDue(renew.CertbotLegacy(), le, cmDue, VerifyOptions{}, Deltas(1)), "Deltas")
}
