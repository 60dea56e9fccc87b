package renew_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLapseBetweenSampledInstants is issue 19's setup, written with the
// public API: a daily run at 00:00 UTC renewing one day before expiry,
// hourly retries, 45-day certificates and a 6-hour CA outage at the first
// attempt. A certificate issued at 00:00:02 or later (until 05:59:59) is
// due at 00:00:01 or later on day 44, so its first attempt is the run at
// 00:00 on day 45, the outage ends at 06:00, and the replacement comes
// after the certificate expired: every date fails, at 00:00:02. A prover
// that judged 00:00:00, 00:00:01, 12:00:00 and 23:59:59 said 0 dates.
func TestLapseBetweenSampledInstants(t *testing.T) {
	p := renew.Preset{
		Name: "daily-1d-before-45d", Outage: 6 * time.Hour, CA: renew.Fixed("45-day", 45*renew.Day),
		Client: renew.Policy{Name: "daily", Trigger: renew.Trigger{Kind: renew.BeforeExpiry, Offset: renew.Day},
			Wake: renew.DailyAt(0), Retry: renew.Retry{Initial: time.Hour, Max: time.Hour}},
	}
	r := mustRange(t, "2027-01-01", "2027-12-31")
	tally, fs := prove(t, p, r)
	require.EqualValues(t, 365, tally.FailingDates, "every date lapses")
	f := fs[0]
	assert.Equal(t, "2027-01-01T00:00:02Z", f.Issued.Format(time.RFC3339), "the first failing second of the date")
	assert.Equal(t, "2027-02-15T06:00:00Z", f.Renewed.Format(time.RFC3339))
	assert.Equal(t, 6*time.Hour-2*time.Second, f.Gap)

	// Simulate, started at 00:00:02, shows the gap; at 00:00:01 there is none.
	for _, c := range []struct {
		at  string
		gap time.Duration
	}{{"2027-01-01T00:00:01Z", 0}, {"2027-01-01T00:00:02Z", 6*time.Hour - 2*time.Second}, {"2027-01-01T05:59:59Z", time.Second}, {"2027-01-01T06:00:00Z", 0}} {
		issued, err := time.Parse(time.RFC3339, c.at)
		require.NoError(t, err)
		gapFrom, renewed := simulateOne(t, p, issued, 1)
		if c.gap == 0 {
			assert.True(t, gapFrom.IsZero(), "%s: no gap (replaced %s)", c.at, renewed)
			continue
		}
		assert.Equal(t, c.gap, renewed.Sub(gapFrom), c.at)
	}

	// With a 7-hour margin the same setup is safe.
	p.Client.Trigger.Offset = renew.Day + 7*time.Hour
	tally, _ = prove(t, p, r)
	assert.Zero(t, tally.FailingDates)
}
