package props

import (
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
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

// dueDisagreement on one certificate, predicate by predicate: a certificate
// of 100 days issued 2027-03-01, due 30 days before expiry (CertbotLegacy:
// one instant), at 70-90% of its lifetime (Kubelet: a window), 200 days
// before expiry (before issuance: due from NotBefore), at NotAfter itself,
// or 200 days after issuance (after expiry). The window comes from the model; what is
// checked is how the probes and the bisection judge a predicate against it.
func TestDueDisagreementByHand(t *testing.T) {
	ca := renew.Fixed("100d", 100*renew.Day)
	at := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	v := ca.Issue(at)
	nb, na := v.NotBefore, v.NotAfter
	now := renew.CertbotLegacy() // due 200 days before expiry: from NotBefore
	now.Trigger = renew.Trigger{Kind: renew.BeforeExpiry, Offset: 200 * renew.Day}
	last := renew.CertbotLegacy() // due at NotAfter, its last second
	last.Trigger = renew.Trigger{Kind: renew.AfterIssuance, Offset: 100*renew.Day - time.Second}
	late := renew.CertbotLegacy()
	late.Trigger = renew.Trigger{Kind: renew.AfterIssuance, Offset: 200 * renew.Day}
	from := func(s time.Time) DueFunc { return func(_ cert.Validity, now time.Time) bool { return !now.Before(s) } }
	text := func(s time.Time) string { return s.UTC().Format(time.RFC3339) }
	for _, c := range []struct {
		name   string
		policy renew.Policy
		due    func(lo, hi time.Time) DueFunc
		got    string // "" for no counterexample
	}{
		{"exact", renew.CertbotLegacy(), func(lo, _ time.Time) DueFunc { return from(lo) }, ""},
		{"a second late: the trigger's fraction", renew.CertbotLegacy(), func(lo, _ time.Time) DueFunc { return from(lo.Add(time.Second)) }, ""},
		{"two seconds late", renew.CertbotLegacy(), func(lo, _ time.Time) DueFunc { return from(lo.Add(2 * time.Second)) }, "false at {lo+1}"},
		{"a second early", renew.CertbotLegacy(), func(lo, _ time.Time) DueFunc { return from(lo.Add(-time.Second)) }, "true at {lo-1}"},
		{"always", renew.CertbotLegacy(), func(_, _ time.Time) DueFunc { return from(nb) }, "true at {nb}"},
		{"never", renew.CertbotLegacy(), func(_, _ time.Time) DueFunc { return from(na.Add(time.Second)) }, "false at NotAfter {na}"},
		{"panics", renew.CertbotLegacy(), func(_, _ time.Time) DueFunc {
			return func(cert.Validity, time.Time) bool { panic("boom") }
		}, "boom at {na}"},
		{"inside the window", renew.Kubelet(), func(lo, hi time.Time) DueFunc { return from(lo.Add(hi.Sub(lo) / 2)) }, ""},
		{"at the window's ends", renew.Kubelet(), func(lo, _ time.Time) DueFunc { return from(lo) }, ""},
		{"a second past the window's end", renew.Kubelet(), func(_, hi time.Time) DueFunc { return from(hi.Add(2 * time.Second)) }, "false at {hi+1}"},
		{"a second before the window", renew.Kubelet(), func(lo, _ time.Time) DueFunc { return from(lo.Add(-time.Second)) }, "true at {lo-1}"},
		{"due before issuance, always true", now, func(_, _ time.Time) DueFunc { return from(nb) }, ""},
		{"due before issuance, true a second later", now, func(_, _ time.Time) DueFunc { return from(nb.Add(time.Second)) }, ""},
		{"due before issuance, true two seconds later", now, func(_, _ time.Time) DueFunc { return from(nb.Add(2 * time.Second)) }, "false at {nb+1}"},
		{"due at NotAfter, true from it", last, func(_, _ time.Time) DueFunc { return from(na) }, ""},
		{"due at NotAfter, never true", last, func(_, _ time.Time) DueFunc { return from(na.Add(time.Second)) }, "false at NotAfter {na}"},
		{"true for the due second and the next, then not until a day before expiry", renew.CertbotLegacy(), func(lo, _ time.Time) DueFunc {
			return func(_ cert.Validity, now time.Time) bool {
				return !now.Before(lo) && now.Before(lo.Add(2*time.Second)) || !now.Before(na.Add(-renew.Day))
			}
		}, "false at {na-1d-1s}, true from {na-1d}"},
		{"due after expiry, never true", late, func(_, _ time.Time) DueFunc { return from(na.Add(time.Second)) }, ""},
		{"due after expiry, true at NotAfter", late, func(_, _ time.Time) DueFunc { return from(na) }, "true at {na}"},
	} {
		lo, hi, err := c.policy.DueWindow(nb, na)
		require.NoError(t, err, c.name)
		got := dueDisagreement(c.policy, ca, c.due(lo, hi), at)
		if c.got == "" {
			assert.Nil(t, got, c.name)
			continue
		}
		want := strings.NewReplacer("{lo+1}", text(lo.Add(time.Second)), "{lo-1}", text(lo.Add(-time.Second)),
			"{hi+1}", text(hi.Add(time.Second)), "{nb}", text(nb), "{nb+1}", text(nb.Add(time.Second)), "{na-1d-1s}", text(na.Add(-renew.Day-time.Second)), "{na-1d}", text(na.Add(-renew.Day)), "{na}", text(na)).Replace(c.got)
		if assert.NotNil(t, got, c.name) {
			assert.Contains(t, got.Got, want, c.name)
		}
	}
}

// A predicate that draws its jitter on every call is asked dueDraws times
// over: one that answers right the first time and wrong later is caught. A
// deterministic trigger needs one round.
func TestDueDisagreementAsksAJitteredPredicateAgain(t *testing.T) {
	ca := renew.Fixed("100d", 100*renew.Day)
	at := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	v := ca.Issue(at)
	for _, p := range []renew.Policy{renew.Kubelet(), renew.CertbotLegacy()} {
		lo, _, err := p.DueWindow(v.NotBefore, v.NotAfter)
		require.NoError(t, err)
		asked := 0 // how often NotBefore was asked about: twice a round
		due := func(_ cert.Validity, now time.Time) bool {
			if now.Equal(v.NotBefore) {
				asked++
				return asked > 2
			}
			return !now.Before(lo)
		}
		got := dueDisagreement(p, ca, due, at)
		if p.Name == renew.Kubelet().Name {
			require.NotNil(t, got, "%s: a second round", p.Name)
			assert.Contains(t, got.Got, "true at "+v.NotBefore.Format(time.RFC3339))
		} else {
			assert.Nil(t, got, "%s: one round", p.Name)
		}
	}
}
