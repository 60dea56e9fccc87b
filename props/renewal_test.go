package props

import (
	"errors"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Hand-written schedulers, as a user would write them.

// certbotLike renews 30 days before NotAfter.
func certbotLike(v cert.Validity, _ time.Time) (time.Time, error) {
	return v.NotAfter.Add(-30 * 24 * time.Hour), nil
}

// twoThirds renews when a third of NotAfter - NotBefore is left.
func twoThirds(v cert.Validity, _ time.Time) (time.Time, error) {
	return v.NotAfter.Add(-v.NotAfter.Sub(v.NotBefore) / 3), nil
}

// sixtyDays renews 60 days after issuance, as if certificates lasted 90.
func sixtyDays(v cert.Validity, _ time.Time) (time.Time, error) {
	return v.NotBefore.AddDate(0, 0, 60), nil
}

// certbotOffByOne counts the threshold from NotAfter + 1s.
func certbotOffByOne(v cert.Validity, _ time.Time) (time.Time, error) {
	return v.NotAfter.Add(time.Second - 30*24*time.Hour), nil
}

// anniversaryGo renews one year later with Go's AddDate (Roll).
func anniversaryGo(v cert.Validity, _ time.Time) (time.Time, error) {
	return v.NotBefore.AddDate(1, 0, 0), nil
}

func TestVerifyRenewal(t *testing.T) {
	le := renew.LetsEncryptClassic()
	vo := VerifyOptions{Exhaustive: true}
	require.NoError(t, VerifyRenewal(renew.CertbotLegacy(), le, certbotLike, vo))
	// cert-manager's Duration/3 in nanoseconds and the model's floor in
	// seconds agree at whole seconds.
	require.NoError(t, VerifyRenewal(renew.CertManager(), le, twoThirds, vo))

	err := VerifyRenewal(renew.CertbotLegacy(), le, certbotOffByOne, vo)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Renewal (policy certbot-30d) disagrees with the model")

	// Renewing a year later with Go's AddDate is the Roll anniversary: it
	// agrees with Roll and disagrees with Clamp, on a February 29.
	roll := renew.Policy{Name: "anniversary-roll", Trigger: renew.Trigger{Kind: renew.Anniversary, Years: 1, Overflow: calendar.Roll}, Retry: renew.Retry{Initial: time.Hour, Max: time.Hour}}
	year := renew.Fixed("398d", 398*renew.Day)
	require.NoError(t, VerifyRenewal(roll, year, anniversaryGo, vo))
	clamp := roll
	clamp.Name, clamp.Trigger.Overflow = "anniversary-clamp", calendar.Clamp
	err = VerifyRenewal(clamp, year, anniversaryGo, vo)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-02-29")
	assert.Contains(t, err.Error(), "edge table")
	// Under Reject the model cannot schedule February 29: an
	// implementation that answers there disagrees.
	reject := roll
	reject.Name, reject.Trigger.Overflow = "anniversary-reject", calendar.Reject
	err = VerifyRenewal(reject, year, anniversaryGo, vo)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "error: renew: policy anniversary-reject")

	// A jittered client passes anywhere in its window.
	kubelet := func(v cert.Validity, _ time.Time) (time.Time, error) {
		return v.NotBefore.Add(v.NotAfter.Sub(v.NotBefore) * 8 / 10), nil
	}
	require.NoError(t, VerifyRenewal(renew.Kubelet(), le, kubelet, vo))
}

