package props

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/require"
)

func TestRenewalRate(t *testing.T) {
	le := renew.LetsEncryptTLSServer()
	limit := renew.LetsEncryptExactSet()
	twoThirds := func(v cert.Validity, now time.Time) (time.Time, error) {
		return v.NotAfter.Add(-v.NotAfter.Sub(v.NotBefore) / 3), nil
	}
	t.Run("cert-manager's rule passes", func(t *testing.T) { CheckRenewalRate(t, le, limit, twoThirds, Budget(2*time.Second)) })
	// A client that renews on every run passes the margin check and fails
	// this one: every renewal is due at once.
	everyRun := func(v cert.Validity, now time.Time) (time.Time, error) { return now, nil }
	require.NoError(t, VerifyRenewalMargin(le, time.Hour, everyRun, VerifyOptions{}))
	err := VerifyRenewalRate(le, limit, everyRun, VerifyOptions{})
	require.Error(t, err)
	t.Log(err)
	// Renewing a day before expiry, retried hourly from the issuance instant
	// by mistake (renewAt = NotBefore + 1h): six issuances in six hours.
	hourly := func(v cert.Validity, now time.Time) (time.Time, error) { return v.NotBefore.Add(time.Hour), nil }
	require.Error(t, VerifyRenewalRate(le, limit, hourly, VerifyOptions{}))
	// Renewing every day passes 5 per 7 days? No: the sixth within a week fails.
	daily := func(v cert.Validity, now time.Time) (time.Time, error) { return v.NotBefore.Add(24 * time.Hour), nil }
	require.Error(t, VerifyRenewalRate(le, limit, daily, VerifyOptions{}))
	// Every two days passes: at most 4 in any 7 days.
	twoDays := func(v cert.Validity, now time.Time) (time.Time, error) { return v.NotBefore.Add(48 * time.Hour), nil }
	require.NoError(t, VerifyRenewalRate(le, limit, twoDays, VerifyOptions{}))
	require.ErrorContains(t, VerifyRenewalRate(le, renew.RateLimit{Name: "x", Count: -1}, twoDays, VerifyOptions{}), "Count")
	require.ErrorIs(t, VerifyRenewalRate(le, limit, nil, VerifyOptions{}), errNilImpl)
}