func TestVerifyRenewalMargin(t *testing.T) {
	le := renew.LetsEncryptClassic()
	vo := VerifyOptions{Exhaustive: true}
	require.NoError(t, VerifyRenewalMargin(le, 48*time.Hour, certbotLike, vo))
	require.NoError(t, VerifyRenewalMargin(le, 48*time.Hour, twoThirds, vo))
	require.NoError(t, VerifyRenewalMargin(renew.BaselineMaximum(), 48*time.Hour, certbotLike, vo))

	// 60 days after issuance: 4 days of margin on 64-day certificates
	// (fine for a 48-hour outage, not for a 5-day one), none on 45-day.
	err := VerifyRenewalMargin(le, 48*time.Hour, sixtyDays, VerifyOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "2028-02-16T00:00:00Z", "the first edge of the 45-day lifetime")
	err = VerifyRenewalMargin(le, 5*24*time.Hour, sixtyDays, VerifyOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "2027-02-10T00:00:00Z")
	// Before 2027-02-10 the same client is fine.
	err = VerifyRenewalMargin(renew.Fixed("90d", 90*renew.Day), 48*time.Hour, sixtyDays, VerifyOptions{Exhaustive: true})
	require.NoError(t, err)

	// certbot's threshold against 6-day certificates renews before
	// issuance: NotBefore <= renewAt fails (the storm's cause).
	err = VerifyRenewalMargin(renew.LetsEncryptShortLived(), 0, certbotLike, VerifyOptions{})
	require.Error(t, err)
}

// TestCheckRenewalReportsMutant runs the Check functions through a fake
// test on a mutant and reads what a user would see.
func TestCheckRenewalReportsMutant(t *testing.T) {
	f := runFake(func(tb *fakeTB) {
		checkRenewalMargin(tb, renew.LetsEncryptClassic(), 48*time.Hour, sixtyDays)
	})
	require.True(t, f.Failed())
	out := f.output()
	assert.Contains(t, out, "RenewalMargin (policy letsencrypt-classic, outage 48h0m0s) disagrees with the model")
	assert.Contains(t, out, "-rapid.seed=")

	f = runFake(func(tb *fakeTB) { checkRenewal(tb, renew.CertbotLegacy(), renew.LetsEncryptClassic(), certbotOffByOne) })
	require.True(t, f.Failed())
	assert.Contains(t, f.output(), "Renewal (policy certbot-30d) disagrees")

	f = runFake(func(tb *fakeTB) { checkRenewal(tb, renew.CertbotLegacy(), renew.LetsEncryptClassic(), nil) })
	require.True(t, f.Failed())
}

func TestCheckRenewalPassesCorrectCode(t *testing.T) {
	CheckRenewal(t, renew.CertbotLegacy(), renew.LetsEncryptClassic(), certbotLike)
	CheckRenewalMargin(t, renew.LetsEncryptClassic(), 48*time.Hour, twoThirds)
}

func TestRenewalGenerators(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		p := RenewalPolicy().Draw(rt, "policy")
		if err := p.Validate(); err != nil {
			rt.Fatalf("generated an invalid policy: %v", err)
		}
		issued := IssuanceTime().Draw(rt, "issued")
		if issued.Year() < 2020 || issued.Year() > 2040 || issued.Nanosecond() != 0 {
			rt.Fatalf("issuance %s outside 2020..2040 or not whole seconds", issued)
		}
	})
}

func TestVerifyRenewalBadArguments(t *testing.T) {
	require.ErrorIs(t, VerifyRenewal(renew.CertbotLegacy(), renew.LetsEncryptClassic(), nil, VerifyOptions{}), errNilImpl)
	err := VerifyRenewal(renew.Policy{Name: "empty"}, renew.LetsEncryptClassic(), certbotLike, VerifyOptions{})
	require.ErrorIs(t, err, renew.ErrConfig)
	err = VerifyRenewalMargin(renew.Lifetimes{Name: "zero"}, 0, certbotLike, VerifyOptions{})
	require.ErrorIs(t, err, renew.ErrConfig)
	assert.Error(t, VerifyRenewalMargin(renew.LetsEncryptClassic(), -time.Hour, certbotLike, VerifyOptions{}))
}

// renewalDisagreement and marginViolation on one certificate of 100 days
// issued 2027-03-01T00:00:00Z, by hand: the model's due instant or window
// comes from the policy, the verdicts and texts from the docs.
func TestRenewalJudgementsByHand(t *testing.T) {
	ca := renew.Fixed("100d", 100*renew.Day)
	at := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	v := ca.Issue(at)
	text := func(s time.Time) string { return s.UTC().Format(time.RFC3339) }
	at2 := func(s time.Time, err error) RenewFunc {
		return func(cert.Validity, time.Time) (time.Time, error) { return s, err }
	}
	boom := errors.New("boom")
	// CertbotLegacy: one instant; Kubelet: a window, written "lo .. hi".
	lo, _, err := renew.CertbotLegacy().DueWindow(v.NotBefore, v.NotAfter)
	require.NoError(t, err)
	klo, khi, err := renew.Kubelet().DueWindow(v.NotBefore, v.NotAfter)
	require.NoError(t, err)
	require.True(t, khi.After(klo))
	for _, c := range []struct {
		name   string
		policy renew.Policy
		impl   RenewFunc
		want   string // "" for no counterexample, else its Want
	}{
		{"the due instant", renew.CertbotLegacy(), at2(lo, nil), ""},
		{"within its second", renew.CertbotLegacy(), at2(lo.Add(999*time.Millisecond), nil), ""},
		{"a second late", renew.CertbotLegacy(), at2(lo.Add(time.Second), nil), text(lo)},
		{"a second early", renew.CertbotLegacy(), at2(lo.Add(-time.Second), nil), text(lo)},
		{"an error where the model renews", renew.CertbotLegacy(), at2(time.Time{}, boom), text(lo)},
		{"the window's start", renew.Kubelet(), at2(klo, nil), ""},
		{"the window's end", renew.Kubelet(), at2(khi, nil), ""},
		{"past the window", renew.Kubelet(), at2(khi.Add(time.Second), nil), text(klo) + " .. " + text(khi)},
	} {
		got := renewalDisagreement(c.policy, ca, c.impl, at)
		if c.want == "" {
			assert.Nil(t, got, c.name)
		} else if assert.NotNil(t, got, c.name) {
			assert.Equal(t, c.want, got.Want, c.name)
		}
	}
	// The model errs (a yearly renewal on February 29 under Reject): an
	// error passes, an instant does not.
	feb29 := time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC)
	yearly := renew.CertbotLegacy()
	yearly.Trigger = renew.Trigger{Kind: renew.Anniversary, Years: 1, Overflow: calendar.Reject}
	year := renew.Fixed("400d", 400*renew.Day)
	vy := year.Issue(feb29)
	_, _, merr := yearly.DueWindow(vy.NotBefore, vy.NotAfter)
	require.Error(t, merr)
	assert.Nil(t, renewalDisagreement(yearly, year, at2(time.Time{}, boom), feb29))
	if got := renewalDisagreement(yearly, year, at2(vy.NotAfter, nil), feb29); assert.NotNil(t, got) {
		assert.Equal(t, "error: "+merr.Error(), got.Want)
	}

	// marginViolation: a renewal from NotBefore until outage before
	// NotAfter + 1 s passes; later, earlier or an error fails, and the
	// counterexample names that span.
	end := v.NotAfter.Add(time.Second)
	outage := 3 * renew.Day
	span := text(v.NotBefore) + " .. " + text(end.Add(-outage)) + " (renewal, then 72h0m0s of outage, before expiry)"
	for _, c := range []struct {
		name string
		impl RenewFunc
		fail bool
	}{
		{"at NotBefore", at2(v.NotBefore, nil), false},
		{"the last instant with the outage to spare", at2(end.Add(-outage), nil), false},
		{"a nanosecond later", at2(end.Add(-outage+time.Nanosecond), nil), true},
		{"before NotBefore", at2(v.NotBefore.Add(-time.Second), nil), true},
		{"an error", at2(time.Time{}, boom), true},
	} {
		got := marginViolation(ca, outage, c.impl, at)
		if !c.fail {
			assert.Nil(t, got, c.name)
		} else if assert.NotNil(t, got, c.name) {
			assert.Equal(t, span, got.Want, c.name)
		}
	}
	// No outage is a margin too (renew by NotAfter + 1 s); a negative one
	// is refused, naming it.
	assert.NoError(t, VerifyRenewalMargin(ca, 0, twoThirds, VerifyOptions{}))
	err = VerifyRenewalMargin(ca, -time.Second, twoThirds, VerifyOptions{})
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), "outage -1s")
	}
}
